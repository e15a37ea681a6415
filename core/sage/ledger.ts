/**
 * The SageLedger port: everything sagebot reads from or writes to a Sage 50 Accounts (UK) company, in Sage's
 * own terms. Two drivers implement it: `embedded/` (a stand-in company with Sage's rules; the default and what
 * tests use) and `sdo/` (real Sage Data Objects through edge-js, Windows only).
 *
 * Conventions:
 * - Money is integer minor units of the document's currency (pence for GBP). Quantities and rates are decimals.
 * - Dates are ISO calendar dates `YYYY-MM-DD` (Sage stores date-only).
 * - Tax codes are written `T0`..`T99`; nominal codes are strings (leading zeros matter).
 * - Every write is atomic per document: after a crash a document is either fully there or absent, and can be
 *   found again with `findDocuments`, which is how callers make posting exactly-once.
 * - Refusals are `LedgerError`s (a SagebotError) whose `code` is one of `LEDGER_ERRORS`.
 */
import type { Minor } from '../money.ts';

export type IsoDate = string;

export type ItemType = 'stock' | 'non-stock' | 'service' | 'description';

export interface TaxCodeInfo {
  code: string; // "T1"
  rate: number; // percent, e.g. 20
  description: string;
}

export interface NominalInfo {
  code: string;
  name: string;
  control: boolean;
}

export interface CurrencyInfo {
  code: string; // ISO code, "GBP"
  name: string;
  symbol?: string;
  /** Foreign units per one base unit (Sage's exchange rate); 1 for the base currency. */
  rate: number;
  base: boolean;
}

export interface DepartmentInfo {
  number: number;
  name: string;
}

export interface ProjectInfo {
  ref: string; // <= 12 characters
  name: string;
}

export interface LedgerSetup {
  companyName: string;
  baseCurrency: string;
  taxCodes: TaxCodeInfo[];
  nominals: NominalInfo[];
  /** Control accounts by role: debtors, creditors, bank, salesTax, purchaseTax, vatLiability, ... -> nominal code. */
  controlAccounts: Record<string, string>;
  departments: DepartmentInfo[];
  projects: ProjectInfo[];
  currencies: CurrencyInfo[];
  financialYearStart: IsoDate;
  lockDate?: IsoDate;
  /**
   * The company's VAT scheme as Sage's setup says (SDO: SetupData VAT_CASH_FLAG): receipts and allocations
   * are refused on a cash-accounting company (see rules.ts checkVatSchemeForPayments). Absent: not known.
   */
  vatScheme?: VatScheme;
}

/** Standard (invoice-based) VAT accounting, or VAT cash accounting. */
export type VatScheme = 'standard' | 'cash';

export interface LedgerAccount {
  ref: string; // A/C ref: <= 8 chars, upper case, no spaces
  name: string;
  currency: string; // ISO code
}

export interface NewAccount {
  ref: string;
  name: string;
  currency?: string; // default: base currency
}

export interface Product {
  code: string; // <= 30
  description: string;
  itemType: ItemType;
  salesNominal?: string;
  purchaseNominal?: string;
  taxCode?: string;
}

/** A line of an invoicing-module document. `net` and `tax` are what Sage stores (kept as given: TAX_FLAG=1). */
export interface InvoiceLine {
  /** A product code, or a non-stock code: S1 vatable service, S2 non-vatable service, S3 service with text, M message. */
  stockCode: string;
  description: string;
  quantity: number;
  unitPrice: Minor;
  net: Minor; // >= 0: Sage refuses negative lines
  tax: Minor; // >= 0
  taxCode: string;
  nominal: string;
  department?: number;
  project?: string;
}

/** A sales invoice or credit note in the invoicing module (InvoicePost). Created unposted, as Sage does. */
export interface InvoiceDocument {
  kind: 'invoice' | 'credit';
  format: 'product' | 'service';
  /** Sage invoice number: a positive integer Sage can hold (1..2147483647). */
  number: number;
  account: string;
  date: IsoDate;
  /** Document currency (ISO); omitted = base. Foreign documents must carry `exchangeRate`. */
  currency?: string;
  exchangeRate?: number;
  /** Customer order number / reference (<= 60). */
  orderNumber?: string;
  notes?: string;
  lines: InvoiceLine[];
}

export type BatchType = 'SI' | 'SC' | 'PI' | 'PC';

export interface Split {
  nominal: string;
  taxCode: string;
  net: Minor; // >= 0
  tax: Minor; // >= 0
  details?: string; // <= 60
  department?: number;
  project?: string;
}

/** A batch invoice / credit on the audit trail (TransactionPost): SI/SC to a customer, PI/PC to a supplier. */
export interface BatchTransaction {
  type: BatchType;
  account: string;
  date: IsoDate;
  reference: string; // INV_REF, <= 30
  details?: string; // <= 60
  currency?: string;
  exchangeRate?: number;
  splits: Split[];
}

/** A nominal journal: debits must equal credits. Each line is JD (debit) or JC (credit), tax code T9. */
export interface Journal {
  date: IsoDate;
  reference: string;
  details?: string;
  lines: Array<{
    nominal: string;
    debit: Minor;
    credit: Minor;
    details?: string;
    department?: number;
    project?: string;
    taxCode?: string;
  }>;
}

export interface PurchaseOrderLine {
  stockCode: string;
  description: string;
  quantity: number;
  unitCost: Minor;
  net: Minor;
  tax: Minor;
  taxCode: string;
  nominal: string;
  department?: number;
  project?: string;
}

/**
 * A purchase order (PopPost) for an item receipt, received in full: each stock-item line's goods are booked in
 * (a goods-in stock movement referenced by the order number), never by QTY_DELIVERED ("previously delivered").
 */
export interface PurchaseOrderDocument {
  /** Sage order number: positive integer. */
  number: number;
  supplier: string;
  /** Supplier reference (SUPP_ORDER_NUMBER, <= 60): the vendor invoice number when there is one. */
  reference?: string;
  date: IsoDate;
  currency?: string;
  exchangeRate?: number;
  lines: PurchaseOrderLine[];
}

/** A stock adjustment in (AI) or out (AO): quantity > 0, cost = unit cost price. */
export interface StockAdjustment {
  type: 'AI' | 'AO';
  stockCode: string;
  quantity: number;
  cost: Minor;
  reference: string; // <= 30
  date: IsoDate;
  details?: string;
}

/** A customer receipt (SR) to the bank, allocated to one invoice (by invoice number or batch reference). */
export interface Receipt {
  account: string;
  /** The Sage invoice number (invoicing module) or the INV_REF of a batch SI. */
  invoice: string;
  amount: Minor;
  date: IsoDate;
  bankNominal?: string; // default: the default bank control account (1200)
  reference?: string;
}

/** Allocate a credit note (or SC) to an invoice (or SI); amount defaults to the smaller outstanding value. */
export interface Allocation {
  credit: string;
  invoice: string;
  amount?: Minor;
  date?: IsoDate;
}

/** What a write created, with the label callers show and record, e.g. "SI 4600", "SC 4601", "PO 102", "AI ADJ-7". */
export interface PostedDocument {
  label: string;
  /** A stable driver id (record number / transaction number). */
  id: string;
  type: 'invoice' | 'credit' | BatchType | 'JD' | 'JC' | 'PO' | 'AI' | 'AO' | 'SR' | 'ALLOC';
  number?: number;
  reference?: string;
  account?: string;
  net: Minor;
  tax: Minor;
}

/** How to look a document up again (duplicate checks, resume, rerun). */
export type DocumentKey =
  | { doc: 'invoice' | 'credit'; number: number }
  | { doc: 'transaction'; type: BatchType; reference: string; account?: string }
  | { doc: 'journal'; reference: string }
  | { doc: 'purchaseOrder'; number: number }
  | { doc: 'stock'; type: 'AI' | 'AO'; reference: string; stockCode?: string };

/** A document as Sage holds it, read back for reconciliation: what `findDocuments` gives, plus its currency. */
export interface LedgerDocument extends PostedDocument {
  /** ISO code of the document's currency (stock movements: the base currency). */
  currency: string;
}

/** A sales document whose payments changed, as payment sync needs it. */
export interface PaymentStatus {
  kind: 'invoice' | 'credit' | 'SI' | 'SC';
  /** Invoice number (invoicing module) or INV_REF (batch). */
  reference: string;
  account: string;
  currency: string;
  gross: Minor; // net + tax
  /** Allocated so far (receipts and credits); for a credit note: how much of it has been used. */
  amountPaid: Minor;
  /** The date the document became fully paid, when it is. */
  fullyPaidOn?: IsoDate;
  /** The date of the latest change to its payments or allocations. */
  lastChanged: IsoDate;
}

export interface ConnectOptions {
  companyDir: string;
  user: string;
  password: string;
}

/** The port. All methods reject with LedgerError for refusals Sage would make. */
export interface SageLedger {
  readonly driver: 'embedded' | 'sdo';
  connect(opts: ConnectOptions): Promise<void>;
  disconnect(): Promise<void>;

  readSetup(): Promise<LedgerSetup>;

  findCustomer(ref: string): Promise<LedgerAccount | undefined>;
  createCustomer(account: NewAccount): Promise<LedgerAccount>;
  findSupplier(ref: string): Promise<LedgerAccount | undefined>;
  createSupplier(account: NewAccount): Promise<LedgerAccount>;
  findProduct(code: string): Promise<Product | undefined>;
  createProduct(product: Product): Promise<Product>;

  createInvoice(doc: InvoiceDocument): Promise<PostedDocument>;
  postTransaction(tx: BatchTransaction): Promise<PostedDocument>;
  postJournal(journal: Journal): Promise<PostedDocument[]>;
  createPurchaseOrder(po: PurchaseOrderDocument): Promise<PostedDocument>;
  postStockAdjustment(adj: StockAdjustment): Promise<PostedDocument>;
  recordReceipt(receipt: Receipt): Promise<PostedDocument>;
  allocate(allocation: Allocation): Promise<PostedDocument>;

  findDocuments(key: DocumentKey): Promise<PostedDocument[]>;
  /**
   * Read many documents back in one call (one round trip to Sage, for reconciling a batch): answer `i` holds
   * what Sage has under `keys[i]`, with its currency; `[]` for a key Sage holds nothing under. Read-only.
   */
  readDocuments(keys: DocumentKey[]): Promise<LedgerDocument[][]>;
  /** Sales documents whose payments or allocations changed on or after `since`. */
  listPaymentChanges(since: IsoDate): Promise<PaymentStatus[]>;
}

/** Error codes of ledger refusals; the messages say, in a finance user's words, what to fix. */
export const LEDGER_ERRORS = [
  'SAGE_NOT_CONNECTED',
  'SAGE_BAD_PATH',
  'SAGE_BAD_LOGIN',
  'SAGE_USER_IN_USE',
  'SAGE_IN_USE',
  'SAGE_EXCLUSIVE',
  'SAGE_NOT_REGISTERED',
  'SAGE_CONTROL_ACCOUNT',
  'SAGE_NOMINAL_UNKNOWN',
  'SAGE_TAX_CODE_UNKNOWN',
  'SAGE_NEGATIVE_VALUE',
  'SAGE_NEGATIVE_LINE',
  'SAGE_DUPLICATE_NUMBER',
  'SAGE_BAD_ACCOUNT_REF',
  'SAGE_ACCOUNT_EXISTS',
  'SAGE_ACCOUNT_UNKNOWN',
  'SAGE_ACCOUNT_TYPE_MISMATCH',
  'SAGE_CURRENCY_MISMATCH',
  'SAGE_FOREIGN_RATE_MISSING',
  'SAGE_CURRENCY_UNKNOWN',
  'SAGE_DEPARTMENT_UNKNOWN',
  'SAGE_PROJECT_UNKNOWN',
  'SAGE_PROJECT_REF_TOO_LONG',
  'SAGE_LOCKED_PERIOD',
  'SAGE_JOURNAL_UNBALANCED',
  'SAGE_PRODUCT_UNKNOWN',
  'SAGE_BAD_PRODUCT_CODE',
  'SAGE_BAD_NUMBER',
  'SAGE_FIELD_TOO_LONG',
  'SAGE_ZERO_VALUE',
  'SAGE_DOCUMENT_UNKNOWN',
  'SAGE_OVER_ALLOCATION',
  'SAGE_VAT_CASH_ACCOUNTING',
  'SAGE_BAD_DATE',
  'SAGE_DRIVER_UNAVAILABLE',
  'SAGE_FAILURE',
] as const;
export type LedgerErrorCode = (typeof LEDGER_ERRORS)[number];
