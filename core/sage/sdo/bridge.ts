/**
 * The wire protocol between sdo-driver.ts and SdoBridge.cs: one edge-js function `(payload, callback)` that
 * takes `{ op, args }` and answers `{ ok: true, value }` or `{ ok: false, error }`. Only plain JSON crosses
 * (numbers, strings, booleans, arrays, objects), which edge-js marshals both ways.
 */
import type { BridgeError } from './error-map.ts';
import type { PostPayload } from './marshal.ts';

/** The shape of the function edge-js returns from `edge.func(...)`. Tests pass a fake with the same shape. */
export type EdgeFunction = (payload: unknown, callback: (error: unknown, result: unknown) => void) => void;

export type BridgeResponse<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

export interface BridgeSetup {
  companyName: string;
  taxCodes: Array<{ number: number; rate: number; description: string }>;
  nominals: Array<{ code: string; name: string }>;
  /** `NominalRecord.FindControlAccount(type)` for each control-account type Sage knows. */
  controls: Array<{ type: number; code: string }>;
  /** Nominal codes of the bank accounts (BankRecord). */
  banks: string[];
  departments: Array<{ number: number; name: string }>;
  /** null when this SDO version cannot list projects. */
  projects: Array<{ ref: string; name: string }> | null;
  /** CurrencyData records: index 0 is the base currency. */
  currencies: Array<{ index: number; code: string; name: string; symbol?: string; rate: number }>;
  financialYearStart: string;
  lockDate?: string | null;
  /** SetupData VAT_CASH_FLAG (non-zero: VAT cash accounting); null when this SDO version has no such field. */
  vatCashFlag?: number | null;
  /** SetupData VAT_SCHEME_FLAG as read, for the log and doctor; its values are not documented here. */
  vatSchemeFlag?: number | null;
}

export interface BridgeAccount {
  ref: string;
  name: string;
  currency: number;
}
export interface BridgeProduct {
  code: string;
  description: string;
  itemType: number;
  salesNominal?: string;
  purchaseNominal?: string;
  taxCode?: number;
}
export interface BridgeFound {
  id: string;
  type: string;
  number?: number;
  reference?: string;
  account?: string;
  net: number;
  tax: number;
  /** CURRENCY (index into CurrencyData; 0 = base); absent from older bridges. */
  currency?: number;
}
export interface BridgePaymentChange {
  kind: 'invoice' | 'credit' | 'SI' | 'SC';
  reference: string;
  account: string;
  currency: number;
  gross: number;
  amountPaid: number;
  fullyPaidOn?: string | null;
  lastChanged: string;
}

/** Every operation the bridge implements, with its arguments and result. */
export interface BridgeOps {
  connect: {
    args: { companyDir: string; user: string; password: string; sdoVersion?: number };
    result: { version: number; progId: string };
  };
  disconnect: { args: Record<string, never>; result: Record<string, never> };
  readSetup: { args: Record<string, never>; result: BridgeSetup };
  findAccount: { args: { ledger: 'sales' | 'purchase'; ref: string }; result: BridgeAccount | null };
  createAccount: {
    args: { ledger: 'sales' | 'purchase'; ref: string; name: string; currency: number };
    result: BridgeAccount;
  };
  findProduct: { args: { code: string }; result: BridgeProduct | null };
  createProduct: { args: BridgeProduct; result: BridgeProduct };
  post: { args: PostPayload; result: { postingNumber?: number; invoiceNumber?: number } };
  /** `amount` in the account's currency; for a foreign account `currency` (index) and `rate` give the base amount. */
  receipt: {
    args: {
      account: string;
      invoice: string;
      byNumber: boolean;
      amount: number;
      date: string;
      bank: string;
      reference: string;
      currency: number;
      rate: number;
    };
    result: { postingNumber: number };
  };
  allocate: {
    args: {
      credit: string;
      creditByNumber: boolean;
      invoice: string;
      invoiceByNumber: boolean;
      amount: number | null;
      date: string;
    };
    result: { amount: number; account: string };
  };
  find: {
    args: { doc: string; number?: number; type?: number; reference?: string; account?: string; stockCode?: string };
    result: BridgeFound[];
  };
  /** Many look-ups in one call (reconciliation reads a batch back): answer i is `find` of keys[i]. */
  findMany: { args: { keys: Array<BridgeOps['find']['args']> }; result: BridgeFound[][] };
  paymentChanges: { args: { since: string }; result: BridgePaymentChange[] };
}

export type BridgeOp = keyof BridgeOps;

/** Call the edge function; resolves with the bridge's answer, rejects only when the bridge itself threw. */
export function invokeBridge<K extends BridgeOp>(
  fn: EdgeFunction,
  op: K,
  args: BridgeOps[K]['args'],
): Promise<BridgeResponse<BridgeOps[K]['result']>> {
  return new Promise((resolve, reject) => {
    try {
      fn({ op, args }, (error, result) =>
        error ? reject(error) : resolve(result as BridgeResponse<BridgeOps[K]['result']>),
      );
    } catch (e) {
      reject(e);
    }
  });
}
