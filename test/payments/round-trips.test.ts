/**
 * Round trips of a payment sync against a slow Manage (150 ms added to every answer, so requests in flight together
 * overlap in the sandbox's log): what the sync reads before it writes follows at most 4 answers one after
 * another, reads and writes go out at most `concurrency` at once, and every invoice is written exactly once.
 * Counted from the log (which requests waited for which), not timed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../core/manage/sandbox/server.ts';
import { sequentialRoundTrips } from '../manage/helpers.ts';
import { CUSTOMER, createWorld, type InvoiceSpec, type World } from './world.ts';

const COUNT = 24;
/** MANAGE_CONCURRENCY for this world; not the default 4, so that a limit that ignores the setting shows. */
const CONCURRENCY = 3;
/** Long enough that requests in flight together still overlap in the log on a loaded machine. */
const LATENCY_MS = 150;
const since = '2026-11-01';
const user = { id: 'anna', name: 'Anna Smith' };
const specs: InvoiceSpec[] = Array.from({ length: COUNT }, (_, i) => ({ number: String(5100 + i), lines: [100] }));

const isWrite = (r: RequestLogEntry) => /^finance\/invoices\/\d+\/payments(\/\d+)?$/.test(r.path) && r.method !== 'GET';
const isPaymentRead = (r: RequestLogEntry) => r.method === 'GET' && /^finance\/invoices\/\d+\/payments$/.test(r.path);

/** The sync's requests, split into what it read before its first write and the writes. */
async function synced(w: World) {
  w.sandbox.requests.splice(0);
  const report = await w.sync.sync({ since, user });
  const requests = [...w.sandbox.requests];
  const firstWrite = Math.min(...requests.filter(isWrite).map((r) => r.at)); // Infinity when nothing is written
  const reads = requests.filter((r) => r.at < firstWrite);
  const writes = requests.filter(isWrite);
  return { report, requests, reads, writes, readTrips: sequentialRoundTrips(reads) };
}

/**
 * The most requests of `list` open at one instant, counted at each arrival: those that had arrived and not yet
 * answered (an answer that leaves within a couple of milliseconds of the arrival is not counted). Counting overlaps
 * over a request's whole life would count more than were ever open at once.
 */
function mostInFlight(list: RequestLogEntry[]): number {
  const openAt = (t: number) => list.filter((q) => q.at <= t && q.endedAt! > t + 2).length;
  return Math.max(0, ...list.map((p) => openAt(p.at)));
}

const receipt = (w: World, i: number, amount: number, date: string) =>
  w.withLedger((l) => l.recordReceipt({ account: CUSTOMER, invoice: `${5100 + i}0`, amount, date }));

describe('payment sync against a slow Manage', () => {
  let w: World;
  beforeAll(async () => {
    // A short URL limit: the 48 candidate numbers take 3 look-up chunks, asked for at once.
    w = await createWorld(specs, { faults: { latencyMs: LATENCY_MS }, concurrency: CONCURRENCY, maxUrlLength: 300 });
    for (const spec of specs) await w.transfer(spec);
    // Half the invoices in part (60.00 of 120.00), half in full.
    for (let i = 0; i < COUNT; i++) await receipt(w, i, i < COUNT / 2 ? 6000 : 12000, '2026-11-03');
  });
  afterAll(async () => w?.close());

  it('first payments: looked up in a couple of round trips, POSTed without reading payments, once each', async () => {
    const r = await synced(w);
    expect(r.report.succeeded).toBe(true);
    expect(r.report.updated).toHaveLength(COUNT);
    // Nothing is applied to these invoices yet (their figures say so): no payment list is read first.
    expect(r.requests.filter(isPaymentRead)).toEqual([]);
    expect(r.reads.filter((q) => q.path === 'finance/invoices').length).toBeGreaterThanOrEqual(3);
    // The look-up chunks at once, then the one sample of a payment type: 2 answers waited for, at most 4.
    expect(r.readTrips).toBeLessThanOrEqual(4);
    expect(r.writes.every((q) => q.method === 'POST' && q.status === 201)).toBe(true);
    expect(new Set(r.writes.map((q) => q.path)).size).toBe(COUNT);
    expect(mostInFlight(r.writes)).toBeLessThanOrEqual(CONCURRENCY);
    expect(mostInFlight(r.writes)).toBeGreaterThan(1);
    expect(sequentialRoundTrips(r.writes)).toBeLessThanOrEqual(Math.ceil(COUNT / CONCURRENCY) + 2);
  });

  it('instalments: payments read at once, then each PATCHed once; the type is learnt from them', async () => {
    for (let i = 0; i < COUNT / 2; i++) await receipt(w, i, 6000, '2026-11-10');
    const r = await synced(w);
    expect(r.report.succeeded).toBe(true);
    expect(r.report.updated.map((u) => u.fullyPaid)).toEqual(Array(COUNT / 2).fill(true));
    const paymentReads = r.reads.filter(isPaymentRead);
    expect(paymentReads).toHaveLength(COUNT / 2);
    expect(mostInFlight(paymentReads)).toBeLessThanOrEqual(CONCURRENCY);
    // The look-up, then 12 payment lists three at a time (5; one more allowed for a loaded machine's skew; one
    // by one would be 13); no sample of a type (the read payments carry it).
    expect(r.readTrips).toBeLessThanOrEqual(2 + Math.ceil(COUNT / 2 / CONCURRENCY));
    expect(r.writes.every((q) => q.method === 'PATCH' && q.status === 200)).toBe(true);
    expect(new Set(r.writes.map((q) => q.path)).size).toBe(COUNT / 2);
    expect(mostInFlight(r.writes)).toBeLessThanOrEqual(CONCURRENCY);
  });

  it('a second run writes nothing and reads only the look-up', async () => {
    const r = await synced(w);
    expect(r.report.manageWrites).toBe(0);
    expect(r.writes).toEqual([]);
    expect(r.reads.every((q) => q.method === 'GET' && q.path === 'finance/invoices')).toBe(true);
    expect(r.readTrips).toBe(1);
  });
});

describe('payment sync under rate limiting', () => {
  it('429s among the parallel writes are waited out; every invoice is still written exactly once', async () => {
    const few = specs.slice(0, 12);
    // Every 5th request refused with a short Retry-After; the client's default of 5 attempts.
    const w = await createWorld(few, { faults: { rateLimitEvery: 5, retryAfterSeconds: 0.05 }, concurrency: 4 });
    try {
      for (const spec of few) await w.transfer(spec);
      for (let i = 0; i < few.length; i++) await receipt(w, i, 12000, '2026-11-03');
      const r = await synced(w);
      expect(r.requests.filter((q) => q.status === 429).length).toBeGreaterThan(0);
      expect(r.report.succeeded).toBe(true);
      expect(r.report.updated).toHaveLength(few.length);
      const created = r.writes.filter((q) => q.status === 201).map((q) => q.path);
      expect(created).toHaveLength(few.length);
      expect(new Set(created).size).toBe(few.length);
      // And Manage now shows what Sage does: nothing left to write.
      w.sandbox.setFaults({ reset: true });
      expect((await synced(w)).report.manageWrites).toBe(0);
    } finally {
      await w.close();
    }
  });
});
