/**
 * Previews on a schedule and from the command line, with the bot's fakes. A schedule is made and
 * stopped in chat (an operator's action), fires through a trigger the test holds, and posts its card to its chat;
 * nothing is posted to Sage until a human approver approves it on the card. The CLI's requests are picked up
 * from the inbox in the data folder and approved in chat with four-eyes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  openAlertChannels,
  openBotStores,
  openPreviewRequests,
  openPreviewSchedules,
} from '../../adapters/app/stores.ts';
import { type Schedules, type ScheduleTrigger, startSchedules } from '../../bot/index.ts';
import { parseCommand } from '../../bot/parse-command.ts';
import type { PreviewRequest } from '../../bot/ports.ts';
import { findTarget, requestTargets, submitPreviewRequest } from '../../bot/preview-requests.ts';
import { INPUTS, VERBS } from '../../cards/actions.ts';
import type { PreviewView } from '../../cards/view-models.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { action, actor, conversation, makeBot, message, RecordingReplier } from './fakes.ts';
import type { Harness } from './helpers.ts';

const olive = actor('olive', 'Olive Operator');
const boss = actor('boss', 'Bea Boss');
const mallory = actor('mallory', 'Mallory');
const finance = conversation('finance');
let h: Harness;
let schedules: Schedules | undefined;
afterEach(async () => {
  schedules?.stop();
  await h?.bot.close();
});

/** A trigger the test fires by hand, by cron expression. */
function handTrigger() {
  const jobs = new Map<string, () => Promise<void>>();
  const trigger: ScheduleTrigger = (cron, _o, run) => {
    jobs.set(cron, run);
    return { stop: () => jobs.delete(cron), nextRun: () => undefined };
  };
  return { trigger, jobs, fire: (cron: string) => jobs.get(cron)!() };
}

async function say(text: string, who = olive, conv = finance) {
  const replier = new RecordingReplier(conv.key);
  await h.bot.onMessage(message(text, who, conv), replier);
  return replier;
}

function start(o: Parameters<typeof makeBot>[0] = {}) {
  h = makeBot({ operators: ['webchat:olive'], ...o });
  const hand = handTrigger();
  schedules = startSchedules(h.bot, { trigger: hand.trigger, pollMs: 0 });
  return hand;
}

const openBotFlows = (dir: string) => openBotStores(dataFolder(dir)).flows;
const previewCards = () => h.messenger.sent.filter((s) => s.message.card?.kind === 'preview');

describe('schedule words in chat', () => {
  const at = { timeZone: 'Europe/London', now: new Date('2026-12-02T09:00:00Z') };
  it('reads days and times into cron, and tells list and stop from cancel', () => {
    expect(parseCommand('every weekday at 8:00 preview invoices here', at)).toEqual({
      type: 'scheduleAdd',
      kind: 'invoices',
      cron: '0 8 * * 1-5',
      description: 'every weekday at 08:00',
    });
    expect(parseCommand('preview expenses every monday and thursday at 5:30pm', at)).toMatchObject({
      kind: 'expenses',
      cron: '30 17 * * 1,4',
    });
    expect(parseCommand('every day at 7 run inventory', at)).toMatchObject({ cron: '0 7 * * *' });
    expect(parseCommand('invoices cron "15 6 * * 2"', at)).toMatchObject({ cron: '15 6 * * 2' });
    expect(parseCommand('schedules', at)).toEqual({ type: 'schedules' });
    expect(parseCommand('stop the invoice schedule', at)).toEqual({ type: 'scheduleStop', kind: 'invoices' });
    expect(parseCommand('stop', at)).toEqual({ type: 'cancel' });
    expect(parseCommand('every weekday preview invoices', at)).toMatchObject({
      type: 'invalid',
      message: 'At what time?',
    });
    expect(parseCommand('every weekday at 25:00 preview invoices', at)).toMatchObject({ type: 'invalid' });
  });

  it('reads a location, a detail level and a through-date, which are not days or times of the schedule', () => {
    expect(
      parseCommand('every weekday at 8:00 preview invoices for London detail condensed through yesterday here', at),
    ).toEqual({
      type: 'scheduleAdd',
      kind: 'invoices',
      cron: '0 8 * * 1-5',
      description: 'every weekday at 08:00',
      location: 'London',
      detail: 'Condensed',
      through: 'yesterday',
    });
    // "through friday" is the date, not a second day of the schedule.
    expect(parseCommand('every monday at 9am preview expenses through friday', at)).toMatchObject({
      cron: '0 9 * * 1',
      through: 'friday',
    });
    expect(parseCommand('preview invoices for Head Office every day at 17:30', at)).toMatchObject({
      cron: '30 17 * * *',
      location: 'Head Office',
    });
    expect(parseCommand('every weekday at 8 preview invoices until end of last month detailed', at)).toMatchObject({
      through: 'end of last month',
      detail: 'Detailed',
    });
    expect(parseCommand('invoices cron "15 6 * * 2" for Leeds', at)).toMatchObject({
      cron: '15 6 * * 2',
      location: 'Leeds',
    });
    expect(parseCommand('every weekday at 8:00 preview invoices for every location', at)).not.toHaveProperty(
      'location',
    );
    // A place one letter from a kind word ("sales") is still the place.
    expect(parseCommand('every weekday at 8:00 preview invoices for Wales here', at)).toMatchObject({
      kind: 'invoices',
      location: 'Wales',
    });
    expect(parseCommand('every day at 7 preview invoices detail bogus', at)).toMatchObject({
      type: 'invalid',
      message: '"bogus" is not a detail level.',
    });
    expect(parseCommand('every friday at 16:00 preview inventory through', at)).toMatchObject({
      type: 'invalid',
      message: '"through" which date?',
    });
  });
});

describe('a preview on a schedule', () => {
  it('is added by an operator, fires at its time, and posts a card an approver approves (the requester is the system)', async () => {
    const hand = start({ fourEyes: true });
    expect((await say('every weekday at 8:00 preview invoices here', mallory)).last().message.text).toMatch(
      /only an operator or an approver/,
    );
    expect((await say('every weekday at 8:00 preview invoices here')).last().message.text).toMatch(
      /I will preview invoices every weekday at 08:00 in finance/,
    );
    expect(schedules?.running()).toEqual(new Map([['invoices', '0 8 * * 1-5']]));
    expect(previewCards()).toHaveLength(0);

    await hand.fire('0 8 * * 1-5');
    const [sent] = previewCards();
    expect(sent.conversation.key).toBe(finance.key);
    const card = sent.message.card as PreviewView;
    expect(card.state).toBe('ready');
    expect(h.engine.runs).toHaveLength(0); // nothing posted until an approver approves
    expect(h.engine.previews.at(-1)?.opts.user).toEqual({
      id: 'sagebot-schedule',
      name: 'Scheduled preview',
      door: 'schedule',
    });

    // An operator is not an approver; the approver approves with the usual batch-number check.
    expect((await h.bot.onAction(action(VERBS.approve, { flowId: card.flowId }, olive, finance))).toast).toMatch(
      /not an approver/,
    );
    const bad = await h.bot.onAction(
      action(VERBS.approve, { flowId: card.flowId, [INPUTS.batchId]: 'EXISTING-1' }, boss, finance),
    );
    expect(bad.toast).toMatch(/EXISTING-1/);
    const ok = await h.bot.onAction(
      action(VERBS.approve, { flowId: card.flowId, [INPUTS.batchId]: 'SCHED-1' }, boss, finance),
    );
    expect(ok.message?.card?.kind).toBe('progress');
    await h.bot.idle();
    expect(h.engine.runs.map((r) => r.opts.batchId)).toEqual(['SCHED-1']);
  });

  it('previews its location and detail level through its date as read at each firing; refuses words that are no date', async () => {
    let today = new Date('2026-11-30T07:00:00Z');
    const hand = start({ now: () => today });
    const made = await say('every weekday at 8:00 preview invoices for London detail condensed through yesterday here');
    expect(made.last().message.text).toMatch(
      /I will preview invoices for London detail condensed through yesterday, every weekday at 08:00 in finance/,
    );
    expect(await h.audit.list({ action: 'schedule-add' })).toMatchObject([
      { details: { location: 'London', detail: 'Condensed', through: 'yesterday' } },
    ]);
    await hand.fire('0 8 * * 1-5');
    expect(h.engine.previews.at(-1)?.opts).toMatchObject({
      location: 'London',
      detail: 'Condensed',
      throughDate: '2026-11-29',
    });
    // Cancelled on its card, it no longer waits for approval, so the next firing is not skipped.
    const card = previewCards()[0].message.card as PreviewView;
    await h.bot.onAction(action(VERBS.cancel, { flowId: card.flowId }, boss, finance));
    today = new Date('2026-12-03T07:00:00Z');
    await hand.fire('0 8 * * 1-5');
    expect(previewCards()).toHaveLength(2);
    expect(h.engine.previews.at(-1)?.opts).toMatchObject({ throughDate: '2026-12-02' });

    const refused = await say('every day at 7:00 preview expenses through the day after never here');
    expect(refused.last().message.text).toMatch(/Which date\?/);
    expect((await openPreviewSchedules(dataFolder(h.dataDir)).list()).map((s) => s.id)).toEqual(['invoices']);
  });

  it('is not repeated while the last one waits for approval; says briefly when there is nothing to post', async () => {
    const hand = start();
    await say('every day at 7:00 preview invoices here');
    await hand.fire('0 7 * * *');
    await hand.fire('0 7 * * *');
    expect(previewCards()).toHaveLength(1);
    const skipped = await h.audit.list({ action: 'schedule-skip' });
    expect(skipped).toHaveLength(1);

    const card = previewCards()[0].message.card as PreviewView;
    await h.bot.onAction(action(VERBS.approve, { flowId: card.flowId }, boss, finance));
    await h.bot.idle();
    await hand.fire('0 7 * * *'); // posted: the fake now has nothing unposted
    expect(previewCards()).toHaveLength(1);
    expect(h.messenger.sent.at(-1)?.message).toEqual({
      text: expect.stringMatching(/^Scheduled preview: no unposted invoices through .*; nothing to approve\.$/),
    });
  });

  it('is skipped while a preview of its kind someone asked for in its chat is still open', async () => {
    const hand = start();
    await say('every day at 7:00 preview invoices here');
    const asked = await say('run invoices');
    expect(asked.card('preview')).toBeDefined();
    await hand.fire('0 7 * * *');
    expect(previewCards()).toHaveLength(0);
    expect(await h.audit.list({ action: 'schedule-skip' })).toHaveLength(1);
    await say('cancel');
    await hand.fire('0 7 * * *');
    expect(previewCards()).toHaveLength(1);
  });

  it('with mapping problems shows them on the card and alerts the channel', async () => {
    const hand = start();
    await say('alerts here', olive, conversation('alerts'));
    await say('every day at 7:00 preview expenses here');
    h.engine.problems.expenses = [
      { record: 'Member JD', code: 'EXPORT_NO_VENDOR', message: 'No vendor for JD.', fix: 'Set one in Manage.' },
    ];
    await hand.fire('0 7 * * *');
    const card = previewCards()[0].message.card as PreviewView;
    expect(card.state).toBe('blocked');
    const alerts = h.messenger.sent.filter((s) => s.message.card?.kind === 'alert');
    expect(alerts.map((a) => a.conversation.key).sort()).toEqual(['webchat:alerts', 'webchat:finance']);
    expect(alerts[0].message.card).toMatchObject({
      title: 'Scheduled expenses preview has 1 problem',
      tone: 'warning',
    });
  });

  it('whose card cannot be sent leaves no open preview behind, so the next one is tried again', async () => {
    const hand = start();
    await say('every day at 7:00 preview invoices here');
    const send = h.messenger.send.bind(h.messenger);
    h.messenger.send = async () => {
      throw new Error('Slack is not connected in this run');
    };
    await hand.fire('0 7 * * *');
    const [flow] = await openBotFlows(h.dataDir).list({ type: 'preview' });
    expect(flow).toMatchObject({ state: 'cancelled', scheduleId: 'invoices' });
    h.messenger.send = send;
    await hand.fire('0 7 * * *');
    expect(previewCards()).toHaveLength(1);
  });

  it('is listed and stopped in chat; a schedule the CLI stored is started on refresh', async () => {
    const hand = start();
    await say('every weekday at 8:00 preview invoices here');
    expect((await say('schedules', mallory)).last().message.card).toMatchObject({ title: '1 preview schedule' });
    expect((await say('status', mallory)).last().message.text).toMatch(
      /^Scheduled previews: invoices every weekday at 08:00 in finance \(next: /m,
    );
    expect((await say('stop the invoice schedule', mallory)).last().message.text).toMatch(/only an operator/);
    expect((await say('stop the invoice schedule')).last().message.text).toMatch(/Stopped: invoices every weekday/);
    expect(schedules?.running().size).toBe(0);
    expect(hand.jobs.size).toBe(0);

    await openPreviewSchedules(dataFolder(h.dataDir)).put({
      id: 'expenses',
      kind: 'expenses',
      cron: '0 9 * * 1',
      description: 'every Monday at 09:00',
      conversation: finance,
      createdBy: { platform: 'cli', id: 'olive', name: 'olive' },
      createdAt: '2026-12-02T01:00:00Z',
    });
    await schedules?.refresh();
    expect(schedules?.running()).toEqual(new Map([['expenses', '0 9 * * 1']]));
  });
});

describe('preview schedules on the wall clock', () => {
  it('run on croner, two bots in one process with the same schedule included (job names are process-wide)', async () => {
    const bots = [makeBot({ operators: ['webchat:olive'] }), makeBot({ operators: ['webchat:olive'] })];
    const started: Schedules[] = [];
    try {
      for (const b of bots) {
        h = b;
        started.push(startSchedules(b.bot, { pollMs: 0 }));
        await say('every weekday at 8:00 preview invoices here');
      }
      for (const s of started) expect(s.running()).toEqual(new Map([['invoices', '0 8 * * 1-5']]));
    } finally {
      for (const s of started) s.stop();
      await bots[0].bot.close();
    }
  });
});

describe('a preview requested from the command line', () => {
  function request(over: Partial<PreviewRequest> = {}): Omit<PreviewRequest, 'status'> {
    return {
      id: `req-${Math.random().toString(36).slice(2, 10)}`,
      kind: 'invoices',
      options: { throughDate: '2026-12-02' },
      requester: { platform: 'cli', id: 'sam', name: 'Sam at the Sage PC' },
      to: finance,
      requestedAt: new Date().toISOString(),
      ...over,
    };
  }

  it('goes only to a registered chat, is posted there by the bot, and needs a second person (four-eyes)', async () => {
    start({ fourEyes: true, approvers: ['webchat:boss', 'os:sam'] });
    const folder = dataFolder(h.dataDir);
    const stores = { alertChannels: openAlertChannels(folder), schedules: openPreviewSchedules(folder) };
    expect(findTarget(await requestTargets(stores), 'finance')).toBeUndefined();
    await say('alerts here');
    expect(findTarget(await requestTargets(stores), 'finance')?.key).toBe(finance.key);

    // The running bot's poll, in the waiting command's pause: deterministic, no clock.
    const taken: number[] = [];
    const sleep = async () => void taken.push(await h.bot.pickUpRequests());
    const answer = await submitPreviewRequest(openPreviewRequests(folder), request(), { waitMs: 5000, sleep });
    expect(taken).toEqual([1]);
    expect(answer).toMatchObject({
      status: 'sent',
      summary: '3 invoices to transfer (GBP 360.00); batch 20261129JD-I',
    });
    const sent = previewCards().at(-1)!;
    const card = sent.message.card as PreviewView;
    expect(card.flowId).toBe(answer.flowId);
    expect(h.engine.previews.at(-1)?.opts.user).toEqual({ id: 'sam', name: 'Sam at the Sage PC', door: 'cli' });

    // The requester, os:sam, may not approve it (four-eyes); another approver does, in chat.
    const sam = { platform: 'cli' as const, id: 'sam', name: 'Sam' };
    expect((await h.bot.onAction(action(VERBS.approve, { flowId: card.flowId }, sam, finance))).toast).toMatch(
      /Four-eyes is on/,
    );
    expect(h.engine.runs).toHaveLength(0);
    await h.bot.onAction(action(VERBS.approve, { flowId: card.flowId }, boss, finance));
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
    expect(h.engine.runs[0].opts.user).toEqual({ id: 'boss', name: 'Bea Boss', door: 'webchat' });
    expect(await h.bot.pickUpRequests()).toBe(0); // taken once only
  });

  it("four-eyes holds across doors: the terminal's os:sam cannot approve as the chat identity SAGEBOT_PEOPLE links to it", async () => {
    start({
      fourEyes: true,
      approvers: ['webchat:boss', 'webchat:sammy', 'os:sam'],
      people: [['os:sam', 'webchat:sammy']],
    });
    await say('alerts here');
    const folder = dataFolder(h.dataDir);
    const sleep = async () => void (await h.bot.pickUpRequests());
    const answer = await submitPreviewRequest(openPreviewRequests(folder), request(), { waitMs: 5000, sleep });
    expect(answer).toMatchObject({ status: 'sent' });
    const sammy = actor('sammy', 'Sam in chat');
    const refused = await h.bot.onAction(action(VERBS.approve, { flowId: answer.flowId }, sammy, finance));
    expect(refused.toast).toMatch(/Four-eyes is on/);
    expect(h.engine.runs).toHaveLength(0);
    expect(await h.audit.list({ action: 'refuse' })).toMatchObject([{ details: { reason: 'four-eyes' } }]);
    await h.bot.onAction(action(VERBS.approve, { flowId: answer.flowId }, boss, finance));
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
  });

  it('nothing to post sends nothing; a request nobody takes is withdrawn and never posted later', async () => {
    start();
    await say('alerts here');
    const inbox = openPreviewRequests(dataFolder(h.dataDir));
    h.engine.data.expenses = [];
    const sleep = async () => void (await h.bot.pickUpRequests());
    expect(await submitPreviewRequest(inbox, request({ kind: 'expenses' }), { waitMs: 5000, sleep })).toMatchObject({
      status: 'empty',
      summary: expect.stringMatching(/^0 expenses to transfer/),
    });
    expect(previewCards()).toHaveLength(0);

    const late = await submitPreviewRequest(inbox, request(), { waitMs: 0, sleep: async () => undefined });
    expect(late.status).toBe('withdrawn');
    expect(await h.bot.pickUpRequests()).toBe(0);
    expect(previewCards()).toHaveLength(0);
  });
});
