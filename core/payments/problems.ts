/**
 * The payment sync's problems, each with a stable code, what is wrong in a finance user's words, and what
 * to do about it. Problems are reported in the result; none of them stops the rest of the sync.
 */
import type { Problem } from '../export/types.ts';
import { formatMoney, type Minor } from '../money.ts';

const money = (m: Minor, currency: string) => formatMoney(m, currency);

export function noManageInvoice(label: string, numbers: string[]): Problem {
  const which = numbers.map((n) => `"${n}"`).join(' or ');
  return {
    record: `Sage ${label}`,
    code: 'PAYMENTS_NO_MANAGE_INVOICE',
    message: `Sage ${label} has payment changes, but Manage has no invoice numbered ${which}.`,
    fix: 'If the document was entered in Sage by hand, record its payment in Manage by hand; otherwise check whether the invoice was renumbered or deleted in Manage.',
  };
}

export function duplicateDocument(number: string, manageId: number, labels: string[]): Problem {
  return {
    manageId,
    record: `Invoice ${number}`,
    code: 'PAYMENTS_DUPLICATE_DOCUMENT',
    message: `Manage invoice ${number} matches more than one Sage document of the same kind (${labels.join(', ')}), so its paid amount is unclear.`,
    fix: 'The invoice was probably transferred twice (for example once split and once as a batch invoice). Remove or reverse the duplicate in Sage, then sync again.',
  };
}

export function currencyMismatch(
  number: string,
  manageId: number,
  sage: string,
  manage: string,
  labels: string[],
): Problem {
  return {
    manageId,
    record: `Invoice ${number}`,
    code: 'PAYMENTS_CURRENCY_MISMATCH',
    message: `Manage invoice ${number} is in ${manage} but Sage ${labels.join(' / ')} is in ${sage}; its payments were not synced.`,
    fix: "Check that the Sage document belongs to this invoice and that the customer's currency is the same in both systems.",
  };
}

export function totalMismatch(
  number: string,
  manageId: number,
  sageTotal: Minor,
  manageTotal: Minor,
  currency: string,
  labels: string[],
): Problem {
  return {
    manageId,
    record: `Invoice ${number}`,
    code: 'PAYMENTS_TOTAL_MISMATCH',
    message: `Manage invoice ${number} totals ${money(manageTotal, currency)} but Sage ${labels.join(' minus ')} come to ${money(sageTotal, currency)}; its payments were not synced.`,
    fix: 'One of the two was changed after the transfer, or the Sage document is not this invoice. Correct the document so both agree, then sync again.',
  };
}

export function overpaid(number: string, manageId: number, paid: Minor, total: Minor, currency: string): Problem {
  return {
    manageId,
    record: `Invoice ${number}`,
    code: 'PAYMENTS_OVERPAID',
    message: `Sage shows ${money(paid, currency)} paid on invoice ${number}, more than its Manage total of ${money(total, currency)}; nothing was written.`,
    fix: 'Check the receipts and credit allocations of this invoice in Sage.',
  };
}

export function reduction(
  number: string,
  manageId: number,
  sagePaid: Minor,
  managePaid: Minor,
  currency: string,
): Problem {
  return {
    manageId,
    record: `Invoice ${number}`,
    code: 'PAYMENTS_REDUCTION',
    message: `Sage shows ${money(sagePaid, currency)} paid on invoice ${number} but Manage already shows ${money(managePaid, currency)} (a receipt or allocation was probably reversed in Sage). sagebot only adds payments, so Manage was left as it is.`,
    fix: `In Manage, open invoice ${number} (Finance > Invoice Search), correct or remove the payment that no longer stands, then sync again.`,
  };
}

export function writeFailed(
  number: string,
  manageId: number,
  code: string,
  message: string,
  mayHaveApplied: boolean,
): Problem {
  return {
    manageId,
    record: `Invoice ${number}`,
    code: 'PAYMENTS_WRITE_FAILED',
    message: `The payment on Manage invoice ${number} could not be written: ${message} [${code}]${mayHaveApplied ? ' (Manage may have recorded it anyway)' : ''}.`,
    fix: 'Run the sync again: it compares with what Manage holds first, so a payment that did arrive is not written twice.',
  };
}

export function paymentTypeRefused(number: string, manageId: number, type: string, message: string): Problem {
  return {
    manageId,
    record: `Invoice ${number}`,
    code: 'PAYMENTS_TYPE_REFUSED',
    message: `Manage refused the payment on invoice ${number} because of its payment type "${type}": ${message}`,
    fix: 'sagebot uses the type of a payment already in Manage, and found none to read. Enter one payment by hand on any invoice in Manage (Finance > Invoice Search > Payments), then sync again: sagebot then uses the type that payment shows. Nothing was written for this invoice.',
  };
}
