/**
 * The command line's alerts: `sagebot run`, `sync-payments` and `reconcile` leave the alert chat's message in the
 * data folder's outbox (the command line has no chat connection) and say whether a running `sagebot start` will
 * send it; the bot sends each one once to every alert chat. No alert chat: nothing is queued.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openAlertChannels, openAlertOutbox } from '../../adapters/app/stores.ts';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { startSchedules } from '../../bot/index.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { claimDataFolder } from '../../storage/folder-lock.ts';
import { actor, conversation, makeBot, message, RecordingReplier } from '../bot/fakes.ts';

const me = userInfo().username;
const root = mkdtempSync(join(tmpdir(), 'sagebot-cli-alerts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = 0;
});
let n = 0;

function setup() {
  const dataDir = join(root, `d${++n}`);
  const env = {
    SAGEBOT_DATA_DIR: dataDir,
    SAGE_COMPANY_DIR: join(dataDir, 'sage'),
    SAGEBOT_LOG_LEVEL: 'silent',
    SAGEBOT_APPROVERS: `os:${me}`,
    SAGEBOT_USER: 'Jane Doe',
  };
  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const ctx = { ...createCliContext(env), out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const code = await main(args, { ...ctx, interactive: false });
    process.exitCode = 0;
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const folder = dataFolder(dataDir);
  const registerChat = () =>
    openAlertChannels(folder).add(
      { platform: 'slack', id: 'C1', key: 'slack:C1', isChannel: true, name: '#finance' },
      { id: 'U1', name: 'Olive', platform: 'slack' },
    );
  return { cli, folder, registerChat, dataDir };
}

describe('alerts from the command line', () => {
  it('no alert chat: a run queues nothing and says nothing about chat', async () => {
    const { cli, folder } = setup();
    const r = await cli('run', 'inventory', '--batch', 'CA-0', '--yes');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/Chat alert/);
    expect(await openAlertOutbox(folder).takeAll()).toEqual([]);
  });

  it('a run and a payment sync queue the alert chat message; without a running bot it says when it will go', async () => {
    const { cli, folder, registerChat } = setup();
    await registerChat();
    const r = await cli('run', 'inventory', '--batch', 'CA-1', '--yes');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Chat alert: no "sagebot start" runs on this data folder; it is sent to the alert chat when/);
    const sync = await cli('sync-payments', '--json');
    expect(() => JSON.parse(sync.out)).not.toThrow(); // the line goes to stderr with --json
    expect(sync.err).toMatch(/Chat alert:/);
    const queued = await openAlertOutbox(folder).takeAll();
    expect(queued.map((a) => a.about)).toEqual(['run CA-1', 'payment sync']);
    expect(queued[0].message.card).toMatchObject({ kind: 'alert', title: expect.stringMatching(/^Batch CA-1 /) });
    expect(queued[1].message.card).toMatchObject({ kind: 'alert', title: 'Payment sync finished' });
    expect(JSON.stringify(queued[0].message)).toContain('Jane Doe');
    expect(await openAlertOutbox(folder).takeAll()).toEqual([]);
  });

  it('with a running bot on the folder it says the bot sends it; the bot sends each alert once to every alert chat', async () => {
    const { cli, folder, registerChat, dataDir } = setup();
    await registerChat();
    const held = claimDataFolder(dataDir, 'test bot');
    try {
      const r = await cli('run', 'inventory', '--batch', 'CA-2', '--yes');
      expect(r.out).toMatch(/Chat alert: the running sagebot sends it to the alert chat within a few seconds/);
    } finally {
      held.release();
    }
    const [alert] = await openAlertOutbox(folder).takeAll();
    const h = makeBot({ operators: ['webchat:olive'] });
    try {
      const alerts = conversation('alerts');
      await h.bot.onMessage(
        message('alerts here', actor('olive', 'Olive Operator'), alerts),
        new RecordingReplier(alerts.key),
      );
      await openAlertOutbox(dataFolder(h.dataDir)).submit(alert);
      expect(await h.bot.sendQueuedAlerts()).toBe(1);
      expect(await h.bot.sendQueuedAlerts()).toBe(0);
      const sent = h.messenger.sent.filter((s) => s.message.card?.kind === 'alert');
      expect(sent.map((s) => s.conversation.key)).toEqual([alerts.key]);
      expect(sent[0].message.card).toMatchObject({ title: expect.stringMatching(/^Batch CA-2 /) });
    } finally {
      await h.bot.close();
    }
  });

  it('the running bot picks the outbox up on its own, on the poll that reads schedules and requests', async () => {
    const h = makeBot({ operators: ['webchat:olive'] });
    const schedules = startSchedules(h.bot, { pollMs: 20 });
    try {
      const alerts = conversation('alerts');
      await h.bot.onMessage(message('alerts here', actor('olive', 'Olive Operator'), alerts), new RecordingReplier());
      await openAlertOutbox(dataFolder(h.dataDir)).submit({
        id: 'a1',
        about: 'run CA-3',
        message: { text: 'Batch CA-3 completed' },
        queuedAt: new Date().toISOString(),
      });
      const deadline = Date.now() + 5000;
      while (!h.messenger.sent.some((s) => s.message.text === 'Batch CA-3 completed') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(h.messenger.sent.filter((s) => s.message.text === 'Batch CA-3 completed')).toHaveLength(1);
    } finally {
      schedules.stop();
      await h.bot.close();
    }
  });

  it('an alert older than a day is not sent', async () => {
    const { folder } = setup();
    const outbox = openAlertOutbox(folder);
    await outbox.submit({
      id: 'old',
      about: 'run OLD',
      message: { text: 'old news' },
      queuedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    expect(await outbox.takeAll()).toEqual([]);
  });
});
