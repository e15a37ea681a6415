/**
 * The local web chat over HTTP (no browser): the page and the adaptivecards bundle are served, activities
 * POSTed to /api/messages with this start's key run the real botbuilder path, and the bot's replies and
 * in-place card updates arrive on the Server-Sent Events stream. Loopback Host names only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsServer, type TeamsServer } from '../../adapters/teams/index.ts';
import type {
  ActionEvent,
  ActionResponse,
  Bot,
  MessageEvent,
  Messenger,
  Replier,
  WelcomeEvent,
} from '../../bot/events.ts';
import { renderAdaptiveCard } from '../../cards/index.ts';
import { loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { cardOf, cardText, post } from './helpers.ts';
import { openSse } from './sse.ts';

const USER = { id: 'webchat-demo', name: 'Demo Approver' };

class EchoBot implements Bot {
  messenger?: Messenger;
  last?: MessageEvent;
  lastAction?: ActionEvent;
  async onMessage(event: MessageEvent, replier: Replier): Promise<void> {
    this.last = event;
    const ref = await replier.reply({
      text: 'card',
      card: { kind: 'notice', tone: 'info', title: 'Hello', text: `you said ${event.text}` },
    });
    setTimeout(
      () =>
        void this.messenger?.update(ref, {
          text: 'updated',
          card: { kind: 'notice', tone: 'success', title: 'Updated', text: 'in place' },
        }),
      50,
    );
  }
  welcomes: WelcomeEvent[] = [];
  async onWelcome(event: WelcomeEvent, replier: Replier): Promise<void> {
    this.welcomes.push(event);
    await replier.reply({
      text: 'hello',
      card: { kind: 'notice', tone: 'info', title: 'Welcome', text: 'I can help' },
    });
  }
  async onAction(event: ActionEvent): Promise<ActionResponse> {
    this.lastAction = event;
    return {
      message: { text: 'pressed', card: { kind: 'notice', tone: 'success', title: 'Pressed', text: event.verb } },
    };
  }
}

let dir: string;
let teams: TeamsServer;
let url: string;
let resets = 0;
const bot = new EchoBot();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagebot-webchat-'));
  const config = loadConfig({ SAGEBOT_DATA_DIR: dir, PORT: '0' });
  teams = createTeamsServer({
    teams: config.teams,
    dataDir: dir,
    logger: silentLogger(),
    render: renderAdaptiveCard,
    webchat: {
      user: USER,
      notice: 'Demo mode',
      onReset: async () => {
        resets += 1;
        return 'Demo data restored.';
      },
    },
  });
  bot.messenger = teams.messenger;
  teams.attach(bot);
  ({ url } = await teams.listen());
});

afterAll(async () => {
  await teams?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** POST as the page does: with the key /webchat/session handed out. */
const send = (session: any, body: unknown) => post(url, body, { headers: { [session.keyHeader]: session.key } });
const events = (session: any, conversation: string) =>
  openSse(`${url}/webchat/events?conversation=${conversation}&key=${encodeURIComponent(session.key)}`);
const sessionOf = async () => (await fetch(`${url}/webchat/session`)).json() as Promise<any>;

function activity(session: any, conversationId: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `u-${Math.random()}`,
    channelId: session.channelId,
    serviceUrl: session.serviceUrl,
    from: session.user,
    recipient: session.bot,
    conversation: { id: conversationId, conversationType: 'personal' },
    ...extra,
  };
}

describe('web chat', () => {
  it('serves the page, its scripts and the official adaptivecards bundle', async () => {
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    for (const id of ['message-input', 'send-button', 'transcript', 'reset-demo'])
      expect(html).toContain(`data-testid="${id}"`);
    const bundle = await (await fetch(`${url}/webchat/vendor/adaptivecards.js`)).text();
    expect(bundle).toMatch(/AdaptiveCards/);
    expect((await fetch(`${url}/webchat/app.js`)).status).toBe(200);
    expect(((await (await fetch(`${url}/webchat/host-config.json`)).json()) as any).fontFamily).toMatch(/Segoe UI/);
  });

  it('describes the session: the local connector as serviceUrl and the demo user', async () => {
    const session = await sessionOf();
    expect(session.key).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(session).toMatchObject({
      channelId: 'webchat',
      serviceUrl: `${url}/webchat/connector`,
      user: USER,
      resetAvailable: true,
      notice: 'Demo mode',
    });
  });

  it('runs a message through /api/messages and streams the reply and its in-place update', async () => {
    const session = await sessionOf();
    const stream = await events(session, 'wc-test-1');
    try {
      const r = await send(session, activity(session, 'wc-test-1', { type: 'message', text: 'hello there' }));
      expect(r.status).toBe(200);
      expect(bot.last).toMatchObject({
        text: 'hello there',
        actor: { platform: 'webchat', id: USER.id },
        conversation: { platform: 'webchat', key: 'webchat:wc-test-1' },
      });
      const first = await stream.waitFor(
        (e) => e.event === 'activity' && cardText(cardOf(e.data)).includes('you said hello there'),
      );
      const updated = await stream.waitFor(
        (e) => e.event === 'activity' && e.data.id === first.data.id && cardText(cardOf(e.data)).includes('in place'),
      );
      expect(updated.data.id).toBe(first.data.id);

      const press = await send(
        session,
        activity(session, 'wc-test-1', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: first.data.id,
          value: { action: { type: 'Action.Execute', verb: 'sagebot.cancel', data: { flowId: 'x' } } },
        }),
      );
      expect(press.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(bot.lastAction?.message).toEqual({
        platform: 'webchat',
        conversationKey: 'webchat:wc-test-1',
        messageId: first.data.id,
      });
    } finally {
      stream.close();
    }
  });

  it('lets the Messenger post to a web-chat conversation from its key alone', async () => {
    const stream = await events(await sessionOf(), 'wc-test-2');
    try {
      await teams.messenger.send(
        { platform: 'webchat', id: 'wc-test-2', key: 'webchat:wc-test-2', isChannel: false },
        { text: 'an alert' },
      );
      await stream.waitFor((e) => e.event === 'activity' && e.data.text === 'an alert');
    } finally {
      stream.close();
    }
  });

  it('resets the demo through the handler and tells the pages to clear', async () => {
    const session = await sessionOf();
    const stream = await events(session, 'wc-test-1');
    try {
      const reset = (body: string) =>
        fetch(`${url}/webchat/reset`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [session.keyHeader]: session.key },
          body,
        });
      // Without the page's confirmation nothing is wiped.
      const unconfirmed = await reset('{}');
      expect(unconfirmed.status).toBe(400);
      expect(((await unconfirmed.json()) as any).code).toBe('ConfirmNeeded');
      expect(resets).toBe(0);
      const r = await reset('{"confirm":true}');
      expect(await r.json()).toEqual({ ok: true, message: 'Demo data restored.' });
      expect(resets).toBe(1);
      await stream.waitFor((e) => e.event === 'reset');
    } finally {
      stream.close();
    }
  });

  it('greets a conversation once, when its transcript is empty', async () => {
    const session = await sessionOf();
    const stream = await events(session, 'wc-greet');
    try {
      const replayed = await stream.waitFor((e) => e.event === 'replayed');
      expect(replayed.data.count).toBe(0);
      const hello = () =>
        send(
          session,
          activity(session, 'wc-greet', { type: 'conversationUpdate', membersAdded: [session.bot, session.user] }),
        );
      expect((await hello()).status).toBe(200);
      await stream.waitFor((e) => e.event === 'activity' && cardText(cardOf(e.data)).includes('I can help'));
      expect((await hello()).status).toBe(200); // a second tab, or a reload before the greeting came
      expect(bot.welcomes.filter((w) => w.conversation.key === 'webchat:wc-greet')).toHaveLength(1);
    } finally {
      stream.close();
    }
  });

  it('replays the transcript to a reloaded page: typed lines, and cards as the last answer left them', async () => {
    const session = await sessionOf();
    const first = await events(session, 'wc-reload');
    let cardId = '';
    try {
      await send(session, activity(session, 'wc-reload', { id: 'u-line-1', type: 'message', text: 'show me' }));
      const shown = await first.waitFor((e) => e.event === 'activity' && cardText(cardOf(e.data)).includes('in place'));
      cardId = shown.data.id;
      const press = await send(
        session,
        activity(session, 'wc-reload', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: cardId,
          value: { action: { type: 'Action.Execute', verb: 'sagebot.cancel', data: { flowId: 'x' } } },
        }),
      );
      expect(press.body.type).toBe('application/vnd.microsoft.card.adaptive');
    } finally {
      first.close();
    }
    const reloaded = await events(session, 'wc-reload');
    try {
      const replayed = await reloaded.waitFor((e) => e.event === 'replayed');
      const held = reloaded.events.filter((e) => e.event === 'activity').map((e) => e.data);
      expect(replayed.data.count).toBe(held.length);
      expect(held[0]).toMatchObject({ id: 'u-line-1', from: { role: 'user' }, text: 'show me' });
      expect(cardText(cardOf(held.find((a) => a.id === cardId)))).toContain('sagebot.cancel'); // the pressed state
    } finally {
      reloaded.close();
    }
  });

  it('refuses pages asked for under a foreign Host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(`${url}/webchat/session`);
      request({ host: u.hostname, port: u.port, path: u.pathname, headers: { Host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('answers an update of an unknown activity like Teams does', async () => {
    const r = await fetch(`${url}/webchat/connector/v3/conversations/wc-x/activities/nope`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{"type":"message"}',
    });
    expect(r.status).toBe(404);
    expect(((await r.json()) as any).error.code).toBe('ActivityNotFoundInConversation');
  });
});

describe('web chat transcript across a restart', () => {
  it('is kept in the data folder, so a page reloaded after a restart replays it', async () => {
    const keptDir = mkdtempSync(join(tmpdir(), 'sagebot-webchat-kept-'));
    const start = async () => {
      const config = loadConfig({ SAGEBOT_DATA_DIR: keptDir, PORT: '0' });
      const server = createTeamsServer({
        teams: config.teams,
        dataDir: keptDir,
        logger: silentLogger(),
        render: renderAdaptiveCard,
        webchat: { user: USER },
      });
      const echo = new EchoBot();
      echo.messenger = server.messenger;
      server.attach(echo);
      const { url: base } = await server.listen();
      const session = (await (await fetch(`${base}/webchat/session`)).json()) as any;
      const stream = await openSse(
        `${base}/webchat/events?conversation=wc-kept&key=${encodeURIComponent(session.key)}`,
      );
      return { server, session, stream, base };
    };
    try {
      const first = await start();
      await post(first.base, activity(first.session, 'wc-kept', { id: 'u-kept-1', type: 'message', text: 'keep me' }), {
        headers: { [first.session.keyHeader]: first.session.key },
      });
      await first.stream.waitFor((e) => e.event === 'activity' && cardText(cardOf(e.data)).includes('in place'));
      first.stream.close();
      await first.server.close();

      const second = await start();
      try {
        expect(second.session.key).not.toBe(first.session.key);
        const replayed = await second.stream.waitFor((e) => e.event === 'replayed');
        const held = second.stream.events.filter((e) => e.event === 'activity').map((e) => e.data);
        expect(replayed.data.count).toBe(2);
        expect(held[0]).toMatchObject({ id: 'u-kept-1', from: { role: 'user' }, text: 'keep me' });
        expect(cardText(cardOf(held[1]))).toContain('in place');
      } finally {
        second.stream.close();
        await second.server.close();
      }
    } finally {
      rmSync(keptDir, { recursive: true, force: true });
    }
  });
});

describe('web chat is off with an app id', () => {
  it('serves no page when MicrosoftAppId is set', async () => {
    const config = loadConfig({
      SAGEBOT_DATA_DIR: dir,
      PORT: '0',
      MicrosoftAppId: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
      MicrosoftAppPassword: 'secret-secret',
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    const other = createTeamsServer({
      teams: config.teams,
      dataDir: dir,
      logger: silentLogger(),
      render: renderAdaptiveCard,
      webchat: { user: USER },
    });
    const { url: u } = await other.listen();
    try {
      expect(other.webchat).toBe(false);
      expect((await fetch(`${u}/`)).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
