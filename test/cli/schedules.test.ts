/**
 * `sagebot schedules` (list, add, stop: the operations chat uses, an operator's action) and the refusals of
 * `sagebot request` that need no running bot: no `sagebot start` on the folder, a chat it cannot post to.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { osUserName } from '../../core/os-user.ts';
import { openAlertChannelStore } from '../../storage/alert-channels.ts';
import { claimDataFolder } from '../../storage/folder-lock.ts';
import { checkStores } from '../../storage/health.ts';
import { openPreviewScheduleStore } from '../../storage/preview-schedules.ts';

const dir = mkdtempSync(join(tmpdir(), 'sagebot-schedules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'data');
const env = { SAGEBOT_DATA_DIR: data, SAGEBOT_LOG_LEVEL: 'silent', SAGEBOT_APPROVERS: `os:${osUserName()}` };
const folder = dataFolder(data);

async function cli(args: string[], extra: Record<string, string> = {}) {
  const out: string[] = [];
  const ctx = {
    ...createCliContext({ ...env, ...extra }),
    out: (l: string) => out.push(l),
    err: (l: string) => out.push(l),
  };
  const code = await main(args, ctx);
  return { code, text: out.join('\n') };
}

describe('sagebot schedules', () => {
  it('adds a schedule for a registered chat, lists it, and stops it; someone without the role is refused', async () => {
    expect((await cli(['schedules'])).text).toMatch(/No preview schedules/);
    await openAlertChannelStore(folder.bot.alertChannels).add(
      { platform: 'slack', id: 'C123', key: 'slack:C123', isChannel: true, name: '#finance' },
      { id: 'U1', name: 'Jane', platform: 'slack' },
    );
    expect((await cli(['schedules', 'add', 'invoices', '--when', 'weekday at 8', '--to', '#nowhere'])).code).toBe(2);
    const refused = await cli(['schedules', 'add', 'invoices', '--when', 'weekday at 8', '--to', '#finance'], {
      SAGEBOT_APPROVERS: 'slack:UOTHER1',
    });
    expect(refused.code).toBe(1);
    expect(refused.text).toMatch(/only an operator or an approver can add or stop scheduled previews/);

    const added = await cli(['schedules', 'add', 'invoices', '--when', 'every weekday at 8:00', '--to', '#finance']);
    expect(added).toMatchObject({
      code: 0,
      text: expect.stringMatching(/^Scheduled: invoices every weekday at 08:00 in #finance/),
    });
    expect(await openPreviewScheduleStore(folder.bot.schedules).list()).toMatchObject([
      { id: 'invoices', cron: '0 8 * * 1-5', conversation: { key: 'slack:C123' }, createdBy: { platform: 'cli' } },
    ]);
    expect((await cli(['schedules'])).text).toMatch(
      /^invoices {2}invoices every weekday at 08:00 in #finance \(next: /,
    );
    expect((await cli(['schedules', 'stop', 'expenses'])).code).toBe(2);
    expect((await cli(['schedules', 'stop', 'invoices'])).text).toBe('Stopped: invoices.');
    expect((await cli(['audit', '--json'])).text).toContain('schedule-stop');
  });

  it('adds one with a location, detail level and through-date, and refuses a bad level or date', async () => {
    const add = ['schedules', 'add', 'expenses', '--when', 'every monday at 9', '--to', '#finance'];
    expect((await cli([...add, '--detail', 'verbose-ish'])).code).toBe(2);
    const badDate = await cli([...add, '--through', 'the day after never']);
    expect(badDate.code).toBe(2);
    expect(await openPreviewScheduleStore(folder.bot.schedules).list()).toEqual([]);
    const added = await cli([...add, '--location', 'Head Office', '--detail', 'condensed', '--through', 'yesterday']);
    expect(added).toMatchObject({
      code: 0,
      text: expect.stringMatching(
        /^Scheduled: expenses for Head Office detail condensed through yesterday, every Monday at 09:00 in #finance/,
      ),
    });
    expect(await openPreviewScheduleStore(folder.bot.schedules).list()).toMatchObject([
      { id: 'expenses', location: 'Head Office', detail: 'Condensed', through: 'yesterday' },
    ]);
    expect((await cli(['schedules', 'stop', 'all'])).code).toBe(0);
  });
});

describe('the schedule and request stores', () => {
  it('are checked with the other stores: a damaged one is named (doctor) and moved aside at start', () => {
    const d = dataFolder(mkdtempSync(join(tmpdir(), 'sagebot-schedules-damaged-')));
    try {
      openPreviewScheduleStore(d.bot.schedules); // makes its folder
      writeFileSync(d.bot.schedules, '{"schedules": {');
      writeFileSync(d.bot.requests, '');
      expect(
        checkStores(d)
          .map((p) => p.name)
          .sort(),
      ).toEqual([join('bot', 'preview-requests.json'), join('bot', 'preview-schedules.json')]);
    } finally {
      rmSync(d.root, { recursive: true, force: true });
    }
  });
});

describe('sagebot request', () => {
  it('needs a running sagebot on the data folder and a chat it may post to', async () => {
    const none = await cli(['request', 'invoices', '--to', '#finance']);
    expect(none.code).toBe(1);
    expect(none.text).toMatch(/No "sagebot start" runs on the data folder/);
    const lock = claimDataFolder(data);
    try {
      const unknown = await cli(['request', 'invoices', '--to', '#payroll']);
      expect(unknown.code).toBe(2);
      expect(unknown.text).toMatch(/cannot post to "#payroll".*Use one of: slack:C123 \(#finance\)/s);
    } finally {
      lock.release();
    }
  });
});
