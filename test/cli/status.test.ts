/** `sagebot status`: the same facts chat's "status" gives, after a run and a payment sync on embedded defaults. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'sagebot-status-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const env = {
    SAGEBOT_DATA_DIR: join(dir, 'data'),
    SAGEBOT_LOG_LEVEL: 'silent',
    SAGEBOT_USER: 'Jane Doe',
    SAGEBOT_APPROVERS: `U1,os:${userInfo().username}`,
  };
  const ctx = { ...createCliContext(env), out: (l: string) => out.push(l), err: () => undefined, interactive: false };
  const code = await main(args, ctx);
  return { code, text: out.join('\n') };
}

describe('sagebot status', () => {
  it('shows nothing running, the latest batch and the latest payment sync', async () => {
    expect((await cli(['run', 'inventory', '--batch', 'STATUS-1', '--yes', '--json'])).code).toBe(0);
    expect((await cli(['sync-payments', '--since', 'week', '--json'])).code).toBe(0);
    const r = await cli(['status', '--json']);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.text) as Record<string, any>;
    expect(status.activeRun).toBeNull();
    expect(status.recentBatches[0]).toMatchObject({ batch: 'STATUS-1', outcome: 'completed', ranBy: 'Jane Doe' });
    expect(status.lastPaymentSync).toMatchObject({ action: 'sync-payments' });
    expect(status.approvers).toEqual(['U1', `os:${userInfo().username}`]);
    expect((await cli(['status'])).text).toMatch(/No posting run in progress/);
  });
});
