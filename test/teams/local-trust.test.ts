/**
 * Anonymous mode (no MicrosoftAppId) attacked end to end over HTTP, against what `sagebot start` runs on
 * embedded defaults (adapters/app/start-bot.ts) with a real approver configured: requests without this
 * start's key or with a wrong one, a foreign Host (DNS rebinding, tunnels, reverse proxies), forwarding
 * headers, a cross-site browser fetch, deliveryMode expectReplies, an identity claimed in activity.from, and
 * a serviceUrl pointing elsewhere. Each is refused (and audited) or has no effect; nothing is posted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMode, WEBCHAT_USER } from '../../adapters/app/demo.ts';
import { type RunningBot, startBot } from '../../adapters/app/start-bot.ts';
import { VERBS } from '../../cards/actions.ts';
import { loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { exportCompany } from '../../core/sage/embedded/index.ts';
import { type FakeConnector, startFakeConnector } from './fake-connector.ts';
import { ALICE, actionsOf } from './helpers.ts';
import { approveData, openWebchat, type WebchatClient } from './webchat-client.ts';

let dir: string;
let running: RunningBot;
let chat: WebchatClient;
let elsewhere: FakeConnector;
const invoices = () => (exportCompany(running.config.sage.companyDir).invoices as unknown[]).length;

interface Raw {
  status: number;
  text: string;
}

/** One request with exactly these headers (fetch will not send a foreign Host). */
function raw(path: string, headers: Record<string, string>, body?: unknown): Promise<Raw> {
  const u = new URL(running.url);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: u.port,
        path,
        method: data ? 'POST' : 'GET',
        headers: { ...(data ? { 'Content-Type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += String(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const activity = (extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: `u-${Math.random()}`,
  channelId: 'webchat',
  serviceUrl: chat.session.serviceUrl,
  from: chat.session.user,
  recipient: chat.session.bot,
  conversation: { id: chat.conversationId },
  text: 'status',
  ...extra,
});
const keyed = (extra: Record<string, string> = {}) => ({
  Host: new URL(running.url).host,
  [chat.session.keyHeader]: chat.session.key,
  ...extra,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagebot-local-trust-'));
  const config = loadConfig({ SAGEBOT_DATA_DIR: dir, PORT: '0', SAGEBOT_APPROVERS: ALICE.aadObjectId });
  running = await startBot(config, silentLogger(), { demo: demoMode(config), progressIntervalMs: 100 });
  chat = await openWebchat(running.url);
  elsewhere = await startFakeConnector();
}, 90_000);

afterAll(async () => {
  chat?.close();
  await running?.close();
  await elsewhere?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the per-start key', () => {
  it('is required on every message and action, with a clear answer, and refusals are audited', async () => {
    const none = await raw('/api/messages', { Host: new URL(running.url).host }, activity());
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).error).toMatchObject({ code: 'KeyMissing' });
    expect(JSON.parse(none.text).error.message).toMatch(/web chat key/);
    const wrong = await raw('/api/messages', keyed({ [chat.session.keyHeader]: 'x'.repeat(43) }), activity());
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.text).error.code).toBe('KeyWrong');
    const refused = await running.app.audit.list({ action: 'refuse-request' });
    expect(refused.map((e) => e.details.code)).toEqual(expect.arrayContaining(['KeyMissing', 'KeyWrong']));
  });

  it('is required on the event stream and the demo reset too', async () => {
    const stream = await raw(`/webchat/events?conversation=${chat.conversationId}`, { Host: 'localhost' });
    expect(stream.status).toBe(401);
    const reset = await raw('/webchat/reset', { Host: 'localhost' }, {});
    expect(reset.status).toBe(401);
  });

  it('is a random 256-bit value, the same for every page of this start', async () => {
    const again = (await (await fetch(`${running.url}/webchat/session`)).json()) as { key: string };
    expect(again.key).toBe(chat.session.key);
    expect(chat.session.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('requests that do not come straight from this machine', () => {
  it.each(['attacker.example', 'attacker.example:3978', '192.168.1.20:3978', 'sagebot.trycloudflare.com'])(
    'refuses Host %s, even with the key, and never hands the key out under it',
    async (host) => {
      const r = await raw('/api/messages', keyed({ Host: host }), activity());
      expect(r.status).toBe(403);
      expect(JSON.parse(r.text).error.code).toBe('ForeignHost');
      const session = await raw('/webchat/session', { Host: host });
      expect(session.status).toBe(403);
      expect(session.text).not.toContain(chat.session.key);
      expect((await raw('/', { Host: host })).status).toBe(403);
    },
  );

  it.each([
    ['X-Forwarded-For', '203.0.113.7'],
    ['X-Forwarded-Host', 'attacker.example'],
    ['X-Forwarded-Proto', 'https'],
    ['Forwarded', 'for=203.0.113.7;host=attacker.example'],
    ['X-Real-IP', '203.0.113.7'],
    ['Via', '1.1 tunnel'],
  ])('refuses a request forwarded by a proxy or tunnel (%s)', async (name, value) => {
    const r = await raw('/api/messages', keyed({ [name]: value }), activity());
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error.code).toBe('Forwarded');
    expect((await raw('/webchat/session', { Host: 'localhost', [name]: value })).status).toBe(403);
  });

  it('refuses a cross-site browser fetch', async () => {
    const r = await raw('/webchat/session', { Host: 'localhost', 'Sec-Fetch-Site': 'cross-site' });
    expect(r.status).toBe(403);
    expect(r.text).not.toContain(chat.session.key);
  });

  it('accepts localhost, 127.0.0.1 and [::1] with any port', async () => {
    for (const host of ['localhost', '127.0.0.1:1234', '[::1]:3978', 'LOCALHOST:80']) {
      expect((await raw('/webchat/session', { Host: host })).status).toBe(200);
    }
  });
});

describe('what a keyed request cannot do', () => {
  it('refuses deliveryMode expectReplies, so no card or flow id comes back in the answer', async () => {
    const r = await raw(
      '/api/messages',
      keyed(),
      activity({ text: 'run invoices through 2025-04-03', deliveryMode: 'expectReplies' }),
    );
    expect(r.status).toBe(400);
    expect(r.text).not.toMatch(/flowId|activities/);
  });

  it('takes the person from the server, never from activity.from: claiming the approver approves nothing', async () => {
    const mark = chat.mark();
    await chat.say('run invoices through 2025-04-03');
    const preview = await chat.cardAfter(mark, (c) => actionsOf(c).some((a) => a.verb === VERBS.approve));
    const before = invoices();
    const claim = {
      id: ALICE.id,
      name: ALICE.name,
      aadObjectId: ALICE.aadObjectId,
      role: 'user',
    };
    const r = await raw(
      '/api/messages',
      keyed(),
      activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        from: claim,
        channelId: 'msteams',
        replyToId: preview.id,
        value: {
          action: {
            type: 'Action.Execute',
            verb: VERBS.approve,
            data: { ...approveData(preview.card, VERBS.approve), batchId: 'T-LOCAL-1', actor: claim },
          },
        },
      }),
    );
    expect(JSON.parse(r.text).value).toMatch(/not an approver/);
    await running.bot.idle();
    expect(invoices()).toBe(before);
    const refusal = (await running.app.audit.list({ action: 'refuse' })).at(-1);
    expect(refusal?.actor).toMatchObject({ platform: 'webchat', id: WEBCHAT_USER.id });
  });

  it('sends replies only to its own connector, whatever serviceUrl the request names', async () => {
    const mark = chat.mark();
    const r = await raw('/api/messages', keyed(), activity({ text: 'help', serviceUrl: elsewhere.url }));
    expect(r.status).toBe(200);
    await chat.cardAfter(mark, () => true);
    expect(elsewhere.calls).toHaveLength(0);
  });
});
