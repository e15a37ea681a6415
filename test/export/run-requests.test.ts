/**
 * The Manage requests of a run that cost round trips: the batch-id check goes out beside the reads of the
 * selection (not before them), and once every batched record has left the unposted list the batch's entries are
 * not read (they only explain a record still unposted). Latency makes the overlap visible in the sandbox's log.
 */
import { afterEach, describe, expect, it } from 'vitest';
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
});
