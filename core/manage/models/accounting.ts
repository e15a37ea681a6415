/**
 * Models of the Accounting Interface (`finance/accounting/…`): the unposted records,
 * the export and batch requests, batches and their entries.
 */
import { z } from 'zod';
import {
  bool,
  CompanyRefSchema,
  CurrencyRefSchema,
  ExpenseDetailRefSchema,
  GL_TYPES,
  info,
  int,
  ints,
  invoiceType,
  model,
  num,
  PurchaseOrderLineItemRefSchema,
  ref,
  SystemDepartmentRefSchema,
  str,
  strs,
  tax6,
} from './common.ts';

export const UnpostedInvoiceSchema = model({
  id: z.number().int(),
  billingLogId: int,
  locationId: int,
  location: ref,
  departmentId: int,
  department: SystemDepartmentRefSchema.optional(),
  company: ref,
  accountNumber: str,
  billToCompany: CompanyRefSchema.optional(),
  billToSite: ref,
  shipToCompany: CompanyRefSchema.optional(),
  shipToSite: ref,
  invoiceNumber: str,
  invoiceDate: str,
  invoiceType,
  description: str,
  billingTerms: ref,
  dueDays: z.union([z.string(), z.number()]).optional(),
  dueDate: str,
  currency: CurrencyRefSchema.optional(),
  subTotal: num,
  total: num,
  hasTime: bool,
  hasExpenses: bool,
  hasProducts: bool,
  invoiceTaxableFlag: bool,
  taxCode: ref,
  avalaraTaxFlag: bool,
  itemTaxableFlag: bool,
  salesTaxAmount: num,
  ...tax6(),
  createdBy: str,
  dateClosed: str,
  _info: info,
});
export type UnpostedInvoice = z.infer<typeof UnpostedInvoiceSchema>;

export const UnpostedExpenseSchema = model({
  id: z.number().int(),
  locationId: int,
  departmentId: int,
  company: ref,
  accountNumber: str,
  creditAccount: str,
  expenseDetailId: int,
  expenseType: ref,
  classification: z.enum(['NonReimbursable', 'Reimbursable', 'Personal']).optional(),
  glType: z.enum(GL_TYPES).optional(),
  member: ref,
  dateExpense: str,
  chargeCode: ref,
  chargeDescription: str,
  inPolicy: bool,
  paymentMethod: ref,
  currency: CurrencyRefSchema.optional(),
  total: num,
  billableAmount: num,
  nonBillableAmount: num,
  agreement: ref,
  agreementAmountCovered: num,
  ticket: ref,
  project: ref,
  projectPhase: ref,
  taxCode: ref,
  avalaraTaxFlag: bool,
  itemTaxableFlag: bool,
  salesTaxAmount: num,
  ...tax6(),
  dateClosed: str,
  _info: info,
});
export type UnpostedExpense = z.infer<typeof UnpostedExpenseSchema>;

export const UnpostedProcurementSchema = model({
  id: z.number().int(),
  description: str,
  unpostedProductId: str,
  locationId: int,
  departmentId: int,
  procurementType: z.enum(['Purchase', 'Adjustment', 'Transfer']).optional(),
  purchaseOrder: ref,
  purchaseDate: str,
  trackingNumber: str,
  billingTerms: ref,
  currency: CurrencyRefSchema.optional(),
  total: num,
  taxCode: ref,
  avalaraTaxFlag: bool,
  itemTaxableFlag: bool,
  purchaseOrderTaxableFlag: bool,
  ...tax6(),
  taxTotal: num,
  customer: CompanyRefSchema.optional(),
  vendor: CompanyRefSchema.optional(),
  vendorAccountNumber: str,
  vendorInvoiceNumber: str,
  vendorInvoiceDate: str,
  taxFreightFlag: bool,
  freightTaxTotal: num,
  freightCost: num,
  dateClosed: str,
  _info: info,
});
export type UnpostedProcurement = z.infer<typeof UnpostedProcurementSchema>;

export const UnpostedPaymentSchema = model({
  id: z.number().int(),
  type: str,
  source: str,
  invoice: ref,
  amount: num,
  paymentDate: str,
  appliedBy: str,
  paymentSyncStatus: str,
  paymentSyncDate: str,
  paymentAccount: str,
  aRPaymentAccount: str,
  _info: info,
});
export type UnpostedPayment = z.infer<typeof UnpostedPaymentSchema>;

/** Taxable level of an unposted record (`…/{parentId}/taxableLevels`). */
export const TaxableLevelSchema = model({ id: z.number().int(), taxLevel: int, taxCodeXref: str, taxAmount: num });
export type TaxableLevel = z.infer<typeof TaxableLevelSchema>;

export const SummarizeOption = z.enum(['Default', 'Condensed', 'Detailed']);

/** Body of `POST finance/accounting/export` and `batches/{id}/export`. One export flag must be true. */
export const ExportAccountingBatchRequestSchema = z.object({
  batchIdentifier: z.string().max(50).optional(),
  glInterfaceIdentifier: str,
  /** ISO datetime, e.g. "2025-04-30T00:00:00Z"; omitted = today. */
  thruDate: str,
  locationId: int,
  summarizeInvoices: SummarizeOption.optional(),
  exportInvoicesFlag: bool,
  includedInvoiceIds: ints,
  excludedInvoiceIds: ints,
  exportExpensesFlag: bool,
  includedExpenseIds: ints,
  excludedExpenseIds: ints,
  exportPaymentsFlag: bool,
  includedPaymentIds: ints,
  exportProductsFlag: bool,
  includedProductIds: strs,
  excludedProductIds: strs,
});
export type ExportAccountingBatchRequest = z.infer<typeof ExportAccountingBatchRequestSchema>;

/** Body of `POST finance/accounting/batches`; see record-ids.ts for what `processedRecordIds` holds. */
export const CreateAccountingBatchRequestSchema = z.object({
  id: int,
  batchIdentifier: z.string().min(1).max(50),
  glInterfaceIdentifier: str,
  exportInvoicesFlag: bool,
  exportExpensesFlag: bool,
  exportProductsFlag: bool,
  processedRecordIds: z.array(z.number().int()),
  summarizeExpenses: bool,
});
export type CreateAccountingBatchRequest = z.infer<typeof CreateAccountingBatchRequestSchema>;

export const AccountingBatchSchema = model({
  id: z.number().int(),
  batchIdentifier: str,
  exportInvoicesFlag: bool,
  exportExpensesFlag: bool,
  exportProductsFlag: bool,
  closedFlag: bool,
  _info: info,
});
export type AccountingBatch = z.infer<typeof AccountingBatchSchema>;

export const BatchEntrySchema = model({
  id: z.number().int(),
  accountType: str,
  name: str,
  accountNumber: str,
  debit: num,
  credit: num,
  cost: num,
  item: str,
  salesCode: str,
  costOfGoodsSoldAccountNumber: str,
  invoice: ref,
  purchaseOrder: ref,
  lineItem: PurchaseOrderLineItemRefSchema.optional(),
  transfer: str,
  expense: ExpenseDetailRefSchema.optional(),
  adjustmentDetail: ref,
  _info: info,
});
export type BatchEntry = z.infer<typeof BatchEntrySchema>;
