/**
 * The Slack adapter with the real bot (bot/index.ts createBot) and real Block Kit cards, over signed HTTP to
 * the real bolt App, against the loopback fake Slack; the engine and payment sync are the bot's fakes
 * (test/bot/fakes.ts). The end-to-end run with the real engine and Sage company is in e2e.test.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackHandle, startSlack } from '../../adapters/slack/index.ts';
import { VERBS } from '../../cards/actions.ts';
import { silentLogger } from '../../core/logger.ts';
import { openAuditLog } from '../../storage/audit-log.ts';
import { type FakeEngine, makeBot } from '../bot/fakes.ts';
import { allText, batchState, button } from './cards.ts';
import { type FakeMessage, type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { SIGNING_SECRET, slackConfig, TEST_CLIENT_OPTIONS } from './helpers.ts';
import { SlackSender } from './signed.ts';

const CHANNEL = 'C0FINANCE';
const ALICE = 'UALICE0001';
const APPROVER = 'UAPPROVER1';
const MALLORY = 'UMALLORY01';

let fake: FakeSlack;
let slack: SlackHandle;
let send: SlackSender;
let made: ReturnType<typeof makeBot>;
let engine: FakeEngine;

beforeAll(async () => {
  fake = await startFakeSlack({ users: { [ALICE]: 'Alice Finance', [APPROVER]: 'Ann Approver' } });
  slack = await startSlack({
    config: slackConfig(fake.apiUrl),
    bot: (messenger) => {
      made = makeBot({ messenger, approvers: [APPROVER], operators: [`slack:${ALICE}`], progressIntervalMs: 50 });
      engine = made.engine;
      return made.bot;
    },
    logger: silentLogger(),
    port: 0,
    clientOptions: TEST_CLIENT_OPTIONS,
    minUpdateIntervalMs: 100,
  });
  send = new SlackSender(`http://127.0.0.1:${slack.port}/slack/events`, SIGNING_SECRET, fake.responseUrl);
});

afterAll(async () => {
  await made?.bot.close();
  await slack?.stop();
  await fake?.close();
});

beforeEach(() => fake.reset());

async function settle(): Promise<void> {
  await slack.settled();
  await made.bot.idle();
  await slack.settled();
}

async function preview(text = 'run invoices through 2026-11-27'): Promise<FakeMessage> {
  await send.mention(ALICE, CHANNEL, `<@UBOT0001> ${text}`);
  await settle();
  const card = fake.messagesIn(CHANNEL).find((m) => button(m, VERBS.approve));
  if (!card)
    throw new Error(
      `no preview card; got: ${fake
        .messagesIn(CHANNEL)
        .map((m) => m.text)
        .join(' | ')}`,
    );
  return card;
}

function flowValue(card: FakeMessage, verb: string): string {
  return button(card, verb)?.value ?? '';
}

describe('the conversation in Slack with the real bot', () => {
  it('mention -> preview card with a batch number input, Approve and Cancel; fallback text set', async () => {
    const card = await preview();
    expect(card.text.length).toBeGreaterThan(0);
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    expect(button(card, VERBS.cancel)).toBeDefined();
    expect(allText(card)).toContain('2026-11-27');
    expect(Object.keys(batchState(card))).toHaveLength(1);
  });

  it('an unauthorised approver is refused, told privately, and the refusal is recorded', async () => {
    const card = await preview();
    const runsBefore = engine.runs.length;
    await send.click(
      MALLORY,
      CHANNEL,
      card.ts,
      { action_id: VERBS.approve, value: flowValue(card, VERBS.approve) },
      batchState(card),
    );
    await settle();
    expect(engine.runs.length).toBe(runsBefore);
    const eph = fake.callsOf('chat.postEphemeral');
    expect(eph).toHaveLength(1);
    expect(eph[0].args.user).toBe(MALLORY);
    const refusals = await openAuditLog(join(made.dataDir, 'audit.jsonl')).list({ action: 'refuse' });
    expect(refusals.at(-1)).toMatchObject({ actor: { id: MALLORY, platform: 'slack' } });
  });

  it('an approver approves with the typed batch number; progress then results update the card in place; a double click posts once', async () => {
    const card = await preview();
    const runsBefore = engine.runs.length;
    const value = flowValue(card, VERBS.approve);
    const state = batchState(card, 'SLACK-0001');
    const [a, b] = await Promise.all([
      send.click(APPROVER, CHANNEL, card.ts, { action_id: VERBS.approve, value }, state),
      send.click(APPROVER, CHANNEL, card.ts, { action_id: VERBS.approve, value }, state),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await settle();
    expect(engine.runs.length).toBe(runsBefore + 1);
    expect(engine.runs.at(-1)?.opts).toMatchObject({ batchId: 'SLACK-0001' });
    const final = fake.message(CHANNEL, card.ts);
    expect(final?.versions.length).toBeGreaterThan(1);
    expect(allText(final)).toContain('SLACK-0001');
    expect(button(final, VERBS.approve)).toBeUndefined();
    // a late click on the finished card does nothing more
    await send.click(APPROVER, CHANNEL, card.ts, { action_id: VERBS.approve, value }, state);
    await settle();
    expect(engine.runs.length).toBe(runsBefore + 1);
  });

  it('one message delivered three times (a retry, and again as another event) previews once', async () => {
    const before = engine.previews.length;
    const ts = send.nextTs();
    const text = '<@UBOT0001> preview expenses through 2026-11-27';
    await Promise.all([
      send.mention(ALICE, CHANNEL, text, { eventId: 'EvONCE1', ts }),
      send.mention(ALICE, CHANNEL, text, { eventId: 'EvONCE1', ts, retryNum: 1, retryReason: 'http_timeout' }),
      send.mention(ALICE, CHANNEL, text, { eventId: 'EvONCE2', ts }), // Slack's other event for the same message
    ]);
    await settle();
    expect(engine.previews.length).toBe(before + 1);
    expect(fake.messagesIn(CHANNEL).filter((m) => button(m, VERBS.approve))).toHaveLength(1);
  });

  it('the same click delivered twice is decided once and answered once', async () => {
    const card = await preview('preview inventory through 2026-11-27');
    const refusalsBefore = (await openAuditLog(join(made.dataDir, 'audit.jsonl')).list({ action: 'refuse' })).length;
    const click = { action_id: VERBS.approve, value: flowValue(card, VERBS.approve), action_ts: '1800000001.000001' };
    await Promise.all([
      send.click(MALLORY, CHANNEL, card.ts, click, batchState(card)),
      send.click(MALLORY, CHANNEL, card.ts, click, batchState(card)),
    ]);
    await settle();
    expect(fake.callsOf('chat.postEphemeral')).toHaveLength(1); // the refusal, shown once
    const refusals = await openAuditLog(join(made.dataDir, 'audit.jsonl')).list({ action: 'refuse' });
    expect(refusals.length).toBe(refusalsBefore + 1); // and decided (and recorded) once
  });

  it('Cancel before posting: nothing is posted and the card says so', async () => {
    const card = await preview('preview expenses through 2026-11-27');
    const runsBefore = engine.runs.length;
    await send.click(ALICE, CHANNEL, card.ts, { action_id: VERBS.cancel, value: flowValue(card, VERBS.cancel) });
    await settle();
    expect(engine.runs.length).toBe(runsBefore);
    expect(button(fake.message(CHANNEL, card.ts), VERBS.approve)).toBeUndefined();
  });

  it('alerts here, then a payment sync: the alert reaches the registered channel', async () => {
    await send.mention(ALICE, 'C0ALERTS', '<@UBOT0001> alerts here');
    await settle();
    await send.mention(APPROVER, CHANNEL, '<@UBOT0001> sync payments last week');
    await settle();
    const alerts = fake.messagesIn('C0ALERTS');
    expect(alerts.length).toBeGreaterThanOrEqual(2); // the confirmation, then the alert
    expect(allText(alerts.at(-1)).toLowerCase()).toContain('payment');
  });

  it('unknown verbs and help are answered calmly', async () => {
    await send.click(ALICE, CHANNEL, '1.1', { action_id: 'sagebot.nonsense', value: '{}' });
    await send.mention(ALICE, CHANNEL, '<@UBOT0001> asdf qwerty');
    await settle();
    // The refused click and the "did not understand" answer are both for Alice alone.
    expect(fake.callsOf('chat.postEphemeral').map((c) => c.args.user)).toEqual([ALICE, ALICE]);
    expect(fake.messagesIn(CHANNEL)).toHaveLength(0);
  });
});
