/**
 * The real bolt App (HTTP receiver) against the loopback fake Slack Web API, driven by signed requests, with a
 * stub bot: entry points, translation, signing, dedup, ack timing, rate limits and hostile input.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackHandle, startSlack } from '../../adapters/slack/index.ts';
import { VERBS } from '../../cards/actions.ts';
import { silentLogger } from '../../core/logger.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { SIGNING_SECRET, StubBot, slackConfig, TEST_CLIENT_OPTIONS } from './helpers.ts';
import { postSigned, SlackSender, sign } from './signed.ts';

const CHANNEL = 'C0FINANCE';

/** A promise the test resolves when it wants (to order the bot's work after the HTTP answer). */
function gate() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

let fake: FakeSlack;
let slack: SlackHandle;
let bot: StubBot;
let send: SlackSender;

beforeAll(async () => {
  fake = await startFakeSlack({ users: { UALICE0001: 'Alice Finance' } });
  bot = new StubBot();
  slack = await startSlack({
    config: slackConfig(fake.apiUrl),
    bot: (messenger) => ((bot.messenger = messenger), bot),
    logger: silentLogger(),
    port: 0,
    clientOptions: TEST_CLIENT_OPTIONS,
    minUpdateIntervalMs: 200,
  });
  send = new SlackSender(`http://127.0.0.1:${slack.port}/slack/events`, SIGNING_SECRET, fake.responseUrl);
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

beforeEach(() => {
  fake.reset();
  bot.messages = [];
  bot.actions = [];
  bot.deliveries = [];
  bot.onMessageImpl = async (e, r) => void (await r.reply({ text: `You said: ${e.text}` }));
  bot.onActionImpl = async () => ({ toast: 'ok' });
});

describe('start-up', () => {
  it('checks the token with auth.test once and listens on loopback', async () => {
    expect(slack.mode).toBe('http');
    expect(slack.botUserId).toBe('UBOT0001');
    expect(slack.port).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${slack.port}/slack/health`);
    expect(health.status).toBe(200);
  });

  it('refuses to start with a token Slack rejects, saying which setting to fix', async () => {
    const cfg = slackConfig(fake.apiUrl, { SLACK_BOT_TOKEN: 'xoxb-wrong' });
    await expect(
      startSlack({ config: cfg, bot, logger: silentLogger(), port: 0, clientOptions: TEST_CLIENT_OPTIONS }),
    ).rejects.toMatchObject({ code: 'SLACK_AUTH_FAILED', fix: expect.stringContaining('SLACK_BOT_TOKEN') });
  });
});

describe('a port already in use', () => {
  it('is refused in one line naming the port and the setting to change', async () => {
    const second = startSlack({
      config: slackConfig(fake.apiUrl),
      bot,
      logger: silentLogger(),
      port: slack.port,
      clientOptions: TEST_CLIENT_OPTIONS,
    });
    await expect(second).rejects.toMatchObject({
      code: 'SLACK_PORT_IN_USE',
      message: expect.stringContaining(`Port ${slack.port} on 127.0.0.1 is already in use`),
      fix: expect.stringContaining('SLACK_PORT'),
    });
  });
});

describe('messages', () => {
  it('an @mention reaches the bot with the mention removed, and the reply lands in the channel', async () => {
    const res = await send.mention('UALICE0001', CHANNEL, '<@UBOT0001> run invoices through Friday');
    expect(res.status).toBe(200);
    await slack.settled();
    expect(bot.messages).toHaveLength(1);
    const ev = bot.messages[0];
    expect(ev.text).toBe('run invoices through Friday');
    expect(ev.actor).toMatchObject({ platform: 'slack', id: 'UALICE0001', name: 'Alice Finance' });
    expect(ev.conversation).toMatchObject({ platform: 'slack', id: CHANNEL, key: `slack:${CHANNEL}`, isChannel: true });
    const posted = fake.callsOf('chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(posted[0].args).toMatchObject({ channel: CHANNEL, text: 'You said: run invoices through Friday' });
  });

  it('a mention inside a thread is answered in that thread', async () => {
    await send.mention('UALICE0001', CHANNEL, '<@UBOT0001> status', { thread_ts: '1700000000.000001' });
    await slack.settled();
    expect(fake.callsOf('chat.postMessage')[0].args.thread_ts).toBe('1700000000.000001');
  });

  it('a direct message reaches the bot; its own messages, other bots and edits do not', async () => {
    await send.dm('UALICE0001', 'D0ALICE', 'help');
    await send.dm('UBOT0001', 'D0ALICE', 'my own echo');
    await send.dm('UALICE0001', 'D0ALICE', 'bot', { extra: { bot_id: 'BOTHER' } });
    await send.dm('UALICE0001', 'D0ALICE', 'edited', { extra: { subtype: 'message_changed' } });
    await slack.settled();
    expect(bot.messages.map((m) => m.text)).toEqual(['help']);
    expect(bot.messages[0].conversation.isChannel).toBe(false);
  });

  it('the /sagebot command is acknowledged before the bot works, and the bot answers in the channel', async () => {
    const release = gate();
    bot.onMessageImpl = async (e, r) => {
      await release.promise; // the bot cannot finish until the test has its HTTP answer
      await r.reply({ text: `cmd ${e.text}` });
    };
    const res = await send.command('UALICE0001', CHANNEL, 'preview expenses');
    expect(res.status).toBe(200);
    expect(fake.callsOf('chat.postMessage')).toHaveLength(0);
    release.resolve();
    await slack.settled();
    expect(bot.messages[0]).toMatchObject({ text: 'preview expenses', actor: { id: 'UALICE0001' } });
    expect(fake.callsOf('chat.postMessage')[0].args).toMatchObject({ channel: CHANNEL, text: 'cmd preview expenses' });
  });

  it('accepts a form body whose Content-Type carries a charset', async () => {
    const form = new URLSearchParams({
      command: '/sagebot',
      text: 'help',
      user_id: 'UALICE0001',
      channel_id: CHANNEL,
      team_id: 'T0FAKE',
      trigger_id: 't.cs',
      response_url: fake.responseUrl('cs'),
    });
    const res = await postSigned(
      `http://127.0.0.1:${slack.port}/slack/events`,
      form.toString(),
      'application/x-www-form-urlencoded; charset=utf-8',
      { secret: SIGNING_SECRET },
    );
    expect(res.status).toBe(200);
    await slack.settled();
    expect(bot.messages.map((m) => m.text)).toEqual(['help']);
  });

  it('a renamed slash command still reaches the bot', async () => {
    await send.command('UALICE0001', CHANNEL, 'status', { command: '/sage' });
    await slack.settled();
    expect(bot.messages.map((m) => m.text)).toEqual(['status']);
  });

  it('a command from a channel sagebot is not in gets one private note saying how to reach it', async () => {
    fake.failNext('chat.postMessage', 'not_in_channel', 4);
    await send.command('UALICE0001', 'C0ELSEWHERE', 'status');
    await slack.settled();
    expect(fake.responses).toHaveLength(1);
    expect(fake.responses[0].body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('/invite @sagebot'),
    });
  });

  it('a retried event (same event_id, X-Slack-Retry-Num) keeps its eventId, so the bot takes it once', async () => {
    const ts = send.nextTs(); // a redelivery is the same event: same event_id, same message ts
    const first = await send.mention('UALICE0001', CHANNEL, '<@UBOT0001> batches', { eventId: 'EvRETRY1', ts });
    const again = await send.mention('UALICE0001', CHANNEL, '<@UBOT0001> batches', {
      eventId: 'EvRETRY1',
      ts,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect([first.status, again.status]).toEqual([200, 200]);
    await slack.settled();
    expect(bot.deliveries).toHaveLength(2);
    expect(new Set(bot.deliveries.map((e) => e.eventId)).size).toBe(1);
    expect(bot.messages).toHaveLength(1);
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('two retries arriving at the same moment still reach the bot once', async () => {
    const ts = send.nextTs();
    await Promise.all(
      [0, 1, 2].map((n) =>
        send.mention('UALICE0001', CHANNEL, '<@UBOT0001> status', { eventId: 'EvSAME', ts, retryNum: n || undefined }),
      ),
    );
    await slack.settled();
    expect(bot.messages).toHaveLength(1);
  });

  it('huge text, markup and control characters are answered calmly', async () => {
    await send.mention('UALICE0001', CHANNEL, `<@UBOT0001> <!channel> &lt;script&gt; \u0000 ${'x'.repeat(100_000)}`);
    await slack.settled();
    expect(bot.messages[0].text.length).toBeLessThanOrEqual(2000);
    expect(bot.messages[0].text.startsWith('<!channel> <script>')).toBe(true);
    // The echo is escaped, so it cannot ping the channel.
    const text = String(fake.callsOf('chat.postMessage')[0]?.args.text ?? '');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('a bot failure becomes a calm reply, not silence', async () => {
    bot.onMessageImpl = async () => {
      throw new Error('boom at /internal/path');
    };
    await send.mention('UALICE0001', CHANNEL, '<@UBOT0001> status');
    await slack.settled();
    const text = String(fake.callsOf('chat.postMessage')[0].args.text);
    expect(text).toMatch(/went wrong/);
    expect(text).not.toContain('/internal/path');
  });
});

describe('signatures', () => {
  it('a forged signature gets 401 and does nothing', async () => {
    const res = await send.mention('UALICE0001', CHANNEL, '<@UBOT0001> run invoices', { signature: 'v0=deadbeef' });
    expect(res.status).toBe(401);
    const click = await send.click(
      'UAPPROVER1',
      CHANNEL,
      '1.1',
      { action_id: VERBS.approve, value: '{"flowId":"f1"}' },
      {},
      { secret: 'not-the-secret' },
    );
    expect(click.status).toBe(401);
    await slack.settled();
    expect(bot.messages).toHaveLength(0);
    expect(bot.actions).toHaveLength(0);
    expect(fake.calls).toHaveLength(0);
  });

  it('a stale timestamp (over 5 minutes old) gets 401, even when correctly signed', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await send.command('UALICE0001', CHANNEL, 'run invoices', { timestamp: old });
    expect(res.status).toBe(401);
    await slack.settled();
    expect(bot.messages).toHaveLength(0);
  });

  it("answers Slack's URL verification challenge", async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'c-123', type: 'url_verification' });
    const res = await postSigned(`http://127.0.0.1:${slack.port}/slack/events`, body, 'application/json', {
      secret: SIGNING_SECRET,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
  });

  it('a signature over a different body gets 401', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'EvX',
      event: { type: 'app_mention', user: 'U1', text: 'hi', channel: CHANNEL, ts: '1.2' },
    });
    const r = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(SIGNING_SECRET, ts, `${body} `),
      },
      body,
    });
    expect(r.status).toBe(401);
  });
});

describe('clicks', () => {
  const state = { 'sagebot.batchId': { batchId: { type: 'plain_text_input', value: ' INV-2026-0042 ' } } };

  it('is acked before the bot answers; the bot gets the real clicker, the card data and the typed batch number', async () => {
    const release = gate();
    bot.onActionImpl = async () => {
      await release.promise; // the bot cannot answer until the test has its HTTP answer
      return {
        message: {
          text: 'Approved',
          card: { kind: 'notice', tone: 'success', title: 'Approved', text: 'Posting now.' },
        },
      };
    };
    const posted = await slack.messenger.send(
      { platform: 'slack', id: CHANNEL, key: `slack:${CHANNEL}`, isChannel: true },
      { text: 'preview' },
    );
    const res = await send.click(
      'UAPPROVER1',
      CHANNEL,
      posted.messageId,
      { action_id: VERBS.approve, value: JSON.stringify({ flowId: 'flow-1', approver: 'UFAKE', actor: 'UFAKE' }) },
      state,
    );
    expect(res.status).toBe(200);
    expect(fake.callsOf('chat.update')).toHaveLength(0);
    release.resolve();
    await slack.settled();
    const ev = bot.actions[0];
    expect(ev).toMatchObject({ verb: VERBS.approve, actor: { platform: 'slack', id: 'UAPPROVER1' } });
    expect(ev.data).toEqual({ flowId: 'flow-1', batchId: 'INV-2026-0042' }); // nothing else from the card
    expect(ev.message).toMatchObject({ platform: 'slack', messageId: posted.messageId, extra: { channel: CHANNEL } });
    const updates = fake.callsOf('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0].args).toMatchObject({ channel: CHANNEL, ts: posted.messageId });
    expect(JSON.stringify(updates[0].args.blocks)).toContain('Posting now.');
  });

  it('every verb of the cards is routed to the bot', async () => {
    for (const verb of Object.values(VERBS))
      await send.click('UALICE0001', CHANNEL, '1.5', { action_id: verb, value: '{"flowId":"f","page":2}' });
    await send.click('UALICE0001', CHANNEL, '1.5', {
      action_id: `${VERBS.showMore}:next`,
      value: '{"flowId":"f","page":3}',
    });
    await send.click(
      'UALICE0001',
      CHANNEL,
      '1.5',
      { action_id: VERBS.approveRerun, value: '{"flowId":"f"}' },
      { 'sagebot.force': { force: { type: 'checkboxes', selected_options: [{ value: 'force' }] } } },
    );
    await slack.settled();
    expect(bot.actions.map((a) => a.verb)).toEqual([...Object.values(VERBS), VERBS.showMore, VERBS.approveRerun]);
    expect(bot.actions.at(-2)?.data).toEqual({ flowId: 'f', page: 3 });
    expect(bot.actions.at(-1)?.data).toEqual({ flowId: 'f', force: true });
  });

  it('the same click delivered twice keeps its eventId: the bot takes it once and its answer is shown once', async () => {
    const action = { action_id: VERBS.approve, value: '{"flowId":"f2"}', action_ts: '1800000000.123456' };
    await Promise.all([
      send.click('UAPPROVER1', CHANNEL, '1.6', action, state),
      send.click('UAPPROVER1', CHANNEL, '1.6', action, state),
    ]);
    await slack.settled();
    expect(new Set(bot.deliveries.map((e) => e.eventId)).size).toBe(1);
    expect(bot.actions).toHaveLength(1);
    expect(fake.callsOf('chat.postEphemeral')).toHaveLength(1); // the repeated answer is not shown again
  });

  it('two quick clicks on one message are handled one after the other', async () => {
    let running = 0;
    let overlap = false;
    bot.onActionImpl = async () => {
      running += 1;
      if (running > 1) overlap = true;
      await new Promise((r) => setTimeout(r, 100));
      running -= 1;
      return {};
    };
    await Promise.all(
      [1, 2, 3].map(() =>
        send.click('UAPPROVER1', CHANNEL, '1.7', { action_id: VERBS.approve, value: '{"flowId":"f3"}' }, state),
      ),
    );
    await slack.settled();
    expect(bot.actions).toHaveLength(3);
    expect(overlap).toBe(false);
  });

  it('a toast goes to the clicker alone (ephemeral)', async () => {
    bot.onActionImpl = async () => ({ toast: 'Only approvers can approve <!here>.' });
    await send.click('UALICE0001', CHANNEL, '1.8', { action_id: VERBS.approve, value: '{"flowId":"f4"}' });
    await slack.settled();
    const eph = fake.callsOf('chat.postEphemeral');
    expect(eph).toHaveLength(1);
    expect(eph[0].args).toMatchObject({ channel: CHANNEL, user: 'UALICE0001' });
    expect(String(eph[0].args.text)).not.toContain('<!here>');
  });

  it('unknown action ids, odd values and garbage payloads are answered calmly', async () => {
    const a = await send.click('UALICE0001', CHANNEL, '1.9', { action_id: 'evil.action', value: '{not json' });
    const b = await send.click('UALICE0001', CHANNEL, '1.9', { action_id: VERBS.approve, value: 'x'.repeat(5000) });
    const c = await send.interaction('{"type": "block_actions", ');
    const d = await send.interaction({ type: 'no_such_type', stuff: [1, 2, 3] });
    const e = await send.interaction({ type: 'block_actions', actions: 'nope', user: 5 });
    const f = await send.interaction([1, 2, 3]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(c.status).toBe(400);
    // 200 at once from our front door, not bolt's 404 after its 3-second unhandled-request timer
    for (const r of [d, e, f]) expect(r.status).toBe(200);
    await slack.settled();
    expect(bot.actions.map((x) => x.verb)).toEqual(['evil.action', VERBS.approve]);
    expect(bot.actions[0].data).toEqual({});
    expect(bot.actions[1].data).toEqual({});
  });

  it('typing in an input element is not a request', async () => {
    await send.click('UALICE0001', CHANNEL, '1.10', { action_id: 'batchId', type: 'plain_text_input' });
    await slack.settled();
    expect(bot.actions).toHaveLength(0);
  });
});
