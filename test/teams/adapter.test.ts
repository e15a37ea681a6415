/**
 * The Teams adapter over real HTTP with a stub bot, authenticated as in production (MicrosoftAppId, each
 * activity signed by a loopback stand-in of the Bot Framework token service): activities POSTed to
 * /api/messages, replies and card updates received by a loopback fake Bot Connector. Covers routing, mention
 * removal, invoke responses, the Action.Submit fallback, deadlines, proactive sends/updates, and hostile
 * input answered calmly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsServer, type TeamsServer } from '../../adapters/teams/index.ts';
import type { ActionEvent, ActionResponse, Bot, MessageEvent, Replier, WelcomeEvent } from '../../bot/events.ts';
import { renderAdaptiveCard } from '../../cards/index.ts';
import { loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { APP_ID, type FakeBotFrameworkAuth, startFakeBotFrameworkAuth } from './bot-framework-auth.ts';
import { type FakeConnector, startFakeConnector } from './fake-connector.ts';
import {
  ALICE,
  BOB,
  BOT,
  cardOf,
  cardText,
  invoke,
  message,
  type Poster,
  signedPost,
  submit,
  TENANT,
  type Where,
} from './helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class StubBot implements Bot {
  messages: MessageEvent[] = [];
  actions: ActionEvent[] = [];
  async onMessage(event: MessageEvent, replier: Replier): Promise<void> {
    this.messages.push(event);
    if (event.text === 'boom') throw new Error('secret internals at /home/x/file.ts:12');
    if (event.text === 'slow') await sleep(500);
    await replier.reply({
      text: `echo: ${event.text}`,
      card: { kind: 'notice', tone: 'info', title: 'Echo', text: `echo: ${event.text}` },
    });
  }
  welcomes: WelcomeEvent[] = [];
  async onWelcome(event: WelcomeEvent, replier: Replier): Promise<void> {
    this.welcomes.push(event);
    await replier.reply({ text: 'hello', card: { kind: 'notice', tone: 'info', title: 'Hello', text: 'I can help' } });
  }
  async onAction(event: ActionEvent): Promise<ActionResponse> {
    this.actions.push(event);
    if (event.verb === 'boom') throw new Error('secret internals');
    if (event.verb === 'slow') await sleep(600);
    if (event.verb === 'sagebot.approve') {
      return {
        message: {
          text: 'Approved',
          card: { kind: 'notice', tone: 'success', title: 'Approved', text: `batch ${String(event.data.batchId)}` },
        },
      };
    }
    if (event.verb === 'both')
      return {
        message: { text: 'x', card: { kind: 'notice', tone: 'info', title: 'Both', text: 'card' } },
        toast: 'and a toast',
      };
    return { toast: `No such button: ${event.verb}` };
  }
}

let dataDir: string;
let fake: FakeConnector;
let auth: FakeBotFrameworkAuth;
let post: Poster;
let teams: TeamsServer;
let botUrl: string;
const bot = new StubBot();
const personal = (): Where => ({ serviceUrl: fake.url, conversationId: 'a:personal-alice' });
const channel = (): Where => ({
  serviceUrl: fake.url,
  conversationId: '19:finance@thread.tacv2;messageid=1700000000000',
  conversationType: 'channel',
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sagebot-teams-'));
  fake = await startFakeConnector();
  auth = await startFakeBotFrameworkAuth();
  post = signedPost(auth, () => fake.url);
  fake.members.set(ALICE.id, {
    id: ALICE.id,
    name: ALICE.name,
    aadObjectId: ALICE.aadObjectId,
    userPrincipalName: 'alice@contoso.example',
  });
  const config = loadConfig({
    SAGEBOT_DATA_DIR: dataDir,
    PORT: '0',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'test-secret',
    MicrosoftAppTenantId: TENANT,
  });
  teams = createTeamsServer({
    teams: config.teams,
    dataDir,
    logger: silentLogger(),
    render: renderAdaptiveCard,
    auth: auth.overrides,
    messageDeadlineMs: 250,
  });
  teams.attach(bot, (token) => (token === 'tok_abcdefghijklmnop' ? join(dataDir, 'errors.csv') : undefined));
  ({ url: botUrl } = await teams.listen());
});

afterAll(async () => {
  await teams?.close();
  await fake?.close();
  await auth?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('messages', () => {
  it('translates a personal message and replies in the turn with an Adaptive Card', async () => {
    const activity = message(personal(), ALICE, 'run invoices through friday');
    const r = await post(botUrl, activity);
    expect(r.status).toBe(200);
    const event = bot.messages.at(-1)!;
    expect(event).toMatchObject({
      type: 'message',
      eventId: activity.id,
      text: 'run invoices through friday',
      actor: {
        platform: 'teams',
        id: ALICE.aadObjectId,
        aadObjectId: ALICE.aadObjectId,
        name: ALICE.name,
        upn: 'alice@contoso.example',
      },
      conversation: { platform: 'teams', id: 'a:personal-alice', key: 'teams:a:personal-alice', isChannel: false },
    });
    const call = fake.calls.find((c) => c.method === 'POST' && c.activityId === activity.id)!;
    expect(call.path).toBe(`/v3/conversations/a%3Apersonal-alice/activities/${activity.id}`);
    expect(call.body.summary).toBe('echo: run invoices through friday');
    expect(cardOf(call.body)).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  });

  it('removes the @mention in a channel and marks the conversation as a channel', async () => {
    await post(botUrl, message(channel(), BOB, 'alerts here'));
    expect(bot.messages.at(-1)).toMatchObject({
      text: 'alerts here',
      conversation: { isChannel: true, threadId: '1700000000000', name: 'Finance' },
    });
  });

  it('caps huge text and strips markup before the bot sees it', async () => {
    const r = await post(botUrl, message(personal(), ALICE, `<p>status</p> ${'x'.repeat(200_000)}`));
    expect(r.status).toBe(200);
    const text = bot.messages.at(-1)!.text;
    expect(text.startsWith('status x')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(8_000);
  });

  it('answers a bot failure with a calm card, never the error itself', async () => {
    const before = fake.calls.length;
    const r = await post(botUrl, message(personal(), ALICE, 'boom'));
    expect(r.status).toBe(200);
    const reply = fake.calls.slice(before).find((c) => c.method === 'POST')!;
    expect(JSON.stringify(reply.body)).not.toMatch(/secret|file\.ts/);
    expect(cardText(cardOf(reply.body))).toMatch(/Something went wrong/);
  });

  it('releases a slow turn and delivers the late reply proactively', async () => {
    const activity = message(personal(), ALICE, 'slow');
    const r = await post(botUrl, activity);
    expect(r.status).toBe(200);
    const late = await fake.waitFor(
      () => fake.calls.find((c) => c.method === 'POST' && c.body?.summary === 'echo: slow'),
      5_000,
      'late reply',
    );
    expect(late.activityId).not.toBe(activity.id);
  });
});

describe('card actions', () => {
  it('maps an Action.Execute invoke to an ActionEvent and answers with the replacement card', async () => {
    const activity = invoke(personal(), ALICE, 'msg-card-1', 'sagebot.approve', {
      flowId: 'f1',
      batchId: 'INV-7',
      __proto__x: 1,
    });
    const r = await post(botUrl, activity);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard' },
    });
    expect(cardText(r.body.value)).toMatch(/batch INV-7/);
    expect(bot.actions.at(-1)).toMatchObject({
      type: 'action',
      eventId: activity.id,
      verb: 'sagebot.approve',
      data: { flowId: 'f1', batchId: 'INV-7' },
      message: { platform: 'teams', conversationKey: 'teams:a:personal-alice', messageId: 'msg-card-1' },
    });
  });

  it('answers a toast as an activity message', async () => {
    const r = await post(botUrl, invoke(personal(), ALICE, 'msg-card-1', 'sagebot.nope', {}));
    expect(r.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'No such button: sagebot.nope',
    });
  });

  it("keeps no click deadline of its own: the invoke carries the bot's answer (the bot keeps the deadline)", async () => {
    const r = await post(botUrl, invoke(personal(), ALICE, 'msg-card-1', 'slow', {}));
    expect(r.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(r.body.value).toBe('No such button: slow'); // bot/deadline.ts answers in time (test/bot/once.test.ts)
  });

  it('answers a throwing bot with a calm toast', async () => {
    const r = await post(botUrl, invoke(personal(), ALICE, 'msg-card-1', 'boom', {}));
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toMatch(/secret/);
  });

  it('sends the toast as a message when the bot returns both a card and a toast', async () => {
    const r = await post(botUrl, invoke(personal(), ALICE, 'msg-card-1', 'both', {}));
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    await fake.waitFor(() => fake.calls.find((c) => c.body?.text === 'and a toast'), 3_000, 'toast message');
  });

  it('accepts the Action.Submit fallback and updates the card in place', async () => {
    const sent = await post(botUrl, message(personal(), ALICE, 'hello'));
    expect(sent.status).toBe(200);
    const cardId = [...fake.messages.values()].at(-1)!.id;
    await post(botUrl, submit(personal(), ALICE, cardId, { verb: 'sagebot.approve', flowId: 'f2', batchId: 'INV-8' }));
    expect(bot.actions.at(-1)).toMatchObject({
      verb: 'sagebot.approve',
      data: { flowId: 'f2', batchId: 'INV-8' },
      message: { messageId: cardId },
    });
    const updated = fake.messages.get(cardId)!;
    expect(updated.updates).toBe(1);
    expect(cardText(cardOf(updated.activity))).toMatch(/batch INV-8/);
  });
});

describe('hostile and malformed input', () => {
  it('refuses an invoke without a value with a 400 and an error body', async () => {
    const r = await post(botUrl, invoke(personal(), ALICE, 'm', 'x', {}, { value: undefined }));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'BadRequest' },
    });
  });

  it('refuses an Action.Submit-typed invoke as NotSupported', async () => {
    const r = await post(
      botUrl,
      invoke(personal(), ALICE, 'm', 'x', {}, { value: { action: { type: 'Action.Submit', data: {} } } }),
    );
    expect(r.status).toBe(400);
    expect(r.body.value.code).toBe('NotSupported');
  });

  it.each([
    ['a numeric verb', { action: { type: 'Action.Execute', verb: 42, data: {} } }],
    ['an array for data', { action: { type: 'Action.Execute', verb: 'sagebot.approve', data: [1, 2] } }],
    ['a string action', { action: 'Action.Execute' }],
    ['huge data', { action: { type: 'Action.Execute', verb: 'sagebot.approve', data: { x: 'y'.repeat(100_000) } } }],
  ])('answers %s calmly (200 toast or 400 with a body, never 500)', async (_name, value) => {
    const r = await post(botUrl, invoke(personal(), ALICE, 'm', 'x', {}, { value }));
    expect([200, 400]).toContain(r.status);
    expect(r.body?.type).toMatch(/^application\/vnd\.microsoft\./);
  });

  it('answers unknown invoke names with 400 and a body', async () => {
    const r = await post(botUrl, invoke(personal(), ALICE, 'm', 'x', {}, { name: 'task/fetch' }));
    expect(r.status).toBe(400);
    expect(r.body.value.code).toBe('NotSupported');
  });

  it.each([
    ['not JSON', { raw: '{"type": "message", ', contentType: 'application/json' }, 400],
    ['a form body', { raw: 'type=message', contentType: 'application/x-www-form-urlencoded' }, 415],
    ['a JSON array', { raw: '[1,2,3]' }, 400],
    ['no type', { raw: JSON.stringify({ text: 'hi' }) }, 400],
    [
      'a numeric text',
      {
        raw: JSON.stringify({ type: 'message', text: 5, serviceUrl: 'http://127.0.0.1:1/', conversation: { id: 'c' } }),
      },
      400,
    ],
    [
      'no conversation',
      { raw: JSON.stringify({ type: 'message', text: 'hi', serviceUrl: 'http://127.0.0.1:1/' }) },
      400,
    ],
    [
      'a token issued for another serviceUrl',
      {
        raw: JSON.stringify({
          type: 'message',
          text: 'hi',
          serviceUrl: 'http://127.0.0.1:1/',
          conversation: { id: 'c' },
        }),
      },
      401,
    ],
  ])('refuses %s with a JSON error and no stack', async (_name, init, status) => {
    const r = await post(botUrl, undefined, init);
    expect(r.status).toBe(status);
    expect(r.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
    expect(r.body).toBeTruthy();
  });

  it('refuses a body over the size limit', async () => {
    const r = await post(botUrl, message(personal(), ALICE, 'x'.repeat(1_200_000)));
    expect(r.status).toBe(413);
  });

  it('ignores conversation updates and typing without errors', async () => {
    for (const type of ['conversationUpdate', 'typing', 'messageReaction', 'installationUpdate', 'event']) {
      const r = await post(botUrl, { ...message(personal(), ALICE, ''), type, text: undefined });
      expect(r.status).toBe(200);
    }
    expect(bot.welcomes).toHaveLength(0); // no member was added
  });

  it('greets a chat it is added to (installed), and only for the bot itself being added', async () => {
    const where: Where = { serviceUrl: fake.url, conversationId: 'a:personal-greet' };
    const update = (membersAdded: unknown[]) => ({
      ...message(where, ALICE, ''),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded,
    });
    expect((await post(botUrl, update([{ id: ALICE.id }]))).status).toBe(200);
    expect(bot.welcomes).toHaveLength(0);
    expect((await post(botUrl, update([{ id: BOT.id }]))).status).toBe(200);
    expect(bot.welcomes).toMatchObject([{ type: 'welcome', conversation: { key: 'teams:a:personal-greet' } }]);
    const hello = await fake.waitFor(() =>
      [...fake.messages.values()].find((m) => m.conversationId === 'a:personal-greet'),
    );
    expect(cardText(cardOf(hello.activity))).toContain('I can help');
  });
});

describe('proactive messages, references and routes', () => {
  it('sends and updates outside a turn with the stored reference, and persists references', async () => {
    const conversation = bot.messages.find((m) => m.conversation.isChannel)!.conversation;
    const ref = await teams.messenger.send(conversation, {
      text: 'Alert',
      card: { kind: 'alert', title: 'Payments synced', text: 'Done', tone: 'success', facts: [] },
    });
    expect(ref).toMatchObject({ platform: 'teams', conversationKey: conversation.key });
    const sent = fake.messages.get(ref.messageId)!;
    expect(sent.conversationId).toBe(conversation.id);
    await teams.messenger.update(ref, {
      text: 'Alert 2',
      card: { kind: 'notice', tone: 'info', title: 'Updated', text: 'again' },
    });
    expect(fake.messages.get(ref.messageId)!.updates).toBe(1);
    const file = JSON.parse(readFileSync(join(dataDir, 'teams-conversations.json'), 'utf8'));
    expect(Object.keys(file.conversations)).toContain(conversation.key);
  });

  it('refuses to send where it has never talked, with a fix', async () => {
    await expect(
      teams.messenger.send({ platform: 'teams', id: 'nowhere', key: 'teams:nowhere', isChannel: true }, { text: 'x' }),
    ).rejects.toMatchObject({ code: 'TEAMS_UNKNOWN_CONVERSATION' });
  });

  it('serves /healthz and downloads through short-lived tokens', async () => {
    expect(await (await fetch(`${botUrl}/healthz`)).json()).toMatchObject({ status: 'ok', bot: 'ready' });
    writeFileSync(join(dataDir, 'errors.csv'), 'record,message\n');
    const ok = await fetch(`${botUrl}/downloads/tok_abcdefghijklmnop`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toMatch(/attachment; filename="errors.csv"/);
    expect(await ok.text()).toBe('record,message\n');
    const gone = await fetch(`${botUrl}/downloads/tok_expiredxxxxxxxx`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toMatch(/expired/);
  });
});

describe('configuration safety', () => {
  it('refuses to run anonymous on a non-loopback address', () => {
    const config = loadConfig({ SAGEBOT_DATA_DIR: dataDir, SAGEBOT_HOST: '0.0.0.0' });
    expect(() =>
      createTeamsServer({ teams: config.teams, dataDir, logger: silentLogger(), render: renderAdaptiveCard }),
    ).toThrow(/Without MicrosoftAppId/);
  });

  it('names the missing setting for a SingleTenant bot', () => {
    const config = loadConfig({
      SAGEBOT_DATA_DIR: dataDir,
      MicrosoftAppId: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
      MicrosoftAppPassword: 'secret-value',
    });
    expect(() =>
      createTeamsServer({ teams: config.teams, dataDir, logger: silentLogger(), render: renderAdaptiveCard }),
    ).toThrow(/MicrosoftAppTenantId/);
  });
});
