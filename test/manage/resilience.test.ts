/**
 * Retries and write safety against sandbox faults: 429 + Retry-After, 5xx retried then surfaced, dropped
 * connections, a batch POST whose answer is lost (never two batches), payments, and member-key renewal.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isManageError } from '../../core/manage/errors.ts';
import { batchRequest, exportSelection, processedRecordIdsOf } from '../../core/manage/record-ids.ts';
import { type Harness, harness, hits } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.sandbox.reset();
  h.delays.length = 0;
});

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isManageError(e)) return e;
    throw e;
  }
  throw new Error('expected a ManageError');
}

describe('rate limiting', () => {
  it('429 waits for Retry-After, then succeeds', async () => {
    h.sandbox.setFaults({ rateLimitEvery: 2, retryAfterSeconds: 1 });
    // Pages one at a time, so "every 2nd request" alternates with each page's retry (parallel pages under
    // a 429 are covered in round-trips.test.ts).
    const c = h.client({ pageSize: 10, concurrency: 1 });
    const invoices = await c.listUnpostedInvoices();
    expect(invoices).toHaveLength(40);
    expect(h.delays.filter((d) => d === 1000).length).toBeGreaterThanOrEqual(2);
    expect(h.sandbox.requests.some((r) => r.status === 429)).toBe(true);
  });

  it('a Retry-After of 1 s is really waited with the default sleep', async () => {
    h.sandbox.setFaults({ rateLimitEvery: 1, retryAfterSeconds: 1 });
    const c = h.client({ sleep: undefined, retry: { maxAttempts: 2 } });
    const started = Date.now();
    const e = await failure(c.systemInfo());
    expect(e.code).toBe('MANAGE_RATE_LIMITED');
    expect(e.retryable).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('server errors and dropped connections', () => {
  it('5xx on a GET is retried with backoff, then succeeds', async () => {
    h.sandbox.setFaults({ failNext: 2, errorStatus: 503 });
    const c = h.client();
    expect((await c.listLocations()).length).toBe(2);
    expect(c.stats.retryCount).toBe(2);
    expect(h.delays).toHaveLength(2);
    expect(h.delays[1]).toBeGreaterThanOrEqual(h.delays[0] / 2);
  });

  it("a 503's Retry-After is the wait before its retry (instead of the backoff)", async () => {
    h.sandbox.setFaults({ failNext: 1, errorStatus: 503, errorRetryAfterSeconds: 2 });
    const c = h.client();
    expect((await c.listLocations()).length).toBe(2);
    expect(h.delays).toEqual([2000]);
  });

  it('persistent 5xx is surfaced as MANAGE_UNAVAILABLE after the last attempt', async () => {
    h.sandbox.setFaults({ failNext: 10, errorStatus: 500 });
    const e = await failure(h.client().listLocations());
    expect(e.code).toBe('MANAGE_UNAVAILABLE');
    expect(e.status).toBe(500);
    expect(e.attempts).toBe(3);
  });

  it('backoff is capped exponential with jitter', async () => {
    const c = h.client({ random: () => 1, retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 400 } });
    h.sandbox.setFaults({ failNext: 5, errorStatus: 502 });
    await c.listLocations();
    expect(h.delays).toEqual([100, 200, 400, 400, 400]);
  });

  it('a dropped connection on a GET is retried', async () => {
    h.sandbox.setFaults({ dropNext: 1, dropPath: 'GET system/locations' });
    expect((await h.client().listLocations()).length).toBe(2);
  });

  it('other 4xx are never retried', async () => {
    const before = h.sandbox.requestCount;
    const e = await failure(h.client().exportAccounting({}));
    expect(e.code).toBe('MANAGE_INVALID_OBJECT');
    expect(h.sandbox.requestCount - before).toBe(1);
  });
});

describe('creating a batch never creates two', () => {
  async function prepare() {
    const c = h.client();
    const unposted = await c.listUnpostedInvoices();
    const glExport = await c.exportAccounting(
      exportSelection(
        'invoices',
        unposted.slice(0, 5).map((i) => i.id),
      ),
    );
    return { c, req: batchRequest('invoices', '20250430JD-I', processedRecordIdsOf(glExport, 'invoices')) };
  }

  it('when the answer is lost after Manage applied it', async () => {
    const { c, req } = await prepare();
    const posts = hits(h.sandbox, 'POST', 'finance/accounting/batches');
    h.sandbox.setFaults({ dropNext: 1, dropPath: 'POST finance/accounting/batches$', dropMode: 'after-apply' });
    const batch = await c.createBatch(req);
    expect(batch.batchIdentifier).toBe('20250430JD-I');
    expect(hits(h.sandbox, 'POST', 'finance/accounting/batches') - posts).toBe(1);
    expect([...h.sandbox.state.batches.values()].filter((b) => b.batchIdentifier === '20250430JD-I')).toHaveLength(1);
    expect(await c.listUnpostedInvoices()).toHaveLength(35);
  });

  it('when the connection dropped before Manage applied it', async () => {
    const { c, req } = await prepare();
    const posts = hits(h.sandbox, 'POST', 'finance/accounting/batches');
    h.sandbox.setFaults({ dropNext: 1, dropPath: 'POST finance/accounting/batches$', dropMode: 'before-apply' });
    const batch = await c.createBatch(req);
    expect(batch.id).toBeGreaterThan(0);
    expect(hits(h.sandbox, 'POST', 'finance/accounting/batches') - posts).toBe(2);
    expect(h.sandbox.state.batches.size).toBe(1);
  });

  it('when Manage answers 5xx to the POST (outcome unknown)', async () => {
    const { c, req } = await prepare();
    h.sandbox.setFaults({ failNext: 1, failPath: 'POST finance/accounting/batches$' });
    await c.createBatch(req);
    expect(h.sandbox.state.batches.size).toBe(1);
  });

  it('an identifier already in use is MANAGE_BATCH_EXISTS and nothing is posted', async () => {
    const { c, req } = await prepare();
    await c.createBatch(req);
    const before = hits(h.sandbox, 'POST', 'finance/accounting/batches');
    const e = await failure(c.createBatch({ ...req }));
    expect(e.code).toBe('MANAGE_BATCH_EXISTS');
    expect(hits(h.sandbox, 'POST', 'finance/accounting/batches')).toBe(before);
  });

  it('with the identifier checked by the caller: no look-up before the POST, and a taken one is still refused', async () => {
    const { c, req } = await prepare();
    const looks = hits(h.sandbox, 'GET', 'finance/accounting/batches');
    let applied = 0;
    const made = await c.createBatch(req, { identifierChecked: true, onApplied: () => applied++ });
    expect(made.batchIdentifier).toBe(req.batchIdentifier);
    expect(applied).toBe(1);
    // One GET: the read-back after the POST, none before it.
    expect(hits(h.sandbox, 'GET', 'finance/accounting/batches') - looks).toBe(1);
    const posts = hits(h.sandbox, 'POST', 'finance/accounting/batches');
    const e = await failure(c.createBatch({ ...req }, { identifierChecked: true, onApplied: () => applied++ }));
    expect(e.code).toBe('MANAGE_BATCH_EXISTS');
    expect(applied).toBe(1);
    expect(hits(h.sandbox, 'POST', 'finance/accounting/batches') - posts).toBe(1);
    expect(h.sandbox.state.batches.size).toBe(1);
  });

  it('the sandbox itself refuses a duplicate identifier with 400 InvalidObject / ObjectExists', async () => {
    const { c, req } = await prepare();
    await c.createBatch(req);
    const cr = h.sandbox.credentials;
    const res = await fetch(`${h.sandbox.url}/finance/accounting/batches`, {
      method: 'POST',
      headers: {
        clientId: cr.clientId,
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from(`${cr.companyId}+${cr.publicKey}:${cr.privateKey}`).toString('base64')}`,
      },
      body: JSON.stringify(req),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'InvalidObject', errors: [{ code: 'ObjectExists' }] });
  });
});

describe('payments are never recorded twice', () => {
  it('a lost answer to the payment POST is recognised', async () => {
    const c = h.client();
    const [inv] = await c.findInvoicesByNumber(['10001']);
    h.sandbox.setFaults({ dropNext: 1, dropPath: 'POST finance/invoices/\\d+/payments' });
    const p = await c.createInvoicePayment(inv.id, {
      type: 'P',
      amount: 100,
      paymentDate: '2025-05-02',
      appliedBy: 'sagebot',
    });
    expect(p.amount).toBe(100);
    expect(await c.listInvoicePayments(inv.id)).toHaveLength(1);
  });

  it('with the payment ids it last read, a lost answer is recognised without reading payments first', async () => {
    const c = h.client();
    const [inv] = await c.findInvoicesByNumber(['10003']);
    const before = h.sandbox.requests.length;
    h.sandbox.setFaults({ dropNext: 1, dropPath: 'POST finance/invoices/\\d+/payments' });
    const p = await c.createInvoicePayment(inv.id, {
      type: 'P',
      amount: 75,
      paymentDate: '2025-05-02',
      existingPaymentIds: [],
    });
    expect(p.amount).toBe(75);
    expect(await c.listInvoicePayments(inv.id)).toHaveLength(1);
    expect(h.sandbox.requests.slice(before, before + 1).map((r) => r.method)).toEqual(['POST']);
  });

  it('with the payment ids it last read, a connection dropped before applying is sent once more', async () => {
    const c = h.client();
    const [inv] = await c.findInvoicesByNumber(['10004']);
    h.sandbox.setFaults({ dropNext: 1, dropPath: 'POST finance/invoices/\\d+/payments', dropMode: 'before-apply' });
    await c.createInvoicePayment(inv.id, {
      type: 'P',
      amount: 25,
      paymentDate: '2025-05-02',
      existingPaymentIds: [],
    });
    expect(await c.listInvoicePayments(inv.id)).toHaveLength(1);
  });

  it('a lost answer to a payment update (PATCH) is simply repeated: the amount is absolute', async () => {
    const c = h.client();
    const [inv] = await c.findInvoicesByNumber(['10005']);
    const p = await c.createInvoicePayment(inv.id, { type: 'P', amount: 10, paymentDate: '2025-05-02' });
    h.sandbox.setFaults({ dropNext: 1, dropPath: 'PATCH finance/invoices/\\d+/payments/\\d+' });
    const after = await c.updateInvoicePayment(inv.id, p.id, { amount: 30, paymentDate: '2025-05-09' });
    expect(after).toMatchObject({ id: p.id, amount: 30 });
    expect(await c.listInvoicePayments(inv.id)).toMatchObject([{ id: p.id, amount: 30 }]);
    expect((await c.getInvoice(inv.id)).payments).toBe(30);
  });

  it('a 500 before applying is sent once more', async () => {
    const c = h.client();
    const [inv] = await c.findInvoicesByNumber(['10002']);
    h.sandbox.setFaults({ failNext: 1, failPath: 'POST finance/invoices/\\d+/payments' });
    await c.createInvoicePayment(inv.id, { type: 'P', amount: 50, paymentDate: '2025-05-02' });
    expect(await c.listInvoicePayments(inv.id)).toHaveLength(1);
  });
});

describe('member impersonation keys', () => {
  it('are renewed when they expire, and once after a 401', async () => {
    let now = Date.UTC(2025, 4, 1, 9);
    const clock = () => now;
    const hh = await harness({ tokenLifetimeMs: 10 * 60_000, clock });
    try {
      const c = hh.client({ auth: 'member', clock });
      await c.listLocations();
      expect(hh.sandbox.auth.tokensIssued).toBe(1);
      now += 5 * 60_000;
      await c.listLocations();
      expect(hh.sandbox.auth.tokensIssued).toBe(1);
      now += 6 * 60_000;
      await c.listLocations();
      expect(hh.sandbox.auth.tokensIssued).toBe(2);
      hh.sandbox.auth.expireAllTokens();
      expect((await c.listCurrencies()).length).toBe(3);
      expect(hh.sandbox.auth.tokensIssued).toBe(3);
      expect(hh.sandbox.requests.filter((r) => r.status === 401)).toHaveLength(1);
    } finally {
      await hh.close();
    }
  });
});
