/**
 * The GL export (`POST finance/accounting/export`, `batches/{id}/export`). Sign rules and
 * which ids these carry are conventions documented in record-ids.ts and core/manage/sandbox/README.md.
 */
import { z } from 'zod';
import {
  bool,
  CompanyRefSchema,
  CurrencyRefSchema,
  IvItemRefSchema,
  int,
  MemberRefSchema,
  model,
  num,
  ref,
  str,
} from './common.ts';

const currency = CurrencyRefSchema.optional();
const company = CompanyRefSchema.optional();
const item = IvItemRefSchema.optional();
/** Ids that the spec types as strings on some GL export items (purchase, adjustment, transfer). */
const stringId = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .optional();

export const GLExportCustomerTaxLevelSchema = model({ taxRate: num, taxCodeXref: str, agencyXref: str, taxLevel: int });
export const GLExportCustomerSchema = model({
  company: ref,
  companyType: ref,
  contact: ref,
  site: ref,
  accountNumber: str,
  billingTerms: ref,
  billingTermsXref: str,
  dueDays: int,
  taxable: bool,
  taxCode: ref,
  currency,
  stateTaxXref: str,
  stateTaxRate: num,
  stateTaxAgencyXref: str,
  countyTaxXref: str,
  countyTaxRate: num,
  countyTaxAgencyXref: str,
  cityTaxXref: str,
  cityTaxRate: num,
  cityTaxAgencyXref: str,
  countryTaxXref: str,
  countryTaxRate: num,
  countryTaxAgencyXref: str,
  compositeTaxXref: str,
  compositeTaxRate: num,
  compositeTaxAgencyXref: str,
  taxGroupRate: num,
  taxAgencyXref: str,
  taxLevels: z.array(GLExportCustomerTaxLevelSchema).optional(),
});
export type GLExportCustomer = z.infer<typeof GLExportCustomerSchema>;

export const GLExportVendorSchema = model({
  member: MemberRefSchema.optional(),
  vendor: company,
  vendorNumber: str,
  company: ref,
  contact: ref,
  accountNumber: str,
  billingTerms: ref,
  dueDays: int,
  site: ref,
  taxCode: ref,
});
export type GLExportVendor = z.infer<typeof GLExportVendorSchema>;

export const GLExportTransactionTaxLevelSchema = model({
  taxAmount: num,
  taxableAmount: num,
  taxCodeXref: str,
  taxLevel: int,
});
export type GLExportTransactionTaxLevel = z.infer<typeof GLExportTransactionTaxLevelSchema>;
export const GLExportTransactionDetailTaxLevelSchema = model({ taxableFlag: bool, taxLevel: int });

const itemLineFields = {
  salesCode: str,
  memo: str,
  description: str,
  quantity: num,
  total: num,
  currency,
  cost: num,
  costAccountNumber: str,
  inventoryAccountNumber: str,
  item,
  itemPrice: num,
  itemCost: num,
  itemDescription: str,
  salesDescription: str,
  unitOfMeasure: ref,
  subCategory: ref,
  serializedFlag: bool,
  serialNumbers: str,
  warehouseBin: ref,
  warehouseSite: ref,
  shipmentMethod: ref,
  dropShippedFlag: bool,
  itemTypeXref: str,
  inventoryXref: str,
  cogsXref: str,
  uomScheduleXref: str,
  priceLevelXref: str,
  locationXref: str,
  taxNote: str,
};

export const GLExportTransactionDetailSchema = model({
  ...itemLineFields,
  id: int,
  documentDate: str,
  documentType: str,
  accountNumber: str,
  glClass: str,
  glTypeId: str,
  glItemId: str,
  invoiceSummaryOption: str,
  timeEntry: ref,
  productAccountNumber: str,
  taxCode: ref,
  taxCodeXref: str,
  taxAgencyXref: str,
  taxRate: num,
  taxRatePercent: num,
  taxableFlag: bool,
  taxable2Flag: bool,
  taxable3Flag: bool,
  taxable4Flag: bool,
  taxable5Flag: bool,
  product: ref,
  itemTaxableFlag: bool,
  taxLevels: z.array(GLExportTransactionDetailTaxLevelSchema).optional(),
});
export type GLExportTransactionDetail = z.infer<typeof GLExportTransactionDetailSchema>;

export const GLExportTransactionSchema = model({
  id: int,
  glClass: str,
  glTypeId: str,
  documentDate: str,
  documentNumber: str,
  documentType: str,
  memo: str,
  description: str,
  attention: str,
  salesTerritory: str,
  company,
  companyType: ref,
  companyAccountNumber: str,
  site: ref,
  billingTerms: ref,
  billingTermsXref: str,
  dueDays: int,
  dueDate: str,
  emailDeliveryFlag: bool,
  printDeliveryFlag: bool,
  agreementPrePaymentFlag: bool,
  accountNumber: str,
  billingType: str,
  /** Comma-separated GL entry ids, e.g. "1010,1011" (see record-ids.ts). */
  glEntryIds: str,
  purchaseOrder: ref,
  project: ref,
  currency,
  total: num,
  salesRepId: str,
  salesRepName: str,
  taxable: bool,
  taxableTotal: num,
  taxCode: ref,
  taxGroupRate: num,
  piggyBackFlag: bool,
  taxAccountNumber: str,
  salesTax: num,
  stateTax: num,
  countyTax: num,
  cityTax: num,
  taxableAmount1: num,
  taxableAmount2: num,
  taxableAmount3: num,
  taxableAmount4: num,
  taxableAmount5: num,
  taxAgencyXref: str,
  stateTaxXref: str,
  countyTaxXref: str,
  taxId: str,
  taxDpAppliedFlag: bool,
  useAvalaraFlag: bool,
  sendAvalaraTaxFlag: bool,
  shipToCompany: company,
  shipToCompanyAccountNumber: str,
  shipToCompanyType: ref,
  shipToTaxId: str,
  shipSite: ref,
  shipContact: str,
  detail: z.array(GLExportTransactionDetailSchema).optional(),
  taxLevels: z.array(GLExportTransactionTaxLevelSchema).optional(),
});
export type GLExportTransaction = z.infer<typeof GLExportTransactionSchema>;

export const GLExportExpenseOffsetSchema = model({
  id: int,
  documentDate: str,
  documentType: str,
  accountNumber: str,
  glTypeId: str,
  glClass: str,
  member: MemberRefSchema.optional(),
  memo: str,
  description: str,
  total: num,
});
export const GLExportExpenseSchema = model({
  id: int,
  documentDate: str,
  documentType: str,
  apAccountNumber: str,
  apClass: str,
  accountNumber: str,
  glClass: str,
  glTypeId: str,
  memo: str,
  description: str,
  periodStartDate: str,
  periodEndDate: str,
  member: MemberRefSchema.optional(),
  vendorNumber: str,
  company: ref,
  companyAccountNumber: str,
  project: ref,
  currency,
  total: num,
  offset: GLExportExpenseOffsetSchema.optional(),
});
export type GLExportExpense = z.infer<typeof GLExportExpenseSchema>;

export const GLExportExpenseBillDetailSchema = model({
  /** The unposted expense ids this line comes from (an int array in the spec). */
  id: z.array(z.number().int()).optional(),
  documentDate: str,
  glTypeId: str,
  memo: str,
  company: ref,
  accountNumber: str,
  expenseClass: ref,
  currency,
  total: num,
  billable: bool,
  reimbursable: bool,
  companyAdvance: bool,
});
export type GLExportExpenseBillDetail = z.infer<typeof GLExportExpenseBillDetailSchema>;
export const GLExportExpenseBillSchema = model({
  id: int,
  documentDate: str,
  documentType: str,
  documentNumber: str,
  memo: str,
  glClass: str,
  apAccountNumber: str,
  member: MemberRefSchema.optional(),
  vendorNumber: str,
  currency,
  total: num,
  detail: z.array(GLExportExpenseBillDetailSchema).optional(),
});
export type GLExportExpenseBill = z.infer<typeof GLExportExpenseBillSchema>;

const purchaseLineFields = {
  ...itemLineFields,
  id: int,
  documentDate: str,
  glClass: str,
  glTypeId: str,
  glItemId: str,
  vendorNumber: str,
  accountNumber: str,
  vendorAccountNumber: str,
  lineNumber: int,
  taxCode: ref,
  purchaseHeaderTaxGroup: str,
  taxAgencyXref: str,
};
export const GLExportPurchaseTransactionDetailSchema = model({
  ...purchaseLineFields,
  taxable: bool,
  taxCodeXref: str,
  taxRate: num,
});
export type GLExportPurchaseTransactionDetail = z.infer<typeof GLExportPurchaseTransactionDetailSchema>;
const { description: _omitted, ...purchaseTaxLineFields } = purchaseLineFields;
export const GLExportPurchaseTransactionDetailTaxSchema = model({
  ...purchaseTaxLineFields,
  taxableFlag: bool,
  taxRatePercent: num,
  taxRate: num,
});
export type GLExportPurchaseTransactionDetailTax = z.infer<typeof GLExportPurchaseTransactionDetailTaxSchema>;
export const GLExportPurchaseTransactionTaxLevelSchema = model({ taxCodeXref: str, taxLevel: int });

export const GLExportPurchaseTransactionSchema = model({
  id: stringId,
  documentDate: str,
  documentNumber: str,
  description: str,
  memo: str,
  apAccountNumber: str,
  purchaseDate: str,
  company,
  companyType: ref,
  contact: ref,
  site: ref,
  purchaseClass: str,
  freightAmount: num,
  freightPackingSlip: str,
  packingSlip: str,
  dropshipFlag: bool,
  currency,
  total: num,
  billingTerms: ref,
  billingTermsXref: str,
  dueDays: int,
  vendorNumber: str,
  vendorAccountNumber: str,
  vendorInvoiceDate: str,
  vendorInvoiceNumber: str,
  taxAgencyXref: str,
  stateTaxXref: str,
  countyTaxXref: str,
  cityTaxXref: str,
  shipToCompany: company,
  shipToCompanyAccountNumber: str,
  shipToCompanyType: ref,
  shipToContact: ref,
  shipToSite: ref,
  shipToTaxGroup: str,
  taxCode: ref,
  taxGroupRate: num,
  useAvalaraTaxFlag: bool,
  purchaseHeaderTaxGroup: str,
  purchaseHeaderTaxableFlag: bool,
  purchaseHeaderFreightTaxableFlag: bool,
  taxLevels: z.array(GLExportPurchaseTransactionTaxLevelSchema).optional(),
  purchaseDetail: z.array(GLExportPurchaseTransactionDetailSchema).optional(),
  purchaseDetailTax: z.array(GLExportPurchaseTransactionDetailTaxSchema).optional(),
});
export type GLExportPurchaseTransaction = z.infer<typeof GLExportPurchaseTransactionSchema>;

export const GLExportAdjustmentTransactionDetailSchema = model({
  glClass: str,
  description: str,
  memo: str,
  item,
  quantity: int,
  total: num,
  cost: num,
  costAccountNumber: str,
  inventoryAccountNumber: str,
  accountNumber: str,
  productAccountNumber: str,
});
export type GLExportAdjustmentTransactionDetail = z.infer<typeof GLExportAdjustmentTransactionDetailSchema>;
export const GLExportAdjustmentTransactionSchema = model({
  id: stringId,
  documentType: str,
  documentDate: str,
  glTypeID: str,
  accountNumber: str,
  memo: str,
  glClass: str,
  adjustmentDescription: str,
  adjustmentDetail: z.array(GLExportAdjustmentTransactionDetailSchema).optional(),
});
export type GLExportAdjustmentTransaction = z.infer<typeof GLExportAdjustmentTransactionSchema>;

export const GLExportInventoryTransferOffsetSchema = model({
  id: int,
  documentType: str,
  documentDate: str,
  accountNumber: str,
  glClass: str,
  total: num,
  memo: str,
  description: str,
  glTypeId: str,
});
export type GLExportInventoryTransferOffset = z.infer<typeof GLExportInventoryTransferOffsetSchema>;
export const GLExportInventoryTransferSchema = model({
  ...itemLineFields,
  id: stringId,
  documentType: str,
  documentDate: str,
  accountNumber: str,
  glClass: str,
  glTypeId: str,
  transferId: int,
  glItemId: str,
  taxable: bool,
  bin: ref,
  warehouse: ref,
  transferFromBin: ref,
  transferFromLocationXref: str,
  transferToBin: ref,
  transferToLocationXref: str,
  offset: GLExportInventoryTransferOffsetSchema.optional(),
});
export type GLExportInventoryTransfer = z.infer<typeof GLExportInventoryTransferSchema>;

const list = <T extends z.ZodType>(s: T) =>
  z
    .array(s)
    .optional()
    .transform((v) => v ?? []);
/** The lists of a GL export and the model of one element each (a streamed export is parsed element by element). */
export const GL_EXPORT_LISTS = {
  vendors: GLExportVendorSchema,
  customers: GLExportCustomerSchema,
  transactions: GLExportTransactionSchema,
  expenses: GLExportExpenseSchema,
  expenseBills: GLExportExpenseBillSchema,
  purchaseTransactions: GLExportPurchaseTransactionSchema,
  adjustmentTransactions: GLExportAdjustmentTransactionSchema,
  inventoryTransfers: GLExportInventoryTransferSchema,
} as const;
export const GLExportSchema = model({
  exportSettings: z.record(z.string(), z.unknown()).optional(),
  vendors: list(GL_EXPORT_LISTS.vendors),
  customers: list(GL_EXPORT_LISTS.customers),
  transactions: list(GL_EXPORT_LISTS.transactions),
  expenses: list(GL_EXPORT_LISTS.expenses),
  expenseBills: list(GL_EXPORT_LISTS.expenseBills),
  purchaseTransactions: list(GL_EXPORT_LISTS.purchaseTransactions),
  adjustmentTransactions: list(GL_EXPORT_LISTS.adjustmentTransactions),
  inventoryTransfers: list(GL_EXPORT_LISTS.inventoryTransfers),
});
/** A GL export as parsed: every list present (empty when Manage omitted it). */
export type GLExport = z.infer<typeof GLExportSchema>;
