/**
 * The SDO driver's JS side with a fake edge function (no edge-js, no Windows): the payloads it sends the C#
 * bridge, the rules it applies before Sage sees a document, and the mapping of SDO error codes to port codes.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerErrorCode } from '../../core/sage/ledger.ts';
import { mapBridgeError, SDO_ERROR_MAP } from '../../core/sage/sdo/error-map.ts';
import { SdoLedger, thrownByBridge } from '../../core/sage/sdo/sdo-driver.ts';
import { connected, fakeBridge } from './sdo-fake.ts';

const svc = {
  stockCode: 'S1',
  description: 'Consulting',
  quantity: 2,
  unitPrice: 5000,
  net: 10000,
  tax: 2000,
  taxCode: 'T1',
  nominal: '4000',
};

describe('SDO driver: connecting', () => {
  it('sends the company folder, user and version, then reads the setup', async () => {
    const { ledger, calls } = await connected();
    expect(calls.slice(0, 2)).toEqual([
      {
        op: 'connect',
        args: {
          companyDir: 'C:\\ProgramData\\Sage\\Accounts\\2024\\Company.000',
          user: 'MANAGER',
          password: '',
          sdoVersion: 32,
        },
      },
      { op: 'readSetup', args: {} },
    ]);
    const s = await ledger.readSetup();
    expect(s).toMatchObject({
      companyName: 'Real Ltd',
      baseCurrency: 'GBP',
      lockDate: '2023-12-31',
      controlAccounts: { debtors: '1100', creditors: '2100', bank: '1200' },
    });
    expect(s.nominals.find((n) => n.code === '1100')?.control).toBe(true);
    expect(s.currencies.map((c) => c.code)).toEqual(['GBP', 'USD', 'EUR']);
    await ledger.disconnect();
    expect(calls.at(-1)?.op).toBe('disconnect');
  });

  it.each([
    [21, 'SAGE_BAD_LOGIN'],
    [22, 'SAGE_BAD_LOGIN'],
    [23, 'SAGE_USER_IN_USE'],
    [24, 'SAGE_EXCLUSIVE'],
    [25, 'SAGE_BAD_PATH'],
    [31, 'SAGE_NOT_REGISTERED'],
    [48, 'SAGE_IN_USE'],
    [30, 'SAGE_IN_USE'],
    [26, 'SAGE_DRIVER_UNAVAILABLE'],
  ] as Array<[number, LedgerErrorCode]>)('maps SDO error %i at connect to %s', async (sdoCode, code) => {
    const fake = fakeBridge({ connect: () => ({ ok: false, error: { sdoCode, text: `LastError ${sdoCode}` } }) });
    const ledger = new SdoLedger({ edge: fake.edge });
    const e = await ledger.connect({ companyDir: 'X:\\Co', user: 'MANAGER', password: 'x' }).catch((err) => err);
    expect(e).toMatchObject({ code, details: { sdoCode, sdoText: `LastError ${sdoCode}`, op: 'connect' } });
    expect(e.message).toContain(`LastError ${sdoCode}`);
    expect(e.fix).toBeTruthy();
  });

  it('turns COM registration and bitness failures into SAGE_DRIVER_UNAVAILABLE', async () => {
    const fake = fakeBridge({
      connect: () => {
        throw new Error('Retrieving the COM class factory failed due to error 80040154 Class not registered');
      },
    });
    const e = await new SdoLedger({ edge: fake.edge })
      .connect({ companyDir: 'X', user: 'M', password: '' })
      .catch((err) => err);
    expect(e).toMatchObject({
      code: 'SAGE_DRIVER_UNAVAILABLE',
      fix: expect.stringMatching(/32-bit Node for a 32-bit SDO/),
    });
    expect(thrownByBridge(new Error('boom'), 'post')).toMatchObject({ code: 'SAGE_FAILURE' });
  });

  it('refuses operations before connecting', async () => {
    const fake = fakeBridge();
    await expect(new SdoLedger({ edge: fake.edge }).findCustomer('ACME')).rejects.toMatchObject({
      code: 'SAGE_NOT_CONNECTED',
    });
    expect(fake.calls).toEqual([]);
  });
});

describe('SDO driver: marshalling', () => {
  it("sends a service invoice to InvoicePost with Sage's field names and types", async () => {
    const { ledger, posts } = await connected();
    const r = await ledger.createInvoice({
      kind: 'invoice',
      format: 'service',
      number: 4600,
      account: 'acme',
      date: '2024-03-01',
      orderNumber: 'PO-9',
      notes: 'Thanks',
      lines: [{ ...svc, department: 1, project: 'test2' }],
    });
    expect(r).toMatchObject({ label: 'SI 4600', net: 10000, tax: 2000, account: 'ACME' });
    expect(posts()[0]).toEqual({
      object: 'InvoicePost',
      ledgerType: 264,
      header: {
        ACCOUNT_REF: 'ACME',
        INVOICE_NUMBER: 4600,
        INVOICE_DATE: '2024-03-01',
        INVOICE_TYPE_CODE: 2,
        CUST_ORDER_NUMBER: 'PO-9',
        NOTES_1: 'Thanks',
        CURRENCY: 0,
      },
      items: [
        {
          fields: {
            STOCK_CODE: 'S1',
            DESCRIPTION: 'Consulting',
            QTY_ORDER: 2,
            UNIT_PRICE: 50,
            NET_AMOUNT: 100,
            FULL_NET_AMOUNT: 100,
            TAX_AMOUNT: 20,
            TAX_CODE: 1,
            TAX_FLAG: 1,
            NOMINAL_CODE: '4000',
            DEPT_NUMBER: 1,
            SERVICE_FLAG: 1,
          },
          project: 'TEST2',
          text: 'Consulting',
        },
      ],
    });
  });

  it('sends product credit notes and foreign documents with the currency index and rate', async () => {
    const { ledger, posts } = await connected();
    await ledger.createInvoice({
      kind: 'credit',
      format: 'product',
      number: 4601,
      account: 'USCO',
      date: '2024-03-01',
      exchangeRate: 1.25,
      lines: [{ ...svc, stockCode: 'WIDGET' }],
    });
    expect(posts()[0]).toMatchObject({
      ledgerType: 265,
      header: { INVOICE_TYPE_CODE: 3, CURRENCY: 1, FOREIGN_RATE: 1.25 },
    });
    await ledger.postTransaction({
      type: 'SI',
      account: 'USCO',
      date: '2024-03-01',
      reference: 'US-1',
      exchangeRate: 1.25,
      splits: [{ nominal: '4000', taxCode: 'T1', net: 12500, tax: 2500 }],
    });
    expect(posts()[1]).toEqual({
      object: 'TransactionPost',
      header: {
        ACCOUNT_REF: 'USCO',
        TYPE: 1,
        DATE: '2024-03-01',
        POSTED_DATE: '2024-03-01',
        INV_REF: 'US-1',
        DETAILS: '',
        NET_AMOUNT: 100,
        TAX_AMOUNT: 20,
        CURRENCY: 1,
        FOREIGN_RATE: 1.25,
        FOREIGN_NET_AMOUNT: 125,
        FOREIGN_TAX_AMOUNT: 25,
      },
      items: [
        {
          fields: {
            TYPE: 1,
            NOMINAL_CODE: '4000',
            TAX_CODE: 1,
            NET_AMOUNT: 100,
            TAX_AMOUNT: 20,
            DATE: '2024-03-01',
            DETAILS: '',
            DEPT_NUMBER: 0,
            FOREIGN_NET_AMOUNT: 125,
            FOREIGN_TAX_AMOUNT: 25,
          },
        },
      ],
    });
  });

  it('sends journals, purchase orders (goods received booked as goods in, never QTY_DELIVERED) and stock adjustments', async () => {
    const { ledger, posts } = await connected();
    const j = await ledger.postJournal({
      date: '2024-03-01',
      reference: 'J1',
      lines: [
        { nominal: '7500', debit: 150, credit: 0 },
        { nominal: '7400', debit: 0, credit: 150 },
      ],
    });
    expect(j.map((d) => d.label)).toEqual(['JD J1', 'JC J1']);
    expect(posts()[0].object).toBe('JournalPost');
    expect(
      posts()[0].items.map((i: any) => [i.fields.TYPE, i.fields.NOMINAL_CODE, i.fields.NET_AMOUNT, i.fields.TAX_CODE]),
    ).toEqual([
      [15, '7500', 1.5, 9],
      [16, '7400', 1.5, 9],
    ]);
    await ledger.createPurchaseOrder({
      number: 102,
      supplier: 'SUPP1',
      reference: '12345',
      date: '2024-03-01',
      lines: [
        {
          stockCode: 'WIDGET',
          description: 'W',
          quantity: 5,
          unitCost: 250,
          net: 1250,
          tax: 250,
          taxCode: 'T1',
          nominal: '5000',
        },
        {
          stockCode: 'S1',
          description: 'Carriage',
          quantity: 1,
          unitCost: 500,
          net: 500,
          tax: 100,
          taxCode: 'T1',
          nominal: '5000',
        },
      ],
    });
    expect(posts()[1]).toMatchObject({
      object: 'PopPost',
      ledgerType: 268,
      header: { ACCOUNT_REF: 'SUPP1', ORDER_NUMBER: 102, ORDER_DATE: '2024-03-01', SUPP_ORDER_NUMBER: '12345' },
      items: [
        { fields: { STOCK_CODE: 'WIDGET', QTY_ORDER: 5, UNIT_PRICE: 2.5, NET_AMOUNT: 12.5, TAX_FLAG: 1 } },
        { fields: { STOCK_CODE: 'S1', QTY_ORDER: 1, NET_AMOUNT: 5 } },
      ],
    });
    // QTY_DELIVERED means "previously delivered": it books no receipt, so it is never written.
    for (const item of posts()[1].items) expect(item.fields).not.toHaveProperty('QTY_DELIVERED');
    // The stock line's receipt is a goods in (GI, type 3) referenced by the order number; the service line has none.
    expect(posts()[2]).toEqual({
      object: 'StockPost',
      header: { STOCK_CODE: 'WIDGET' },
      items: [
        {
          fields: {
            STOCK_CODE: 'WIDGET',
            TYPE: 3,
            DATE: '2024-03-01',
            QUANTITY: 5,
            COST_PRICE: 2.5,
            REFERENCE: '102',
            DETAILS: 'Goods in, purchase order 102',
          },
        },
      ],
    });
    await ledger.postStockAdjustment({
      type: 'AO',
      stockCode: 'WIDGET',
      quantity: 2,
      cost: 250,
      reference: 'ADJ-7',
      date: '2024-03-01',
    });
    expect(posts()[3]).toEqual({
      object: 'StockPost',
      header: { STOCK_CODE: 'WIDGET' },
      items: [
        {
          fields: {
            STOCK_CODE: 'WIDGET',
            TYPE: 2,
            DATE: '2024-03-01',
            QUANTITY: 2,
            COST_PRICE: 2.5,
            REFERENCE: 'ADJ-7',
            DETAILS: '',
          },
        },
      ],
    });
  });

  it('sends receipts and allocations in pounds and maps payment changes back to pence and currency codes', async () => {
    const { ledger, calls } = await connected({
      paymentChanges: () => [
        {
          kind: 'invoice',
          reference: '4600',
          account: 'USCO',
          currency: 1,
          gross: 120.1,
          amountPaid: 60.05,
          fullyPaidOn: null,
          lastChanged: '2024-03-10',
        },
      ],
    });
    await ledger.recordReceipt({ account: 'ACME', invoice: '4600', amount: 6005, date: '2024-03-10' });
    expect(calls.find((c) => c.op === 'receipt')?.args).toEqual({
      account: 'ACME',
      invoice: '4600',
      byNumber: true,
      amount: 60.05,
      date: '2024-03-10',
      bank: '1200',
      reference: '4600',
      currency: 0,
      rate: 1,
    });
    await ledger.recordReceipt({ account: 'USCO', invoice: 'US-1', amount: 13000, date: '2024-03-10' });
    expect(calls.filter((c) => c.op === 'receipt')[1]?.args).toMatchObject({
      invoice: 'US-1',
      byNumber: false,
      amount: 130,
      currency: 1,
      rate: 1.3,
    });
    const a = await ledger.allocate({ credit: '4601', invoice: 'INV-9', amount: 1200 });
    expect(calls.find((c) => c.op === 'allocate')?.args).toEqual({
      credit: '4601',
      creditByNumber: true,
      invoice: 'INV-9',
      invoiceByNumber: false,
      amount: 12,
      date: '2024-06-30',
    });
    expect(a.net).toBe(1200);
    expect(await ledger.listPaymentChanges('2024-03-01')).toEqual([
      {
        kind: 'invoice',
        reference: '4600',
        account: 'USCO',
        currency: 'USD',
        gross: 12010,
        amountPaid: 6005,
        lastChanged: '2024-03-10',
      },
    ]);
  });

  it('asks the bridge for each kind of document key', async () => {
    const { ledger, calls } = await connected({
      find: (a) =>
        a.doc === 'invoice'
          ? [{ id: 'invoice:4600', type: 'credit', number: 4600, reference: '4600', account: 'ACME', net: 10, tax: 2 }]
          : [],
    });
    expect(await ledger.findDocuments({ doc: 'invoice', number: 4600 })).toEqual([]);
    expect(await ledger.findDocuments({ doc: 'credit', number: 4600 })).toEqual([
      {
        label: 'SC 4600',
        id: 'invoice:4600',
        type: 'credit',
        number: 4600,
        reference: '4600',
        account: 'ACME',
        net: 1000,
        tax: 200,
      },
    ]);
    await ledger.findDocuments({ doc: 'transaction', type: 'PI', reference: 'EXP-1', account: 'supp1' });
    await ledger.findDocuments({ doc: 'journal', reference: 'J1' });
    await ledger.findDocuments({ doc: 'purchaseOrder', number: 102 });
    await ledger.findDocuments({ doc: 'stock', type: 'AO', reference: 'ADJ-7' });
    expect(calls.filter((c) => c.op === 'find').map((c) => c.args)).toEqual([
      { doc: 'invoice', number: 4600 },
      { doc: 'invoice', number: 4600 },
      { doc: 'transaction', type: 6, reference: 'EXP-1', account: 'SUPP1' },
      { doc: 'journal', reference: 'J1' },
      { doc: 'purchaseOrder', number: 102 },
      { doc: 'stock', type: 2, reference: 'ADJ-7' },
    ]);
  });
});

describe('SDO driver: reading a batch back (reconciliation)', () => {
  it('reads many keys in one bridge call, each document with its currency code', async () => {
    const { ledger, calls } = await connected({
      find: (a) =>
        a.doc === 'invoice'
          ? [{ id: 'invoice:4600', type: 'invoice', number: 4600, account: 'USCO', net: 100, tax: 20, currency: 1 }]
          : a.doc === 'transaction'
            ? [{ id: 'tran:9', type: 'PI', reference: 'EXP-1', account: 'SUPP1', net: 50.5, tax: 10.1 }]
            : [],
    });
    const read = await ledger.readDocuments([
      { doc: 'invoice', number: 4600 },
      { doc: 'credit', number: 4600 },
      { doc: 'transaction', type: 'PI', reference: 'EXP-1' },
      { doc: 'purchaseOrder', number: 102 },
    ]);
    expect(read).toEqual([
      [expect.objectContaining({ label: 'SI 4600', net: 10000, tax: 2000, currency: 'USD' })],
      [],
      [expect.objectContaining({ label: 'PI EXP-1', net: 5050, tax: 1010, currency: 'GBP' })],
      [],
    ]);
    expect(calls.filter((c) => c.op === 'findMany')).toHaveLength(1);
    expect(calls.filter((c) => c.op === 'find')).toHaveLength(0);
    expect(await ledger.readDocuments([])).toEqual([]);
  });
});

describe('SDO driver: the same rules as the embedded company, before Sage sees the document', () => {
  it.each([
    ['a control account', { lines: [{ ...svc, nominal: '1100' }] }, 'SAGE_CONTROL_ACCOUNT'],
    ['an unknown nominal code', { lines: [{ ...svc, nominal: '4999' }] }, 'SAGE_NOMINAL_UNKNOWN'],
    ['an unknown tax code', { lines: [{ ...svc, taxCode: 'T5' }] }, 'SAGE_TAX_CODE_UNKNOWN'],
    ['a negative line', { lines: [{ ...svc, net: -1 }] }, 'SAGE_NEGATIVE_LINE'],
    ['an unknown department', { lines: [{ ...svc, department: 7 }] }, 'SAGE_DEPARTMENT_UNKNOWN'],
    ['an unknown project', { lines: [{ ...svc, project: 'NOPE' }] }, 'SAGE_PROJECT_UNKNOWN'],
    ['a project ref over 12', { lines: [{ ...svc, project: 'ABCDEFGHIJKLM' }] }, 'SAGE_PROJECT_REF_TOO_LONG'],
    ['a date in the locked period', { date: '2023-12-01' }, 'SAGE_LOCKED_PERIOD'],
    ['a supplier account', { account: 'SUPP1' }, 'SAGE_ACCOUNT_TYPE_MISMATCH'],
    ['an unknown account', { account: 'NOBODY' }, 'SAGE_ACCOUNT_UNKNOWN'],
    ['a foreign account without a rate', { account: 'USCO' }, 'SAGE_FOREIGN_RATE_MISSING'],
    [
      "another currency than the account's",
      { account: 'USCO', currency: 'EUR', exchangeRate: 1.17 },
      'SAGE_CURRENCY_MISMATCH',
    ],
    ['an unknown product', { format: 'product', lines: [{ ...svc, stockCode: 'NOSUCH' }] }, 'SAGE_PRODUCT_UNKNOWN'],
  ] as Array<[string, Record<string, unknown>, LedgerErrorCode]>)('refuses %s', async (_what, over, code) => {
    const { ledger, posts } = await connected();
    await expect(
      ledger.createInvoice({
        kind: 'invoice',
        format: 'service',
        number: 4600,
        account: 'ACME',
        date: '2024-03-01',
        lines: [svc],
        ...over,
      }),
    ).rejects.toMatchObject({ code });
    expect(posts()).toEqual([]);
  });

  it('refuses a number already used by an invoice or credit note in Sage', async () => {
    const { ledger, posts } = await connected({
      find: () => [{ id: 'invoice:4600', type: 'invoice', number: 4600, net: 1, tax: 0 }],
    });
    await expect(
      ledger.createInvoice({
        kind: 'credit',
        format: 'service',
        number: 4600,
        account: 'ACME',
        date: '2024-03-01',
        lines: [svc],
      }),
    ).rejects.toMatchObject({ code: 'SAGE_DUPLICATE_NUMBER' });
    expect(posts()).toEqual([]);
  });

  it('refuses unbalanced journals, negative batch values and bad refs', async () => {
    const { ledger, calls } = await connected();
    await expect(
      ledger.postJournal({
        date: '2024-03-01',
        reference: 'J',
        lines: [
          { nominal: '7500', debit: 2, credit: 0 },
          { nominal: '7400', debit: 0, credit: 1 },
        ],
      }),
    ).rejects.toMatchObject({ code: 'SAGE_JOURNAL_UNBALANCED' });
    await expect(
      ledger.postTransaction({
        type: 'PI',
        account: 'SUPP1',
        date: '2024-03-01',
        reference: 'P',
        splits: [{ nominal: '7500', taxCode: 'T1', net: -5, tax: 0 }],
      }),
    ).rejects.toMatchObject({ code: 'SAGE_NEGATIVE_VALUE' });
    await expect(ledger.createCustomer({ ref: 'bad ref', name: 'x' })).rejects.toMatchObject({
      code: 'SAGE_BAD_ACCOUNT_REF',
    });
    expect(calls.filter((c) => c.op === 'post' || c.op === 'createAccount')).toEqual([]);
  });

  it("passes Sage's own refusals through with the port code", async () => {
    const { ledger } = await connected({
      post: () => ({ ok: false, error: { sdoCode: 49, text: 'Date is before the lock date' } }),
    });
    await expect(
      ledger.postTransaction({
        type: 'SI',
        account: 'ACME',
        date: '2024-03-01',
        reference: 'X',
        splits: [{ nominal: '4000', taxCode: 'T1', net: 1, tax: 0 }],
      }),
    ).rejects.toMatchObject({
      code: 'SAGE_LOCKED_PERIOD',
      message: expect.stringContaining('Date is before the lock date'),
    });
  });
});

describe('SDO error map', () => {
  it('maps every documented SDO code the connector meets', () => {
    const expected: Record<number, LedgerErrorCode> = {
      16: 'SAGE_NOT_CONNECTED',
      21: 'SAGE_BAD_LOGIN',
      22: 'SAGE_BAD_LOGIN',
      23: 'SAGE_USER_IN_USE',
      24: 'SAGE_EXCLUSIVE',
      25: 'SAGE_BAD_PATH',
      31: 'SAGE_NOT_REGISTERED',
      34: 'SAGE_CURRENCY_MISMATCH',
      35: 'SAGE_CURRENCY_MISMATCH',
      44: 'SAGE_ZERO_VALUE',
      48: 'SAGE_IN_USE',
      49: 'SAGE_LOCKED_PERIOD',
      50: 'SAGE_BAD_ACCOUNT_REF',
      63: 'SAGE_BAD_ACCOUNT_REF',
      65: 'SAGE_NOMINAL_UNKNOWN',
      67: 'SAGE_CONTROL_ACCOUNT',
      76: 'SAGE_TAX_CODE_UNKNOWN',
      78: 'SAGE_ZERO_VALUE',
      82: 'SAGE_BAD_ACCOUNT_REF',
      83: 'SAGE_FIELD_TOO_LONG',
      84: 'SAGE_ACCOUNT_EXISTS',
      86: 'SAGE_BAD_ACCOUNT_REF',
    };
    for (const [sdo, code] of Object.entries(expected))
      expect(SDO_ERROR_MAP[Number(sdo)]?.code, `SDO ${sdo}`).toBe(code);
    expect(mapBridgeError({ sdoCode: 999, text: 'Odd', op: 'post' })).toMatchObject({
      code: 'SAGE_FAILURE',
      message: expect.stringMatching(/SDO error 999: Odd/),
    });
    expect(mapBridgeError({ kind: 'SAGE_OVER_ALLOCATION', text: 'Too much' })).toMatchObject({
      code: 'SAGE_OVER_ALLOCATION',
      message: 'Too much',
    });
    expect(mapBridgeError({ kind: 'NOT_A_CODE', text: 'x' })).toMatchObject({ code: 'SAGE_FAILURE' });
    expect(mapBridgeError({ sdoCode: 48 })).toMatchObject({ retryable: true });
  });
});
