/**
 * Demo transactions: ~40 unposted invoices of every type, 15 expenses, procurement (item receipts,
 * adjustments in and out, a warehouse transfer), and a generator of N extra invoices for benchmarks.
 * Deterministic (seeded PRNG); amounts are whole pence. Ids: unposted invoices 871001+, finance
 * invoices 12001+, billing logs 39001+, GL entries 500001+, expenses 2001+, procurement 3001+.
 */
import { CO, DEPT, GL, LONDON, MANCHESTER, MEMBER_WITHOUT_VENDOR_NUMBER, PO, TAX } from './demo-reference.ts';
import type { InvoiceLine, SbExpense, SbInvoice, SbProcurement } from './scenario.ts';

/** mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLEAN_CUSTOMERS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 23, 24];
const pence = (r: () => number, min: number, max: number) => Math.round((min + r() * (max - min)) * 100) / 100;
const day = (d: number) => `2025-04-${String(Math.min(28, Math.max(1, d))).padStart(2, '0')}`;

interface Ids {
  unposted: number;
  finance: number;
  billingLog: number;
  glEntry: number;
  number: number;
}
export const firstIds = (): Ids => ({
  unposted: 871001,
  finance: 12001,
  billingLog: 39001,
  glEntry: 500001,
  number: 10001,
});

type LineSpec = Omit<InvoiceLine, 'id' | 'quantity' | 'taxable' | 'kind'> &
  Partial<Pick<InvoiceLine, 'quantity' | 'taxable' | 'kind'>>;
type InvoiceSpec = Omit<
  SbInvoice,
  'id' | 'invoiceId' | 'billingLogId' | 'invoiceNumber' | 'lines' | 'dueDays' | 'closedBy' | 'type'
> &
  Partial<Pick<SbInvoice, 'type' | 'dueDays'>> & { lines: LineSpec[] };

function build(ids: Ids, spec: InvoiceSpec): SbInvoice {
  const lines = spec.lines.map(
    (l): InvoiceLine => ({ quantity: 1, taxable: true, kind: 'Service', ...l, id: ids.glEntry++ }),
  );
  return {
    type: 'Standard',
    dueDays: 30,
    closedBy: 'Jane Doe',
    ...spec,
    lines,
    id: ids.unposted++,
    invoiceId: ids.finance++,
    billingLogId: ids.billingLog++,
    invoiceNumber: String(ids.number++),
  };
}

function serviceLines(r: () => number, glAccountId: number = GL.service): LineSpec[] {
  const hours = 1 + Math.floor(r() * 12);
  const lines: LineSpec[] = [
    { description: `Engineer time (${hours} h)`, glAccountId, amount: hours * 85, quantity: hours, kind: 'Service' },
  ];
  if (r() < 0.5)
    lines.push({
      description: 'Dell WD19S USB-C dock',
      glAccountId: GL.hardware,
      amount: 189,
      kind: 'Product',
      catalogItemId: 207,
    });
  if (r() < 0.3)
    lines.push({
      description: 'Microsoft 365 Business Premium x 10',
      glAccountId: GL.licences,
      amount: 181,
      quantity: 10,
      kind: 'Product',
      catalogItemId: 203,
    });
  if (r() < 0.2)
    lines.push({ description: 'Mileage recharge', glAccountId: GL.misc, amount: pence(r, 10, 60), kind: 'Expense' });
  return lines;
}

/** The 40 demo invoices (see README for the plan and the broken ones). */
export function demoInvoices(): SbInvoice[] {
  const r = prng(42);
  const ids = firstIds();
  const out: SbInvoice[] = [];
  const loc = (i: number) => (i % 3 === 0 ? MANCHESTER : LONDON);
  const cust = (i: number) => CLEAN_CUSTOMERS[i % CLEAN_CUSTOMERS.length];
  for (let i = 0; i < 18; i++) {
    const project =
      i === 4
        ? { id: 701, name: 'SRV-REFRESH' }
        : i === 5
          ? { id: 702, name: 'Office 365 Migration Phase 2' }
          : i === 6
            ? { id: 703, name: 'WIFI-UPGRADE' }
            : undefined;
    const lines =
      i === 11
        ? [
            {
              description: 'Legacy consulting (mapped to a control account)',
              glAccountId: GL.controlMisuse,
              amount: 450,
              quantity: 5,
            },
          ]
        : serviceLines(r, project ? GL.project : GL.service);
    const taxCodeId = i === 8 ? TAX.zero : i === 9 ? TAX.exempt : TAX.standard;
    out.push(
      build(ids, {
        companyId: cust(i),
        date: day(1 + i),
        locationId: loc(i),
        departmentId: project ? DEPT.projects : DEPT.managed,
        taxCodeId,
        project,
        lines,
        description: project ? `Project ${project.name}` : 'Support services',
      }),
    );
  }
  for (let i = 0; i < 8; i++) {
    const fee = 400 + i * 75;
    const covered = 85 * (1 + (i % 4));
    out.push(
      build(ids, {
        type: 'Agreement',
        companyId: cust(i + 3),
        date: day(1),
        locationId: loc(i),
        departmentId: DEPT.managed,
        taxCodeId: TAX.standard,
        description: 'Managed service agreement April 2025',
        lines: [
          {
            description: 'Managed Service Gold - April 2025',
            glAccountId: GL.agreement,
            amount: fee,
            kind: 'Agreement',
          },
          {
            description: `Engineer time (${1 + (i % 4)} h)`,
            glAccountId: GL.agreement,
            amount: covered,
            quantity: 1 + (i % 4),
            kind: 'Service',
          },
          {
            description: 'Covered by agreement',
            glAccountId: GL.agreement,
            amount: -covered,
            quantity: 1 + (i % 4),
            kind: 'Agreement',
          },
        ],
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    out.push(
      build(ids, {
        type: 'Miscellaneous',
        companyId: cust(i + 7),
        date: day(10 + i),
        locationId: loc(i),
        taxCodeId: TAX.standard,
        description: 'Miscellaneous charges',
        lines: [
          {
            description: i % 2 ? 'Delivery' : 'Equipment disposal (WEEE)',
            glAccountId: GL.misc,
            amount: i % 2 ? 12.5 : 65,
            kind: 'Product',
            catalogItemId: i % 2 ? 205 : undefined,
          },
        ],
      }),
    );
  }
  for (let i = 0; i < 3; i++) {
    out.push(
      build(ids, {
        type: 'DownPayment',
        companyId: cust(i + 11),
        date: day(14 + i),
        locationId: loc(i),
        departmentId: DEPT.projects,
        taxCodeId: TAX.standard,
        description: 'Deposit for project works',
        lines: [{ description: 'Deposit 50%', glAccountId: GL.deposits, amount: 1500 + 500 * i, kind: 'DownPayment' }],
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    out.push(
      build(ids, {
        type: 'CreditMemo',
        companyId: cust(i + 2),
        date: day(20 + i),
        locationId: loc(i),
        taxCodeId: TAX.standard,
        description: 'Credit note',
        lines:
          i === 0
            ? [
                {
                  description: 'Returned Dell P2723 monitor',
                  glAccountId: GL.hardware,
                  amount: -229,
                  kind: 'Product',
                  catalogItemId: 202,
                },
              ]
            : [
                {
                  description: 'Service credit (SLA breach)',
                  glAccountId: GL.service,
                  amount: -(50 * i),
                  kind: 'Service',
                },
              ],
      }),
    );
  }
  out.push(
    build(ids, {
      companyId: CO.eur,
      date: day(24),
      locationId: LONDON,
      departmentId: DEPT.managed,
      taxCodeId: TAX.outside,
      currencyCode: 'EUR',
      description: 'Remote support (EUR)',
      lines: [{ description: 'Remote support (8 h)', glAccountId: GL.service, amount: 880, quantity: 8 }],
    }),
  );
  out.push(
    build(ids, {
      companyId: CO.usd,
      date: day(25),
      locationId: LONDON,
      departmentId: DEPT.managed,
      taxCodeId: TAX.outside,
      currencyCode: 'USD',
      description: 'Consulting (USD)',
      lines: [
        { description: 'Security review', glAccountId: GL.service, amount: 1250 },
        { description: 'Report', glAccountId: GL.service, amount: 300 },
      ],
    }),
  );
  out.push(
    build(ids, {
      companyId: CO.noAccount,
      date: day(26),
      locationId: MANCHESTER,
      departmentId: DEPT.managed,
      taxCodeId: TAX.standard,
      description: 'Support services',
      lines: [{ description: 'Engineer time (2 h)', glAccountId: GL.service, amount: 170, quantity: 2 }],
    }),
  );
  return out;
}

function maxLineId(invoices: SbInvoice[]): number {
  let max = 0;
  for (const inv of invoices) for (const l of inv.lines) if (l.id > max) max = l.id;
  return max;
}

/** `count` extra Standard invoices for clean customers, continuing after `after` (benchmarks). */
export function extraInvoices(count: number, after: SbInvoice[]): SbInvoice[] {
  const last = after.at(-1);
  const ids: Ids = last
    ? {
        unposted: last.id + 1,
        finance: last.invoiceId + 1,
        billingLog: (last.billingLogId ?? 39000) + 1,
        glEntry: maxLineId(after) + 1,
        number: Number(last.invoiceNumber) + 1 || 20001,
      }
    : firstIds();
  const r = prng(7 + count);
  const out: SbInvoice[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      build(ids, {
        companyId: CLEAN_CUSTOMERS[Math.floor(r() * CLEAN_CUSTOMERS.length)],
        date: day(1 + Math.floor(r() * 28)),
        locationId: r() < 0.6 ? LONDON : MANCHESTER,
        departmentId: DEPT.managed,
        taxCodeId: TAX.standard,
        description: 'Support services',
        lines: serviceLines(r),
      }),
    );
  }
  return out;
}

export function demoExpenses(): SbExpense[] {
  const e = (
    id: number,
    memberId: number,
    d: number,
    expenseType: string,
    glAccountId: number,
    amount: number,
    taxAmount: number,
    more: Partial<SbExpense> = {},
  ): SbExpense => ({
    id,
    memberId,
    date: day(d),
    classification: 'Reimbursable',
    expenseType,
    description: expenseType,
    amount,
    taxAmount,
    taxCodeId: taxAmount > 0 ? TAX.standard : TAX.zero,
    glAccountId,
    billable: false,
    locationId: memberId >= 3 && memberId <= 4 ? MANCHESTER : LONDON,
    ...more,
  });
  return [
    e(2001, 1, 2, 'Train fare London - Manchester', GL.travel, 86.4, 0, { companyId: 5, billable: true }),
    e(2002, 1, 3, 'Hotel, Manchester (1 night)', GL.hotels, 110, 22, { companyId: 5, billable: true }),
    e(2003, 1, 3, 'Subsistence', GL.subsistence, 14.5, 2.9),
    e(2004, 2, 4, 'Mileage 120 miles', GL.travel, 54, 0, { companyId: 9 }),
    e(2005, 2, 8, 'Printer paper and toner', GL.stationery, 62.5, 12.5),
    e(2006, 2, 9, 'Fuel', GL.fuel, 45, 9, { classification: 'NonReimbursable', description: 'Fuel (company card)' }),
    e(2007, 3, 10, 'Parking', GL.travel, 12, 2.4, {
      companyId: 14,
      billable: true,
      project: { id: 702, name: 'Office 365 Migration Phase 2' },
    }),
    e(2008, 3, 11, 'Hotel, London (2 nights)', GL.hotels, 240, 48),
    e(2009, 3, 11, 'Subsistence', GL.subsistence, 31.2, 0),
    e(2010, 4, 15, 'Train fare', GL.travel, 38.7, 0),
    e(2011, 4, 16, 'Client lunch', GL.subsistence, 48, 9.6, {
      classification: 'NonReimbursable',
      description: 'Client lunch (company card)',
    }),
    e(2012, 4, 17, 'USB cables', GL.stationery, 18.33, 3.67),
    e(2013, MEMBER_WITHOUT_VENDOR_NUMBER, 18, 'Taxi', GL.travel, 23, 0),
    e(2014, MEMBER_WITHOUT_VENDOR_NUMBER, 18, 'Hotel, Leeds (1 night)', GL.hotels, 95, 19),
    e(2015, 2, 22, 'Software subscription', GL.stationery, 9.99, 2, {
      classification: 'NonReimbursable',
      description: 'Software subscription (company card)',
      departmentId: DEPT.managed,
    }),
  ];
}

export function demoProcurement(): SbProcurement[] {
  const p = (
    id: number,
    more: Omit<SbProcurement, 'id' | 'freightCost' | 'locationId'> & Partial<SbProcurement>,
  ): SbProcurement => ({ id, freightCost: 0, locationId: LONDON, ...more });
  return [
    p(3001, {
      type: 'Purchase',
      date: day(8),
      description: 'Dell Latitude 5440 laptop',
      catalogItemId: 201,
      quantity: 2,
      unitCost: 820,
      purchaseOrderId: PO.dell,
      packingSlip: 'PS-5501',
      taxCodeId: TAX.standard,
    }),
    p(3002, {
      type: 'Purchase',
      date: day(8),
      description: 'Dell P2723 27in monitor',
      catalogItemId: 202,
      quantity: 2,
      unitCost: 160,
      purchaseOrderId: PO.dell,
      packingSlip: 'PS-5501',
      taxCodeId: TAX.standard,
    }),
    p(3003, {
      type: 'Purchase',
      date: day(9),
      description: 'Dell WD19S USB-C dock',
      catalogItemId: 207,
      quantity: 5,
      unitCost: 131.2,
      purchaseOrderId: PO.ingram,
      packingSlip: 'PS-7710',
      taxCodeId: TAX.standard,
      freightCost: 12.5,
    }),
    p(3004, {
      type: 'Purchase',
      date: day(12),
      description: 'Samsung 990 Pro 1TB SSD',
      catalogItemId: 208,
      quantity: 4,
      unitCost: 84.99,
      purchaseOrderId: PO.exertis,
      packingSlip: 'PS-1200',
      taxCodeId: TAX.standard,
      locationId: MANCHESTER,
    }),
    p(3005, {
      type: 'Adjustment',
      number: 3101,
      date: day(15),
      description: 'Stock count: monitor found',
      catalogItemId: 202,
      quantity: 1,
      unitCost: 160,
    }),
    p(3006, {
      type: 'Adjustment',
      number: 3102,
      date: day(16),
      description: 'Damaged laptop written off',
      catalogItemId: 201,
      quantity: -1,
      unitCost: 820,
    }),
    p(3007, {
      type: 'Transfer',
      number: 3201,
      date: day(17),
      description: 'SSDs to Manchester',
      catalogItemId: 208,
      quantity: 2,
      unitCost: 84.99,
      fromWarehouse: 'London Warehouse',
      toWarehouse: 'Manchester Warehouse',
    }),
  ];
}
