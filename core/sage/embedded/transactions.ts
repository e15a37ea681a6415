/**
 * Batch transactions straight to the audit trail (Sage's TransactionPost): SI/SC to customers, PI/PC to
 * suppliers, positive values only; and nominal journals (JD/JC lines that must balance).
 */

import { checkJournal, checkSplit, totals } from '../document-rules.ts';
import { refuse } from '../errors.ts';
import type { BatchTransaction, Journal, PostedDocument } from '../ledger.ts';
import { checkLength, checkPostingDate, LIMITS, resolveCurrency } from '../rules.ts';
import { requireAccount } from './accounts.ts';
import { insertHeader } from './audit.ts';
import type { Company } from './store.ts';

const BATCH_TYPES = { SI: 'customers', SC: 'customers', PI: 'suppliers', PC: 'suppliers' } as const;
const BATCH_NAMES = { SI: 'sales invoice', SC: 'sales credit', PI: 'purchase invoice', PC: 'purchase credit' } as const;

export function postTransaction(c: Company, tx: BatchTransaction): PostedDocument {
  const ledger = BATCH_TYPES[tx.type];
  if (!ledger)
    throw refuse('SAGE_FAILURE', `Unknown batch transaction type "${String(tx.type)}".`, 'Use SI, SC, PI or PC.');
  const reference = (tx.reference ?? '').trim();
  const where = `${tx.type} ${reference || '(no reference)'}`;
  checkLength(reference, LIMITS.invRef, 'reference', where);
  checkLength(tx.details, LIMITS.details, 'details', where);
  const account = requireAccount(c, ledger, tx.account, `${BATCH_NAMES[tx.type]} ${reference}`);
  checkPostingDate(c.setup, tx.date, where);
  const cur = resolveCurrency(c.setup, account.currency, tx.currency, tx.exchangeRate, where, account.ref);
  if (!Array.isArray(tx.splits) || tx.splits.length === 0) {
    throw refuse('SAGE_ZERO_VALUE', `${where} has no splits.`, 'Give the transaction at least one nominal line.');
  }
  const splits = tx.splits.map((s, i) => checkSplit(c.setup, s, `split ${i + 1} of ${where}`, cur.rate));
  const { net, tax } = totals(splits);
  if (net + tax === 0) {
    throw refuse(
      'SAGE_ZERO_VALUE',
      `${where} has a total value of zero.`,
      'Sage does not post a zero-value batch transaction: leave it out.',
    );
  }
  const id = c.db
    .transaction(() =>
      insertHeader(c, {
        type: tx.type,
        account: account.ref,
        reference,
        date: tx.date,
        details: tx.details ?? '',
        currency: cur.currency,
        rate: cur.rate,
        splits,
      }),
    )
    .immediate();
  return {
    label: `${tx.type} ${reference}`,
    id: `tran:${id}`,
    type: tx.type,
    reference,
    account: account.ref,
    net,
    tax,
  };
}

/** A journal: one JD or JC per line (as on Sage's audit trail, account = the nominal code), all or nothing. */
export function postJournal(c: Company, journal: Journal): PostedDocument[] {
  const { reference, lines } = checkJournal(c.setup, journal);
  const ids = c.db
    .transaction(() =>
      lines.map((l) =>
        insertHeader(c, {
          type: l.type,
          account: l.nominal,
          reference,
          date: journal.date,
          details: l.details,
          currency: c.setup.baseCurrency,
          rate: 1,
          splits: [l],
        }),
      ),
    )
    .immediate();
  return ids.map((id, i) => ({
    label: `${lines[i].type} ${reference}`,
    id: `tran:${id}`,
    type: lines[i].type,
    reference,
    account: lines[i].nominal,
    net: lines[i].net,
    tax: 0,
  }));
}
