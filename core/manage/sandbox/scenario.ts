/**
 * The sandbox's state as a JSON document (`sagebot sandbox --data FILE`, `createSandbox({data})`).
 * Reference records (companies, members, GL accounts, tax codes…) are in Manage's own shapes; the
 * transactions (invoices with their lines, expenses, procurement, payments, batches) are in a small
 * sandbox shape from which the API views and the GL export are computed. See README.md for the format.
 */
import { z } from 'zod';
import {
  CatalogItemSchema,
  CompanySchema,
  CurrencySchema,
  GLAccountSchema,
  INVOICE_TYPES,
  LocationSchema,
  MemberSchema,
  ProductTypeSchema,
  PurchaseOrderSchema,
  TaxCodeLevelSchema,
  TaxCodeSchema,
} from '../models.ts';

const id = z.number().int().positive();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const InvoiceLineSchema = z.object({
  /** GL entry id of this line (goes into the export's glEntryIds and into processedRecordIds). */
  id,
  description: z.string(),
  glAccountId: id,
  /** Customer-facing net amount: positive for a charge, negative for a credit (agreement cover, credit memo). */
  amount: z.number(),
  quantity: z.number().default(1),
  taxable: z.boolean().default(true),
  kind: z.enum(['Service', 'Product', 'Expense', 'Agreement', 'DownPayment']).default('Service'),
  catalogItemId: id.optional(),
  /** The export's detail line id, another number than the GL entry id (default: id + 9,000,000). */
  detailId: id.optional(),
});
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;

export const SbInvoiceSchema = z.object({
  /** UnpostedInvoice.id (what includedInvoiceIds take). */
  id,
  /** finance/invoices id. */
  invoiceId: id,
  billingLogId: id.optional(),
  invoiceNumber: z.string().min(1).max(15),
  type: z.enum(INVOICE_TYPES).default('Standard'),
  companyId: id,
  date: day,
  dueDays: z.number().int().min(0).default(30),
  locationId: id,
  departmentId: id.optional(),
  taxCodeId: id,
  /** Defaults to the company's currency, else GBP. */
  currencyCode: z.string().length(3).optional(),
  project: z.object({ id, name: z.string() }).optional(),
  description: z.string().optional(),
  closedBy: z.string().default('Jane Doe'),
  lines: z.array(InvoiceLineSchema).min(1),
  /** Set when the invoice is in a batch (no longer unposted). */
  batchId: id.optional(),
  /** GL entries batched so far (a record leaves the unposted list once all of them are; see entries.ts). */
  batchedEntries: z.array(z.number().int()).optional(),
});
export type SbInvoice = z.infer<typeof SbInvoiceSchema>;

export const SbPaymentSchema = z.object({
  id,
  /** finance/invoices id. */
  invoiceId: id,
  type: z.string().default('P'),
  amount: z.number(),
  paymentDate: z.string(),
  appliedBy: z.string().optional(),
});
export type SbPayment = z.infer<typeof SbPaymentSchema>;

export const SbExpenseSchema = z.object({
  id,
  memberId: id,
  companyId: id.optional(),
  date: day,
  classification: z.enum(['Reimbursable', 'NonReimbursable', 'Personal']).default('Reimbursable'),
  expenseType: z.string(),
  description: z.string(),
  /** Net amount. */
  amount: z.number(),
  taxCodeId: id.optional(),
  /** VAT on the expense (absolute amount, as on the receipt). */
  taxAmount: z.number().default(0),
  glAccountId: id,
  billable: z.boolean().default(false),
  project: z.object({ id, name: z.string() }).optional(),
  locationId: id,
  departmentId: id.optional(),
  currencyCode: z.string().length(3).optional(),
  /** The id of the expense's VAT line in the export, its own GL entry (default: id + 500,000). */
  taxEntryId: id.optional(),
  batchId: id.optional(),
  /** GL entries batched so far (a record leaves the unposted list once all of them are; see entries.ts). */
  batchedEntries: z.array(z.number().int()).optional(),
});
export type SbExpense = z.infer<typeof SbExpenseSchema>;

export const SbProcurementSchema = z.object({
  id,
  type: z.enum(['Purchase', 'Adjustment', 'Transfer']),
  date: day,
  locationId: id,
  description: z.string(),
  catalogItemId: id,
  /** Signed for adjustments (negative = stock out). */
  quantity: z.number(),
  unitCost: z.number(),
  /** Purchase: the PO (vendor, vendor invoice number, tax) and the receipt's packing slip. */
  purchaseOrderId: id.optional(),
  packingSlip: z.string().optional(),
  taxCodeId: id.optional(),
  freightCost: z.number().default(0),
  /** Transfer: warehouse names. */
  fromWarehouse: z.string().optional(),
  toWarehouse: z.string().optional(),
  /** Adjustment / transfer number as Manage shows it ("ADJ #3101"; default: id + 100, never the id itself). */
  number: id.optional(),
  /** Purchase: the id of the line's tax line in the export, its own GL entry (default: id + 500,000). */
  taxEntryId: id.optional(),
  batchId: id.optional(),
  /** GL entries batched so far (a record leaves the unposted list once all of them are; see entries.ts). */
  batchedEntries: z.array(z.number().int()).optional(),
});
export type SbProcurement = z.infer<typeof SbProcurementSchema>;

export const SbBatchSchema = z.object({
  id,
  batchIdentifier: z.string().min(1).max(50),
  exportInvoicesFlag: z.boolean().default(false),
  exportExpensesFlag: z.boolean().default(false),
  exportProductsFlag: z.boolean().default(false),
  closedFlag: z.boolean().default(false),
  processedRecordIds: z.array(z.number().int()).default([]),
});
export type SbBatch = z.infer<typeof SbBatchSchema>;

/** Nominal codes the export uses for the other side of each entry (Sage UK default chart). */
export const SettingsSchema = z.object({
  arAccount: z.string().default('1100'),
  apAccount: z.string().default('2100'),
  salesTaxAccount: z.string().default('2200'),
  purchaseTaxAccount: z.string().default('2201'),
  inventoryAccount: z.string().default('1001'),
  cogsAccount: z.string().default('5000'),
  baseCurrency: z.string().default('GBP'),
  /**
   * Which id the GL export's `transactions[].id` carries: the unposted invoice id (sagebot's convention, see
   * record-ids.ts) or the billing-log id some Manage versions are reported to send. Lets tests prove the engine
   * still ties each exported invoice to its unposted record.
   */
  exportTransactionIds: z.enum(['unposted', 'billingLog']).default('unposted'),
  /**
   * Which ids batch an invoice: its `glEntryIds` (default), or those plus its detail line ids (what one shipped
   * integration sends). Lets tests prove a batch that leaves an invoice unposted is caught and reported.
   */
  invoiceBatchIds: z.enum(['glEntryIds', 'glEntryAndDetailIds']).default('glEntryIds'),
  /** Unposted record ids the GL export silently leaves out (an export that disagrees with the unposted lists). */
  exportLeavesOut: z.array(z.number().int()).default([]),
  /**
   * Values outside the documented models on listed records, e.g. `{path: "finance/accounting/unpostedinvoices",
   * id: 871002, field: "invoiceType", value: "Progress2"}` (no `value` = the field is left out).
   */
  oddValues: z
    .array(z.object({ path: z.string(), id: z.number().int(), field: z.string(), value: z.unknown().optional() }))
    .default([]),
});

export const TaxCodeWithLevelsSchema = z.intersection(
  TaxCodeSchema,
  z.object({ levels: z.array(TaxCodeLevelSchema).default([]) }),
);

export const ScenarioSchema = z.object({
  /** The Manage company id the sandbox accepts (default: SANDBOX_CREDENTIALS.companyId). */
  companyId: z.string().optional(),
  settings: SettingsSchema.default(SettingsSchema.parse({})),
  companies: z.array(CompanySchema).default([]),
  members: z.array(MemberSchema).default([]),
  glAccounts: z.array(GLAccountSchema).default([]),
  taxCodes: z.array(TaxCodeWithLevelsSchema).default([]),
  productTypes: z.array(ProductTypeSchema).default([]),
  catalog: z.array(CatalogItemSchema).default([]),
  locations: z.array(LocationSchema).default([]),
  currencies: z.array(CurrencySchema).default([]),
  purchaseOrders: z.array(PurchaseOrderSchema).default([]),
  invoices: z.array(SbInvoiceSchema).default([]),
  payments: z.array(SbPaymentSchema).default([]),
  expenses: z.array(SbExpenseSchema).default([]),
  procurement: z.array(SbProcurementSchema).default([]),
  batches: z.array(SbBatchSchema).default([]),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
/** What a scenario file may contain (defaults filled in by parseScenario). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

export function parseScenario(input: unknown): Scenario {
  return ScenarioSchema.parse(input);
}
