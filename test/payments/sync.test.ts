/**
 * Amount and matching logic of the payment sync, with an in-memory ledger and Manage (fakes.ts).
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import type { Invoice } from '../../core/manage/models.ts';
import { nothingApplied } from '../../core/payments/manage-amounts.ts';
import { createPaymentSync } from '../../core/payments/sync.ts';
import { FakeLedger, FakeManage, gbp, MemoryAudit, MemoryState } from './fakes.ts';

const user = { id: 'u-anna', name: 'Anna Smith' };
const NOW = new Date('2025-04-10T10:00:00Z');

function setup(split = true) {
  const sage = new FakeLedger();
  const manage = new FakeManage();
  const audit = new MemoryAudit();
  const state = new MemoryState();
  const sync = createPaymentSync({
    manage: manage.api(),
    withLedger: sage.withLedger,
    state,
    audit,
    settings: async () => ({ splitInvoicing: split }),
    timeZone: 'Europe/London',
    now: () => NOW,
    machine: 'PC-1',
    logger: silentLogger(),
  });
  const run = (since = '2025-04-01') => sync.sync({ since, user });
  return { sage, manage, audit, state, sync, run };
}

describe('split invoices (Manage 460 = Sage 4600 and 4601)', () => {
  it('reproduces the guide to the penny: 1,150 invoice, 1,000 credit applied, 150 received -> 150 paid, fully', async () => {
    const { sage, manage, run } = setup();
    const inv = manage.add('460', 150);
    sage.add('invoice', 4600, gbp(1150)).add('credit', 4601, gbp(1000));
    sage.allocate(['credit', 4601], ['invoice', 4600], gbp(1000), '2025-04-02');
    sage.receive('invoice', 4600, gbp(150), '2025-04-05');
    const r = await run();
    expect(r.updated).toEqual([
      {
        invoiceNumber: '460',
        manageInvoiceId: inv.id,
        previousPaid: 0,
        paid: 15000,
        total: 15000,
        currency: 'GBP',
        fullyPaid: true,
        datePaid: '2025-04-05',
      },
    ]);
    expect(manage.writes).toEqual([
      {
        invoiceId: inv.id,
        method: 'POST',
        payment: {
          type: 'P',
          amount: 150,
          paymentDate: '2025-04-05T00:00:00Z',
          appliedBy: 'Anna Smith',
          existingPaymentIds: [],
        },
      },
    ]);
    expect(r.manageWrites).toBe(1);
    expect(r.problems).toEqual([]);
    expect(manage.get('460')).toMatchObject({ payments: 150, balance: 0 });
  });

  it('credit applied but nothing received yet: nothing paid on Manage', async () => {
    const { sage, manage, run } = setup();
    manage.add('460', 150);
    sage.add('invoice', 4600, gbp(1150)).add('credit', 4601, gbp(1000));
    sage.allocate(['credit', 4601], ['invoice', 4600], gbp(1000), '2025-04-02');
    const r = await run();
    expect(r.updated).toEqual([]);
    expect(r.unchanged).toBe(1);
    expect(r.manageWrites).toBe(0);
  });

  it("a receipt on 4600 alone (4601 unchanged) still subtracts the credit note's value, read from Sage", async () => {
    const { sage, manage, run } = setup();
    manage.add('460', 150);
    sage.add('invoice', 4600, gbp(1150)).add('credit', 4601, gbp(1000));
    sage.allocate(['credit', 4601], ['invoice', 4600], gbp(1000), '2025-03-20'); // before the start date
    sage.receive('invoice', 4600, gbp(100.01), '2025-04-05');
    const r = await run();
    expect(r.updated).toMatchObject([{ invoiceNumber: '460', paid: 10001, total: 15000, fullyPaid: false }]);
    expect(r.updated[0].datePaid).toBeUndefined();
    expect(manage.writes[0].payment).toMatchObject({ amount: 100.01, paymentDate: '2025-04-05T00:00:00Z' });
  });

  it('a split invoice without negative lines (4600 only) is paid as it is allocated', async () => {
    const { sage, manage, run } = setup();
    manage.add('470', 99.99);
    sage.add('invoice', 4700, gbp(99.99)).receive('invoice', 4700, gbp(40), '2025-04-03');
    const r = await run();
    expect(r.updated).toMatchObject([{ invoiceNumber: '470', paid: 4000, fullyPaid: false }]);
  });

  it('only the credit half moved (used on another invoice): Manage 460 is left alone', async () => {
    const { sage, manage, run } = setup();
    manage.add('460', 150);
    manage.add('480', 2000);
    sage.add('invoice', 4600, gbp(1150)).add('credit', 4601, gbp(1000)).add('invoice', 4800, gbp(2000));
    sage.allocate(['credit', 4601], ['invoice', 4800], gbp(1000), '2025-04-03');
    const r = await run();
    expect(r.updated).toMatchObject([{ invoiceNumber: '480', paid: 100000, fullyPaid: false }]);
    expect(r.unchanged).toBe(1);
    expect(manage.writes).toHaveLength(1);
  });

  it('a Manage credit memo exported as a credit note is "paid" by how much of it has been used', async () => {
    const { sage, manage, run } = setup();
    const cm = manage.add('490', -120);
    manage.add('500', 300);
    sage.add('credit', 4901, gbp(120)).add('invoice', 5000, gbp(300));
    sage.allocate(['credit', 4901], ['invoice', 5000], gbp(120), '2025-04-04');
    const r = await run();
    expect(r.updated).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          invoiceNumber: '490',
          paid: 12000,
          total: 12000,
          fullyPaid: true,
          datePaid: '2025-04-04',
        }),
        expect.objectContaining({ invoiceNumber: '500', paid: 12000, total: 30000, fullyPaid: false }),
      ]),
    );
    // Written as a positive amount (Manage refuses negative payments); the credit memo's balance moves to zero.
    expect(manage.writes.find((w) => w.invoiceId === cm.id)).toMatchObject({
      method: 'POST',
      payment: { amount: 120 },
    });
    expect(manage.get('490')).toMatchObject({ payments: 120, balance: 0 });
  });
});

describe('Manage numbers that end in 0 or 1', () => {
  it('tells Manage 460 (split as 4600/4601) from Manage 4600 (split as 46000)', async () => {
    const { sage, manage, run } = setup();
    manage.add('460', 150);
    manage.add('4600', 80);
    manage.add('4601', 70);
    sage
      .add('invoice', 4600, gbp(1150))
      .add('credit', 4601, gbp(1000))
      .add('invoice', 46000, gbp(80))
      .add('invoice', 46010, gbp(70));
    sage.allocate(['credit', 4601], ['invoice', 4600], gbp(1000), '2025-04-02');
    sage.receive('invoice', 4600, gbp(150), '2025-04-02');
    sage.receive('invoice', 46000, gbp(80), '2025-04-03');
    sage.receive('invoice', 46010, gbp(20), '2025-04-03');
    const r = await run();
    expect(r.updated.map((u) => [u.invoiceNumber, u.paid, u.fullyPaid])).toEqual([
      ['460', 15000, true],
      ['4600', 8000, true],
      ['4601', 2000, false],
    ]);
    expect(r.problems).toEqual([]);
    expect(manage.lookups).toHaveLength(1);
  });

  it('Sage 4600 goes to Manage 4600 when Manage has no 460 (an unsplit invoicing-module invoice)', async () => {
    const { sage, manage, run } = setup();
    manage.add('4600', 75);
    sage.add('invoice', 4600, gbp(75)).receive('invoice', 4600, gbp(75), '2025-04-02');
    const r = await run();
    expect(r.updated).toMatchObject([{ invoiceNumber: '4600', paid: 7500, fullyPaid: true }]);
  });

  it('when both readings exist, the one whose value equals the Manage total wins', async () => {
    const { sage, manage, run } = setup();
    manage.add('460', 500); // unrelated to Sage 4600 (whose value is 75)
    manage.add('4600', 75);
    sage.add('invoice', 4600, gbp(75)).receive('invoice', 4600, gbp(75), '2025-04-02');
    const r = await run();
    expect(r.updated).toMatchObject([{ invoiceNumber: '4600', paid: 7500 }]);
  });

  it('a credit note 4601 is Manage credit memo 4601 when there is no invoice 4600 and amounts say so', async () => {
    const { sage, manage, run } = setup();
    manage.add('460', 300);
    manage.add('4601', -40);
    manage.add('700', 100);
    sage.add('invoice', 4600, gbp(300)).add('credit', 4601, gbp(40)).add('invoice', 7000, gbp(100));
    sage.allocate(['credit', 4601], ['invoice', 7000], gbp(40), '2025-04-02');
    const r = await run();
    // 4600 - 4601 = 260 is not Manage 460's 300; 4601 alone = 40 is Manage 4601's total.
    expect(r.updated.map((u) => [u.invoiceNumber, u.paid])).toEqual([
      ['700', 4000],
      ['4601', 4000],
    ]);
    expect(r.problems).toEqual([]);
  });
});

describe('split invoicing off: SI / SC carry the Manage number', () => {
  it('pays SI 460 less SC 460, and reads 4600 as 4600', async () => {
    const { sage, manage, run } = setup(false);
    manage.add('460', 150);
    manage.add('4600', 10);
    sage.add('SI', '460', gbp(1150)).add('SC', '460', gbp(1000)).add('SI', '4600', gbp(10));
    sage.allocate(['SC', '460'], ['SI', '460'], gbp(1000), '2025-04-02');
    sage.receive('SI', '460', gbp(150), '2025-04-06');
    sage.receive('SI', '4600', gbp(10), '2025-04-06');
    const r = await run();
    expect(r.updated.map((u) => [u.invoiceNumber, u.paid, u.fullyPaid, u.datePaid])).toEqual([
      ['460', 15000, true, '2025-04-06'],
      ['4600', 1000, true, '2025-04-06'],
    ]);
    expect(r.splitInvoicing).toBe(false);
  });
});

describe('only differences are written', () => {
  it('a second run writes nothing, a later part payment writes just the difference', async () => {
    const { sage, manage, run } = setup();
    manage.add('460', 150);
    manage.add('510', 200);
    sage.add('invoice', 4600, gbp(1150)).add('credit', 4601, gbp(1000)).add('invoice', 5100, gbp(200));
    sage.allocate(['credit', 4601], ['invoice', 4600], gbp(1000), '2025-04-02');
    sage.receive('invoice', 4600, gbp(150), '2025-04-02');
    sage.receive('invoice', 5100, gbp(50), '2025-04-03');
    expect((await run()).manageWrites).toBe(2);
    const second = await run();
    expect(second).toMatchObject({ manageWrites: 0, updated: [], unchanged: 2, problems: [] });
    sage.receive('invoice', 5100, gbp(150), '2025-04-09');
    const third = await run();
    expect(third.updated).toMatchObject([
      { invoiceNumber: '510', previousPaid: 5000, paid: 20000, fullyPaid: true, datePaid: '2025-04-09' },
    ]);
    // Manage keeps one payment per invoice: the instalment updates it to the new paid total.
    expect(manage.writes.at(-1)).toMatchObject({
      method: 'PATCH',
      payment: { amount: 200, paymentDate: '2025-04-09T00:00:00Z' },
    });
    expect(manage.paymentsOf('510')).toMatchObject([{ amount: 200 }]);
    expect(manage.writes.filter((w) => w.method === 'POST')).toHaveLength(2);
  });

  it('a reduction (receipt reversed in Sage) is reported and not written', async () => {
    const { sage, manage, run } = setup();
    manage.add('520', 100, { payments: 100, balance: 0 });
    sage
      .add('invoice', 5200, gbp(100))
      .receive('invoice', 5200, gbp(100), '2025-03-01')
      .reverse('invoice', 5200, gbp(100), '2025-04-03');
    const r = await run();
    expect(r.manageWrites).toBe(0);
    expect(r.problems).toMatchObject([
      { code: 'PAYMENTS_REDUCTION', manageId: manage.get('520').id, record: 'Invoice 520' },
    ]);
    expect(r.succeeded).toBe(true);
  });
});

describe('one payment per invoice, as Manage keeps it', () => {
  it('a payment entered in Manage is updated to the Sage total, keeping its type', async () => {
    const { sage, manage, run } = setup();
    const inv = manage.add('610', 300, { payments: 100, balance: 200, paymentType: 'CHK' });
    manage.types.push('CHK');
    sage.add('invoice', 6100, gbp(300)).receive('invoice', 6100, gbp(250), '2025-04-04');
    const r = await run();
    expect(r.updated).toMatchObject([{ invoiceNumber: '610', previousPaid: 10000, paid: 25000 }]);
    expect(manage.writes).toEqual([
      {
        invoiceId: inv.id,
        method: 'PATCH',
        paymentId: manage.paymentsOf('610')[0].id,
        payment: { amount: 250, paymentDate: '2025-04-04T00:00:00Z', appliedBy: 'Anna Smith' },
      },
    ]);
    expect(manage.paymentsOf('610')).toMatchObject([{ type: 'CHK', amount: 250 }]);
    expect(manage.sampleReads).toBe(0); // only updates: no type needed
    expect((await run()).manageWrites).toBe(0);
  });

  it('with no payment on these invoices, a new one takes the type of the latest payment elsewhere in Manage', async () => {
    const { sage, manage, run } = setup();
    manage.types = ['CASH'];
    manage.add('650', 50, { payments: 50, balance: 0, paymentType: 'CASH' }); // paid by hand, not in this sync
    const fresh = manage.add('660', 40);
    sage.add('invoice', 6600, gbp(40)).receive('invoice', 6600, gbp(40), '2025-04-04');
    const r = await run();
    expect(r.problems).toEqual([]);
    expect(manage.writes).toMatchObject([
      { invoiceId: fresh.id, method: 'POST', payment: { type: 'CASH', amount: 40 } },
    ]);
    expect(manage.sampleReads).toBe(1);
  });

  it("a new payment takes the type code Manage's own payments show", async () => {
    const { sage, manage, run } = setup();
    manage.types = ['CASH'];
    manage.add('620', 300, { payments: 10, balance: 290, paymentType: 'CASH' });
    const fresh = manage.add('630', 40);
    sage.add('invoice', 6200, gbp(300)).receive('invoice', 6200, gbp(20), '2025-04-04');
    sage.add('invoice', 6300, gbp(40)).receive('invoice', 6300, gbp(40), '2025-04-04');
    const r = await run();
    expect(r.problems).toEqual([]);
    expect(manage.writes.find((w) => w.invoiceId === fresh.id)).toMatchObject({
      method: 'POST',
      payment: { type: 'CASH', amount: 40 },
    });
  });

  it('a payment type Manage refuses is named as such, with what to do', async () => {
    const { sage, manage, run } = setup();
    manage.types = ['CASH'];
    manage.add('640', 40);
    sage.add('invoice', 6400, gbp(40)).receive('invoice', 6400, gbp(40), '2025-04-04');
    const r = await run();
    expect(r.succeeded).toBe(false);
    expect(r.problems).toMatchObject([
      {
        code: 'PAYMENTS_TYPE_REFUSED',
        record: 'Invoice 640',
        message: expect.stringContaining('payment type "P"'),
        fix: expect.stringContaining('Enter one payment by hand'),
      },
    ]);
    expect(manage.writes).toEqual([]);
  });
});

describe('problems', () => {
  it('reports a Sage document with no Manage invoice, and carries on with the rest', async () => {
    const { sage, manage, run } = setup();
    manage.add('530', 10);
    sage.add('invoice', 9990, gbp(5)).receive('invoice', 9990, gbp(5), '2025-04-02');
    sage.add('invoice', 5300, gbp(10)).receive('invoice', 5300, gbp(10), '2025-04-02');
    const r = await run();
    expect(r.problems).toMatchObject([
      { code: 'PAYMENTS_NO_MANAGE_INVOICE', record: 'Sage SI 9990', message: expect.stringMatching(/"999" or "9990"/) },
    ]);
    expect(r.updated).toMatchObject([{ invoiceNumber: '530' }]);
    expect(r.checked).toBe(2);
  });

  it('reports a currency mismatch and a total mismatch without writing', async () => {
    const { sage, manage, run } = setup();
    manage.add('540', 100, { currency: { currencyCode: 'EUR', numberOfDecimals: 2 } });
    manage.add('550', 100);
    sage.add('invoice', 5400, gbp(100)).receive('invoice', 5400, gbp(100), '2025-04-02');
    sage.add('invoice', 5500, gbp(101)).receive('invoice', 5500, gbp(101), '2025-04-02');
    const r = await run();
    expect(r.problems.map((p) => p.code).sort()).toEqual(['PAYMENTS_CURRENCY_MISMATCH', 'PAYMENTS_TOTAL_MISMATCH']);
    expect(r.manageWrites).toBe(0);
  });

  it('reports two Sage documents claiming the same half of one Manage invoice', async () => {
    const { sage, manage, run } = setup();
    manage.add('560', 100);
    sage.add('invoice', 5600, gbp(100)).add('SI', '560', gbp(100));
    sage.receive('invoice', 5600, gbp(100), '2025-04-02').receive('SI', '560', gbp(100), '2025-04-02');
    const r = await run();
    expect(r.problems).toMatchObject([{ code: 'PAYMENTS_DUPLICATE_DOCUMENT', record: 'Invoice 560' }]);
    expect(r.manageWrites).toBe(0);
  });

  it('a failed write is a problem, the run is not successful and the last-run date does not move', async () => {
    const { sage, manage, state, audit, sync } = setup();
    const bad = manage.add('570', 10);
    manage.add('580', 10);
    manage.failWritesFor.add(bad.id);
    sage.add('invoice', 5700, gbp(10)).receive('invoice', 5700, gbp(10), '2025-04-02');
    sage.add('invoice', 5800, gbp(10)).receive('invoice', 5800, gbp(10), '2025-04-02');
    const r = await sync.sync({ since: '2025-04-01', user });
    expect(r.succeeded).toBe(false);
    expect(r.problems).toMatchObject([{ code: 'PAYMENTS_WRITE_FAILED', record: 'Invoice 570' }]);
    expect(r.updated).toMatchObject([{ invoiceNumber: '580' }]);
    expect(state.runs.size).toBe(0);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'sync-payments', details: { outcome: 'failed' } });
  });
});

describe('last successful run, audit and progress', () => {
  it('remembers the run per user and machine, uses it for "last", and records each sync', async () => {
    const { sage, manage, state, audit, sync } = setup();
    manage.add('590', 10);
    sage.add('invoice', 5900, gbp(10)).receive('invoice', 5900, gbp(10), '2025-04-02');
    const phases: string[] = [];
    const first = await sync.sync({ since: 'last', user, onProgress: (p) => phases.push(p.phase) });
    expect(first).toMatchObject({ since: '2025-03-10', sinceUsed: 'month', manageWrites: 1, succeeded: true });
    expect(first.notes[0]).toMatch(/past month/);
    expect(phases[0]).toBe('validating');
    expect(phases).toContain('posting');
    expect(phases.at(-1)).toBe('done');
    expect(state.runs.get('PC-1/u-anna')).toMatchObject({
      startedAt: NOW.toISOString(),
      since: '2025-03-10',
      manageWrites: 1,
    });
    const second = await sync.sync({ since: 'last', user });
    expect(second).toMatchObject({ since: '2025-04-10', sinceUsed: 'last', notes: [], manageWrites: 0 });
    expect(await sync.resolveSince('last', { id: 'u-bob', name: 'Bob' })).toBe('2025-03-10');
    expect(audit.entries).toHaveLength(2);
    expect(audit.entries[0]).toMatchObject({
      action: 'sync-payments',
      actor: { id: 'u-anna', name: 'Anna Smith' },
      details: { outcome: 'completed', since: '2025-03-10', updated: 1, manageWrites: 1, machine: 'PC-1' },
    });
  });

  it('a bad --since is a usage error and nothing runs', async () => {
    const { sync, audit } = setup();
    await expect(sync.sync({ since: 'fortnight', user })).rejects.toMatchObject({ code: 'USAGE_BAD_SINCE' });
    expect(audit.entries).toHaveLength(0);
  });

  it('no changes: no Manage request at all', async () => {
    const { manage, run } = setup();
    const r = await run();
    expect(r).toMatchObject({ checked: 0, sageDocuments: 0, manageWrites: 0, succeeded: true });
    expect(manage.lookups).toHaveLength(0);
  });

  it('a Sage failure fails the run, is audited, and keeps the last-run date', async () => {
    const { manage, audit, state } = setup();
    const sync = createPaymentSync({
      manage: manage.api(),
      state,
      audit,
      settings: async () => ({ splitInvoicing: true }),
      timeZone: 'UTC',
      withLedger: async () => {
        throw Object.assign(new Error('Sage is busy'), { code: 'SAGE_IN_USE' });
      },
      now: () => NOW,
      machine: 'PC-1',
      logger: silentLogger(),
    });
    await expect(sync.sync({ since: 'week', user })).rejects.toThrow('Sage is busy');
    expect(audit.entries).toMatchObject([{ action: 'sync-payments', details: { outcome: 'failed' } }]);
    expect(state.runs.size).toBe(0);
  });
});

describe('nothingApplied: when a payment is POSTed without reading the invoice payments first', () => {
  const inv = (fields: Partial<Invoice>) => ({ id: 1, total: 120, ...fields }) as Invoice;
  it('only when the invoice figures say nothing is applied', () => {
    expect(nothingApplied(inv({ payments: 0, credits: 0, balance: 120 }))).toBe(true);
    expect(nothingApplied(inv({ payments: 0 }))).toBe(true);
    expect(nothingApplied(inv({ balance: 120 }))).toBe(true);
    expect(nothingApplied(inv({ payments: 0.01, credits: 0 }))).toBe(false);
    expect(nothingApplied(inv({ payments: 0, credits: 20 }))).toBe(false);
    expect(nothingApplied(inv({ balance: 100 }))).toBe(false);
    // No figures: nobody knows, so the payments are read.
    expect(nothingApplied(inv({}))).toBe(false);
  });
});
