/**
 * Batch transactions straight to the audit trail (Sage's TransactionPost): SI/SC to customers, PI/PC to
 * suppliers, positive values only; and nominal journals (JD/JC lines that must balance).
 */
import type { BatchTransaction, Journal, PostedDocument, Split } from '../ledger.ts';
import { refuse } from '../errors.ts';
import {
  capitalise, checkDepartment, checkJournalBalanced, checkLength, checkMoney, checkNominal, checkPostingDate, checkProject, checkTaxCode,
  LIMITS, parseTaxCode, resolveCurrency, toBase,
} from '../rules.ts';
import { requireAccount } from './accounts.ts';
import { insertHeader, type NewSplit } from './audit.ts';
import type { Company } from './store.ts';

const BATCH_TYPES = { SI: 'customers', SC: 'customers', PI: 'suppliers', PC: 'suppliers' } as const;
const BATCH_NAMES = { SI: 'sales invoice', SC: 'sales credit', PI: 'purchase invoice', PC: 'purchase credit' } as const;

export function postTransaction(c: Company, tx: BatchTransaction): PostedDocument {
  const ledger = BATCH_TYPES[tx.type];
  if (!ledger) throw refuse('SAGE_FAILURE', `Unknown batch transaction type "${String(tx.type)}".`, 'Use SI, SC, PI or PC.');
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
  const splits = tx.splits.map((s, i) => checkSplit(c, s, `split ${i + 1} of ${where}`, cur.rate));
  const net = splits.reduce((t, s) => t + s.net, 0);
  const tax = splits.reduce((t, s) => t + s.tax, 0);
  if (net + tax === 0) {
    throw refuse('SAGE_ZERO_VALUE', `${where} has a total value of zero.`, 'Sage does not post a zero-value batch transaction: leave it out.');
  }
  const id = c.db.transaction(() => insertHeader(c, {
    type: tx.type, account: account.ref, reference, date: tx.date, details: tx.details ?? '', currency: cur.currency, rate: cur.rate, splits,
  })).immediate();
  return { label: `${tx.type} ${reference}`, id: `tran:${id}`, type: tx.type, reference, account: account.ref, net, tax };
}

function checkSplit(c: Company, s: Split, where: string, rate: number): NewSplit {
  checkMoney(s.net, 'net amount', where, 'SAGE_NEGATIVE_VALUE');
  checkMoney(s.tax, 'tax amount', where, 'SAGE_NEGATIVE_VALUE');
  checkLength(s.details, LIMITS.details, 'details', where);
  const nominal = checkNominal(c.setup, s.nominal, where);
  const taxCode = checkTaxCode(c.setup, s.taxCode, where);
  return {
    nominal: nominal.code, taxCode: parseTaxCode(taxCode.code)!, net: s.net, tax: s.tax, baseNet: toBase(s.net, rate), baseTax: toBase(s.tax, rate),
    details: s.details, department: checkDepartment(c.setup, s.department, where), project: checkProject(c.setup, s.project, where),
  };
}

/** A journal: one JD or JC per line (as on Sage's audit trail, account = the nominal code), all or nothing. */
export function postJournal(c: Company, journal: Journal): PostedDocument[] {
  const reference = (journal.reference ?? '').trim();
  const where = `journal ${reference || '(no reference)'}`;
  checkLength(reference, LIMITS.invRef, 'reference', where);
  checkLength(journal.details, LIMITS.details, 'details', where);
  checkPostingDate(c.setup, journal.date, where);
  if (!Array.isArray(journal.lines) || journal.lines.length < 2) {
    throw refuse('SAGE_JOURNAL_UNBALANCED', `${capitalise(where)} needs at least one debit line and one credit line.`, 'Give the journal its debit and credit lines.');
  }
  const lines = journal.lines.map((l, i) => {
    const lineWhere = `line ${i + 1} of ${where}`;
    checkMoney(l.debit ?? 0, 'debit', lineWhere, 'SAGE_NEGATIVE_VALUE');
    checkMoney(l.credit ?? 0, 'credit', lineWhere, 'SAGE_NEGATIVE_VALUE');
    if ((l.debit ?? 0) > 0 && (l.credit ?? 0) > 0) {
      throw refuse('SAGE_JOURNAL_UNBALANCED', `${capitalise(lineWhere)} has both a debit and a credit.`, 'Put the debit and the credit on separate lines.');
    }
    if (!(l.debit ?? 0) && !(l.credit ?? 0)) {
      throw refuse('SAGE_ZERO_VALUE', `${capitalise(lineWhere)} has no value.`, 'Remove the empty line or give it a debit or a credit.');
    }
    checkLength(l.details, LIMITS.details, 'details', lineWhere);
    const nominal = checkNominal(c.setup, l.nominal, lineWhere, { allowBank: true });
    const taxCode = checkTaxCode(c.setup, l.taxCode ?? 'T9', lineWhere);
    return {
      type: (l.debit ?? 0) > 0 ? 'JD' as const : 'JC' as const, amount: (l.debit ?? 0) || (l.credit ?? 0), nominal: nominal.code,
      taxCode: parseTaxCode(taxCode.code)!, details: l.details ?? journal.details ?? '',
      department: checkDepartment(c.setup, l.department, lineWhere), project: checkProject(c.setup, l.project, lineWhere),
    };
  });
  const debits = lines.filter((l) => l.type === 'JD').reduce((t, l) => t + l.amount, 0);
  const credits = lines.filter((l) => l.type === 'JC').reduce((t, l) => t + l.amount, 0);
  checkJournalBalanced(debits, credits, reference);
  const ids = c.db.transaction(() => lines.map((l) => insertHeader(c, {
    type: l.type, account: l.nominal, reference, date: journal.date, details: l.details, currency: c.setup.baseCurrency, rate: 1,
    splits: [{ nominal: l.nominal, taxCode: l.taxCode, net: l.amount, tax: 0, baseNet: l.amount, baseTax: 0, details: l.details, department: l.department, project: l.project }],
  }))).immediate();
  return ids.map((id, i) => ({ label: `${lines[i].type} ${reference}`, id: `tran:${id}`, type: lines[i].type, reference, account: lines[i].nominal, net: lines[i].amount, tax: 0 }));
}
