/**
 * The Manage requests of a run that cost round trips: the batch-id check goes out beside the reads of the
 * selection (not before them), and once every batched record has left the unposted list the batch's entries are
 * not read (they only explain a record still unposted). Latency makes the overlap visible in the sandbox's log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SageLedger } from '../../core/sage/ledger.ts';
import { everyInvoiceType, scenario } from './scenarios.ts';
import { createWorld, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('a run against Manage', () => {
  it('checks the batch id while it reads the selection, and reads no batch entries when the batch is whole', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
    const sandbox = world.app.sandbox!;
    sandbox.setFaults({ latencyMs: 200 });
    sandbox.requests.splice(0);
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'R-1' });
    expect(result.outcome).toBe('completed');
    const log = sandbox.requests;
    const check = log.find((r) => r.method === 'GET' && /^finance\/accounting\/batches$/i.test(r.path))!;
    const list = log.find((r) => /^finance\/accounting\/unpostedinvoices$/i.test(r.path))!;
    expect(check).toBeDefined();
    expect(list.at).toBeLessThan(check.endedAt!);
    expect(log.filter((r) => /^finance\/accounting\/batches\/\d+\/entries/i.test(r.path))).toEqual([]);
  });

  it('records the batch in two round trips: the POST, then its read-back beside the unposted list', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
    const sandbox = world.app.sandbox!;
    sandbox.setFaults({ latencyMs: 200 });
    sandbox.requests.splice(0);
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'R-3' });
    expect(result.outcome).toBe('completed');
    const log = sandbox.requests;
    const batches = /^finance\/accounting\/batches$/i;
    const post = log.find((r) => r.method === 'POST' && batches.test(r.path))!;
    expect(post).toBeDefined();
    const after = log.filter((r) => r.at >= post.endedAt!);
    // The identifier was looked up once, beside the first reads: not again before the POST.
    expect(log.filter((r) => r.method === 'GET' && batches.test(r.path) && r.at < post.at)).toHaveLength(1);
    const readBack = after.find((r) => r.method === 'GET' && batches.test(r.path))!;
    const unposted = after.find((r) => /^finance\/accounting\/unpostedinvoices$/i.test(r.path))!;
    expect(readBack).toBeDefined();
    expect(unposted).toBeDefined();
    expect(after.filter((r) => /^finance\/accounting\/unpostedinvoices$/i.test(r.path))).toHaveLength(1);
    // Both asked for before either answered.
    expect(unposted.at).toBeLessThan(readBack.endedAt!);
    expect(readBack.at).toBeLessThan(unposted.endedAt!);
  });

  it('reads the batch back from Sage while the Manage batch is being recorded, not before it', async () => {
    // A Sage that takes its time to read back (as SDO does, a call per slice of documents).
    let readDone = 0;
    const slowReadBack = (l: SageLedger): SageLedger =>
      Object.assign(Object.create(l) as SageLedger, {
        async readDocuments(keys: Parameters<SageLedger['readDocuments']>[0]) {
          const held = await l.readDocuments(keys);
          await new Promise((r) => setTimeout(r, 300));
          readDone = Date.now();
          return held;
        },
      });
    world = await createWorld({
      scenario: scenario({ invoices: everyInvoiceType() }),
      app: { decorate: { ledger: slowReadBack } },
    });
    const sandbox = world.app.sandbox!;
    sandbox.setFaults({ latencyMs: 100 });
    sandbox.requests.splice(0);
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'R-2' });
    expect(result.outcome).toBe('completed');
    expect(result.reconciliation).toMatchObject({ checked: true, reconciled: true });
    const post = sandbox.requests.find((r) => r.method === 'POST' && /^finance\/accounting\/batches$/i.test(r.path))!;
    expect(post).toBeDefined();
    expect(readDone).toBeGreaterThan(0);
    expect(post.at).toBeLessThan(readDone); // the batch went out while Sage was being read
  });

  it('a preview reads the unposted list once and offers its locations from it; narrowed to one, it reads all again', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
    const sandbox = world.app.sandbox!;
    const lists = () => sandbox.requests.filter((r) => /^finance\/accounting\/unpostedinvoices$/i.test(r.path)).length;
    sandbox.requests.splice(0);
    const all = await world.app.engine.preview('invoices', { user: USER });
    expect(lists()).toBe(1);
    expect(all.locations?.length).toBeGreaterThan(0);
    sandbox.requests.splice(0);
    const one = await world.app.engine.preview('invoices', { user: USER, location: all.locations![0] });
    expect(lists()).toBe(2); // the selection of that location, then every location's records for the offer
    expect(one.locations).toEqual(all.locations);
  });

  it('asks for the catalogue an export needs as soon as the export is in, while the unposted list is still read', async () => {
    world = await createWorld({
      scenario: scenario({ invoices: everyInvoiceType() }),
      app: { manageClient: { pageSize: 1, concurrency: 1 } }, // a long list: one page per record, one at a time
    });
    const sandbox = world.app.sandbox!;
    sandbox.setFaults({ latencyMs: 50 });
    sandbox.requests.splice(0);
    await world.app.engine.preview('invoices', { user: USER });
    const pages = sandbox.requests.filter((r) => /^finance\/accounting\/unpostedinvoices$/i.test(r.path));
    const catalog = sandbox.requests.find((r) => /^procurement\/catalog$/i.test(r.path));
    expect(pages.length).toBeGreaterThan(3);
    expect(catalog).toBeDefined();
    expect(catalog!.at).toBeLessThan(pages.at(-1)!.at);
  });

  it('reads the levels of only the tax codes the documents name, and the product types beside the first reads', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
    const sandbox = world.app.sandbox!;
    sandbox.setFaults({ latencyMs: 100 });
    sandbox.requests.splice(0);
    const preview = await world.app.engine.preview('invoices', { user: USER });
    expect(preview.problems).toEqual([]);
    const log = sandbox.requests;
    const levels = log.filter((r) => /^finance\/taxCodes\/\d+\/taxCodeLevels$/i.test(r.path));
    const asked = levels.map((r) => Number(r.path.split('/')[2])).sort((a, b) => a - b);
    const named = new Set<number>();
    for (const t of sandbox.state.scenario.invoices) named.add(t.taxCodeId);
    expect(asked).toEqual([...named].sort((a, b) => a - b));
    expect(asked.length).toBeLessThan(sandbox.state.scenario.taxCodes.length);
    // Each level asked for once, after the code list and without waiting for the unposted list to be read.
    expect(new Set(asked).size).toBe(asked.length);
    const codes = log.find((r) => /^finance\/taxCodes$/i.test(r.path))!;
    const list = log.find((r) => /^finance\/accounting\/unpostedinvoices$/i.test(r.path))!;
    const types = log.find((r) => /^procurement\/types$/i.test(r.path))!;
    expect(types.at).toBeLessThan(list.endedAt!);
    for (const l of levels) expect(l.at).toBeGreaterThanOrEqual(codes.endedAt!);
  });
});
