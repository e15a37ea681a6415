/**
 * The SDO driver's snapshot of the company setup, read once at connect: the port's `LedgerSetup`, the rules'
 * `RuleSetup`, and Sage's currency indexes (SDO stores a currency as a byte, 0 = base).
 */

import { refuse } from '../errors.ts';
import type { CurrencyInfo, LedgerSetup, VatScheme } from '../ledger.ts';
import type { RuleNominal, RuleSetup } from '../rules.ts';
import type { BridgeSetup } from './bridge.ts';

/** `NominalRecord.FindControlAccount` types (sdoNt...) and the role names `LedgerSetup.controlAccounts` uses. */
export const CONTROL_ROLES: Record<number, string> = {
  1: 'bankControl',
  2: 'debtors',
  3: 'creditors',
  4: 'bank',
  5: 'salesTax',
  6: 'purchaseTax',
};

/** When the bridge cannot list projects, every project passes the snapshot check and Sage itself decides. */
class AnyProject extends Set<string> {
  override has(): boolean {
    return true;
  }
}

export interface SdoSnapshot {
  ledger: LedgerSetup;
  rules: RuleSetup;
  defaultBank: string;
  currencyIndex(code: string): number;
  currencyCode(index: number): string;
}

export function buildSnapshot(s: BridgeSetup): SdoSnapshot {
  const controls = new Set(s.controls.map((c) => c.code));
  const banks = new Set(s.banks);
  const nominals = new Map<string, RuleNominal>(
    s.nominals.map((n) => [
      n.code,
      { code: n.code, name: n.name, control: controls.has(n.code), bank: banks.has(n.code) },
    ]),
  );
  const base = s.currencies.find((c) => c.index === 0);
  const baseCurrency = base?.code ?? 'GBP';
  const currencies: CurrencyInfo[] = s.currencies.map((c) => ({
    code: c.code,
    name: c.name,
    ...(c.symbol ? { symbol: c.symbol } : {}),
    rate: c.index === 0 ? 1 : c.rate,
    base: c.index === 0,
  }));
  const taxCodes = s.taxCodes.map((t) => ({ code: `T${t.number}`, rate: t.rate, description: t.description }));
  const controlAccounts = Object.fromEntries(s.controls.map((c) => [CONTROL_ROLES[c.type] ?? `type${c.type}`, c.code]));
  const byCode = new Map(s.currencies.map((c) => [c.code.toUpperCase(), c.index]));
  const byIndex = new Map(s.currencies.map((c) => [c.index, c.code.toUpperCase()]));
  const ledger: LedgerSetup = {
    companyName: s.companyName,
    baseCurrency,
    taxCodes,
    nominals: [...nominals.values()].map(({ code, name, control }) => ({ code, name, control })),
    controlAccounts,
    departments: s.departments,
    projects: s.projects ?? [],
    currencies,
    financialYearStart: s.financialYearStart,
    ...(s.lockDate ? { lockDate: s.lockDate } : {}),
    ...vatSchemeOf(s),
  };
  return {
    ledger,
    rules: {
      baseCurrency,
      nominals,
      taxCodes: new Map(taxCodes.map((t) => [t.code, t])),
      departments: new Set(s.departments.map((d) => d.number)),
      projects: s.projects === null ? new AnyProject() : new Set(s.projects.map((p) => p.ref.toUpperCase())),
      currencies: new Map(currencies.map((c) => [c.code, c])),
      ...(s.lockDate ? { lockDate: s.lockDate } : {}),
      ...vatSchemeOf(s),
    },
    defaultBank: controlAccounts.bank ?? s.banks[0] ?? '1200',
    currencyIndex(code) {
      const i = byCode.get(code.toUpperCase());
      if (i === undefined)
        throw refuse(
          'SAGE_CURRENCY_UNKNOWN',
          `Currency ${code} is not set up in Sage.`,
          'Set the currency up in Sage (Settings > Currencies).',
          { currency: code },
        );
      return i;
    },
    currencyCode(index) {
      return byIndex.get(index) ?? baseCurrency;
    },
  };
}

/** VAT_CASH_FLAG non-zero: cash accounting; zero: the standard scheme; not readable: unknown (left out). */
function vatSchemeOf(s: BridgeSetup): { vatScheme?: VatScheme } {
  if (s.vatCashFlag === undefined || s.vatCashFlag === null) return {};
  return { vatScheme: s.vatCashFlag !== 0 ? 'cash' : 'standard' };
}
