/**
 * Socket Mode (SLACK_APP_TOKEN set): no inbound port; the app asks apps.connections.open for a WebSocket URL
 * (through SLACK_API_URL) and takes envelopes from it. Same listeners, same dedup, acks per envelope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHandle, startSlack } from '../../adapters/slack/index.ts';
import { VERBS } from '../../cards/actions.ts';
import { silentLogger } from '../../core/logger.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { attachSocketMode, type FakeSocket } from './fake-socket.ts';
import { StubBot, slackConfig, TEST_CLIENT_OPTIONS } from './helpers.ts';

const APP_TOKEN = 'xapp-1-A0FAKE-test';
let fake: FakeSlack;
let socket: FakeSocket;
let slack: SlackHandle;
const bot = new StubBot();

beforeAll(async () => {
  fake = await startFakeSlack();
  socket = attachSocketMode(fake, APP_TOKEN);
  slack = await startSlack({
    config: slackConfig(fake.apiUrl, { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: '' }),
    bot,
    logger: silentLogger(),
    clientOptions: TEST_CLIENT_OPTIONS,
    renderer: (m) => ({ text: m.text }),
    socketOptions: { serverPingTimeout: 60_000, autoReconnectEnabled: false },
  });
  await socket.connected();
});

afterAll(async () => {
  await slack?.stop();
  socket?.close();
  await fake?.close();
});

describe('Socket Mode', () => {
  it('connects through apps.connections.open without listening on a port', () => {
    expect(slack.mode).toBe('socket');
    expect(slack.port).toBeUndefined();
    expect(fake.callsOf('apps.connections.open')).toHaveLength(1);
  });

  it('acks an event envelope, answers once, and drops its retry', async () => {
    const event = {
      type: 'event_callback',
      event_id: 'EvSOCK1',
      team_id: 'T0FAKE',
      event: {
        type: 'app_mention',
        user: 'UALICE0001',
        text: '<@UBOT0001> help',
        channel: 'C0SOCK',
        ts: '1700000001.000100',
      },
    };
    const ack = await socket.push('events_api', event);
    expect(ack.envelope_id).toBeTruthy();
    await socket.push('events_api', event, { retry_attempt: 1, retry_reason: 'timeout' });
    await slack.settled();
    expect(bot.messages.map((m) => m.text)).toEqual(['help']);
    expect(fake.callsOf('chat.postMessage').map((c) => c.args.channel)).toEqual(['C0SOCK']);
  });

  it('acks slash commands and clicks', async () => {
    await socket.push('slash_commands', {
      command: '/sagebot',
      text: 'status',
      user_id: 'UALICE0001',
      user_name: 'alice',
      channel_id: 'C0SOCK',
      team_id: 'T0FAKE',
      trigger_id: 't.1',
      response_url: fake.responseUrl('s1'),
    });
    const click = await socket.push('interactive', {
      type: 'block_actions',
      user: { id: 'UAPPROVER1', name: 'ann' },
      team: { id: 'T0FAKE' },
      channel: { id: 'C0SOCK' },
      container: { type: 'message', channel_id: 'C0SOCK', message_ts: '1700000001.000200' },
      message: { ts: '1700000001.000200' },
      actions: [{ type: 'button', action_id: VERBS.cancel, value: '{"flowId":"f9"}', action_ts: '1700000002.1' }],
      response_url: fake.responseUrl('s2'),
    });
    expect(click.envelope_id).toBeTruthy();
    await slack.settled();
    expect(bot.messages.at(-1)?.text).toBe('status');
    expect(bot.actions[0]).toMatchObject({ verb: VERBS.cancel, actor: { id: 'UAPPROVER1' }, data: { flowId: 'f9' } });
  });
});
