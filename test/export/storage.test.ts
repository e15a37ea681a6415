/**
 * The engine's stores: the run lock (one holder across processes; a holder whose process is gone is stale),
 * the journal (plan, appended progress surviving a torn last line, index of runs) and the settings defaults.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBatchJournal } from '../../storage/journal.ts';
import { openRunLock } from '../../storage/run-lock.ts';
import { openSettingsStore } from '../../storage/settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'sagebot-stores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (runId: string) => ({
  runId,
  batch: `B-${runId}`,
  kind: 'invoices' as const,
  user: { id: 'u', name: 'Jane Doe' },
  since: new Date().toISOString(),
});

describe('run lock', () => {
  it('refuses a second holder and frees on release', async () => {
    const lock = openRunLock(join(dir, 'locks1'));
    const a = await lock.acquire('company', run('a'));
    expect(a.ok).toBe(true);
    const b = await lock.acquire('company', run('b'));
    expect(b).toMatchObject({ ok: false, holder: { runId: 'a', pid: process.pid, user: { name: 'Jane Doe' } } });
    expect((await lock.acquire('other company', run('c'))).ok).toBe(true);
    if (a.ok) await a.release();
    expect((await lock.acquire('company', run('d'))).ok).toBe(true);
  });

  it('breaks a lock left by a process that is gone', async () => {
    const locks = join(dir, 'locks2');
    const lock = openRunLock(locks);
    const first = await lock.acquire('company', run('dead'));
    expect(first.ok).toBe(true);
    const file = readdirSync(locks).find((f) => f.endsWith('.lock'))!;
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(locks, file), JSON.stringify({ ...run('dead'), pid: Number(deadPid), host: hostname() }));
    expect(await lock.holder('company')).toBeUndefined();
    expect((await lock.acquire('company', run('next'))).ok).toBe(true);
  });
});

describe('journal', () => {
  it('keeps the plan, the progress (skipping a torn line) and the index', async () => {
    const root = join(dir, 'runs');
    const j = openBatchJournal(root);
    await j.start({
      runId: 'r1',
      mode: 'run',
      batch: 'B1',
      kind: 'invoices',
      user: { id: 'u', name: 'U' },
      startedAt: 'now',
      state: 'planning',
    });
    expect((await j.unfinished()).map((r) => r.state)).toEqual(['planning']);
    await j.savePlan({
      runId: 'r1',
      mode: 'run',
      batch: 'B1',
      kind: 'invoices',
      user: { id: 'u', name: 'U' },
      startedAt: 'now',
      settings: { splitInvoicing: true, serviceInvoicing: false, expensesAsJournal: false },
      detail: 'Default',
      throughDate: '2025-04-30',
      fingerprint: 'f',
      records: [],
    });
    const posted = { t: 'posted', label: 'SI 10', manageId: 1, sageId: 'invoice:1', found: false } as const;
    j.append('r1', posted);
    // A document's outcome is held until the next intent (or other event): a second reader, such as a resume
    // after the process was killed, does not see it yet and looks the document up instead.
    expect((await openBatchJournal(root).load('r1'))?.events).toEqual([]);
    j.intend('r1', ['r1:SI 11']);
    appendFileSync(join(root, 'r1', 'progress.jsonl'), '{"t":"posted","lab');
    const loaded = await openBatchJournal(root).load('r1');
    expect(loaded?.plan?.batch).toBe('B1');
    expect(loaded?.events).toEqual([posted, { t: 'intent', docs: ['r1:SI 11'] }]);
    expect(loaded?.summary.state).toBe('posting');
    // The end of the run writes what is still held.
    const last = { ...posted, label: 'SI 11', sageId: 'invoice:2' };
    j.append('r1', last);
    await j.finish('r1', { outcome: 'completed' });
    expect((await openBatchJournal(root).load('r1'))?.events.at(-1)).toEqual(last);
    expect(await j.unfinished()).toEqual([]);
  });
});

describe('settings', () => {
  it("has the guide's defaults and keeps changes", async () => {
    const s = openSettingsStore(join(dir, 'settings.json'));
    expect(await s.read()).toEqual({ splitInvoicing: true, serviceInvoicing: false, expensesAsJournal: false });
    expect(await s.update({ expensesAsJournal: true })).toEqual({
      splitInvoicing: true,
      serviceInvoicing: false,
      expensesAsJournal: true,
    });
    expect(await openSettingsStore(join(dir, 'settings.json')).read()).toMatchObject({ expensesAsJournal: true });
  });
});
