/**
 * Port documents -> the field maps the C# bridge writes into SDO's posting objects (field names exactly as
 * the SDO help spells them). Money goes as decimal pounds (Sage's doubles, rounded to 2 places); dates as
 * YYYY-MM-DD (the bridge makes DateTimes of every *DATE field); tax codes as numbers 0-99; currencies as
 * Sage's currency index. Pure functions, so the marshalling is tested without Sage.
 */
import { fromMinor } from '../../money.ts';
import type { BatchTransaction, InvoiceDocument, Journal, PurchaseOrderDocument, StockAdjustment } from '../ledger.ts';
import { parseTaxCode, toBase } from '../rules.ts';

export type Fields = Record<string, string | number | boolean>;

export interface PostItem {
  fields: Fields;
  /** Project reference, loaded and set as `item.Project` / `split.Project`. */
  project?: string;
  /** Service-invoice line text (`item.Text`). */
  text?: string;
}

export interface PostPayload {
  /** The SDO posting object to create with `ws.CreateObject`. */
  object: 'InvoicePost' | 'TransactionPost' | 'JournalPost' | 'PopPost' | 'StockPost';
  /** `post.Type` (LedgerType) for ISP objects, so numbering works. */
  ledgerType?: number;
  header: Fields;
  items: PostItem[];
}

/** What the marshaller needs to know about the company. */
export interface MarshalContext {
  currencyIndex(code: string): number;
  baseCurrency: string;
}

export const TRANS_TYPE = { SI: 1, SC: 2, SR: 3, SA: 4, PI: 6, PC: 7, PP: 8, PA: 9, JD: 15, JC: 16 } as const;
export const STOCK_TRANS_TYPE = { AI: 1, AO: 2, GI: 3, GO: 4 } as const;
export const LEDGER_TYPE = { invoice: 261, service: 264, credit: 265, pop: 268, serviceCredit: 279 } as const;
export const INVOICE_TYPE_CODE = { productInvoice: 0, serviceInvoice: 2, productCredit: 3, serviceCredit: 4 } as const;

const money = (minor: number) => fromMinor(minor);
const taxNumber = (code: string) => parseTaxCode(code) ?? -1;

function currencyFields(ctx: MarshalContext, currency: string | undefined, rate: number | undefined): Fields {
  const cur = (currency ?? ctx.baseCurrency).toUpperCase();
  if (cur === ctx.baseCurrency) return { CURRENCY: 0 };
  return { CURRENCY: ctx.currencyIndex(cur), FOREIGN_RATE: rate ?? 0 };
}

export function invoicePayload(ctx: MarshalContext, doc: InvoiceDocument): PostPayload {
  const credit = doc.kind === 'credit';
  const service = doc.format === 'service';
  const ledgerType = service
    ? credit
      ? LEDGER_TYPE.serviceCredit
      : LEDGER_TYPE.service
    : credit
      ? LEDGER_TYPE.credit
      : LEDGER_TYPE.invoice;
  const typeCode = service
    ? credit
      ? INVOICE_TYPE_CODE.serviceCredit
      : INVOICE_TYPE_CODE.serviceInvoice
    : credit
      ? INVOICE_TYPE_CODE.productCredit
      : INVOICE_TYPE_CODE.productInvoice;
  return {
    object: 'InvoicePost',
    ledgerType,
    header: {
      ACCOUNT_REF: doc.account,
      INVOICE_NUMBER: doc.number,
      INVOICE_DATE: doc.date,
      INVOICE_TYPE_CODE: typeCode,
      ...(doc.orderNumber ? { CUST_ORDER_NUMBER: doc.orderNumber } : {}),
      ...(doc.notes ? { NOTES_1: doc.notes } : {}),
      ...currencyFields(ctx, doc.currency, doc.exchangeRate),
    },
    items: doc.lines.map((l) => ({
      fields: {
        STOCK_CODE: l.stockCode || 'S1',
        DESCRIPTION: l.description,
        QTY_ORDER: l.quantity,
        UNIT_PRICE: money(l.unitPrice),
        NET_AMOUNT: money(l.net),
        FULL_NET_AMOUNT: money(l.net),
        TAX_AMOUNT: money(l.tax),
        TAX_CODE: taxNumber(l.taxCode),
        TAX_FLAG: 1,
        NOMINAL_CODE: l.nominal,
        DEPT_NUMBER: l.department ?? 0,
        ...(service ? { SERVICE_FLAG: 1 } : {}),
      },
      ...(l.project ? { project: l.project.toUpperCase() } : {}),
      ...(service ? { text: l.description } : {}),
    })),
  };
}

export function transactionPayload(ctx: MarshalContext, tx: BatchTransaction, rate: number): PostPayload {
  const foreign = rate !== 1;
  const type = TRANS_TYPE[tx.type];
  const net = tx.splits.reduce((t, s) => t + s.net, 0);
  const tax = tx.splits.reduce((t, s) => t + s.tax, 0);
  const baseNet = tx.splits.reduce((t, s) => t + toBase(s.net, rate), 0);
  const baseTax = tx.splits.reduce((t, s) => t + toBase(s.tax, rate), 0);
  return {
    object: 'TransactionPost',
    header: {
      ACCOUNT_REF: tx.account,
      TYPE: type,
      DATE: tx.date,
      POSTED_DATE: tx.date,
      INV_REF: tx.reference,
      DETAILS: tx.details ?? '',
      NET_AMOUNT: money(baseNet),
      TAX_AMOUNT: money(baseTax),
      ...currencyFields(ctx, tx.currency, tx.exchangeRate),
      ...(foreign ? { FOREIGN_NET_AMOUNT: money(net), FOREIGN_TAX_AMOUNT: money(tax) } : {}),
    },
    items: tx.splits.map((s) => ({
      fields: {
        TYPE: type,
        NOMINAL_CODE: s.nominal,
        TAX_CODE: taxNumber(s.taxCode),
        NET_AMOUNT: money(toBase(s.net, rate)),
        TAX_AMOUNT: money(toBase(s.tax, rate)),
        DATE: tx.date,
        DETAILS: s.details ?? tx.details ?? '',
        DEPT_NUMBER: s.department ?? 0,
        ...(foreign ? { FOREIGN_NET_AMOUNT: money(s.net), FOREIGN_TAX_AMOUNT: money(s.tax) } : {}),
      },
      ...(s.project ? { project: s.project.toUpperCase() } : {}),
    })),
  };
}

export function journalPayload(j: Journal): PostPayload {
  return {
    object: 'JournalPost',
    header: { DATE: j.date, INV_REF: j.reference, DETAILS: j.details ?? '' },
    items: j.lines.map((l) => ({
      fields: {
        TYPE: l.debit > 0 ? TRANS_TYPE.JD : TRANS_TYPE.JC,
        NOMINAL_CODE: l.nominal,
        TAX_CODE: taxNumber(l.taxCode ?? 'T9'),
        NET_AMOUNT: money(l.debit > 0 ? l.debit : l.credit),
        TAX_AMOUNT: 0,
        DATE: j.date,
        DETAILS: l.details ?? j.details ?? '',
        INV_REF: j.reference,
        DEPT_NUMBER: l.department ?? 0,
      },
      ...(l.project ? { project: l.project.toUpperCase() } : {}),
    })),
  };
}

export function purchaseOrderPayload(ctx: MarshalContext, po: PurchaseOrderDocument): PostPayload {
  return {
    object: 'PopPost',
    ledgerType: LEDGER_TYPE.pop,
    header: {
      ACCOUNT_REF: po.supplier,
      ORDER_NUMBER: po.number,
      ORDER_DATE: po.date,
      ...(po.reference ? { SUPP_ORDER_NUMBER: po.reference } : {}),
      ...currencyFields(ctx, po.currency, po.exchangeRate),
    },
    items: po.lines.map((l) => ({
      fields: {
        STOCK_CODE: l.stockCode || 'S1',
        DESCRIPTION: l.description,
        QTY_ORDER: l.quantity,
        UNIT_PRICE: money(l.unitCost),
        NET_AMOUNT: money(l.net),
        FULL_NET_AMOUNT: money(l.net),
        TAX_AMOUNT: money(l.tax),
        TAX_CODE: taxNumber(l.taxCode),
        TAX_FLAG: 1,
        NOMINAL_CODE: l.nominal,
        DEPT_NUMBER: l.department ?? 0,
      },
      ...(l.project ? { project: l.project.toUpperCase() } : {}),
    })),
  };
}

/**
 * The goods received on a purchase order, as a StockPost goods-in (GI) of one stock item. QTY_DELIVERED on
 * the order means "previously delivered" and books nothing, so the receipt is recorded as a stock movement
 * referenced by the order number. `unitCost` is in the base currency (stock is valued in it).
 */
export function goodsInPayload(
  po: { number: number; date: string },
  line: { stockCode: string; quantity: number; unitCost: number },
): PostPayload {
  return {
    object: 'StockPost',
    header: { STOCK_CODE: line.stockCode },
    items: [
      {
        fields: {
          STOCK_CODE: line.stockCode,
          TYPE: STOCK_TRANS_TYPE.GI,
          DATE: po.date,
          QUANTITY: line.quantity,
          COST_PRICE: money(line.unitCost),
          REFERENCE: String(po.number),
          DETAILS: `Goods in, purchase order ${po.number}`,
        },
      },
    ],
  };
}

export function stockPayload(adj: StockAdjustment): PostPayload {
  return {
    object: 'StockPost',
    header: { STOCK_CODE: adj.stockCode },
    items: [
      {
        fields: {
          STOCK_CODE: adj.stockCode,
          TYPE: STOCK_TRANS_TYPE[adj.type],
          DATE: adj.date,
          QUANTITY: adj.quantity,
          COST_PRICE: money(adj.cost),
          REFERENCE: adj.reference,
          DETAILS: adj.details ?? '',
        },
      },
    ],
  };
}
