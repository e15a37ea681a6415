/** Receipts, allocations and the payment status payment sync reads (amount paid, fully-paid date, last change). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedLedger } from '../../core/sage/embedded/index.ts';
import { connected, invoice, line, removeTempDirs } from './helpers.ts';

type Rows = Array<Record<string, unknown>>;
let l: EmbeddedLedger;
beforeAll(async () => {
  ({ ledger: l } = await connected());
});
afterAll(async () => {
  await l.disconnect();
  removeTempDirs();
});

const exp = async () => (await l.exportCompany()) as Record<string, Rows>;

describe('receipts', () => {
  it('updates an unposted invoice to the ledgers first, then posts the SR and allocates it', async () => {
    await l.createInvoice(
      invoice({
        number: 4600,
        lines: [
          line({ net: 100000, tax: 20000, unitPrice: 100000 }),
          line({ net: 15000, tax: 0, taxCode: 'T0', unitPrice: 15000 }),
        ],
      }),
    );
    let x = await exp();
    expect(x.invoices[0]).toMatchObject({ number: 4600, posted: false, amountPaid: 0 });
    expect(x.transactions).toHaveLength(0);

    const r = await l.recordReceipt({ account: 'ACME', invoice: '4600', amount: 50000, date: '2024-03-10' });
    expect(r).toMatchObject({ label: 'SR 4600', type: 'SR', net: 50000 });
    x = await exp();
    expect(x.invoices[0]).toMatchObject({
      posted: true,
      amountPaid: 500,
      fullyPaidOn: null,
      paymentsChangedOn: '2024-03-10',
    });
    const [si, sr] = x.transactions;
    expect(si).toMatchObject({
      type: 'SI',
      account: 'ACME',
      reference: '4600',
      net: 1150,
      tax: 200,
      amountPaid: 500,
      invoiceNumber: 4600,
    });
    expect((si.splits as Rows).map((s) => [s.nominal, s.taxCode, s.net, s.tax])).toEqual([
      ['4000', 'T1', 1000, 200],
      ['4000', 'T0', 150, 0],
    ]);
    expect(sr).toMatchObject({ type: 'SR', bankCode: '1200', net: 500, tax: 0, amountPaid: 500 });
    expect((sr.splits as Rows)[0]).toMatchObject({ nominal: '1200', taxCode: 'T9', net: 500 });
    expect(x.allocations[0]).toMatchObject({
      kind: 'receipt',
      amount: 500,
      date: '2024-03-10',
      invoice: { type: 'SI', reference: '4600' },
      credit: { type: 'SR' },
    });
  });

  it('does not update the ledgers twice and records the full-payment date', async () => {
    await l.recordReceipt({
      account: 'ACME',
      invoice: '4600',
      amount: 85000,
      date: '2024-03-20',
      reference: 'BACS-77',
    });
    const x = await exp();
    expect(x.transactions.filter((t) => t.type === 'SI')).toHaveLength(1);
    expect(x.invoices[0]).toMatchObject({
      amountPaid: 1350,
      fullyPaidOn: '2024-03-20',
      paymentsChangedOn: '2024-03-20',
    });
    expect(x.transactions.at(-1)).toMatchObject({ type: 'SR', reference: 'BACS-77' });
  });

  it('refuses more than is outstanding, zero, negative, a wrong account and unknown invoices', async () => {
    await expect(
      l.recordReceipt({ account: 'ACME', invoice: '4600', amount: 1, date: '2024-03-21' }),
    ).rejects.toMatchObject({ code: 'SAGE_OVER_ALLOCATION' });
    await l.createInvoice(invoice({ number: 4700 }));
    await expect(
      l.recordReceipt({ account: 'ACME', invoice: '4700', amount: 0, date: '2024-03-21' }),
    ).rejects.toMatchObject({ code: 'SAGE_ZERO_VALUE' });
    await expect(
      l.recordReceipt({ account: 'ACME', invoice: '4700', amount: -5, date: '2024-03-21' }),
    ).rejects.toMatchObject({ code: 'SAGE_NEGATIVE_VALUE' });
    await expect(
      l.recordReceipt({ account: 'BETA', invoice: '4700', amount: 5, date: '2024-03-21' }),
    ).rejects.toMatchObject({
      code: 'SAGE_DOCUMENT_UNKNOWN',
      message: expect.stringMatching(/belongs to account ACME, not BETA/),
    });
    await expect(
      l.recordReceipt({ account: 'ACME', invoice: '9999', amount: 5, date: '2024-03-21' }),
    ).rejects.toMatchObject({ code: 'SAGE_DOCUMENT_UNKNOWN' });
    await expect(
      l.recordReceipt({ account: 'ACME', invoice: '4700', amount: 5, date: '2024-03-21', bankNominal: '4000' }),
    ).rejects.toMatchObject({ code: 'SAGE_NOMINAL_UNKNOWN' });
    expect((await exp()).invoices.find((i) => i.number === 4700)).toMatchObject({ posted: false });
  });

  it('takes receipts against batch SIs by reference, into another bank account', async () => {
    await l.postTransaction({
      type: 'SI',
      account: 'BETA',
      date: '2024-04-01',
      reference: 'INV-B1',
      splits: [{ nominal: '4000', taxCode: 'T1', net: 1000, tax: 200 }],
    });
    await l.recordReceipt({
      account: 'BETA',
      invoice: 'INV-B1',
      amount: 1200,
      date: '2024-04-05',
      bankNominal: '1210',
    });
    const x = await exp();
    expect(x.transactions.find((t) => t.reference === 'INV-B1' && t.type === 'SI')).toMatchObject({
      amountPaid: 12,
      fullyPaidOn: '2024-04-05',
    });
    expect(x.transactions.at(-1)).toMatchObject({ type: 'SR', bankCode: '1210' });
  });
});

describe('allocations', () => {
  it('allocates a credit note to an invoice (split invoicing: 4600 0 / 4601 1), default amount = what both allow', async () => {
    await l.createInvoice(
      invoice({ number: 4800, lines: [line({ net: 115000, tax: 0, taxCode: 'T0', unitPrice: 115000 })] }),
    );
    await l.createInvoice(
      invoice({
        number: 4801,
        kind: 'credit',
        lines: [line({ net: 100000, tax: 0, taxCode: 'T0', unitPrice: 100000 })],
      }),
    );
    const a = await l.allocate({ credit: '4801', invoice: '4800', date: '2024-05-01' });
    expect(a).toMatchObject({ type: 'ALLOC', net: 100000, account: 'ACME' });
    const x = await exp();
    expect(x.invoices.find((i) => i.number === 4800)).toMatchObject({
      posted: true,
      amountPaid: 1000,
      fullyPaidOn: null,
    });
    expect(x.invoices.find((i) => i.number === 4801)).toMatchObject({
      posted: true,
      amountPaid: 1000,
      fullyPaidOn: '2024-05-01',
    });
    await l.recordReceipt({ account: 'ACME', invoice: '4800', amount: 15000, date: '2024-05-03' });
    expect((await exp()).invoices.find((i) => i.number === 4800)).toMatchObject({
      amountPaid: 1150,
      fullyPaidOn: '2024-05-03',
    });
  });

  it('refuses allocating more than is left, and a used-up credit', async () => {
    await l.createInvoice(invoice({ number: 4900 }));
    await l.createInvoice(
      invoice({ number: 4901, kind: 'credit', lines: [line({ net: 500, tax: 100, unitPrice: 500 })] }),
    );
    await expect(
      l.allocate({ credit: '4901', invoice: '4900', amount: 700, date: '2024-05-01' }),
    ).rejects.toMatchObject({ code: 'SAGE_OVER_ALLOCATION' });
    await l.allocate({ credit: '4901', invoice: '4900', amount: 200, date: '2024-05-01' });
    await l.allocate({ credit: '4901', invoice: '4900' });
    await expect(l.allocate({ credit: '4901', invoice: '4900' })).rejects.toMatchObject({ code: 'SAGE_ZERO_VALUE' });
    await expect(l.allocate({ credit: '4900', invoice: '4901' })).rejects.toMatchObject({
      code: 'SAGE_DOCUMENT_UNKNOWN',
    });
    const x = await exp();
    expect(x.invoices.find((i) => i.number === 4901)).toMatchObject({
      amountPaid: 6,
      fullyPaidOn: '2024-06-30',
      paymentsChangedOn: '2024-06-30',
    });
  });
});

describe('listPaymentChanges', () => {
  it('lists sales documents whose payments changed on or after a date, with amount paid and the full-payment date', async () => {
    const all = await l.listPaymentChanges('2024-01-01');
    const inv4600 = all.find((p) => p.reference === '4600');
    expect(inv4600).toEqual({
      kind: 'invoice',
      reference: '4600',
      account: 'ACME',
      currency: 'GBP',
      gross: 135000,
      amountPaid: 135000,
      fullyPaidOn: '2024-03-20',
      lastChanged: '2024-03-20',
    });
    expect(all.find((p) => p.reference === 'INV-B1')).toMatchObject({
      kind: 'SI',
      amountPaid: 1200,
      fullyPaidOn: '2024-04-05',
    });
    expect(all.some((p) => p.reference === '4700')).toBe(false);
    const since = await l.listPaymentChanges('2024-04-01');
    // 4600's receipts are dated March but were entered on 2024-06-30 (the test's today): a back-dated receipt
    // still counts as a change since the date it was keyed in, so payment sync never misses it.
    expect(since.map((p) => p.reference).sort()).toEqual(['4600', '4800', '4801', '4900', '4901', 'INV-B1']);
    expect(await l.listPaymentChanges('2025-01-01')).toEqual([]);
    await expect(l.listPaymentChanges('soon')).rejects.toMatchObject({ code: 'SAGE_BAD_DATE' });
  });

  it('tracks foreign documents in their own currency', async () => {
    await l.postTransaction({
      type: 'SI',
      account: 'EUROCO',
      date: '2024-06-01',
      reference: 'EU-9',
      exchangeRate: 1.2,
      splits: [{ nominal: '4000', taxCode: 'T1', net: 12000, tax: 2400 }],
    });
    await l.recordReceipt({ account: 'EUROCO', invoice: 'EU-9', amount: 14400, date: '2024-06-10' });
    expect((await l.listPaymentChanges('2024-06-10')).find((p) => p.reference === 'EU-9')).toMatchObject({
      currency: 'EUR',
      gross: 14400,
      amountPaid: 14400,
      fullyPaidOn: '2024-06-10',
    });
    const sr = (await exp()).transactions.at(-1)!;
    expect(sr).toMatchObject({ type: 'SR', currency: 'EUR', net: 144, exchangeRate: 1.17, baseNet: 123.08 });
  });
});
