/**
 * How reads are scheduled against a slow Manage: the pages of a list after the first are asked for at once
 * (bounded by the client's concurrency) when the first page's Link names the last one, in order, with 429s
 * waited out. Round trips are counted from the sandbox's log (which requests waited for which), not timed.
 * A 429 (or a 503 with Retry-After) on one of them pauses every request of the client: the log shows none
 * arriving while the pause lasts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagesBetween } from '../../core/manage/paging.ts';
import { type Harness, harness, sequentialRoundTrips } from './helpers.ts';

const LIST = 'finance/accounting/unpostedinvoices';
let h: Harness;

beforeAll(async () => {
  // 40 scenario invoices + 60: 10 pages of 10. A little latency so requests in flight together overlap.
  h = await harness({ extraInvoices: 60, faults: { latencyMs: 80 } });
});
afterAll(() => h.close());

async function listed(opts: { concurrency: number; pageSize?: number }) {
  h.sandbox.requests.splice(0);
  const invoices = await h.client({ pageSize: 10, ...opts }).listUnpostedInvoices();
  const pages = h.sandbox.requests.filter((r) => r.path === LIST);
  return { ids: invoices.map((i) => i.id), pages, trips: sequentialRoundTrips(h.sandbox.requests) };
}

describe('list paging against a slow Manage', () => {
  it('asks for pages 2..last at once, at most `concurrency` in flight, and keeps their order', async () => {
    const one = await listed({ concurrency: 1 });
    const four = await listed({ concurrency: 4 });
    expect(one.pages).toHaveLength(10);
    expect(one.trips).toBe(10);
    expect(four.ids).toEqual(one.ids);
    expect(new Set(four.ids).size).toBe(100);
    expect(four.pages).toHaveLength(10);
    // The first page, then 9 pages four at a time: 1 + 3 waits.
    expect(four.trips).toBeLessThanOrEqual(4);
    // In flight at the moment each page arrived (a page can overlap more than four others over its life while no
    // more than four are ever open at once, so count at instants, not over lifetimes).
    const inFlight = four.pages.map((p) => four.pages.filter((q) => q.at <= p.at && q.endedAt! > p.at).length);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(4);
  });

  it('keeps at most twice `concurrency` requests in flight in all, however many are asked for at once', async () => {
    const c = h.client({ concurrency: 1 });
    const codes = await c.listTaxCodes();
    h.sandbox.requests.splice(0);
    await Promise.all([...codes, ...codes].map((t) => c.listTaxCodeLevels(t.id)));
    const log = h.sandbox.requests;
    expect(log).toHaveLength(2 * codes.length);
    const inFlight = log.map((p) => log.filter((q) => q.at <= p.at && q.endedAt! > p.at).length);
    expect(Math.max(...inFlight)).toBe(2);
  });

  it('waits out a 429 on one of the parallel pages and still returns every record once', async () => {
    const one = await listed({ concurrency: 1 });
    h.sandbox.setFaults({ rateLimitEvery: 7, retryAfterSeconds: 0 });
    try {
      const four = await listed({ concurrency: 4 });
      expect(four.pages.some((p) => p.status === 429)).toBe(true);
      expect(four.ids).toEqual(one.ids);
    } finally {
      h.sandbox.setFaults({ reset: true, latencyMs: 80 });
    }
  });
});

describe('one shared pause after a 429 or a 503 with Retry-After', () => {
  const PAUSE_LATENCY_MS = 200;
  /** The client's pauses, with when each began and ended (a real wait, so the sandbox log can be compared). */
  let reference: number[] | undefined;
  async function pausedListing(faults: Parameters<Harness['sandbox']['setFaults']>[0]) {
    // 20 pages of 5, so that pages are still to be asked for when a 429 comes (the first test shows that
    // parallel pages keep the order of one-by-one ones).
    reference ??= (await listed({ concurrency: 4, pageSize: 5 })).ids;
    const pauses: Array<{ from: number; to: number }> = [];
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const from = Date.now();
        setTimeout(() => {
          pauses.push({ from, to: Date.now() });
          resolve();
        }, ms);
      });
    // A longer latency than above: on a loaded machine a request sent just before the pause can reach the
    // sandbox well after it began (see sentDuringPauses).
    h.sandbox.setFaults({ ...faults, latencyMs: PAUSE_LATENCY_MS });
    try {
      h.sandbox.requests.splice(0);
      const ids = (
        await h.client({ pageSize: 5, concurrency: 4, sleep, retry: { maxAttempts: 5 } }).listUnpostedInvoices()
      ).map((i) => i.id);
      return { ids, reference, pauses, requests: [...h.sandbox.requests] };
    } finally {
      h.sandbox.setFaults({ reset: true, latencyMs: 80 });
    }
  }

  /**
   * Requests that reached the sandbox while a pause was on. The first half latency of a pause is left out:
   * a request the client sent just before it saw the 429 may arrive a moment after the pause began. Without
   * the shared pause the other workers go on, one request per latency, so some would arrive later in it.
   */
  function sentDuringPauses(r: Awaited<ReturnType<typeof pausedListing>>) {
    return r.requests.filter((q) => r.pauses.some((p) => q.at > p.from + PAUSE_LATENCY_MS / 2 && q.at < p.to));
  }

  it('a 429 on one parallel page holds back every request until its Retry-After has passed', async () => {
    const r = await pausedListing({ rateLimitEvery: 11, retryAfterSeconds: 0.6 });
    expect(r.requests.some((q) => q.status === 429)).toBe(true);
    expect(r.pauses.length).toBeGreaterThan(0);
    expect(r.pauses.every((p) => p.to - p.from >= 550)).toBe(true);
    expect(sentDuringPauses(r)).toEqual([]);
    expect(r.ids).toEqual(r.reference);
  });

  it('a 503 with Retry-After does the same (a 503 without one is retried on its own backoff)', async () => {
    const r = await pausedListing({ errorEvery: 11, errorStatus: 503, errorRetryAfterSeconds: 0.6 });
    expect(r.requests.some((q) => q.status === 503)).toBe(true);
    expect(r.pauses.some((p) => p.to - p.from >= 550)).toBe(true);
    expect(sentDuringPauses(r)).toEqual([]);
    expect(r.ids).toEqual(r.reference);
  });
});

describe('pagesBetween', () => {
  const o = 'https://m.example';
  const u = (q: string) => `${o}/v4_6_release/apis/3.0/x?${q}`;
  it('lists pages 2..last when next and last differ only in page', () => {
    expect(pagesBetween(u('pageSize=5&page=2&c=1'), u('c=1&pageSize=5&page=4'), o)).toEqual([
      u('pageSize=5&page=2&c=1'),
      u('pageSize=5&page=3&c=1'),
      u('pageSize=5&page=4&c=1'),
    ]);
  });
  it('falls back to following links otherwise', () => {
    expect(pagesBetween(undefined, u('page=4'), o)).toEqual([]);
    expect(pagesBetween(u('page=2&c=1'), u('page=4&c=2'), o)).toEqual([]);
    expect(pagesBetween(u('pageId=20'), u('page=4'), o)).toEqual([]);
    expect(pagesBetween(u('page=2'), `https://evil.example/x?page=9`, o)).toEqual([]);
  });
});
