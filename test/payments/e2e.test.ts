/**
 * End to end: Manage invoices in the sandbox (over HTTP, with the real client), their Sage side in the
 * embedded company, receipts and credit allocations recorded through the SageLedger port, then the sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER, createWorld, type InvoiceSpec, type World } from './world.ts';

const since = '2026-11-01';
const user = { id: 'anna', name: 'Anna Smith' };

async function manageInvoice(w: World, number: string) {
  const [inv] = await w.client.findInvoicesByNumber([number]);
  return inv;
}

describe('payment sync, split invoicing, sandbox + embedded Sage', () => {
  let w: World;
  beforeAll(async () => {
    const invoices: InvoiceSpec[] = [
      { number: '460', lines: [958.33, -833.33] }, // the guide's example: 4600 = 1,150.00, 4601 = 1,000.00, Manage 150.00
      { number: '4600', lines: [100] }, // a Manage number ending in 0: Sage 46000
      { number: '461', lines: [50] }, // Sage 4610
      { number: '4601', lines: [10.5] }, // Manage 4601, Sage 46010, nothing paid
      { number: '470', type: 'CreditMemo', lines: [-100] }, // Sage credit note 4701
      { number: '480', lines: [500] }, // Sage 4800
    ];
    w = await createWorld(invoices);
    for (const spec of invoices) await w.transfer(spec);
    await w.withLedger(async (l) => {
      await l.createInvoice({
        kind: 'invoice',
        format: 'service',
        number: 9990,
        account: CUSTOMER,
        date: '2026-10-20',
        lines: [
          {
            stockCode: 'S1',
            description: 'Keyed in Sage',
            quantity: 1,
            unitPrice: 1000,
            net: 1000,
            tax: 200,
            taxCode: 'T1',
            nominal: '4000',
          },
        ],
      });
      await l.allocate({ credit: '4601', invoice: '4600', amount: 100000, date: '2026-11-02' });
      await l.recordReceipt({ account: CUSTOMER, invoice: '4600', amount: 15000, date: '2026-11-05' });
      await l.recordReceipt({ account: CUSTOMER, invoice: '46000', amount: 5000, date: '2026-11-06' });
      await l.recordReceipt({ account: CUSTOMER, invoice: '4610', amount: 6000, date: '2026-11-07' });
      await l.allocate({ credit: '4701', invoice: '4800', date: '2026-11-08' });
      await l.recordReceipt({ account: CUSTOMER, invoice: '9990', amount: 1200, date: '2026-11-09' });
    });
  });
  afterAll(async () => w?.close());

  it('writes exactly the differences, to the penny, with a date paid only when fully paid', async () => {
    const before = w.sandbox.requests.length;
    const r = await w.sync.sync({ since, user });
    const sent = w.sandbox.requests.slice(before);
    expect(r.succeeded).toBe(true);
    expect(
      r.updated.map((u) => [u.invoiceNumber, u.previousPaid, u.paid, u.total, u.fullyPaid, u.datePaid ?? null]),
    ).toEqual([
      ['460', 0, 15000, 15000, true, '2026-11-05'],
      ['461', 0, 6000, 6000, true, '2026-11-07'],
      ['470', 0, 12000, 12000, true, '2026-11-08'],
      ['480', 0, 12000, 60000, false, null],
      ['4600', 0, 5000, 12000, false, null],
    ]);
    expect(r.problems).toMatchObject([{ code: 'PAYMENTS_NO_MANAGE_INVOICE', record: 'Sage SI 9990' }]);
    expect(r.manageWrites).toBe(5);

    expect(await manageInvoice(w, '460')).toMatchObject({ total: 150, payments: 150, balance: 0 });
    expect(await manageInvoice(w, '4600')).toMatchObject({ total: 120, payments: 50, balance: 70 });
    expect(await manageInvoice(w, '4601')).toMatchObject({ total: 12.6, payments: 0, balance: 12.6 });
    // The credit memo's payment is written as a positive amount; its (negative) balance moves to zero.
    expect(await manageInvoice(w, '470')).toMatchObject({ total: -120, payments: 120, balance: 0 });
    const [inv470] = await w.client.findInvoicesByNumber(['470']);
    expect(await w.client.listInvoicePayments(inv470.id)).toMatchObject([{ type: 'P', amount: 120 }]);
    expect(await manageInvoice(w, '480')).toMatchObject({ total: 600, payments: 120, balance: 480 });
    const [inv460] = await w.client.findInvoicesByNumber(['460']);
    expect(await w.client.listInvoicePayments(inv460.id)).toMatchObject([
      { type: 'P', amount: 150, paymentDate: '2026-11-05T00:00:00Z', appliedBy: 'Anna Smith' },
    ]);

    expect(sent.filter((q) => q.method === 'POST')).toHaveLength(5);
    // Invoices are looked up in bulk: one list request here, never a GET per invoice (the other one is a page
    // of one invoice, read once for the type of a payment already in Manage, as none of these had one).
    expect(sent.filter((q) => q.method === 'GET' && q.path === 'finance/invoices')).toHaveLength(2);
    expect(sent.filter((q) => q.method === 'GET' && /^finance\/invoices\/\d+$/.test(q.path))).toHaveLength(0);
  });

  it('a second run writes nothing', async () => {
    const r = await w.sync.sync({ since: 'last', user });
    expect(r).toMatchObject({ since: '2026-11-30', manageWrites: 0, updated: [] });
    const again = await w.sync.sync({ since, user });
    expect(again.manageWrites).toBe(0);
    expect(again.unchanged).toBe(5);
  });

  it('an instalment after the first sync updates the one payment to the new total, never a second', async () => {
    await w.withLedger((l) =>
      l.recordReceipt({ account: CUSTOMER, invoice: '46000', amount: 7000, date: '2026-11-20' }),
    );
    const before = w.sandbox.requests.length;
    const r = await w.sync.sync({ since, user });
    const sent = w.sandbox.requests.slice(before).filter((q) => q.method !== 'GET');
    expect(sent.map((q) => q.method)).toEqual(['PATCH']);
    expect(r.updated).toEqual([
      expect.objectContaining({
        invoiceNumber: '4600',
        previousPaid: 5000,
        paid: 12000,
        fullyPaid: true,
        datePaid: '2026-11-20',
      }),
    ]);
    expect(await manageInvoice(w, '4600')).toMatchObject({ payments: 120, balance: 0 });
    const inv4600 = await manageInvoice(w, '4600');
    expect(await w.client.listInvoicePayments(inv4600.id)).toMatchObject([
      { amount: 120, paymentDate: '2026-11-20T00:00:00Z' },
    ]);
    expect((await w.sync.sync({ since, user })).manageWrites).toBe(0);
  });

  it('a Manage refusal during the writes fails the run, keeps the last-run date, and the next run completes it', async () => {
    const lastBefore = await w.sync.resolveSince('last', user);
    await w.withLedger((l) =>
      l.recordReceipt({ account: CUSTOMER, invoice: '4800', amount: 1000, date: '2026-11-21' }),
    );
    w.sandbox.setFaults({ forbidPath: '(POST|PATCH) .*/payments' });
    const failed = await w.sync.sync({ since, user });
    w.sandbox.setFaults({ reset: true });
    expect(failed.succeeded).toBe(false);
    expect(failed.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'PAYMENTS_WRITE_FAILED', record: 'Invoice 480' })]),
    );
    expect(await w.sync.resolveSince('last', user)).toBe(lastBefore);
    const r = await w.sync.sync({ since, user });
    expect(r).toMatchObject({ succeeded: true, manageWrites: 1 });
    expect(await manageInvoice(w, '480')).toMatchObject({ payments: 130 });
  });

  it('an answer lost after Manage applied the update does not count it twice', async () => {
    await w.withLedger((l) =>
      l.recordReceipt({ account: CUSTOMER, invoice: '4800', amount: 2000, date: '2026-11-22' }),
    );
    w.sandbox.setFaults({ dropNext: 1, dropPath: 'PATCH .*/payments', dropMode: 'after-apply' });
    const r = await w.sync.sync({ since, user });
    w.sandbox.setFaults({ reset: true });
    expect(r).toMatchObject({ succeeded: true, manageWrites: 1 });
    expect(await manageInvoice(w, '480')).toMatchObject({ payments: 150, balance: 450 });
    expect(await w.client.listInvoicePayments((await manageInvoice(w, '480')).id)).toHaveLength(1);
    expect((await w.sync.sync({ since, user })).manageWrites).toBe(0);
  });
});

describe('payment sync, split invoicing off (SI / SC with the Manage number)', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(
      [
        { number: '460', lines: [958.33, -833.33] },
        { number: '4600', lines: [100] },
      ],
      { split: false },
    );
    await w.transfer({ number: '460', lines: [958.33, -833.33] });
    await w.transfer({ number: '4600', lines: [100] });
    await w.withLedger(async (l) => {
      await l.allocate({ credit: '460', invoice: '460', date: '2026-11-02' });
      await l.recordReceipt({ account: CUSTOMER, invoice: '460', amount: 10000, date: '2026-11-03' });
      await l.recordReceipt({ account: CUSTOMER, invoice: '4600', amount: 12000, date: '2026-11-04' });
    });
  });
  afterAll(async () => w?.close());

  it('pays Manage 460 with SI 460 less SC 460, and Manage 4600 from SI 4600', async () => {
    const r = await w.sync.sync({ since, user });
    expect(r.updated.map((u) => [u.invoiceNumber, u.paid, u.fullyPaid])).toEqual([
      ['460', 10000, false],
      ['4600', 12000, true],
    ]);
    expect(await manageInvoice(w, '460')).toMatchObject({ payments: 100, balance: 50 });
    expect((await w.sync.sync({ since, user })).manageWrites).toBe(0);
  });
});
