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

/** The second demo company's location: an Irish entity's office, whose records post to its own company. */
export const DUBLIN = 3;

/**
 * The walk-through with a second Sage company (SAGEBOT_DEMO_DATA=companies, the default): a Dublin location and two EUR invoices
 * there for Dublin Analytics DAC, which the demo's Irish company (EUR base) takes; nothing else changes, so the
 * default company's figures are the walk-through's.
 */
export function withDublinCompany(s: Scenario): Scenario {
  const dublin = { ...ref.locations[0], id: DUBLIN, name: 'Dublin' };
  const invoice = (n: number, description: string, amount: number, hours: number) => ({
    id: 879000 + n,
    invoiceId: 19000 + n,
    billingLogId: 49000 + n,
    invoiceNumber: String(20000 + n),
    type: 'Standard' as const,
    companyId: ref.CO.eur,
    date: '2025-04-16',
    dueDays: 30,
    closedBy: 'Jane Doe',
    locationId: DUBLIN,
    departmentId: ref.DEPT.managed,
    taxCodeId: ref.TAX.outside,
    currencyCode: 'EUR',
    description,
    lines: [
      {
        id: 590000 + n,
        description,
        glAccountId: ref.GL.service,
        amount,
        quantity: hours,
        taxable: true,
        kind: 'Service' as const,
      },
    ],
  });
  return parseScenario({
    ...s,
    locations: [...s.locations, dublin],
    invoices: [
      ...s.invoices,
      invoice(1, 'Dublin office support (6 h)', 540, 6),
      invoice(2, 'Dublin network survey (4 h)', 420, 4),
    ],
  });
}
