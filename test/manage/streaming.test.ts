/**
 * Large Manage answers read as they arrive (json-items.ts): the same records as a whole-body parse, in order,
 * whatever the chunking; a body cut mid-way is an error (or a clean retry), never a short list; an odd value
 * costs one repair of its own record, never a copy or re-parse of the whole export.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import { accountingEndpoints } from '../../core/manage/client-accounting.ts';
import { endpointContext } from '../../core/manage/endpoint-context.ts';
import { isManageError } from '../../core/manage/errors.ts';
import { Transport } from '../../core/manage/http.ts';
import { type ItemSink, JsonItems, type StreamedBody } from '../../core/manage/json-items.ts';
import { notUnderstood } from '../../core/manage/lenient.ts';
import { GL_EXPORT_LISTS } from '../../core/manage/models.ts';
import { batchRequest, exportSelection, processedRecordIdsOf } from '../../core/manage/record-ids.ts';
import { type Harness, harness, hits } from './helpers.ts';

function collect(text: string, size: number): { items: [string | undefined, unknown][]; body: StreamedBody } {
  const items: [string | undefined, unknown][] = [];
  const sink: ItemSink<StreamedBody> = { item: (k, v) => items.push([k, v]), done: (b) => b };
  const reader = new JsonItems(sink);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) reader.write(bytes.subarray(i, i + size));
  return { items, body: reader.end() };
}

describe('the incremental JSON reader', () => {
  const list = [
    { id: 1, name: 'Café "Ünïcode" \\ \u00e9 💷', n: [1, { x: '[' }] },
    2,
    'x,]}',
    null,
    true,
    { id: 3 },
    { a: '\\\\', b: '"\\"\\', c: 'end\\', d: '}' },
  ];
  const glExport = {
    exportSettings: { a: [1, 2], b: '{' },
    transactions: [{ id: 1, detail: [{ q: 'three' }] }, { id: 2 }],
    customers: [],
    vendors: null,
    note: 'x',
    expenses: [{ id: 9, s: '\\"' }],
  };

  it('hands over the same elements as JSON.parse, in order, whatever the chunk size', () => {
    for (const size of [1, 2, 3, 5, 7, 64, 100_000]) {
      const a = collect(JSON.stringify(list, null, size % 2 ? 2 : 0), size);
      expect(a.items).toEqual(list.map((v) => [undefined, v]));
      expect(a.body).toMatchObject({ root: 'array', count: list.length });
      const b = collect(JSON.stringify(glExport, null, size % 2 ? 0 : 2), size);
      expect(b.items).toEqual([
        ['transactions', glExport.transactions[0]],
        ['transactions', glExport.transactions[1]],
        ['expenses', glExport.expenses[0]],
      ]);
      expect(b.body.fields).toEqual({ exportSettings: glExport.exportSettings, vendors: null, note: 'x' });
      expect(b.body.arrays).toEqual(['transactions', 'customers', 'expenses']);
    }
    expect(collect('', 3).body.root).toBe('empty');
    expect(collect(' 42 ', 1).body).toMatchObject({ root: 'other', value: 42 });
  });

  it('refuses a body that stops early, and text that is not JSON', () => {
    const text = JSON.stringify(list);
    for (const cut of [1, 10, text.length - 1]) expect(() => collect(text.slice(0, cut), 4)).toThrow(/stopped/);
    expect(() => collect('<html><body>Sign in</body></html>', 5)).toThrow(/not JSON/);
    expect(() => collect('[1] [2]', 5)).toThrow(/after the end/);
  });
});

describe('streamed answers from the sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    h.sandbox.reset();
  });

  it('a list page cut mid-body is asked for again; the list is whole and in order', async () => {
    const c = h.client({ pageSize: 10, concurrency: 1 });
    const whole = await c.listUnpostedInvoices();
    expect(whole).toHaveLength(40);
    h.sandbox.setFaults({ cutNext: 1, cutPath: 'GET finance/accounting/unpostedinvoices' });
    const before = hits(h.sandbox, 'GET', 'finance/accounting/unpostedinvoices');
    expect(await c.listUnpostedInvoices()).toEqual(whole);
    expect(hits(h.sandbox, 'GET', 'finance/accounting/unpostedinvoices') - before).toBe(5); // 4 pages + 1 again
    expect(h.sandbox.requests.some((r) => r.status === -2)).toBe(true);
  });

  it('a list or GL export cut on every attempt is an error, never a short list', async () => {
    const c = h.client({ pageSize: 10, concurrency: 1 });
    h.sandbox.setFaults({ cutNext: 99, cutPath: 'GET finance/accounting/unpostedinvoices' });
    const e = await c.listUnpostedInvoices().catch((x: unknown) => x);
    expect(isManageError(e)).toBe(true);
    h.sandbox.setFaults({ reset: true, cutNext: 99, cutPath: 'POST finance/accounting/export' });
    const x = await c.exportAccounting(exportSelection('invoices', [871001])).catch((err: unknown) => err);
    expect(isManageError(x)).toBe(true);
  });

  it('a batch whose answer (its whole GL export, unread) is cut mid-body is created once and found back', async () => {
    const c = h.client();
    const ids = (await c.listUnpostedInvoices()).slice(0, 5).map((i) => i.id);
    const glExport = await c.exportAccounting({
      ...exportSelection('invoices', ids),
      thruDate: '2025-04-30T00:00:00Z',
    });
    h.sandbox.setFaults({ cutNext: 1, cutPath: 'POST finance/accounting/batches' });
    const batch = await c.createBatch(batchRequest('invoices', 'CUT-1', processedRecordIdsOf(glExport, 'invoices')));
    expect(batch.batchIdentifier).toBe('CUT-1');
    expect(hits(h.sandbox, 'POST', 'finance/accounting/batches')).toBe(1); // never POSTed twice
    expect(h.sandbox.requests.some((r) => r.status === -2)).toBe(true);
    expect((await c.listUnpostedInvoices()).some((i) => ids.includes(i.id))).toBe(false);
  });

  it('a GL export cut once is read again whole, the same as without the cut', async () => {
    const c = h.client();
    const ids = (await c.listUnpostedInvoices()).map((i) => i.id);
    const req = { ...exportSelection('invoices', ids), thruDate: '2025-04-30T00:00:00Z' };
    const whole = await c.exportAccounting(req);
    expect(whole.transactions.length).toBeGreaterThan(10);
    h.sandbox.setFaults({ cutNext: 1, cutPath: 'POST finance/accounting/export' });
    const before = hits(h.sandbox, 'POST', 'finance/accounting/export');
    expect(await c.exportAccounting(req)).toEqual(whole);
    expect(hits(h.sandbox, 'POST', 'finance/accounting/export') - before).toBe(2);
  });
});

describe('odd values in a streamed GL export', () => {
  let server: http.Server;
  let url = '';
  const transactions = Array.from({ length: 10 }, (_, i) => ({
    id: i + 1,
    documentNumber: `INV${i + 1}`,
    ...(i % 3 === 1 ? { documentType: 42, detail: [{ id: 100 + i, quantity: 'three', description: 'ok' }] } : {}),
  }));
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const text = JSON.stringify({ transactions, customers: [], exportSettings: {} });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        // In small pieces, so records straddle chunks.
        const bytes = Buffer.from(text);
        for (let i = 0; i < bytes.length; i += 97) res.write(bytes.subarray(i, i + 97));
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v4_6_release/apis/3.0`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('notes each odd value on its own record, in order, parsing each bad record once more at most', async () => {
    const transport = new Transport({ clientId: 'c', apiVersion: '2025.1', timeoutMs: 5000, logger: silentLogger() });
    const api = accountingEndpoints(endpointContext(transport, async () => url, {}));
    const schema = GL_EXPORT_LISTS.transactions;
    const spy = vi.spyOn(schema, 'safeParse');
    try {
      const x = await api.exportAccounting({ exportInvoicesFlag: true });
      expect(x.transactions.map((t) => t.id)).toEqual(transactions.map((t) => t.id));
      const bad = transactions.filter((t) => 'detail' in t).map((t) => t.id);
      expect(bad).toHaveLength(3);
      for (const t of x.transactions)
        expect(notUnderstood(t)).toEqual(
          bad.includes(t.id as number) ? ['documentType 42', "detail.0.quantity 'three'"] : [],
        );
      expect(x.transactions.find((t) => t.id === 2)?.detail?.[0]).toEqual({ id: 101, description: 'ok' });
      expect(spy.mock.calls.length).toBe(transactions.length + bad.length);
      expect(x.customers).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('a write whose answer is not wanted reads the body to its end and keeps none of it', async () => {
    const transport = new Transport({ clientId: 'c', apiVersion: '2025.1', timeoutMs: 5000, logger: silentLogger() });
    const spec = { method: 'POST' as const, url: `${url}/finance/accounting/batches`, body: {}, idempotent: false };
    const kept = await transport.request(spec);
    expect((kept.body as { transactions: unknown[] }).transactions).toHaveLength(transactions.length);
    const dropped = await transport.request({ ...spec, discardBody: true });
    expect(dropped).toMatchObject({ status: 200, body: undefined });
  });
});
