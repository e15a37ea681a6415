/**
 * The default sandbox scenario: the demo reference data and transactions, plus `extraInvoices` more
 * generated invoices (for benchmarks). Pure and deterministic: the same call gives the same data.
 */
import * as ref from './demo-reference.ts';
import { demoExpenses, demoInvoices, demoProcurement, extraInvoices } from './demo-transactions.ts';
import { parseScenario, type Scenario } from './scenario.ts';

export function demoScenario(extra = 0): Scenario {
  const invoices = demoInvoices();
  if (extra > 0) invoices.push(...extraInvoices(extra, invoices));
  return parseScenario({
    companies: ref.companies, members: ref.members, glAccounts: ref.glAccounts, taxCodes: ref.taxCodes,
    productTypes: ref.productTypes, catalog: ref.catalog, locations: ref.locations, currencies: ref.currencies,
    purchaseOrders: ref.purchaseOrders, invoices, expenses: demoExpenses(), procurement: demoProcurement(),
  });
}

/** Add `count` generated invoices to a scenario (e.g. one loaded from a file). */
export function withExtraInvoices(s: Scenario, count: number): Scenario {
  if (count <= 0) return s;
  return { ...s, invoices: [...s.invoices, ...extraInvoices(count, s.invoices)] };
}
