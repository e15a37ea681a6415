/**
 * Sandbox scenarios for the export tests: the demo reference data (companies, members, GL accounts, tax codes,
 * product types, catalog, purchase orders) with exactly the transactions a test needs, built with small
 * helpers. Amounts are chosen so rounding matters (the guide's 460 → 4600 £1,150 / 4601 £1,000 example).
 */
import { demoScenario, type ScenarioInput } from '../../core/manage/sandbox/index.ts';
import type { InvoiceLine, SbExpense, SbInvoice, SbProcurement } from '../../core/manage/sandbox/scenario.ts';

export const GL = {
  service: 110,
  project: 111,
  agreement: 112,
  hardware: 113,
  licences: 114,
  misc: 115,
  deposits: 116,
  control: 117,
  travel: 120,
  hotels: 121,
  subsistence: 122,
  stationery: 123,
} as const;
export const TAX = { standard: 1, zero: 2, exempt: 3, outside: 4, reduced: 5 } as const;
export const CO = { acme: 2, bramble: 3, cavendish: 4, noAccount: 17, eur: 21, usd: 22 } as const;

let lineId = 900_000;

type LineSpec = Partial<InvoiceLine> & Pick<InvoiceLine, 'amount'>;

/** An unposted invoice: `id` is the unposted id, numbers are given, lines get fresh GL entry ids. */
export function invoice(
  id: number,
  invoiceNumber: string,
  lines: LineSpec[],
  more: Partial<SbInvoice> = {},
): SbInvoice {
  return {
    id,
    invoiceId: id + 100_000,
    billingLogId: id + 200_000,
    invoiceNumber,
    type: 'Standard',
    companyId: CO.acme,
    date: '2025-04-10',
    dueDays: 30,
    locationId: 1,
    taxCodeId: TAX.standard,
    closedBy: 'Jane Doe',
    lines: lines.map((l) => ({
      id: lineId++,
      description: 'Engineer time',
      glAccountId: GL.service,
      quantity: 1,
      taxable: true,
      kind: 'Service',
      ...l,
    })),
    ...more,
  };
}

export function expense(
  id: number,
  memberId: number,
  amount: number,
  taxAmount: number,
  more: Partial<SbExpense> = {},
): SbExpense {
  return {
    id,
    memberId,
    date: '2025-04-12',
    classification: 'Reimbursable',
    expenseType: 'Hotel',
    description: `Expense ${id}`,
    amount,
    taxAmount,
    taxCodeId: taxAmount > 0 ? TAX.standard : TAX.zero,
    glAccountId: GL.hotels,
    billable: false,
    locationId: 1,
    ...more,
  };
}

export function procurement(
  id: number,
  more: Omit<SbProcurement, 'id' | 'freightCost' | 'locationId'> & Partial<SbProcurement>,
): SbProcurement {
  return { id, freightCost: 0, locationId: 1, ...more };
}

/** The demo reference data with these transactions only. */
export function scenario(
  tx: { invoices?: SbInvoice[]; expenses?: SbExpense[]; procurement?: SbProcurement[] },
  more: Partial<ScenarioInput> = {},
): ScenarioInput {
  const demo = demoScenario();
  return {
    ...demo,
    invoices: tx.invoices ?? [],
    expenses: tx.expenses ?? [],
    procurement: tx.procurement ?? [],
    payments: [],
    batches: [],
    ...more,
  };
}

/** The guide's example: Manage 460 → Sage invoice 4600 (£1,150.00 gross) and credit note 4601 (£1,000.00). */
export function guide460(id = 871460): SbInvoice {
  return invoice(
    id,
    '460',
    [
      { description: 'Managed service (part 1)', amount: 333.33, glAccountId: GL.agreement, kind: 'Agreement' },
      { description: 'Managed service (part 2)', amount: 333.33, glAccountId: GL.agreement, kind: 'Agreement' },
      { description: 'Engineer time (3 h)', amount: 291.67, quantity: 3, glAccountId: GL.service },
      {
        description: 'Covered by agreement',
        amount: -833.33,
        quantity: 3,
        glAccountId: GL.agreement,
        kind: 'Agreement',
      },
    ],
    { type: 'Agreement', description: 'Managed service agreement' },
  );
}

/** A mixed set of clean invoices of every Manage type. */
export function everyInvoiceType(): SbInvoice[] {
  return [
    guide460(),
    invoice(871461, '461', [
      { description: 'Engineer time (2 h)', amount: 170, quantity: 2 },
      {
        description: 'Dell WD19S USB-C dock',
        amount: 189,
        glAccountId: GL.hardware,
        kind: 'Product',
        catalogItemId: 207,
      },
    ]),
    invoice(
      871462,
      '462',
      [{ description: 'Equipment disposal (WEEE)', amount: 65, glAccountId: GL.misc, kind: 'Product' }],
      { type: 'Miscellaneous', companyId: CO.bramble },
    ),
    invoice(
      871463,
      '463',
      [{ description: 'Project deposit 50%', amount: 1500, glAccountId: GL.project, kind: 'DownPayment' }],
      { type: 'DownPayment', companyId: CO.cavendish, project: { id: 701, name: 'SRV-REFRESH' } },
    ),
    invoice(
      871464,
      '464',
      [
        {
          description: 'Returned Dell P2723 monitor',
          amount: -229,
          glAccountId: GL.hardware,
          kind: 'Product',
          catalogItemId: 202,
        },
      ],
      { type: 'CreditMemo' },
    ),
    invoice(871465, '465', [{ description: 'Remote support (8 h)', amount: 880, quantity: 8 }], {
      companyId: CO.eur,
      currencyCode: 'EUR',
      taxCodeId: TAX.outside,
    }),
    invoice(871466, '466', [
      { description: 'Zero-rated books', amount: 10.01, taxable: false },
      { description: 'Support', amount: 33.33 },
      { description: 'Support', amount: 33.33 },
    ]),
  ];
}
