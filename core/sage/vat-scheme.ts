/**
 * The company's VAT scheme and what it means for payments. Sage documents receipts and allocations for the
 * standard VAT scheme; a cash-accounting company (SetupData VAT_CASH_FLAG) is refused them, by both drivers.
 */
import { refuse } from './errors.ts';
import type { VatScheme } from './ledger.ts';
import { capitalise } from './rules.ts';

/**
 * Receipts and allocations are posted the way Sage documents them for the standard VAT scheme. On a VAT
 * cash-accounting company the VAT of an invoice falls due when it is paid, so Sage books VAT with each receipt
 * and allocation; posting them the standard way would leave the VAT return wrong. They are refused, with
 * why: such a company records them in Sage itself (Customers > Receipt), and payment sync then reads them.
 */
export function checkVatSchemeForPayments(setup: { vatScheme?: VatScheme }, where: string): void {
  if (setup.vatScheme !== 'cash') return;
  throw refuse(
    'SAGE_VAT_CASH_ACCOUNTING',
    `${capitalise(where)} was not posted: this Sage company uses VAT cash accounting, where VAT is due when an invoice is paid, and sagebot posts receipts and allocations only the standard-scheme way, which would leave the VAT on them out of the VAT return.`,
    'Record the receipt or allocation in Sage itself (Customers > Receipt, or allocate the credit in Customers), then run the payment sync: it reads what Sage holds.',
    { vatScheme: 'cash' },
  );
}
