/**
 * How `sagebot start` serves chat (adapters/app/start-mode.ts), and that it holds over HTTP: with a real
 * Manage configured (here the Manage sandbox on loopback, reached through MANAGE_URL as a real one would be)
 * and no MicrosoftAppId, nothing that can approve is served unless SAGEBOT_WEBCHAT=on, and then the local
 * user approves only when SAGEBOT_APPROVERS lists webchat:local.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../adapters/app/start-bot.ts';
import { LOCAL_WEBCHAT_APPROVER, modeLines, startMode } from '../../adapters/app/start-mode.ts';
import { VERBS } from '../../cards/actions.ts';
import { type Env, loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { createSandbox, type Sandbox } from '../../core/manage/sandbox/index.ts';
import { actionsOf, post } from './helpers.ts';
import { openWebchat } from './webchat-client.ts';

const APP = {
  MicrosoftAppId: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
  MicrosoftAppPassword: 'x',
  MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
};
let sandbox: Sandbox;
const dirs: string[] = [];
const realManage = (): Env => ({
  MANAGE_URL: sandbox.url,
  MANAGE_COMPANY_ID: sandbox.credentials.companyId,
  MANAGE_CLIENT_ID: sandbox.credentials.clientId,
  MANAGE_PUBLIC_KEY: sandbox.credentials.publicKey,
  MANAGE_PRIVATE_KEY: sandbox.credentials.privateKey,
});
const config = (env: Env) => {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-mode-'));
  dirs.push(dir);
  return loadConfig({ SAGEBOT_DATA_DIR: dir, PORT: '0', ...env });
};

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the start mode', () => {
  it('serves the anonymous web chat by default only on embedded defaults', () => {
    expect(startMode(config({}))).toMatchObject({ teams: 'anonymous-local', webchat: { id: 'sagebot-demo' } });
    expect(startMode(config(realManage()))).toMatchObject({ teams: 'off' });
    expect(startMode(config(realManage())).webchat).toBeUndefined();
    const embedded = config({});
    const sdo = { ...embedded, sage: { ...embedded.sage, driver: 'sdo' as const } };
    expect(startMode(sdo)).toMatchObject({ teams: 'off' });
    expect(startMode(config({ ...realManage(), SAGEBOT_WEBCHAT: 'on' }))).toMatchObject({
      teams: 'anonymous-local',
      webchat: { id: 'local' },
    });
    expect(startMode(config({ SAGEBOT_WEBCHAT: 'off' }))).toEqual({ teams: 'off', webchatWhy: 'SAGEBOT_WEBCHAT=off' });
    expect(startMode(config({ ...APP, SAGEBOT_WEBCHAT: 'on' }))).toMatchObject({ teams: 'authenticated' });
    expect(startMode(config({ ...APP, SAGEBOT_WEBCHAT: 'on' })).webchat).toBeUndefined();
  });

  it('says plainly which mode it is in, one line for Teams and one for the web chat', () => {
    const lines = (env: Env) => modeLines(startMode(config(env)), config(env), 'http://localhost:3978').join('\n');
    expect(lines(APP)).toMatch(/Teams: +authenticated: .*SingleTenant, tenant 72f988bf.*Teams channel only/);
    expect(lines(APP)).toMatch(/Web chat: +off \(MicrosoftAppId is set/);
    expect(lines({})).toMatch(/Teams: +anonymous-local: .*only the web chat page on this machine/);
    expect(lines({})).toMatch(/Web chat: +http:\/\/localhost:3978\/ \(on: embedded defaults/);
    expect(lines(realManage())).toMatch(/Teams: +off: no MicrosoftAppId/);
    expect(lines(realManage())).toMatch(/Web chat: +off \(a real Manage or Sage is configured; set SAGEBOT_WEBCHAT=on/);
    expect(lines({ ...realManage(), SAGEBOT_WEBCHAT: 'on' })).toMatch(
      /not an approver unless SAGEBOT_APPROVERS lists webchat:local/,
    );
    expect(lines({ ...realManage(), SAGEBOT_WEBCHAT: 'on', SAGEBOT_APPROVERS: LOCAL_WEBCHAT_APPROVER })).toMatch(
      /an approver \(webchat:local is in SAGEBOT_APPROVERS\)/,
    );
  });

  it.each([
    ['SAGEBOT_WEBCHAT', 'yes'],
    ['SAGEBOT_WEBCHAT', 'true'],
  ])('refuses %s=%s at start-up, naming the key', (key, value) => {
    expect(() => config({ [key]: value })).toThrow(/SAGEBOT_WEBCHAT .*"on" or "off"/);
  });
});

describe('with a real Manage and no MicrosoftAppId', () => {
  let running: RunningBot | undefined;
  afterAll(async () => {
    await running?.close();
  });

  it('serves nothing that can approve: /api/messages refuses, no web chat page', async () => {
    running = await startBot(config(realManage()), silentLogger());
    const r = await post(running.url, {
      type: 'message',
      text: 'hi',
      serviceUrl: 'http://127.0.0.1:1/',
      conversation: { id: 'c' },
    });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'TeamsOff' });
    expect(r.body.error.message).toMatch(/MicrosoftAppId/);
    expect((await fetch(`${running.url}/`)).status).toBe(404);
    expect((await fetch(`${running.url}/webchat/session`)).status).toBe(404);
    await running.close();
    running = undefined;
  }, 60_000);

  it.each([
    ['not listed', '', false],
    ['listed as webchat:local', LOCAL_WEBCHAT_APPROVER, true],
  ])(
    'SAGEBOT_WEBCHAT=on: the local user, %s, approves accordingly',
    async (_name, approvers, approves) => {
      running = await startBot(
        config({ ...realManage(), SAGEBOT_WEBCHAT: 'on', SAGEBOT_APPROVERS: approvers || 'someone@contoso.example' }),
        silentLogger(),
      );
      const chat = await openWebchat(running.url);
      try {
        expect(chat.session.user).toEqual({ id: 'local', name: 'Local web chat' });
        const mark = chat.mark();
        await chat.say('run invoices through 2025-04-03');
        // Any preview card names its flow; Approve is judged on who presses before anything else.
        const preview = await chat.cardAfter(mark, (c) => actionsOf(c).some((a) => a.data?.flowId));
        const flowId = actionsOf(preview.card).find((a) => a.data?.flowId).data.flowId;
        const r = await chat.press(preview.id, VERBS.approve, { flowId, batchId: 'LOCAL-1' });
        expect(/not an approver/.test(JSON.stringify(r.body))).toBe(!approves);
        await running.bot.idle();
      } finally {
        chat.close();
        await running.close();
        running = undefined;
      }
    },
    90_000,
  );
});
