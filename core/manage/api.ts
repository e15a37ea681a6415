/**
 * The `ManageApi` port: everything the export engine, the payment sync and `doctor` need from ConnectWise
 * Manage. The real implementation is client.ts (HTTP); the sandbox is a real HTTP server, so tests use the
 * same client against it. All lists return every page; all results are zod-parsed models.
 */
import type {
  AccountingBatch,
  BatchEntry,
  CatalogItem,
  Company,
  CreateAccountingBatchRequest,
  Currency,
  ExportAccountingBatchRequest,
  GLAccount,
  GLExport,
  Invoice,
  InvoicePayment,
  InvoicePaymentChange,
  Location,
  Member,
  NewInvoicePayment,
  ProductType,
  PurchaseOrder,
  SystemInfo,
  TaxCode,
  TaxCodeLevel,
  UnpostedExpense,
  UnpostedInvoice,
  UnpostedProcurement,
} from './models.ts';

/** Filter of the unposted lists: by location and closed-through date (YYYY-MM-DD, inclusive). */
export interface UnpostedFilter {
  locationId?: number;
  throughDate?: string;
}

export interface ManageStats {
  /** HTTP requests sent (including retries and token requests). */
  requestCount: number;
  /** Of those, how many were retries. */
  retryCount: number;
}

export interface CreateBatchOptions {
  /**
   * Called once Manage is known to have applied the POST, before the batch is read back by identifier: a caller
   * may start its own reads of what the batch changed (the unposted list) beside that read-back.
   */
  onApplied?: () => void;
  /**
   * The caller has made sure no batch carries the identifier (a run looks it up beside its first reads): the
   * look-up before the POST is left out, one round trip less. A Manage refuses a taken identifier anyway
   * (ObjectExists), which is MANAGE_BATCH_EXISTS all the same; and should a Manage take it, the read-back picks
   * the newest batch of that identifier.
   */
  identifierChecked?: boolean;
}

export interface ManageApi {
  /** `GET system/info`: also the cheapest check that the credentials work. */
  systemInfo(): Promise<SystemInfo>;

  listUnpostedInvoices(f?: UnpostedFilter): Promise<UnpostedInvoice[]>;
  listUnpostedExpenses(f?: UnpostedFilter): Promise<UnpostedExpense[]>;
  listUnpostedProcurement(f?: UnpostedFilter): Promise<UnpostedProcurement[]>;
  /** `POST finance/accounting/export`: the GL export of a selection (use record-ids.ts for the id lists). */
  exportAccounting(req: ExportAccountingBatchRequest): Promise<GLExport>;

  listBatches(conditions?: string): Promise<AccountingBatch[]>;
  findBatch(batchIdentifier: string): Promise<AccountingBatch | undefined>;
  /**
   * `POST finance/accounting/batches`, then reads the batch back by identifier. Never creates two: when the
   * outcome is unknown (connection dropped, timeout, 5xx) it looks the identifier up before any retry.
   * Throws MANAGE_BATCH_EXISTS when the identifier was already taken before this call.
   */
  createBatch(req: CreateAccountingBatchRequest, opts?: CreateBatchOptions): Promise<AccountingBatch>;
  /** `DELETE finance/accounting/batches/{id}`: its records return to the unposted lists. */
  deleteBatch(id: number): Promise<void>;
  listBatchEntries(batchId: number): Promise<BatchEntry[]>;
  /** `POST finance/accounting/batches/{id}/export`: the GL export of an existing batch (rerun). */
  exportBatch(batchId: number, req?: ExportAccountingBatchRequest): Promise<GLExport>;

  /** Invoices by number; chunked `invoiceNumber in (...)` so thousands of numbers take few requests. */
  findInvoicesByNumber(numbers: string[]): Promise<Invoice[]>;
  getInvoice(id: number): Promise<Invoice>;
  listInvoicePayments(invoiceId: number): Promise<InvoicePayment[]>;
  /**
   * `POST finance/invoices/{id}/payments`. After an unknown outcome it looks before it sends again, so a payment
   * is never recorded twice (else MANAGE_AMBIGUOUS).
   */
  createInvoicePayment(invoiceId: number, p: NewInvoicePayment): Promise<InvoicePayment>;
  /**
   * `PATCH finance/invoices/{id}/payments/{paymentId}`: Manage allows one payment per invoice, so a later
   * instalment updates it. Setting an absolute amount is safe to repeat after an unknown outcome.
   */
  updateInvoicePayment(invoiceId: number, paymentId: number, change: InvoicePaymentChange): Promise<InvoicePayment>;
  /**
   * The `type` of a payment already in Manage (the latest invoice with payments), so new payments use the
   * server's own value; undefined when no invoice has one.
   */
  samplePaymentType(): Promise<string | undefined>;

  listCompanies(conditions?: string): Promise<Company[]>;
  listMembers(conditions?: string): Promise<Member[]>;
  listGlAccounts(conditions?: string): Promise<GLAccount[]>;
  listTaxCodes(): Promise<TaxCode[]>;
  /** One tax code's `taxCodeLevels` (level 1 carries the Sage code in `taxCodeXref`). */
  listTaxCodeLevels(taxCodeId: number): Promise<TaxCodeLevel[]>;
  listProductTypes(): Promise<ProductType[]>;
  listCatalogItems(conditions?: string): Promise<CatalogItem[]>;
  listPurchaseOrders(conditions?: string): Promise<PurchaseOrder[]>;
  listLocations(): Promise<Location[]>;
  listCurrencies(): Promise<Currency[]>;

  /** Counters for benchmarks and tests (O(pages) assertions). */
  readonly stats: ManageStats;
}

/** The HTTP client: the port plus a shortcut to the request counter. */
export interface ManageClient extends ManageApi {
  readonly requestCount: number;
  /** The resolved base URL (ending in /apis/3.0), once known. */
  baseUrl(): Promise<string>;
}
