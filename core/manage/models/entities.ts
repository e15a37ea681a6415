/**
 * Models of the supporting Manage records: invoices and payments, companies, members,
 * GL accounts, tax codes and levels, product types, catalog, purchase orders, locations, currencies,
 * system info, company info (codebase discovery) and member tokens (impersonation).
 */
import { z } from 'zod';
import {
  AgreementRefSchema,
  BillingStatusRefSchema,
  bool,
  CompanyRefSchema,
  CurrencyRefSchema,
  GL_TYPES,
  IvItemRefSchema,
  info,
  int,
  ints,
  invoiceType,
  model,
  num,
  ref,
  SalesOrderRefSchema,
  str,
  TicketRefSchema,
} from './common.ts';

const company = CompanyRefSchema.optional();
const currency = CurrencyRefSchema.optional();

export const InvoiceSchema = model({
  id: z.number().int(),
  invoiceNumber: str,
  type: invoiceType,
  status: BillingStatusRefSchema.optional(),
  company,
  billToCompany: company,
  shipToCompany: company,
  accountNumber: str,
  applyToType: str,
  applyToId: int,
  billingSite: ref,
  shippingSite: ref,
  billingTerms: ref,
  reference: str,
  customerPO: str,
  date: str,
  dueDate: str,
  locationId: int,
  location: ref,
  departmentId: int,
  department: ref,
  territoryId: int,
  territory: ref,
  taxableFlag: bool,
  taxCode: ref,
  currency,
  serviceTotal: num,
  expenseTotal: num,
  productTotal: num,
  agreementAmount: num,
  previousProgressApplied: num,
  downpaymentApplied: num,
  remainingDownpayment: num,
  serviceAdjustmentAmount: num,
  subtotal: num,
  salesTax: num,
  total: num,
  payments: num,
  credits: num,
  balance: num,
  adjustmentReason: str,
  adjustedBy: str,
  closedBy: str,
  specialInvoiceFlag: bool,
  ticket: TicketRefSchema.optional(),
  project: ref,
  phase: ref,
  salesOrder: SalesOrderRefSchema.optional(),
  agreement: AgreementRefSchema.optional(),
  glBatch: ref,
  unbatchedBatch: ref,
  _info: info,
});
export type Invoice = z.infer<typeof InvoiceSchema>;

export const InvoicePaymentSchema = model({
  id: z.number().int(),
  type: str,
  source: str,
  invoice: ref,
  credit: ref,
  amount: num,
  balance: num,
  invoiceBalance: num,
  invoiceTotal: num,
  paymentDate: str,
  appliedBy: str,
  paymentSyncStatus: z.enum(['Unapplied', 'Applied', 'Synced']).optional(),
  glBatchID: str,
  paymentSyncDate: str,
  paymentAccount: str,
  aRPaymentAccount: str,
  _info: info,
});
export type InvoicePayment = z.infer<typeof InvoicePaymentSchema>;

/** What the client sends to `POST finance/invoices/{id}/payments`. */
export interface NewInvoicePayment {
  /** The payment type code; real integrations send "P" (no enum in Manage's spec). */
  type: string;
  /** Always positive, a credit memo's too (Manage refuses negative payments). */
  amount: number;
  /** YYYY-MM-DD or an ISO datetime. */
  paymentDate: string;
  appliedBy?: string;
  /**
   * The ids of the invoice's payments as the caller just read them. When given, the client does not read the
   * list again before the POST; after an ambiguous failure, a payment not among them is the one it created.
   */
  existingPaymentIds?: number[];
}

/** What `PATCH finance/invoices/{id}/payments/{paymentId}` changes: the payment's amount (positive), its date. */
export interface InvoicePaymentChange {
  amount: number;
  paymentDate?: string;
  appliedBy?: string;
}

export const CompanySchema = model({
  id: z.number().int(),
  identifier: str,
  name: str,
  accountNumber: str,
  vendorIdentifier: str,
  isVendorFlag: bool,
  taxIdentifier: str,
  taxCode: ref,
  billingTerms: ref,
  currency,
  types: z.array(ref.unwrap()).optional(),
  deletedFlag: bool,
  _info: info,
});
export type Company = z.infer<typeof CompanySchema>;

export const MemberSchema = model({
  id: z.number().int(),
  identifier: str,
  firstName: str,
  lastName: str,
  vendorNumber: str,
  employeeIdentifer: str,
  inactiveFlag: bool,
  defaultLocation: ref,
  defaultDepartment: ref,
  _info: info,
});
export type Member = z.infer<typeof MemberSchema>;

export const GLAccountSchema = model({
  id: z.number().int(),
  glType: z.enum(GL_TYPES).optional(),
  mappedType: ref,
  mappedRecord: ref,
  segment1: str,
  segment2: str,
  segment3: str,
  segment4: str,
  segment5: str,
  segment6: str,
  segment7: str,
  segment8: str,
  segment9: str,
  segment10: str,
  cogs1: str,
  cogs2: str,
  cogs3: str,
  cogs4: str,
  cogs5: str,
  cogs6: str,
  cogs7: str,
  cogs8: str,
  cogs9: str,
  cogs10: str,
  productId: str,
  inventory: str,
  salesCode: str,
  _info: info,
});
export type GLAccount = z.infer<typeof GLAccountSchema>;

export const TaxCodeLevelSchema = model({
  id: z.number().int(),
  taxLevel: int,
  taxRate: num,
  rateType: z.enum(['Amount', 'Percent']).optional(),
  taxableMax: num,
  caption: str,
  taxCodeXref: str,
  agencyXref: str,
  taxServicesFlag: bool,
  taxExpensesFlag: bool,
  taxProductsFlag: bool,
  singleUnitFlag: bool,
  singleUnitMinimum: num,
  singleUnitMaximum: num,
  _info: info,
});
export type TaxCodeLevel = z.infer<typeof TaxCodeLevelSchema>;

export const TAX_LEVELS = ['levelOne', 'levelTwo', 'levelThree', 'levelFour', 'levelFive', 'levelSix'] as const;
type TaxLevelName = (typeof TAX_LEVELS)[number];
type LevelShape = Record<
  `${TaxLevelName}${'Rate' | 'TaxableMax' | 'ApplySingleUnitMin' | 'ApplySingleUnitMax'}`,
  typeof num
> &
  Record<`${TaxLevelName}${'RateType' | 'Caption' | 'TaxCodeXref' | 'AgencyXref'}`, typeof str> &
  Record<`${TaxLevelName}${'ServicesFlag' | 'ExpensesFlag' | 'ProductsFlag' | 'ApplySingleUnitFlag'}`, typeof bool>;
function levelFields(): LevelShape {
  const shape: Record<string, z.ZodType> = {};
  for (const l of TAX_LEVELS) {
    for (const f of ['Rate', 'TaxableMax', 'ApplySingleUnitMin', 'ApplySingleUnitMax']) shape[l + f] = num;
    for (const f of ['RateType', 'Caption', 'TaxCodeXref', 'AgencyXref']) shape[l + f] = str;
    for (const f of ['ServicesFlag', 'ExpensesFlag', 'ProductsFlag', 'ApplySingleUnitFlag']) shape[l + f] = bool;
  }
  return shape as LevelShape;
}

export const TaxCodeSchema = model({
  id: z.number().int(),
  identifier: str,
  description: str,
  invoiceCaption: str,
  country: ref,
  effectiveDate: str,
  cancelDate: str,
  defaultFlag: bool,
  displayOnInvoiceFlag: bool,
  canadaCalculateGSTFlag: bool,
  ...levelFields(),
  workRoleIds: ints,
  expenseTypeIds: ints,
  productTypeIds: ints,
  _info: info,
});
export type TaxCode = z.infer<typeof TaxCodeSchema>;
/** A tax code with its `taxCodeLevels` (level 1 carries the Sage tax code in `taxCodeXref`). */
export type TaxCodeWithLevels = TaxCode & { levels: TaxCodeLevel[] };

export const ProductTypeSchema = model({
  id: z.number().int(),
  name: str,
  inactiveFlag: bool,
  typeXref: z.enum(['InventoryPart', 'NonInventoryPart', 'OtherCharge', 'Service']).optional(),
  defaultFlag: bool,
  _info: info,
});
export type ProductType = z.infer<typeof ProductTypeSchema>;

export const CatalogItemSchema = model({
  id: z.number().int(),
  identifier: str,
  description: str,
  type: ref,
  productClass: z.enum(['Agreement', 'Bundle', 'Inventory', 'NonInventory', 'Service']).optional(),
  taxableFlag: bool,
  price: num,
  cost: num,
  vendor: company,
  vendorSku: str,
  integrationXRef: str,
  inactiveFlag: bool,
  _info: info,
});
export type CatalogItem = z.infer<typeof CatalogItemSchema>;

export const PurchaseOrderLineItemSchema = model({
  id: z.number().int(),
  lineNumber: int,
  product: IvItemRefSchema.optional(),
  quantity: num,
  unitCost: num,
  unitOfMeasure: ref,
  batchedFlag: bool,
  unbatchedRecId: int,
  _info: info,
});
export type PurchaseOrderLineItem = z.infer<typeof PurchaseOrderLineItemSchema>;

export const PurchaseOrderSchema = model({
  id: z.number().int(),
  poNumber: str,
  poDate: str,
  vendorCompany: company,
  vendorInvoiceNumber: str,
  vendorInvoiceDate: str,
  status: ref,
  terms: ref,
  subTotal: num,
  salesTax: num,
  freightCost: num,
  total: num,
  taxCode: ref,
  taxFreightFlag: bool,
  taxPoFlag: bool,
  currency,
  closedFlag: bool,
  locationId: int,
  _info: info,
});
export type PurchaseOrder = z.infer<typeof PurchaseOrderSchema>;

export const LocationSchema = model({
  id: z.number().int(),
  name: str,
  structureLevel: ref,
  ownerLevelId: int,
  payrollXref: str,
  locationFlag: bool,
  clientFlag: bool,
  _info: info,
});
export type Location = z.infer<typeof LocationSchema>;

/** Finance.Currency (`finance/currencies`); note `currencyCode` is a reference here, a string in CurrencyRef. */
export const CurrencySchema = model({
  id: z.number().int(),
  currencyIdentifier: str,
  name: str,
  symbol: str,
  displayIdFlag: bool,
  displaySymbolFlag: bool,
  currencyCode: ref,
  thousandsSeparator: str,
  decimalSeparator: str,
  negativeParenthesesFlag: bool,
  rightAlign: bool,
  numberOfDecimals: int,
  reportFormat: str,
  _info: info,
});
export type Currency = z.infer<typeof CurrencySchema>;

export const SystemInfoSchema = model({
  version: str,
  isCloud: bool,
  serverTimeZone: str,
  licenseBits: z.array(z.unknown()).optional(),
  cloudRegion: str,
  maxWorkFlowRecordsAllowed: int,
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

/** `GET /login/companyinfo/{companyId}` (no auth); only `Codebase` is relied on. */
export const CompanyInfoSchema = model({
  CompanyName: str,
  Codebase: str,
  VersionCode: str,
  VersionNumber: str,
  CompanyID: str,
  IsCloud: z.union([z.string(), z.boolean()]).optional(),
  SiteUrl: str,
});
export type CompanyInfo = z.infer<typeof CompanyInfoSchema>;

/** `POST system/members/{member}/tokens` answer (member impersonation). */
export const MemberTokenSchema = model({ publicKey: z.string(), privateKey: z.string(), expiration: str });
export type MemberToken = z.infer<typeof MemberTokenSchema>;

/** Manage's error body: `{code, message, errors: [{code, message, resource, field, details}] | null}`. */
export const ManageErrorBodySchema = model({
  code: str,
  message: str,
  error: str,
  errors: z
    .array(model({ code: str, message: str, resource: str, field: str, details: z.unknown().optional() }))
    .optional(),
});
export type ManageErrorBody = z.infer<typeof ManageErrorBodySchema>;
