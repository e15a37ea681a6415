/**
 * Scheduled previews over the real Slack adapter (bolt, signed HTTP, the loopback fake Slack) with the real bot
 * and the bot's fake engine: a preview schedule made in a channel fires (the test holds the trigger), its card is
 * posted to the channel unasked, and an approver approves it on the card; nothing posts before that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHandle, startSlack } from '../../adapters/slack/index.ts';
import { type Schedules, type ScheduleTrigger, startSchedules } from '../../bot/index.ts';
import { VERBS } from '../../cards/actions.ts';
import { silentLogger } from '../../core/logger.ts';
import { type FakeEngine, makeBot } from '../bot/fakes.ts';
import { allText, batchState, button } from './cards.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { SIGNING_SECRET, slackConfig, TEST_CLIENT_OPTIONS } from './helpers.ts';
import { SlackSender } from './signed.ts';

const CHANNEL = 'C0FINANCE';
const OPERATOR = 'UOPERATOR1';
const APPROVER = 'UAPPROVER1';

let fake: FakeSlack;
let slack: SlackHandle;
let send: SlackSender;
let made: ReturnType<typeof makeBot>;
let engine: FakeEngine;
let schedules: Schedules;
const jobs = new Map<string, () => Promise<void>>();
const trigger: ScheduleTrigger = (cron, _o, run) => {
  jobs.set(cron, run);
  return { stop: () => jobs.delete(cron), nextRun: () => undefined };
};

beforeAll(async () => {
  fake = await startFakeSlack({ users: { [OPERATOR]: 'Olu Operator', [APPROVER]: 'Ann Approver' } });
  slack = await startSlack({
    config: slackConfig(fake.apiUrl),
    bot: (messenger) => {
      made = makeBot({
        messenger,
        approvers: [APPROVER],
        operators: [`slack:${OPERATOR}`],
        fourEyes: true,
        progressIntervalMs: 50,
      });
      engine = made.engine;
      schedules = startSchedules(made.bot, { trigger, pollMs: 0 });
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
  schedules?.stop();
  await made?.bot.close();
  await slack?.stop();
  await fake?.close();
});

async function settle(): Promise<void> {
  await slack.settled();
  await made.bot.idle();
  await slack.settled();
}

describe('a scheduled preview in Slack', () => {
  it('is posted to its channel when it fires and approved on the card by an approver', async () => {
    await send.mention(OPERATOR, CHANNEL, '<@UBOT0001> every weekday at 8:00 preview invoices here');
    await settle();
    expect(allText(fake.messagesIn(CHANNEL).at(-1))).toMatch(/every weekday at 08:00/);
    expect(fake.messagesIn(CHANNEL).some((m) => button(m, VERBS.approve))).toBe(false);

    await jobs.get('0 8 * * 1-5')!();
    await settle();
    const card = fake.messagesIn(CHANNEL).find((m) => button(m, VERBS.approve));
    expect(card).toBeDefined();
    expect(allText(card)).toMatch(/Scheduled preview/);
    expect(engine.runs).toHaveLength(0);

    const value = button(card!, VERBS.approve)?.value ?? '';
    await send.click(
      APPROVER,
      CHANNEL,
      card!.ts,
      { action_id: VERBS.approve, value },
      batchState(card!, 'SLACK-SCHED-1'),
    );
    await settle();
    expect(engine.runs.map((r) => r.opts.batchId)).toEqual(['SLACK-SCHED-1']);
    expect(allText(fake.message(CHANNEL, card!.ts))).toContain('SLACK-SCHED-1');
  });
});
