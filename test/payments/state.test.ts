import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPaymentSyncState } from '../../storage/payment-sync-state.ts';

const dir = mkdtempSync(join(tmpdir(), 'sagebot-payments-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (startedAt: string, since = '2025-04-01') => ({ startedAt, since, finishedAt: startedAt, manageWrites: 1 });

describe('payment sync state (last successful run per user and machine)', () => {
  it('keeps one date per user and machine, survives reopening, and never steps back', async () => {
    const path = join(dir, 'payment-sync.json');
    const a = openPaymentSyncState(path);
    expect(await a.lastRun('anna', 'PC-1')).toBeUndefined();
    await a.recordRun('anna', 'PC-1', run('2025-04-10T09:00:00.000Z'));
    await a.recordRun('bob', 'PC-1', run('2025-04-09T09:00:00.000Z'));
    await a.recordRun('anna', 'PC-2', run('2025-04-01T09:00:00.000Z'));
    await a.recordRun('anna', 'PC-1', run('2025-04-08T09:00:00.000Z')); // an older overlapping run finishing late

    const b = openPaymentSyncState(path);
    expect(await b.lastRun('anna', 'PC-1')).toEqual(run('2025-04-10T09:00:00.000Z'));
    expect(await b.lastRun('Anna', 'pc-1')).toEqual(run('2025-04-10T09:00:00.000Z'));
    expect((await b.lastRun('bob', 'PC-1'))?.startedAt).toBe('2025-04-09T09:00:00.000Z');
    expect((await b.lastRun('anna', 'PC-2'))?.startedAt).toBe('2025-04-01T09:00:00.000Z');
    expect(await b.lastRun('bob', 'PC-2')).toBeUndefined();
    expect(JSON.parse(readFileSync(path, 'utf8')).version).toBe(1);
  });
});
