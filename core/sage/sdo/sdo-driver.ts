/**
 * The SDO driver: `SageLedger` over real Sage 50 through the C# bridge (SdoBridge.cs) that edge-js runs.
 * It checks each document with the same rules as the embedded company before handing it to Sage (so the
 * refusals read the same), marshals it into SDO field maps, and maps SDO error codes back to port codes.
 * The edge function is injected: open-ledger.ts builds it from edge-js on Windows, tests pass a fake.
 */

import type { Logger } from '../../logger.ts';
import { toMinor } from '../../money.ts';
import {
  type CheckedPoLine,
  checkInvoiceLine,
  checkJournal,
  checkPoLine,
  checkSplit,
  stockValue,
  totals,
} from '../document-rules.ts';
import { isLedgerError, LedgerError, notConnected, refuse } from '../errors.ts';
import type {
  Allocation,
  BatchTransaction,
  ConnectOptions,
  DocumentKey,
  InvoiceDocument,
  ItemType,
  Journal,
  LedgerAccount,
  LedgerDocument,
  LedgerSetup,
  NewAccount,
  PaymentStatus,
  PostedDocument,
  Product,
  PurchaseOrderDocument,
  Receipt,
  SageLedger,
  StockAdjustment,
} from '../ledger.ts';
import {
  capitalise,
  checkAccountRef,
  checkDate,
  checkDocumentNumber,
  checkLength,
  checkMoney,
  checkNominal,
  checkPostingDate,
  checkQuantity,
  checkTaxCode,
  LIMITS,
  normaliseRef,
  parseTaxCode,
  resolveCurrency,
  toBase,
} from '../rules.ts';
import { checkVatSchemeForPayments } from '../vat-scheme.ts';
import {
  type BridgeFound,
  type BridgeOp,
  type BridgeOps,
  type BridgeProduct,
  type EdgeFunction,
  invokeBridge,
} from './bridge.ts';
import { mapBridgeError } from './error-map.ts';
import {
  goodsInPayload,
  invoicePayload,
  journalPayload,
  purchaseOrderPayload,
  stockPayload,
  TRANS_TYPE,
  transactionPayload,
} from './marshal.ts';
import { buildSnapshot, type SdoSnapshot } from './setup.ts';

export interface SdoOptions {
  /** The edge-js function compiled from SdoBridge.cs (or a fake in tests). */
  edge: EdgeFunction;
  logger?: Logger;
  /** SDO major version (SAGE_SDO_VERSION); default: the registry's current version. */
  sdoVersion?: number;
  today?: () => string;
}

const ITEM_TYPES: ItemType[] = ['stock', 'non-stock', 'service', 'description'];
type Ledger = 'sales' | 'purchase';

export class SdoLedger implements SageLedger {
  readonly driver = 'sdo' as const;
  private snap?: SdoSnapshot;

  constructor(private readonly opts: SdoOptions) {}

  async connect(o: ConnectOptions): Promise<void> {
    if (this.snap) await this.disconnect();
    const r = await this.call('connect', {
      companyDir: o.companyDir,
      user: o.user,
      password: o.password,
      ...(this.opts.sdoVersion ? { sdoVersion: this.opts.sdoVersion } : {}),
    });
    try {
      this.snap = buildSnapshot(await this.call('readSetup', {}));
    } catch (e) {
      await this.call('disconnect', {}).catch(() => undefined);
      throw e;
    }
    this.opts.logger?.info(
      { companyDir: o.companyDir, user: o.user, progId: r.progId },
      'connected to Sage through SDO',
    );
  }

  async disconnect(): Promise<void> {
    if (!this.snap) return;
    this.snap = undefined;
    await this.call('disconnect', {});
  }

  async readSetup(): Promise<LedgerSetup> {
    this.s();
    this.snap = buildSnapshot(await this.call('readSetup', {}));
    return this.snap.ledger;
  }

  findCustomer(ref: string) {
    return this.findAccount('sales', ref);
  }
  findSupplier(ref: string) {
    return this.findAccount('purchase', ref);
  }
  createCustomer(a: NewAccount) {
    return this.createAccount('sales', a);
  }
  createSupplier(a: NewAccount) {
    return this.createAccount('purchase', a);
  }

  async findProduct(code: string): Promise<Product | undefined> {
    this.s();
    const p = await this.call('findProduct', { code: String(code ?? '').trim() });
    return p ? fromBridgeProduct(p) : undefined;
  }

  async createProduct(p: Product): Promise<Product> {
    const s = this.s();
    const code = String(p.code ?? '').trim();
    checkLength(code, LIMITS.stockCode, 'stock code', `product ${code}`);
    if (!code || ['S1', 'S2', 'S3', 'M'].includes(code.toUpperCase()))
      throw refuse(
        'SAGE_BAD_PRODUCT_CODE',
        `"${code}" cannot be used as a product code.`,
        'Use a product code of 1 to 30 characters, not S1, S2, S3 or M.',
      );
    checkLength(p.description, LIMITS.description, 'description', `product ${code}`);
    const salesNominal = checkNominal(
      s.rules,
      p.salesNominal ?? '4000',
      `the sales nominal code of product ${code}`,
    ).code;
    const purchaseNominal = checkNominal(
      s.rules,
      p.purchaseNominal ?? '5000',
      `the purchase nominal code of product ${code}`,
    ).code;
    const taxCode = parseTaxCode(checkTaxCode(s.rules, p.taxCode ?? 'T1', `product ${code}`).code)!;
    const itemType = ITEM_TYPES.indexOf(p.itemType);
    if (itemType < 0)
      throw refuse(
        'SAGE_BAD_PRODUCT_CODE',
        `Product ${code} has an unknown item type "${String(p.itemType)}".`,
        'Use stock, non-stock, service or description.',
      );
    return fromBridgeProduct(
      await this.call('createProduct', {
        code,
        description: p.description ?? '',
        itemType,
        salesNominal,
        purchaseNominal,
        taxCode,
      }),
    );
  }

  async createInvoice(doc: InvoiceDocument): Promise<PostedDocument> {
    const s = this.s();
    checkDocumentNumber(doc.number, doc.kind === 'credit' ? 'credit note' : 'invoice');
    const where = `${doc.kind === 'credit' ? 'credit note' : 'invoice'} ${doc.number}`;
    const existing = await this.call('find', { doc: 'invoice', number: doc.number });
    if (existing.length) {
      throw refuse(
        'SAGE_DUPLICATE_NUMBER',
        `Number ${doc.number} is already used by ${existing[0].type === 'credit' ? 'credit note' : 'invoice'} ${doc.number} in Sage.`,
        'Check Invoices and credits in Sage before sending it again; an invoice and a credit note cannot share a number.',
        { number: doc.number },
      );
    }
    const account = await this.requireAccount('sales', doc.account, where);
    checkPostingDate(s.rules, doc.date, where);
    const cur = resolveCurrency(s.rules, account.currency, doc.currency, doc.exchangeRate, where, account.ref);
    checkLength(doc.orderNumber, LIMITS.orderNumber, 'order number', where);
    checkLength(doc.notes, LIMITS.notes, 'notes', where);
    if (!doc.lines?.length)
      throw refuse('SAGE_ZERO_VALUE', `${capitalise(where)} has no lines.`, 'Give the document at least one line.');
    const products = await this.products(doc.lines.map((l) => l.stockCode));
    const lines = doc.lines.map((l, i) =>
      checkInvoiceLine(s.rules, l, `line ${i + 1} of ${where}`, doc.format, cur.rate, (c) => products.get(c)),
    );
    const { net, tax } = totals(lines);
    const r = await this.call(
      'post',
      invoicePayload(this.marshalContext(), {
        ...doc,
        account: account.ref,
        currency: cur.currency,
        exchangeRate: cur.rate,
      }),
    );
    const number = r.invoiceNumber ?? doc.number;
    return {
      label: `${doc.kind === 'credit' ? 'SC' : 'SI'} ${number}`,
      id: `invoice:${number}`,
      type: doc.kind,
      number,
      reference: String(number),
      account: account.ref,
      net,
      tax,
    };
  }

  async postTransaction(tx: BatchTransaction): Promise<PostedDocument> {
    const s = this.s();
    const reference = (tx.reference ?? '').trim();
    const where = `${tx.type} ${reference || '(no reference)'}`;
    if (!(tx.type in { SI: 1, SC: 1, PI: 1, PC: 1 }))
      throw refuse('SAGE_FAILURE', `Unknown batch transaction type "${String(tx.type)}".`, 'Use SI, SC, PI or PC.');
    checkLength(reference, LIMITS.invRef, 'reference', where);
    checkLength(tx.details, LIMITS.details, 'details', where);
    const account = await this.requireAccount(
      tx.type === 'SI' || tx.type === 'SC' ? 'sales' : 'purchase',
      tx.account,
      where,
    );
    checkPostingDate(s.rules, tx.date, where);
    const cur = resolveCurrency(s.rules, account.currency, tx.currency, tx.exchangeRate, where, account.ref);
    if (!tx.splits?.length)
      throw refuse('SAGE_ZERO_VALUE', `${where} has no splits.`, 'Give the transaction at least one nominal line.');
    const splits = tx.splits.map((sp, i) => checkSplit(s.rules, sp, `split ${i + 1} of ${where}`, cur.rate));
    const { net, tax } = totals(splits);
    if (net + tax === 0)
      throw refuse(
        'SAGE_ZERO_VALUE',
        `${where} has a total value of zero.`,
        'Sage does not post a zero-value batch transaction: leave it out.',
      );
    const r = await this.call(
      'post',
      transactionPayload(
        this.marshalContext(),
        { ...tx, account: account.ref, reference, currency: cur.currency, exchangeRate: cur.rate },
        cur.rate,
      ),
    );
    return {
      label: `${tx.type} ${reference}`,
      id: `tran:${r.postingNumber ?? ''}`,
      type: tx.type,
      reference,
      account: account.ref,
      net,
      tax,
    };
  }

  async postJournal(j: Journal): Promise<PostedDocument[]> {
    const s = this.s();
    const { reference, lines } = checkJournal(s.rules, j);
    const r = await this.call('post', journalPayload({ ...j, reference }));
    return lines.map((l, i) => ({
      label: `${l.type} ${reference}`,
      id: `tran:${r.postingNumber ?? ''}:${i}`,
      type: l.type,
      reference,
      account: l.nominal,
      net: l.net,
      tax: 0,
    }));
  }

  async createPurchaseOrder(po: PurchaseOrderDocument): Promise<PostedDocument> {
    const s = this.s();
    checkDocumentNumber(po.number, 'purchase order');
    const where = `purchase order ${po.number}`;
    if ((await this.call('find', { doc: 'purchaseOrder', number: po.number })).length) {
      throw refuse(
        'SAGE_DUPLICATE_NUMBER',
        `Purchase order ${po.number} already exists in Sage.`,
        'Check Purchase orders in Sage before sending it again.',
        { number: po.number },
      );
    }
    const supplier = await this.requireAccount('purchase', po.supplier, where);
    checkLength(po.reference, LIMITS.orderNumber, 'supplier reference', where);
    checkPostingDate(s.rules, po.date, where);
    const cur = resolveCurrency(s.rules, supplier.currency, po.currency, po.exchangeRate, where, supplier.ref);
    if (!po.lines?.length)
      throw refuse('SAGE_ZERO_VALUE', `${capitalise(where)} has no lines.`, 'Give the order at least one line.');
    const products = await this.products(po.lines.map((l) => l.stockCode));
    const lines = po.lines.map((l, i) =>
      checkPoLine(s.rules, l, `line ${i + 1} of ${where}`, cur.rate, (c) => products.get(c)),
    );
    const { net, tax } = totals(lines);
    await this.call(
      'post',
      purchaseOrderPayload(this.marshalContext(), {
        ...po,
        supplier: supplier.ref,
        currency: cur.currency,
        exchangeRate: cur.rate,
      }),
    );
    await this.bookGoodsIn(po, lines, cur.rate);
    return {
      label: `PO ${po.number}`,
      id: `po:${po.number}`,
      type: 'PO',
      number: po.number,
      reference: po.reference,
      account: supplier.ref,
      net,
      tax,
    };
  }

  async postStockAdjustment(adj: StockAdjustment): Promise<PostedDocument> {
    const s = this.s();
    const reference = (adj.reference ?? '').trim();
    const where = `stock adjustment ${adj.type} ${reference}`;
    if (adj.type !== 'AI' && adj.type !== 'AO')
      throw refuse('SAGE_FAILURE', `Unknown stock adjustment type "${String(adj.type)}".`, 'Use AI (in) or AO (out).');
    checkLength(reference, LIMITS.stockRef, 'reference', where);
    checkLength(adj.details, LIMITS.details, 'details', where);
    if (adj.quantity < 0)
      throw refuse(
        'SAGE_NEGATIVE_VALUE',
        `The quantity of ${where} is negative.`,
        'Post an adjustment out (AO) instead of a negative adjustment in, or the other way round.',
      );
    checkQuantity(adj.quantity, where, false);
    checkMoney(adj.cost ?? 0, 'cost price', where, 'SAGE_NEGATIVE_VALUE');
    checkPostingDate(s.rules, adj.date, where);
    if (!(await this.findProduct(adj.stockCode)))
      throw refuse(
        'SAGE_PRODUCT_UNKNOWN',
        `Product ${adj.stockCode} on ${where} does not exist in Sage.`,
        'Create the product first, then post the adjustment.',
      );
    await this.call('post', stockPayload({ ...adj, reference }));
    return {
      label: `${adj.type} ${reference}`,
      id: `stock:${reference}`,
      type: adj.type,
      reference,
      net: stockValue(adj.cost ?? 0, adj.quantity),
      tax: 0,
    };
  }

  async recordReceipt(r: Receipt): Promise<PostedDocument> {
    const s = this.s();
    const account = await this.requireAccount('sales', r.account, `the receipt for invoice ${r.invoice}`);
    const where = `the receipt from ${account.ref} for invoice ${r.invoice}`;
    checkMoney(r.amount, 'amount', where, 'SAGE_NEGATIVE_VALUE');
    if (r.amount === 0)
      throw refuse('SAGE_ZERO_VALUE', `${capitalise(where)} has an amount of zero.`, 'Give the amount received.');
    checkPostingDate(s.rules, r.date, where);
    checkVatSchemeForPayments(s.rules, where);
    checkLength(r.reference, LIMITS.invRef, 'reference', where);
    const bank = r.bankNominal ?? s.defaultBank;
    const invoice = String(r.invoice).trim();
    const reference = (r.reference ?? '').trim() || invoice;
    const rate = account.currency === s.rules.baseCurrency ? 1 : (s.rules.currencies.get(account.currency)?.rate ?? 1);
    const res = await this.call('receipt', {
      account: account.ref,
      invoice,
      byNumber: /^\d+$/.test(invoice),
      amount: r.amount / 100,
      date: r.date,
      bank,
      reference,
      currency: s.currencyIndex(account.currency),
      rate,
    });
    return {
      label: `SR ${reference}`,
      id: `tran:${res.postingNumber}`,
      type: 'SR',
      reference,
      account: account.ref,
      net: r.amount,
      tax: 0,
    };
  }

  async allocate(a: Allocation): Promise<PostedDocument> {
    const s = this.s();
    const date = a.date ?? this.opts.today?.() ?? new Date().toISOString().slice(0, 10);
    const where = `the allocation of credit ${a.credit} to invoice ${a.invoice}`;
    checkPostingDate(s.rules, date, where);
    checkVatSchemeForPayments(s.rules, where);
    if (a.amount !== undefined) checkMoney(a.amount, 'amount', 'the allocation', 'SAGE_NEGATIVE_VALUE');
    const credit = String(a.credit).trim();
    const invoice = String(a.invoice).trim();
    const res = await this.call('allocate', {
      credit,
      creditByNumber: /^\d+$/.test(credit),
      invoice,
      invoiceByNumber: /^\d+$/.test(invoice),
      amount: a.amount === undefined ? null : a.amount / 100,
      date,
    });
    return {
      label: `ALLOC ${credit} to ${invoice}`,
      id: `alloc:${credit}:${invoice}:${date}`,
      type: 'ALLOC',
      reference: invoice,
      account: res.account,
      net: toMinor(res.amount),
      tax: 0,
    };
  }

  async findDocuments(key: DocumentKey): Promise<PostedDocument[]> {
    this.s();
    const found = await this.call('find', findArgs(key));
    return found.filter((f) => sameDocKind(key, f)).map(fromBridgeFound);
  }

  /** One bridge call for the whole list (`findMany`): the batch is read back in a single round trip. */
  async readDocuments(keys: DocumentKey[]): Promise<LedgerDocument[][]> {
    const s = this.s();
    if (!keys.length) return [];
    const answers = await this.call('findMany', { keys: keys.map(findArgs) });
    return keys.map((key, i) =>
      (answers[i] ?? [])
        .filter((f) => sameDocKind(key, f))
        .map((f) => ({ ...fromBridgeFound(f), currency: s.currencyCode(f.currency ?? 0) })),
    );
  }

  async listPaymentChanges(since: string): Promise<PaymentStatus[]> {
    const s = this.s();
    checkDate(since, 'the payment sync start');
    return (await this.call('paymentChanges', { since })).map((p) => ({
      kind: p.kind,
      reference: p.reference,
      account: p.account,
      currency: s.currencyCode(p.currency),
      gross: toMinor(p.gross),
      amountPaid: toMinor(p.amountPaid),
      ...(p.fullyPaidOn ? { fullyPaidOn: p.fullyPaidOn } : {}),
      lastChanged: p.lastChanged,
    }));
  }

  private async findAccount(ledger: Ledger, ref: string): Promise<LedgerAccount | undefined> {
    const s = this.s();
    const a = await this.call('findAccount', { ledger, ref: normaliseRef(ref) });
    return a ? { ref: a.ref, name: a.name, currency: s.currencyCode(a.currency) } : undefined;
  }

  private async createAccount(ledger: Ledger, a: NewAccount): Promise<LedgerAccount> {
    const s = this.s();
    const ref = (a.ref ?? '').trim();
    const what = ledger === 'sales' ? 'customer' : 'supplier';
    checkAccountRef(ref, `The ${what} A/C ref`);
    const name = (a.name ?? '').trim() || ref;
    checkLength(name, LIMITS.accountName, 'name', `${what} ${ref}`);
    const currency = s.currencyIndex(a.currency ?? s.rules.baseCurrency);
    if (await this.call('findAccount', { ledger, ref }))
      throw refuse(
        'SAGE_ACCOUNT_EXISTS',
        `A ${what} with A/C ref ${ref} already exists in Sage.`,
        'Use the existing account, or choose another A/C ref.',
        { ref },
      );
    const r = await this.call('createAccount', { ledger, ref, name, currency });
    return { ref: r.ref, name: r.name, currency: s.currencyCode(r.currency) };
  }

  private async requireAccount(ledger: Ledger, ref: string, where: string): Promise<LedgerAccount> {
    const found = await this.findAccount(ledger, ref);
    if (found) return found;
    const other: Ledger = ledger === 'sales' ? 'purchase' : 'sales';
    const word = (l: Ledger) => (l === 'sales' ? 'customer' : 'supplier');
    if (await this.findAccount(other, ref)) {
      throw refuse(
        'SAGE_ACCOUNT_TYPE_MISMATCH',
        `${capitalise(where)} is for ${normaliseRef(ref)}, which is a ${word(other)} account, not a ${word(ledger)} account.`,
        `Use a ${word(ledger)} account: check the account mapping in Manage.`,
        { ref },
      );
    }
    throw refuse(
      'SAGE_ACCOUNT_UNKNOWN',
      `There is no ${word(ledger)} with A/C ref ${normaliseRef(ref)} in Sage (${where}).`,
      `Create the ${word(ledger)} in Sage first, or check the account mapping in Manage.`,
      { ref },
    );
  }

  /** The receipt of an item receipt's stock lines, after the order exists (see goodsInPayload). */
  private async bookGoodsIn(po: PurchaseOrderDocument, lines: CheckedPoLine[], rate: number): Promise<void> {
    for (const [i, l] of lines.entries()) {
      if (!l.stocked) continue;
      try {
        await this.call('post', goodsInPayload(po, { ...l, unitCost: toBase(l.unitPrice, rate) }));
      } catch (e) {
        throw new LedgerError({
          code: isLedgerError(e) ? e.code : 'SAGE_FAILURE',
          message: `Purchase order ${po.number} was created in Sage, but the goods in of line ${i + 1} (${l.stockCode}) was refused: ${e instanceof Error ? e.message : String(e)}`,
          fix: `Book the goods in for purchase order ${po.number} by hand in Sage (Products and services > Adjustments In, reference ${po.number}), for line ${i + 1} and any after it; do not send the order again.`,
          cause: e,
        });
      }
    }
  }

  private async products(codes: string[]): Promise<Map<string, Product>> {
    const out = new Map<string, Product>();
    for (const code of new Set(
      codes.map((c) => String(c ?? '').trim()).filter((c) => c && !['S1', 'S2', 'S3', 'M'].includes(c.toUpperCase())),
    )) {
      const p = await this.findProduct(code);
      if (p) out.set(code, p);
    }
    return out;
  }

  private marshalContext() {
    const s = this.s();
    return { baseCurrency: s.rules.baseCurrency, currencyIndex: (c: string) => s.currencyIndex(c) };
  }

  private s(): SdoSnapshot {
    if (!this.snap) throw notConnected();
    return this.snap;
  }

  private async call<K extends BridgeOp>(op: K, args: BridgeOps[K]['args']): Promise<BridgeOps[K]['result']> {
    let res;
    try {
      res = await invokeBridge(this.opts.edge, op, args);
    } catch (e) {
      throw thrownByBridge(e, op);
    }
    if (!res || typeof res !== 'object' || !('ok' in res))
      throw refuse(
        'SAGE_FAILURE',
        `The SDO bridge gave no answer to ${op}.`,
        'Check the sagebot log; the SDO bridge may need rebuilding.',
      );
    if (!res.ok) {
      this.opts.logger?.warn({ op, sdo: res.error }, 'Sage refused an operation');
      throw mapBridgeError({ ...res.error, op });
    }
    return res.value;
  }
}

/** An invoice-number look-up answers invoices and credits alike: keep the kind asked for. */
function sameDocKind(key: DocumentKey, f: BridgeFound): boolean {
  return key.doc !== 'invoice' && key.doc !== 'credit' ? true : f.type === key.doc;
}

function fromBridgeFound(f: BridgeFound): PostedDocument {
  return {
    label:
      f.type === 'invoice'
        ? `SI ${f.number}`
        : f.type === 'credit'
          ? `SC ${f.number}`
          : f.type === 'PO'
            ? `PO ${f.number}`
            : `${f.type} ${f.reference ?? ''}`,
    id: f.id,
    type: f.type as PostedDocument['type'],
    ...(f.number !== undefined ? { number: f.number } : {}),
    ...(f.reference !== undefined ? { reference: f.reference } : {}),
    ...(f.account ? { account: f.account } : {}),
    net: toMinor(f.net),
    tax: toMinor(f.tax),
  };
}

function findArgs(key: DocumentKey): BridgeOps['find']['args'] {
  switch (key.doc) {
    case 'invoice':
    case 'credit':
      return { doc: 'invoice', number: key.number };
    case 'transaction':
      return {
        doc: 'transaction',
        type: TRANS_TYPE[key.type],
        reference: key.reference,
        ...(key.account ? { account: normaliseRef(key.account) } : {}),
      };
    case 'journal':
      return { doc: 'journal', reference: key.reference };
    case 'purchaseOrder':
      return { doc: 'purchaseOrder', number: key.number };
    default:
      return {
        doc: 'stock',
        type: key.type === 'AI' ? 1 : 2,
        reference: key.reference,
        ...(key.stockCode ? { stockCode: key.stockCode } : {}),
      };
  }
}

function fromBridgeProduct(p: BridgeProduct): Product {
  return {
    code: p.code,
    description: p.description,
    itemType: ITEM_TYPES[p.itemType] ?? 'stock',
    ...(p.salesNominal ? { salesNominal: p.salesNominal } : {}),
    ...(p.purchaseNominal ? { purchaseNominal: p.purchaseNominal } : {}),
    ...(p.taxCode !== undefined && p.taxCode !== null ? { taxCode: `T${p.taxCode}` } : {}),
  };
}

/** An exception thrown across edge-js (not an SDO refusal): COM registration and bitness are the usual causes. */
export function thrownByBridge(e: unknown, op: string): LedgerError {
  const text = e instanceof Error ? e.message : String(e);
  if (/80040154|class not registered|BadImageFormat|COM class factory/i.test(text)) {
    return new LedgerError({
      code: 'SAGE_DRIVER_UNAVAILABLE',
      message: `Sage Data Objects could not be loaded (${text.split('\n')[0]}).`,
      fix: 'Install Sage Data Objects for your Sage version and run a Node.js of the same bitness: 32-bit Node for a 32-bit SDO (see core/sage/sdo/README.md).',
      cause: e,
    });
  }
  return new LedgerError({
    code: 'SAGE_FAILURE',
    message: `The SDO bridge failed during ${op}: ${text.split('\n')[0]}`,
    fix: 'Check the sagebot log for the details.',
    cause: e,
  });
}
