/** Exact money: integer pence inside, 2-place decimals in the export, foreign amounts with their base amounts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taxAt, toMinor } from '../../core/money.ts';
import type { EmbeddedLedger } from '../../core/sage/embedded/index.ts';
import { toBase } from '../../core/sage/rules.ts';
import { connected, invoice, line, removeTempDirs } from './helpers.ts';

type Export = Record<string, Array<Record<string, unknown>>>;
let l: EmbeddedLedger;
beforeAll(async () => {
  ({ ledger: l } = await connected());
});
afterAll(async () => {
  await l.disconnect();
  removeTempDirs();
});

describe('money', () => {
  it('keeps 3 lines of 33.333 exact: 3 x 33.33 net, 3 x 6.67 tax', async () => {
    const net = toMinor(33.333);
    const tax = taxAt(net, 20);
    const doc = await l.createInvoice(
      invoice({ number: 5000, lines: [1, 2, 3].map(() => line({ unitPrice: net, net, tax })) }),
    );
    expect(doc).toMatchObject({ net: 9999, tax: 2001 });
    const inv = ((await l.exportCompany()) as Export).invoices.find((i) => i.number === 5000)!;
    expect(inv).toMatchObject({ net: 99.99, tax: 20.01, gross: 120, amountPaid: 0, posted: false, currency: 'GBP' });
    expect((inv.lines as Array<Record<string, unknown>>).map((x) => [x.net, x.tax, x.unitPrice])).toEqual([
      [33.33, 6.67, 33.33],
      [33.33, 6.67, 33.33],
      [33.33, 6.67, 33.33],
    ]);
  });

  it('sums many small amounts without float drift', async () => {
    const splits = Array.from({ length: 10 }, () => ({ nominal: '4000', taxCode: 'T1', net: 10, tax: 2 }));
    await l.postTransaction({ type: 'SI', account: 'ACME', date: '2024-03-01', reference: 'TENTHS', splits });
    const t = ((await l.exportCompany()) as Export).transactions.find((x) => x.reference === 'TENTHS')!;
    expect(t).toMatchObject({ net: 1, tax: 0.2, gross: 1.2 });
  });

  it('converts foreign amounts to base at foreign / rate, rounded half up to the penny', async () => {
    expect(toBase(10000, 1.17)).toBe(8547); // 85.4700...
    expect(toBase(2000, 1.17)).toBe(1709); // 17.094...
    expect(toBase(1, 2)).toBe(1); // 0.005 -> 0.01 (half up)
    expect(toBase(3, 2)).toBe(2); // 0.015 -> 0.02
    await l.postTransaction({
      type: 'SI',
      account: 'EUROCO',
      date: '2024-03-01',
      reference: 'EU-1',
      currency: 'EUR',
      exchangeRate: 1.17,
      splits: [
        { nominal: '4000', taxCode: 'T1', net: 10000, tax: 2000 },
        { nominal: '4010', taxCode: 'T0', net: 333, tax: 0 },
      ],
    });
    const t = ((await l.exportCompany()) as Export).transactions.find((x) => x.reference === 'EU-1')!;
    expect(t).toMatchObject({
      currency: 'EUR',
      exchangeRate: 1.17,
      net: 103.33,
      tax: 20,
      baseNet: 88.32,
      baseTax: 17.09,
    });
    expect((t.splits as Array<Record<string, unknown>>).map((s) => [s.net, s.baseNet])).toEqual([
      [100, 85.47],
      [3.33, 2.85],
    ]);
  });

  it('stores foreign invoices with foreign and base amounts', async () => {
    await l.createInvoice(
      invoice({
        number: 5100,
        account: 'USCO',
        currency: 'USD',
        exchangeRate: 1.25,
        lines: [line({ net: 12500, tax: 2500, unitPrice: 12500 })],
      }),
    );
    const inv = ((await l.exportCompany()) as Export).invoices.find((i) => i.number === 5100)!;
    expect(inv).toMatchObject({ currency: 'USD', exchangeRate: 1.25, net: 125, tax: 25, baseNet: 100, baseTax: 20 });
  });

  it('exports money as numbers with at most 2 decimal places', async () => {
    const x = (await l.exportCompany()) as Export;
    const amounts = [...x.invoices, ...x.transactions].flatMap((d) => [d.net, d.tax, d.amountPaid]) as number[];
    expect(amounts.every((a) => typeof a === 'number' && Math.round(a * 100) / 100 === a)).toBe(true);
  });
});
