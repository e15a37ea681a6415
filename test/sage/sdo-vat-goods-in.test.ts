/**
 * The SDO driver (JS side, fake edge function) on the points real Sage 50 differs from a first reading: the
 * company's VAT scheme read at connect (receipts and allocations refused on VAT cash accounting), and goods
 * received on a purchase order booked as goods in, so a refusal there says what was and was not done.
 */
import { describe, expect, it } from 'vitest';
import { isLedgerError } from '../../core/sage/errors.ts';
import { connected, SETUP } from './sdo-fake.ts';

const po = {
  number: 103,
  supplier: 'SUPP1',
  date: '2024-03-01',
  lines: [
    {
      stockCode: 'WIDGET',
      description: 'W',
      quantity: 2,
      unitCost: 100,
      net: 200,
      tax: 40,
      taxCode: 'T1',
      nominal: '5000',
    },
  ],
};

describe('SDO driver: the VAT scheme', () => {
  it('reads VAT_CASH_FLAG at connect and carries it in the ledger setup', async () => {
    const standard = await connected({ readSetup: () => ({ ...SETUP, vatCashFlag: 0, vatSchemeFlag: 0 }) });
    expect((await standard.ledger.readSetup()).vatScheme).toBe('standard');
    const cash = await connected({ readSetup: () => ({ ...SETUP, vatCashFlag: 1, vatSchemeFlag: 2 }) });
    expect((await cash.ledger.readSetup()).vatScheme).toBe('cash');
    const unknown = await connected();
    expect((await unknown.ledger.readSetup()).vatScheme).toBeUndefined();
  });

  it('refuses receipts and allocations on a cash-accounting company, with why, before Sage sees them', async () => {
    const { ledger, calls } = await connected({ readSetup: () => ({ ...SETUP, vatCashFlag: 1 }) });
    const receipt = await ledger
      .recordReceipt({ account: 'ACME', invoice: '4600', amount: 1000, date: '2024-03-10' })
      .catch((e: unknown) => e);
    expect(isLedgerError(receipt, 'SAGE_VAT_CASH_ACCOUNTING')).toBe(true);
    expect((receipt as Error).message).toMatch(/VAT cash accounting/);
    const allocation = await ledger.allocate({ credit: '4601', invoice: '4600' }).catch((e: unknown) => e);
    expect(isLedgerError(allocation, 'SAGE_VAT_CASH_ACCOUNTING')).toBe(true);
    expect(calls.filter((c) => c.op === 'receipt' || c.op === 'allocate')).toEqual([]);
  });

  it("maps the bridge's own cash-accounting refusal to the same code", async () => {
    const { ledger } = await connected({
      receipt: () => ({
        ok: false,
        error: { kind: 'SAGE_VAT_CASH_ACCOUNTING', text: 'cash accounting', op: 'receipt' },
      }),
    });
    const e = await ledger
      .recordReceipt({ account: 'ACME', invoice: '4600', amount: 1000, date: '2024-03-10' })
      .catch((x: unknown) => x);
    expect(isLedgerError(e, 'SAGE_VAT_CASH_ACCOUNTING')).toBe(true);
  });
});

describe('SDO driver: goods received on a purchase order', () => {
  it('a refused goods in names the order as created and says not to send it again', async () => {
    let n = 0;
    const { ledger, posts } = await connected({
      post: (a) => {
        n++;
        if (a.object === 'StockPost')
          return { ok: false, error: { sdoCode: 65, text: 'Stock record not found', op: 'post' } };
        return { postingNumber: n };
      },
    });
    const e = await ledger.createPurchaseOrder(po).catch((x: unknown) => x);
    expect(isLedgerError(e)).toBe(true);
    expect((e as Error).message).toMatch(
      /Purchase order 103 was created in Sage, but the goods in of line 1 \(WIDGET\)/,
    );
    expect((e as { fix?: string }).fix).toMatch(/do not send the order again/);
    expect(posts().map((p) => p.object)).toEqual(['PopPost', 'StockPost']);
  });

  it('values the goods in at the base-currency cost of a foreign order', async () => {
    const { ledger, posts } = await connected({
      findAccount: (a) =>
        a.ref === 'USSUP' && a.ledger === 'purchase' ? { ref: 'USSUP', name: 'US', currency: 1 } : null,
    });
    await ledger.createPurchaseOrder({ ...po, supplier: 'USSUP', currency: 'USD', exchangeRate: 1.25 });
    expect(posts()[1].items[0].fields).toMatchObject({ TYPE: 3, QUANTITY: 2, COST_PRICE: 0.8 });
  });
});
