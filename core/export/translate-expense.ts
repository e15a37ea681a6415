/**
 * Expenses → Sage. Reimbursable expenses come from Manage as one bill per member ("Transfer Expense as a
 * Bill"); each becomes a supplier batch invoice (PI) on the member's supplier (Vendor Nbr, never created
 * automatically), one split per expense to its nominal code with its VAT. Non-reimbursable expenses are not
 * transferred and are listed as skipped. The optional module (expensesAsJournal) posts each bill as a balanced
 * nominal journal instead: a debit per expense (and per VAT line) and one credit to the bill's payable account.
 * Bill detail lines: glTypeId EE = the expense (net), ET = its VAT; both carry the expense id.
 */

import type { GLExportExpenseBill, GLExportExpenseBillDetail, UnpostedExpense } from '../manage/models.ts';
import { recordIdsOf } from '../manage/record-ids.ts';
import type { Minor } from '../money.ts';
import type { BatchTransaction, Journal, Split } from '../sage/ledger.ts';
import { LIMITS } from '../sage/rules.ts';
import { dayOf, fit, minorOf, plannedDocument, sum } from './lines.ts';
import type { PlannedRecord, PlannedSageDocument } from './plan-types.ts';
import { groupExpenseLines } from './tax-links.ts';
import { checkManageTotal } from './total-check.ts';
import type { Settings } from './types.ts';
import type { Mapper, Subject } from './validate-mappings.ts';

interface ExpenseSplit {
  expenseId: number;
  nominal: string;
  taxNominal?: string;
  net: Minor;
  tax: Minor;
  taxCode: string;
  details: string;
  project?: string;
}

const isTax = (d: GLExportExpenseBillDetail) => d.glTypeId === 'ET' || /^vat\b/i.test(d.memo ?? '');

/** The bill's expenses, each with its VAT line(s) wherever Manage put their ids (see tax-links.ts). */
function splitsOf(
  bill: GLExportExpenseBill,
  unposted: Map<number, UnpostedExpense>,
  s: Subject,
  m: Mapper,
): ExpenseSplit[] {
  const { groups, unmatched } = groupExpenseLines(bill.detail ?? [], isTax);
  for (const d of unmatched)
    m.recordProblem(
      s,
      `${capitalised(s.name)}`,
      'EXPORT_TAX_UNMATCHED',
      `${capitalised(s.name)} has a VAT line of ${(d.total ?? 0).toFixed(2)} (ids ${(d.id ?? []).join(', ') || 'none'}) that belongs to none of its expenses.`,
      'Open the expense report in Manage, check the tax of each expense, and export it again.',
    );
  return groups.map(({ expenseId, main, vat }) => {
    const e = unposted.get(expenseId);
    let net = sum(main.map((d) => minorOf(d.total ?? 0)));
    let tax = sum(vat.map((d) => minorOf(d.total ?? 0)));
    if (!vat.length && e && minorOf(e.salesTaxAmount) > 0) {
      // No separate VAT line in this export: the expense's own tax, and a gross line made net.
      tax = minorOf(e.salesTaxAmount);
      if (net === minorOf(e.total)) net -= tax;
    }
    return {
      expenseId,
      net,
      tax,
      nominal: m.nominal(s, main[0]?.accountNumber, `expense ${expenseId}`) ?? '',
      taxNominal: vat[0]?.accountNumber,
      taxCode: expenseTaxCode(e, net, tax, s, m),
      details: fit(e?.chargeDescription ?? main[0]?.memo ?? `Expense ${expenseId}`, LIMITS.details),
      project: m.project(s, e?.project?.name),
    };
  });
}

const capitalised = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** The unposted expense ids of a bill: those its expense lines name (a VAT line may carry an id of its own). */
function expenseIdsOf(bill: GLExportExpenseBill): number[] {
  const ids = (bill.detail ?? []).filter((d) => !isTax(d)).flatMap((d) => d.id ?? []);
  return [...new Set(ids.length ? ids : recordIdsOf('expenses', bill))];
}

/** The expense's tax code (first-level xref); without the unposted record (rerun), the Sage code its VAT fits. */
function expenseTaxCode(e: UnpostedExpense | undefined, net: Minor, tax: Minor, s: Subject, m: Mapper): string {
  if (e?.taxCode || e?.stateTaxXref) return m.taxCode(s, e.taxCode, e.stateTaxXref)?.code ?? '';
  const codes = m.inputs.setup.taxCodes;
  if (tax === 0) return codes.find((t) => t.code.toUpperCase() === 'T0')?.code.toUpperCase() ?? 'T0';
  const fits = codes.filter((t) => t.rate > 0 && Math.abs(Math.round((net * t.rate) / 100) - tax) <= 1);
  return (fits.find((t) => t.code.toUpperCase() === 'T1') ?? fits[0])?.code.toUpperCase() ?? 'T1';
}

export function translateExpenseBill(
  bill: GLExportExpenseBill,
  unposted: Map<number, UnpostedExpense>,
  m: Mapper,
  settings: Settings,
  today: string,
): PlannedRecord {
  const ids = expenseIdsOf(bill);
  const number = (bill.documentNumber ?? `EXP${ids[0] ?? bill.id}`).trim();
  const s: Subject = { manageId: ids[0] ?? bill.id ?? 0, name: `expense bill ${number}` };
  const memberName = bill.member?.name ?? bill.member?.identifier ?? 'unknown member';
  const cur = m.currency(s, bill.currency?.currencyCode);
  const currency = cur?.currency ?? m.inputs.setup.baseCurrency;
  const splits = splitsOf(bill, unposted, s, m);
  const date = dayOf(bill.documentDate, today);
  const reference = m.reference(s, number, 'Expense bill') ?? '';
  const net = sum(splits.map((x) => x.net));
  const tax = sum(splits.map((x) => x.tax));
  checkManageTotal(m, s, {
    what: `Expense bill ${number}`,
    net,
    tax,
    manageTotal: bill.total,
    currency,
    fix: `Open the expenses of ${memberName} in Manage (Time & Expense), check each amount and its tax, and export again.`,
  });
  const base = {
    manageId: s.manageId,
    recordIds: ids,
    processedRecordIds: recordIdsOf('expenses', bill),
    type: 'Expense',
    number,
    date,
    party: memberName,
    currency,
    net,
    tax,
    total: net + tax,
    status: 'transfer' as const,
  };
  if (settings.expensesAsJournal) {
    if (cur?.exchangeRate)
      m.problem(
        s,
        `Expense bill ${number}`,
        'EXPORT_JOURNAL_CURRENCY',
        `Expense bill ${number} is in ${currency}; nominal journals post in the base currency only.`,
        'Turn the expenses-as-journal module off (sagebot settings --set expensesAsJournal=false) to post it as a supplier invoice.',
      );
    return { ...base, creations: [], documents: [journalDocument(bill, splits, reference, date, s, m)] };
  }
  const supplier = m.memberRef(s, bill.vendorNumber, memberName) ?? '';
  const tx: BatchTransaction = {
    type: 'PI',
    account: supplier,
    date,
    reference,
    details: fit(bill.memo ?? `Expenses of ${memberName}`, LIMITS.details),
    ...(cur?.exchangeRate ? { currency, exchangeRate: cur.exchangeRate } : {}),
    splits: splits.map(
      (x): Split => ({
        nominal: x.nominal,
        taxCode: x.taxCode,
        net: x.net,
        tax: x.tax,
        details: x.details,
        ...(x.project ? { project: x.project } : {}),
      }),
    ),
  };
  const doc = plannedDocument(
    { op: 'transaction', tx },
    `PI ${reference}`,
    'PI',
    supplier,
    currency,
    { doc: 'transaction', type: 'PI', reference, account: supplier },
    net,
    tax,
  );
  return {
    ...base,
    creations: supplier
      ? [{ kind: 'supplier', account: { ref: supplier, name: memberName }, mustExist: true, who: memberName }]
      : [],
    documents: [doc],
  };
}

function journalDocument(
  bill: GLExportExpenseBill,
  splits: ExpenseSplit[],
  reference: string,
  date: string,
  s: Subject,
  m: Mapper,
): PlannedSageDocument {
  const lines: Journal['lines'] = [];
  for (const x of splits) {
    lines.push({
      nominal: x.nominal,
      debit: x.net,
      credit: 0,
      details: x.details,
      taxCode: x.taxCode,
      ...(x.project ? { project: x.project } : {}),
    });
    if (x.tax > 0)
      lines.push({
        nominal: m.nominal(s, x.taxNominal, `the VAT of expense ${x.expenseId}`) ?? '',
        debit: x.tax,
        credit: 0,
        details: fit(`VAT: ${x.details}`, LIMITS.details),
        taxCode: x.taxCode,
      });
  }
  const gross = sum(splits.map((x) => x.net + x.tax));
  lines.push({
    nominal: m.nominal(s, bill.apAccountNumber, `the payable account of expense bill ${reference}`) ?? '',
    debit: 0,
    credit: gross,
    details: fit(bill.memo ?? `Expenses ${reference}`, LIMITS.details),
  });
  const journal: Journal = {
    date,
    reference,
    details: fit(bill.memo ?? `Expenses ${reference}`, LIMITS.details),
    lines,
  };
  return plannedDocument(
    { op: 'journal', journal },
    `JD ${reference}`,
    'JD',
    '',
    m.inputs.setup.baseCurrency,
    { doc: 'journal', reference },
    gross,
    0,
  );
}

/** A non-reimbursable (or personal) expense: listed, not transferred. */
export function skippedExpense(e: UnpostedExpense, today: string): PlannedRecord {
  const total = minorOf(e.total ?? 0);
  const tax = minorOf(e.salesTaxAmount ?? 0);
  return {
    manageId: e.id,
    recordIds: [e.id],
    processedRecordIds: [],
    type: 'Expense',
    number: String(e.id),
    date: dayOf(e.dateExpense, today),
    party: e.member?.name ?? e.member?.identifier ?? '',
    currency: (e.currency?.currencyCode ?? '').toUpperCase(),
    net: total - tax,
    tax,
    total,
    creations: [],
    documents: [],
    status: 'skip',
    note: `${e.classification ?? 'Non-reimbursable'} expense: not transferred to Sage (batch it manually in Manage to clear it from the unposted list).`,
  };
}
