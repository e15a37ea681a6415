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
    companies: ref.companies,
    members: ref.members,
    glAccounts: ref.glAccounts,
    taxCodes: ref.taxCodes,
    productTypes: ref.productTypes,
    catalog: ref.catalog,
    locations: ref.locations,
    currencies: ref.currencies,
    purchaseOrders: ref.purchaseOrders,
    invoices,
    expenses: demoExpenses(),
    procurement: demoProcurement(),
  });
}

/**
 * The deliberately broken demo invoices (README: "Deliberately broken records"): no account number (871040),
 * revenue on a Sage control account (871012), a project name over Sage's 12 characters (871006).
 */
export const BROKEN_DEMO_INVOICES: readonly number[] = [871006, 871012, 871040];

/**
 * The newcomer's walk-through after `npm start`: the demo data without the broken invoices, so
 * "run invoices through friday" can be approved as it stands; the broken expenses stay, so "run expenses"
 * still shows how mapping problems block a batch and how to fix them.
 */
export function walkthroughScenario(extra = 0): Scenario {
  const full = demoScenario(extra);
  return { ...full, invoices: full.invoices.filter((i) => !BROKEN_DEMO_INVOICES.includes(i.id)) };
}

/** Add `count` generated invoices to a scenario (e.g. one loaded from a file). */
export function withExtraInvoices(s: Scenario, count: number): Scenario {
  if (count <= 0) return s;
  return { ...s, invoices: [...s.invoices, ...extraInvoices(count, s.invoices)] };
}
