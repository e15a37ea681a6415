/**
 * Sage's posting rules that need no database: formats and lengths of refs and fields, dates, money signs,
 * tax codes, nominal codes, departments, projects, currencies and the lock date, checked against a snapshot
 * of the company's setup. Both drivers use them: the embedded company as its rules, the SDO driver to refuse
 * early with the same words before Sage would.
 */
import { Decimal } from 'decimal.js';
import { refuse } from './errors.ts';
import type { CurrencyInfo, IsoDate, NominalInfo, TaxCodeInfo, VatScheme } from './ledger.ts';

/** A nominal code as the rules see it: whether it is a control account and whether it is a bank account. */
export interface RuleNominal extends NominalInfo {
  bank: boolean;
}

/** The setup the rules are checked against. */
export interface RuleSetup {
  baseCurrency: string;
  nominals: Map<string, RuleNominal>;
  taxCodes: Map<string, TaxCodeInfo>;
  departments: Set<number>;
  projects: Set<string>;
  currencies: Map<string, CurrencyInfo>;
  lockDate?: IsoDate;
  vatScheme?: VatScheme;
}

export const LIMITS = {
  accountRef: 8,
  accountName: 60,
  stockCode: 30,
  description: 60,
  details: 60,
  invRef: 30,
  orderNumber: 60,
  notes: 60,
  projectRef: 12,
  projectName: 60,
  nominalCode: 8,
  stockRef: 30,
  maxNumber: 2147483647,
} as const;

const ACCOUNT_REF = /^[A-Z0-9\-_&./]+$/;
export const NON_STOCK_CODES = new Set(['S1', 'S2', 'S3', 'M']);

/** Sage's A/C ref rule: 1-8 characters, upper case, no spaces, only A-Z 0-9 - _ & . / */
export function checkAccountRef(ref: string, what = 'The account reference'): void {
  const problem = !ref
    ? 'is empty'
    : ref.length > LIMITS.accountRef
      ? `"${ref}" is longer than 8 characters`
      : /\s/.test(ref)
        ? `"${ref}" contains a space`
        : ref !== ref.toUpperCase()
          ? `"${ref}" is not in upper case`
          : !ACCOUNT_REF.test(ref)
            ? `"${ref}" contains characters Sage does not allow`
            : undefined;
  if (problem) {
    throw refuse(
      'SAGE_BAD_ACCOUNT_REF',
      `${what} ${problem}.`,
      'Use up to 8 characters: capital letters A-Z, digits 0-9 and - _ & . / only, with no spaces (for example ACME01).',
      { ref },
    );
  }
}

/** Sage looks refs up case-insensitively; everything stores and compares them upper case. */
export function normaliseRef(ref: string): string {
  return (ref ?? '').trim().toUpperCase();
}

export function checkLength(value: string | undefined, max: number, field: string, where: string): void {
  if (value !== undefined && value !== null && value.length > max) {
    throw refuse(
      'SAGE_FIELD_TOO_LONG',
      `The ${field} of ${where} is ${value.length} characters long; Sage holds at most ${max}.`,
      `Shorten the ${field} to ${max} characters or fewer.`,
      { field, max, length: value.length },
    );
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value ?? '');
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function checkDate(date: string, where: string): void {
  if (!isIsoDate(date)) {
    throw refuse(
      'SAGE_BAD_DATE',
      `The date of ${where} ("${date}") is not a calendar date.`,
      'Give the date as YYYY-MM-DD, for example 2024-03-31.',
      { date },
    );
  }
}

/** A posting date must be a real date after the lock date: Sage locks everything dated on or before it. */
export function checkPostingDate(setup: RuleSetup, date: string, where: string): void {
  checkDate(date, where);
  if (setup.lockDate && date <= setup.lockDate) {
    throw refuse(
      'SAGE_LOCKED_PERIOD',
      `${capitalise(where)} is dated ${date}, on or before the company's lock date (${setup.lockDate}). Sage does not accept postings in a locked period.`,
      'Date the document after the lock date, or ask the finance manager to move the lock date in Sage (Settings > Company Preferences > Lock Date).',
      { date, lockDate: setup.lockDate },
    );
  }
}

/** Money must be whole minor units; negative amounts get the rule's own code. */
export function checkMoney(
  value: number,
  field: string,
  where: string,
  negativeCode: 'SAGE_NEGATIVE_VALUE' | 'SAGE_NEGATIVE_LINE',
): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw refuse(
      'SAGE_BAD_NUMBER',
      `The ${field} of ${where} is not a whole number of pence (${String(value)}).`,
      'Round the amount to 2 decimal places.',
      { field, value },
    );
  }
  if (value < 0) {
    const fix =
      negativeCode === 'SAGE_NEGATIVE_LINE'
        ? 'Sage invoices cannot carry negative lines: put the negative lines on a credit note instead (the split-invoice rule: invoice N0 for the positive lines, credit note N1 for the negative ones).'
        : 'Sage accepts only positive values on batch transactions: post the opposite type instead (a credit note instead of a negative invoice).';
    throw refuse(negativeCode, `The ${field} of ${where} is negative (${(value / 100).toFixed(2)}).`, fix, {
      field,
      value,
    });
  }
}

export function checkQuantity(value: number, where: string, allowZero = true): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw refuse(
      'SAGE_BAD_NUMBER',
      `The quantity of ${where} is not a number (${String(value)}).`,
      'Give the quantity as a number.',
      { value },
    );
  }
  if (value < 0 || (!allowZero && value === 0)) {
    throw refuse(
      value < 0 ? 'SAGE_NEGATIVE_LINE' : 'SAGE_ZERO_VALUE',
      `The quantity of ${where} is ${value}; it must be more than zero.`,
      'Give a positive quantity.',
      { value },
    );
  }
}

/** Invoice and order numbers: positive integers Sage can hold. */
export function checkDocumentNumber(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > LIMITS.maxNumber) {
    throw refuse(
      'SAGE_BAD_NUMBER',
      `${capitalise(what)} number ${String(n)} is not a number Sage can hold.`,
      `Use a whole number from 1 to ${LIMITS.maxNumber}.`,
      { number: n },
    );
  }
}

/** A nominal code must exist (Sage never creates one on the fly) and, for postings, not be a control or bank account. */
export function checkNominal(
  setup: RuleSetup,
  code: string,
  where: string,
  opts: { allowBank?: boolean } = {},
): RuleNominal {
  const nominal = setup.nominals.get(String(code ?? '').trim());
  if (!nominal) {
    throw refuse(
      'SAGE_NOMINAL_UNKNOWN',
      `Nominal code ${code || '(blank)'} on ${where} does not exist in Sage. Nominal codes are not created automatically.`,
      `Create nominal code ${code} in Sage (Nominal codes > New), or map the GL account in Manage to an existing Sage nominal code (N/C).`,
      { nominal: code },
    );
  }
  if (nominal.control) {
    throw refuse(
      'SAGE_CONTROL_ACCOUNT',
      `Nominal code ${nominal.code} (${nominal.name}) on ${where} is a control account. To post this transaction, you must enter a valid nominal code that is not a control account.`,
      'Review the GL account mappings in Manage so that none of them uses a Sage control account; Sage lists its control accounts under Settings > Control Accounts.',
      { nominal: nominal.code },
    );
  }
  if (nominal.bank && !opts.allowBank) {
    throw refuse(
      'SAGE_CONTROL_ACCOUNT',
      `Nominal code ${nominal.code} (${nominal.name}) on ${where} is a bank account. Invoices and credit notes cannot post to a bank account.`,
      'Map the line to an income or expense nominal code; receipts and payments reach the bank through the bank module.',
      { nominal: nominal.code },
    );
  }
  return nominal;
}

/** `T1` (or `1`) to Sage's tax code; must be set up in the company. */
export function checkTaxCode(setup: RuleSetup, code: string, where: string): TaxCodeInfo {
  const n = parseTaxCode(code);
  const info = n === undefined ? undefined : setup.taxCodes.get(`T${n}`);
  if (!info) {
    throw refuse(
      'SAGE_TAX_CODE_UNKNOWN',
      `Tax code ${code || '(blank)'} on ${where} is not set up in Sage.`,
      'Use a tax code from Settings > Configuration > Tax Codes (T0 zero rated, T1 standard 20%, T2 exempt, T5 reduced 5%, T9 outside the scope of VAT ...) and check the Tax Code Xref in Manage.',
      { taxCode: code },
    );
  }
  return info;
}

export function parseTaxCode(code: string | number): number | undefined {
  const m = /^T?(\d{1,2})$/i.exec(String(code ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

export function checkDepartment(setup: RuleSetup, dept: number | undefined, where: string): number {
  const n = dept ?? 0;
  if (!Number.isInteger(n) || !setup.departments.has(n)) {
    throw refuse(
      'SAGE_DEPARTMENT_UNKNOWN',
      `Department ${String(dept)} on ${where} does not exist in Sage.`,
      'Create the department in Sage (Settings > Configuration > Departments) or change the class mapping in Manage to an existing department.',
      { department: dept },
    );
  }
  return n;
}

export function checkProject(setup: RuleSetup, ref: string | undefined, where: string): string | undefined {
  const r = (ref ?? '').trim();
  if (!r) return undefined;
  if (r.length > LIMITS.projectRef) {
    throw refuse(
      'SAGE_PROJECT_REF_TOO_LONG',
      `Project "${r}" on ${where} is ${r.length} characters long; Sage project references hold at most 12.`,
      'Shorten the project name in Manage to 12 characters or fewer and create the matching project in Sage.',
      { project: r },
    );
  }
  const key = r.toUpperCase();
  if (!setup.projects.has(key)) {
    throw refuse(
      'SAGE_PROJECT_UNKNOWN',
      `Project ${r} on ${where} does not exist in Sage.`,
      'Create the project in Sage (Projects > New) with the same reference, or remove it from the Manage line.',
      { project: r },
    );
  }
  return key;
}

export interface ResolvedCurrency {
  currency: string;
  /** Foreign units per base unit; 1 for the base currency. */
  rate: number;
  foreign: boolean;
}

/** The document currency must be the account's; a foreign account needs a positive exchange rate. */
export function resolveCurrency(
  setup: RuleSetup,
  accountCurrency: string,
  docCurrency: string | undefined,
  rate: number | undefined,
  where: string,
  account: string,
): ResolvedCurrency {
  const cur = (docCurrency ?? accountCurrency).toUpperCase();
  if (!setup.currencies.has(cur)) {
    throw refuse(
      'SAGE_CURRENCY_UNKNOWN',
      `Currency ${cur} on ${where} is not set up in Sage.`,
      "Set the currency up in Sage (Settings > Currencies) or use the account's currency.",
      { currency: cur },
    );
  }
  if (cur !== accountCurrency) {
    throw refuse(
      'SAGE_CURRENCY_MISMATCH',
      `${capitalise(where)} is in ${cur} but account ${account} trades in ${accountCurrency}. Sage posts a document only in its account's currency.`,
      `Post the document in ${accountCurrency}, or use an account set up for ${cur}.`,
      { currency: cur, accountCurrency, account },
    );
  }
  if (cur === setup.baseCurrency) {
    if (rate !== undefined && rate !== null && rate !== 1 && rate !== 0) {
      throw refuse(
        'SAGE_CURRENCY_MISMATCH',
        `${capitalise(where)} is in the base currency (${cur}) but carries an exchange rate of ${rate}.`,
        'Leave the exchange rate out for base-currency documents.',
        { rate },
      );
    }
    return { currency: cur, rate: 1, foreign: false };
  }
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    throw refuse(
      'SAGE_FOREIGN_RATE_MISSING',
      `Account ${account} trades in ${cur}, but ${where} has no exchange rate. Sage needs the rate and the ${cur} amounts for a foreign-currency account.`,
      `Give the ${cur} exchange rate (units of ${cur} per 1 ${setup.baseCurrency}) with the document.`,
      { currency: cur, account },
    );
  }
  return { currency: cur, rate, foreign: true };
}

/** A foreign amount in base minor units: foreign / rate, rounded half up to the penny. */
export function toBase(foreignMinor: number, rate: number): number {
  if (rate === 1) return foreignMinor;
  return new Decimal(foreignMinor).div(new Decimal(rate)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

export function checkJournalBalanced(debits: number, credits: number, reference: string): void {
  if (debits !== credits) {
    throw refuse(
      'SAGE_JOURNAL_UNBALANCED',
      `Journal ${reference} does not balance: debits ${(debits / 100).toFixed(2)}, credits ${(credits / 100).toFixed(2)}.`,
      'Make the total of the debit lines equal the total of the credit lines.',
      { debits, credits },
    );
  }
}

export function capitalise(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
