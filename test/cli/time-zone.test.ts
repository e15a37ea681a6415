/**
 * The command line shows times in the zone chat uses (SAGEBOT_TIMEZONE), in chat's format, naming the zone:
 * results, status, batches and the audit log. --json keeps the stored ISO instants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { formatInstant } from '../../bot/dates.ts';

const ZONE = 'Pacific/Auckland'; // never UTC's clock time, so a raw ISO or UTC time cannot pass for it
const dir = mkdtempSync(join(tmpdir(), 'sagebot-tz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const env = {
    SAGEBOT_DATA_DIR: join(dir, 'data'),
    SAGEBOT_LOG_LEVEL: 'silent',
    SAGEBOT_TIMEZONE: ZONE,
    SAGEBOT_APPROVERS: `os:${userInfo().username}`,
  };
  const ctx = { ...createCliContext(env), out: (l: string) => out.push(l), err: () => undefined, interactive: false };
  const code = await main(args, ctx);
  return { code, text: out.join('\n') };
}

describe('CLI times in the chat time zone', () => {
  it('results, status, batches and audit show the configured zone, named', async () => {
    const run = await cli(['run', 'inventory', '--batch', 'TZ-1', '--yes']);
    expect(run.code).toBe(0);
    const ran = /Started (.+), finished (.+) Pacific\/Auckland\./.exec(run.text);
    expect(ran).not.toBeNull();

    const json = JSON.parse((await cli(['status', '--json'])).text) as { recentBatches: Array<{ ranAt: string }> };
    const ranAt = json.recentBatches[0].ranAt;
    expect(ranAt).toMatch(/^\d{4}-\d{2}-\d{2}T/); // --json keeps the instant
    const local = formatInstant(ranAt, ZONE); // what chat's cards show for it
    expect(local).not.toBe(formatInstant(ranAt, 'UTC'));
    expect(ran?.[1]).toMatch(/^\d{1,2} \w{3} \d{4} \d{2}:\d{2}$/);

    for (const command of ['status', 'batches']) {
      const r = await cli([command]);
      expect(r.text).toContain(`Times are ${ZONE}`);
      expect(r.text).toContain(`at ${local}`);
      expect(r.text).not.toContain(ranAt);
    }
    const audit = await cli(['audit']);
    expect(audit.text).toContain(`Times are ${ZONE}`);
    expect(audit.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});
