/**
 * The Sage side of the demo: the embedded company as the demo MSP's bookkeeper would have set it up so that the
 * Manage sandbox's demo data maps (departments named like the GL classes, the projects, the members' expense
 * suppliers, the licences and deposits nominals, the catalogue items without Inventory/COGS accounts). The
 * sandbox's deliberately broken records (core/manage/sandbox/README.md) stay broken. One definition, used by
 * `sagebot start`, `sagebot demo reset` and the tests.
 */
import type { CompanySeed } from './seed.ts';

export function demoSageSeed(extra: Partial<CompanySeed> = {}): CompanySeed {
  return {
    companyName: 'Northwind IT Services Ltd',
    financialYearStart: '2025-01-01',
    departments: [
      { number: 0, name: 'Default' },
      { number: 10, name: 'SERV' },
      { number: 11, name: 'PROJ' },
      { number: 12, name: 'MSP' },
      { number: 13, name: 'HW' },
    ],
    projects: [
      { ref: 'SRV-REFRESH', name: 'Server refresh' },
      { ref: 'WIFI-UPGRADE', name: 'Wi-Fi upgrade' },
      { ref: 'TEST2', name: 'Test 2' },
    ],
    suppliers: [
      { ref: 'JDOE01', name: 'Jane Doe (expenses)' },
      { ref: 'ASMITH01', name: 'Alex Smith (expenses)' },
      { ref: 'PKHAN01', name: 'Priya Khan (expenses)' },
      { ref: 'TJONES01', name: 'Tom Jones (expenses)' },
    ],
    nominals: [
      { code: '4110', name: 'Sales - Software licences' },
      { code: '2110', name: 'Customer deposits received' },
    ],
    products: [
      {
        code: 'M365-BP',
        description: 'Microsoft 365 Business Premium (monthly)',
        itemType: 'non-stock',
        salesNominal: '4110',
      },
      { code: 'DELIVERY', description: 'Delivery', itemType: 'service', salesNominal: '4905' },
    ],
    ...extra,
  };
}

/**
 * What the demo's customers pay once the walk-through's invoices are in Sage (Sage numbers of the split
 * invoicing module: Manage 10001 -> invoice 100010, credit memo 10034 -> credit note 100341), so the first
 * "sync payments" updates Manage: 10001 paid in full; 10003 credited by credit memo 10034 and half of the rest
 * received; 10019 settled by its own credit half (100191) and a receipt, as in the guide's example.
 */
export const WALKTHROUGH_PAYMENTS: NonNullable<CompanySeed['demoPayments']> = {
  allocations: [
    { credit: 100341, invoice: 100030 },
    { credit: 100191, invoice: 100190 },
  ],
  receipts: [
    { invoice: 100010, percent: 100 },
    { invoice: 100030, percent: 50 },
    { invoice: 100190, percent: 100 },
  ],
};

/** The demo company of `sagebot start` and "Reset demo": the demo seed with the customers' payments. */
export function walkthroughSageSeed(extra: Partial<CompanySeed> = {}): CompanySeed {
  return demoSageSeed({ demoPayments: WALKTHROUGH_PAYMENTS, ...extra });
}
