/**
 * The Slack messenger against the fake Web API (coalesced, paced updates; 429 waited out; failures reported),
 * and the small pure parts of the adapter: text cleaning, click translation, the keyed lock it queues clicks with.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackHandle, startSlack } from '../../adapters/slack/index.ts';
import { actionEventFrom, cleanText } from '../../adapters/slack/translate.ts';
import { createKeyedMutex } from '../../bot/index.ts';
import { VERBS } from '../../cards/actions.ts';
import { silentLogger } from '../../core/logger.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { StubBot, slackConfig, TEST_CLIENT_OPTIONS } from './helpers.ts';

let fake: FakeSlack;
let slack: SlackHandle;

beforeAll(async () => {
  fake = await startFakeSlack();
  slack = await startSlack({
    config: slackConfig(fake.apiUrl),
    bot: new StubBot(),
    logger: silentLogger(),
    port: 0,
    clientOptions: TEST_CLIENT_OPTIONS,
    minUpdateIntervalMs: 200,
  });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

beforeEach(() => fake.reset());

describe('messenger', () => {
  const convo = { platform: 'slack' as const, id: 'C0PROGRESS', key: 'slack:C0PROGRESS', isChannel: true };

  it('coalesces progress: the latest content wins and updates are spaced per channel', async () => {
    const ref = await slack.messenger.send(convo, { text: 'start' });
    const all = Array.from({ length: 20 }, (_, i) => slack.messenger.update(ref, { text: `progress ${i + 1}` }));
    await Promise.all(all);
    const updates = fake.callsOf('chat.update');
    expect(updates.length).toBeLessThanOrEqual(3);
    expect(fake.message('C0PROGRESS', ref.messageId)?.text).toBe('progress 20');
    for (let i = 1; i < updates.length; i++) expect(updates[i].at - updates[i - 1].at).toBeGreaterThanOrEqual(180);
  });

  it('waits out a 429 (Retry-After) and then delivers', async () => {
    fake.rateLimit('chat.postMessage', 1);
    const started = Date.now();
    const ref = await slack.messenger.send(convo, { text: 'after the limit' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.callsOf('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.message('C0PROGRESS', ref.messageId)?.text).toBe('after the limit');
    fake.rateLimit('chat.update', 1);
    await slack.messenger.update(ref, { text: 'updated after the limit' });
    expect(fake.message('C0PROGRESS', ref.messageId)?.text).toBe('updated after the limit');
  });

  it('a failure that does not go away is reported, not retried for ever', async () => {
    fake.failNext('chat.postMessage', 'channel_not_found', 5);
    await expect(slack.messenger.send(convo, { text: 'x' })).rejects.toMatchObject({
      code: 'SLACK_POST_FAILED',
      fix: expect.stringContaining('/invite'),
    });
  });
});

describe('updateIfCurrent (the answer to a click)', () => {
  const convo = { platform: 'slack' as const, id: 'C0CLICK', key: 'slack:C0CLICK', isChannel: true };

  it('is dropped when the bot already updated the card after the click', async () => {
    const ref = await slack.messenger.send(convo, { text: 'preview' });
    const since = slack.messenger.version(ref);
    await slack.messenger.update(ref, { text: 'progress 1 of 10' });
    await slack.messenger.updateIfCurrent(ref, { text: 'approved (older)' }, since);
    await slack.messenger.idle();
    expect(fake.message('C0CLICK', ref.messageId)?.text).toBe('progress 1 of 10');
  });

  it('is applied when nothing newer happened', async () => {
    const ref = await slack.messenger.send(convo, { text: 'preview' });
    await slack.messenger.updateIfCurrent(ref, { text: 'approved' }, slack.messenger.version(ref));
    expect(fake.message('C0CLICK', ref.messageId)?.text).toBe('approved');
  });
});

describe('pure parts', () => {
  it('cleanText: removes our mention only, decodes Slack escaping, reduces links to labels', () => {
    expect(cleanText('<@UBOT1> run <https://x.example|invoices> for <#C1|london> &amp; ask <@UOTHER>', 'UBOT1')).toBe(
      'run invoices for #london & ask <@UOTHER>',
    );
    expect(cleanText('  <@UBOT1|sagebot>   help  ')).toBe('help');
    expect(cleanText(undefined)).toBe('');
    expect(cleanText({ evil: true } as never)).toBe('');
  });

  it('a click carries the real user, the validated button value and the typed batch number only', () => {
    const clicked = actionEventFrom(
      {
        user: { id: 'U1', name: 'ann' },
        channel: { id: 'C1' },
        message: { ts: '1.2' },
        state: { values: { 'sagebot.batchId': { batchId: { type: 'plain_text_input', value: 'B-1' } } } },
      },
      {
        type: 'button',
        action_id: `${VERBS.showMore}:next`,
        value: JSON.stringify({ flowId: 'f', page: 2, approvedBy: 'UBOSS', actor: { id: 'UBOSS' } }),
        action_ts: '9.9',
      },
    );
    expect(clicked?.event).toMatchObject({
      verb: VERBS.showMore,
      actor: { id: 'U1' },
      data: { flowId: 'f', page: 2, batchId: 'B-1' },
      message: { messageId: '1.2', extra: { channel: 'C1' } },
    });
    expect(Object.keys(clicked?.event.data ?? {}).sort()).toEqual(['batchId', 'flowId', 'page']);
    expect(actionEventFrom({ user: {}, channel: { id: 'C1' } }, { action_id: 'x' })).toBeUndefined();
  });

  it("the bot's keyed mutex (the one the adapter queues clicks with) runs one key in order, others in parallel", async () => {
    const lock = createKeyedMutex();
    const order: string[] = [];
    const step = (k: string, ms: number) =>
      lock.run(k, async () => {
        order.push(`${k}+`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`${k}-`);
      });
    await Promise.all([step('a', 30), step('a', 1), step('b', 1)]);
    expect(order.indexOf('a-')).toBeLessThan(order.lastIndexOf('a+'));
    expect(order.indexOf('b-')).toBeLessThan(order.indexOf('a-'));
  });
});
