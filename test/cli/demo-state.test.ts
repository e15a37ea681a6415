/**
 * On embedded defaults the sandbox is the user's Manage: its state survives a restart, and while a bot runs the
 * other commands use the bot's sandbox rather than a diverging copy of their own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../adapters/app/app.ts';
import { advertiseSandbox, runningSandbox } from '../../adapters/app/demo-sandbox.ts';
import { loadConfig } from '../../core/config.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { silentLogger } from '../../core/logger.ts';
import { createSandbox } from '../../core/manage/sandbox/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sagebot-demo-state-'));
const config = loadConfig({
  SAGEBOT_DATA_DIR: join(dir, 'data'),
  SAGE_COMPANY_DIR: join(dir, 'sage'),
  SAGEBOT_LOG_LEVEL: 'silent',
});
const user = { id: 'u1', name: 'Jane Doe' };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo state on embedded defaults', () => {
  it('keeps batches across restarts', async () => {
    const first = await createApp(config, silentLogger(), { demoState: true });
    expect(first.sandboxRestored).toBe(false);
    const before = await first.manage.listUnpostedProcurement({});
    const result = await first.engine.run('inventory', { batchId: 'KEEP-1', user });
    expect(result.outcome).toBe('completed');
    await first.close();

    const second = await createApp(config, silentLogger(), { demoState: true });
    expect(second.sandboxRestored).toBe(true);
    expect(await second.manage.findBatch('KEEP-1')).toBeTruthy();
    expect((await second.manage.listUnpostedProcurement({})).length).toBeLessThan(before.length);
    await second.close();
  });

  it('uses the sandbox a running bot advertises, and ignores a stale advertisement', async () => {
    const other = await createSandbox({ port: 0 });
    // Pretend another process advertises it: the pid must be alive and not ours, so use the parent's.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      dataFolder(config.dataDir).manageSandbox.running,
      JSON.stringify({ url: other.url, pid: process.ppid }),
    );
    const shared = await runningSandbox(dataFolder(config.dataDir), config.manage);
    expect(shared?.target).toEqual({ kind: 'base', baseUrl: other.url });
    const app = await createApp(config, silentLogger(), { demoState: true });
    expect(app.sandbox).toBeUndefined();
    await app.close();

    await other.close();
    expect(await runningSandbox(dataFolder(config.dataDir), config.manage)).toBeUndefined(); // no longer answers
    const withdraw = advertiseSandbox(dataFolder(config.dataDir), other.url);
    expect(await runningSandbox(dataFolder(config.dataDir), config.manage)).toBeUndefined(); // our own pid is never "another bot"
    withdraw();
  });
});
