/** `sagebot alerts` lists what "alerts here" registered in chat, and `alerts remove` is "alerts off" for one. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { openAlertChannelStore } from '../../storage/alert-channels.ts';

const dir = mkdtempSync(join(tmpdir(), 'sagebot-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { SAGEBOT_DATA_DIR: join(dir, 'data'), SAGEBOT_LOG_LEVEL: 'silent' };

async function cli(args: string[]) {
  const out: string[] = [];
  const ctx = { ...createCliContext(env), out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
  const code = await main(args, ctx);
  return { code, text: out.join('\n') };
}

describe('sagebot alerts', () => {
  it('lists registered chats and removes one', async () => {
    expect((await cli(['alerts'])).text).toMatch(/No chat receives alerts/);
    const channels = openAlertChannelStore(dataFolder(env.SAGEBOT_DATA_DIR).bot.alertChannels);
    await channels.add(
      { platform: 'slack', id: 'C123', key: 'slack:C123', isChannel: true, name: '#finance' },
      { id: 'U1', name: 'Jane', platform: 'slack' },
    );
    expect((await cli(['alerts'])).text).toContain('slack:C123  #finance');
    expect((await cli(['alerts', 'remove', 'slack:C999'])).code).toBe(2);
    const removed = await cli(['alerts', 'remove', 'slack:C123']);
    expect(removed.code).toBe(0);
    expect(await channels.list()).toEqual([]);
    const audit = await cli(['audit', '--json']);
    expect(audit.text).toContain('alerts-off');
  });
});
