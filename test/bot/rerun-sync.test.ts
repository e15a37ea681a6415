import { afterEach, describe, expect, it } from 'vitest';
import { type ScheduleTrigger, startSchedules } from '../../bot/index.ts';
import { VERBS } from '../../cards/actions.ts';
import type { AlertView, NoticeView, PaymentSyncView, RerunView, ResultsView } from '../../cards/view-models.ts';
import { SagebotError } from '../../core/errors.ts';
import { action, actor, conversation, fakeReconciliation, makeBot, message, RecordingReplier } from './fakes.ts';
import { askPreview, type Harness } from './helpers.ts';

const alice = actor('alice', 'Alice');
const boss = actor('boss', 'Bea Boss');
let h: Harness;
afterEach(async () => h?.bot.close());

async function say(text: string, who = alice, conv = conversation()) {
  const replier = new RecordingReplier(conv.key);
  await h.bot.onMessage(message(text, who, conv), replier);
  return replier;
}

describe('rerun', () => {
  it('lists the documents, which are already in Sage, warns, and posts after an explicit approval', async () => {
    h = makeBot();
    const replier = await say('rerun OLD-1');
    expect(replier.replies[0].message.text).toMatch(/Rebuilding batch OLD-1/);
    const { message: m, ref } = replier.card('rerun');
    const card = m.card as RerunView;
    expect(card).toMatchObject({ batch: 'OLD-1', alreadyInSage: 1, toPost: 1, state: 'ready' });
    expect(card.warning).toMatch(/duplicates/);
    expect(card.documents.rows.map((r) => r.cells)).toEqual([
      ['401', 'SI 4010', 'yes'],
      ['402', 'SI 4020', 'no'],
    ]);

    expect((await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId }, actor('mallory')))).toast).toMatch(
      /not an approver/,
    );
    const answer = await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId, force: 'false' }, boss));
    expect(answer.message?.card?.kind).toBe('progress');
    // The second click lands while the (fake, fast) rerun runs or just after it finished: refused either way.
    expect((await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId }, boss))).toast).toMatch(
      /already being posted|was already posted/,
    );
    await h.bot.idle();
    expect(h.engine.reruns).toEqual([{ batchId: 'OLD-1', force: false }]);
    const results = h.messenger.lastUpdate(ref.messageId)?.card as ResultsView;
    expect(results).toMatchObject({ kind: 'results', batch: 'OLD-1' });
    expect(results.skipped.rows).toHaveLength(1);
    expect(await h.audit.list({ action: 'rerun' })).toHaveLength(1);
  });

  it('passes the force toggle', async () => {
    h = makeBot();
    const card = (await say('rerun OLD-1')).card('rerun').message.card as RerunView;
    await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId, force: true }, boss));
    await h.bot.idle();
    expect(h.engine.reruns).toEqual([{ batchId: 'OLD-1', force: true }]);
  });

  it('a rerun that would post nothing offers no approval, and an approval sent anyway is refused', async () => {
    h = makeBot();
    const card = (await say('rerun DONE-1')).card('rerun').message.card as RerunView;
    expect(card).toMatchObject({ alreadyInSage: 2, toPost: 0, state: 'ready' });
    expect(card.warning).toMatch(/would post nothing/);
    expect(card.warning).toMatch(/rerun DONE-1 force/);
    // A replayed (or hand-made) click: refused with the reason, nothing started, the card still open.
    const answer = await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId, force: 'false' }, boss));
    expect(answer.toast).toMatch(/already in Sage, so a rerun would post nothing\. Nothing was started\./);
    expect(answer.message).toBeUndefined();
    await h.bot.idle();
    expect(h.engine.reruns).toEqual([]);
    expect((await h.audit.list({ action: 'refuse' })).at(-1)?.details).toMatchObject({
      reason: 'RERUN_NOTHING_TO_POST',
    });
    // Ticking Force on that card is still a forced rerun (it posts everything again).
    await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId, force: 'true' }, boss));
    await h.bot.idle();
    expect(h.engine.reruns).toEqual([{ batchId: 'DONE-1', force: true }]);
  });

  it('"rerun <batch> force" opens a forced rerun: everything to post again, approved as forced', async () => {
    h = makeBot();
    const card = (await say('rerun DONE-1 force')).card('rerun').message.card as RerunView;
    expect(card).toMatchObject({
      forced: true,
      toPost: 2,
      alreadyInSage: 2,
      title: 'Forced rerun batch DONE-1 (invoices)',
    });
    expect(card.warning).toMatch(/duplicates/);
    expect((await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId }, boss))).message?.card?.kind).toBe(
      'progress',
    );
    await h.bot.idle();
    expect(h.engine.reruns).toEqual([{ batchId: 'DONE-1', force: true }]);
  });

  it('can be cancelled before approval', async () => {
    h = makeBot();
    const card = (await say('rerun OLD-1')).card('rerun').message.card as RerunView;
    const answer = await h.bot.onAction(action(VERBS.cancel, { flowId: card.flowId }, alice));
    expect(answer.message?.card).toMatchObject({ kind: 'rerun', state: 'cancelled' });
    expect((await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId }, boss))).toast).toMatch(
      /cancelled/,
    );
    expect(h.engine.reruns).toHaveLength(0);
  });

  it('explains an unknown batch', async () => {
    h = makeBot();
    const replier = await say('rerun NOPE-9');
    expect(replier.last().message.card).toMatchObject({
      kind: 'notice',
      tone: 'error',
      text: expect.stringMatching(/no batch NOPE-9/),
    });
  });
});

describe('payment sync and alerts', () => {
  // Alice is an operator: payment sync and alert routing are operator tasks.
  const OPS = { operators: ['webchat:alice'] };
  const finance = conversation('finance-channel');
  const ops = conversation('ops-channel');

  it('registers alert channels, syncs with progress then results, and alerts every channel', async () => {
    h = makeBot(OPS);
    expect((await say('alerts here', alice, finance)).last().message.card).toMatchObject({
      kind: 'notice',
      tone: 'success',
    });
    expect((await say('alerts here', alice, finance)).last().message.text).toMatch(/already gets alerts/);
    await say('alerts here', boss, ops);
    const replier = await say('sync payments last week');
    const { message: first, ref } = replier.last();
    expect(first.card).toMatchObject({
      kind: 'progress',
      title: 'Syncing payments since Sunday 22 November 2026 (2026-11-22)',
    });
    await h.bot.idle();
    expect(h.paymentSync.calls).toEqual([{ since: 'week', user: { id: 'alice', name: 'Alice', door: 'webchat' } }]);
    const results = h.messenger.lastUpdate(ref.messageId)?.card as PaymentSyncView;
    expect(results).toMatchObject({ kind: 'paymentSync', since: 'Sunday 22 November 2026 (2026-11-22)' });
    expect(results.updated.rows[0].cells).toEqual([
      '460',
      'GBP 0.00',
      'GBP 150.00',
      'GBP 1,150.00',
      'yes (2026-11-25)',
    ]);
    expect(results.problems).toHaveLength(1);
    const alerts = h.messenger.sent.filter((s) => s.message.card?.kind === 'alert');
    expect(alerts.map((a) => a.conversation.key).sort()).toEqual([finance.key, ops.key]);
    expect(alerts[0].message.card).toMatchObject({ title: 'Payment sync finished', tone: 'warning' });
    expect(await h.audit.list({ action: 'sync-payments' })).toHaveLength(1);
    expect(await h.audit.list({ action: 'alerts' })).toHaveLength(3);

    await say('alerts off', alice, ops);
    await say('sync payments');
    await h.bot.idle();
    expect(h.messenger.sent.filter((s) => s.message.card?.kind === 'alert').map((a) => a.conversation.key)).toEqual([
      finance.key,
      ops.key,
      finance.key,
    ]);
  });

  it('a finished batch alerts the registered channels too', async () => {
    h = makeBot(OPS);
    await say('alerts here', alice, finance);
    const { flowId } = await askPreview(h, 'run invoices', alice);
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    const alert = h.messenger.sent.find((s) => s.message.card?.kind === 'alert');
    expect(alert?.conversation.key).toBe(finance.key);
    expect(alert?.message.card).toMatchObject({ title: 'Batch 20261129JD-I completed', tone: 'success' });
  });

  it('a failing sync says so on the card and in the alert', async () => {
    h = makeBot(OPS);
    await say('alerts here', alice, finance);
    h.paymentSync.fail = new SagebotError({
      code: 'SAGE_LOCKED',
      message: 'The Sage company is locked by another user.',
      fix: 'Ask everyone to leave Sage.',
    });
    const { ref } = (await say('sync payments')).last();
    await h.bot.idle();
    expect(h.messenger.lastUpdate(ref.messageId)?.card).toMatchObject({
      kind: 'notice',
      tone: 'error',
      text: expect.stringMatching(/locked/),
    });
    expect(h.messenger.sent.at(-1)?.message.card).toMatchObject({ kind: 'alert', title: 'Payment sync failed' });
  });

  it('runs unattended on the schedule and alerts', async () => {
    h = makeBot({ ...OPS, cron: '* * * * * *' });
    await say('alerts here', alice, finance);
    const result = await h.bot.runScheduledSync();
    expect(result?.updated).toHaveLength(1);
    expect(h.paymentSync.calls[0]).toEqual({
      since: 'last',
      user: { id: 'sagebot-schedule', name: 'Scheduled payment sync', door: 'schedule' },
    });
    expect(h.messenger.sent.at(-1)?.message.card).toMatchObject({ kind: 'alert', title: 'Payment sync finished' });

    const real = startSchedules(h.bot); // croner reads the expression and knows when it fires next
    expect(real.nextRun()).toBeInstanceOf(Date);
    real.stop();
    let fire: (() => Promise<void>) | undefined;
    const trigger: ScheduleTrigger = (cron, _options, run) => {
      expect(cron).toBe('* * * * * *');
      fire = run;
      return { stop: () => undefined, nextRun: () => undefined };
    };
    startSchedules(h.bot, { trigger });
    await fire?.();
    expect(h.paymentSync.calls).toHaveLength(2);
  });
});

describe('batches, status, settings, help', () => {
  it('lists batches', async () => {
    h = makeBot();
    h.engine.batches = [
      {
        id: 1,
        batch: 'B-1',
        kinds: ['invoices'],
        closed: true,
        ranBy: 'Bea',
        ranAt: '2026-11-28T12:00:00Z',
        outcome: 'completed',
        count: 3,
      },
    ];
    const card = (await say('batches')).last().message.card;
    expect(card).toMatchObject({
      kind: 'batches',
      batches: { rows: [{ cells: ['B-1', 'invoices', 'Bea', '28 Nov 2026 12:00', 'completed', '3', 'yes'] }] },
    });
  });

  it('shows status with approvers, four-eyes and recent runs', async () => {
    h = makeBot({ fourEyes: true, cron: '0 7 * * 1-5' });
    const { flowId } = await askPreview(h, 'run invoices', alice);
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    const card = (await say('status')).last().message.card as {
      kind: string;
      facts: Array<{ title: string; value: string }>;
    };
    const fact = (t: string) => card.facts.find((f) => f.title === t)?.value;
    expect(card.kind).toBe('status');
    expect(fact('Approvers')).toBe('webchat:boss, webchat:second');
    expect(fact('Four-eyes')).toMatch(/^on/);
    expect(fact('You can approve')).toBe('no');
    expect(fact('Last runs')).toMatch(/20261129JD-I completed \(3 posted\)/);
    expect(fact('Scheduled payment sync')).toMatch(
      /0 7 \* \* 1-5 \(Europe\/London\), next Mon 30 Nov 2026 07:00|0 7 \* \* 1-5 \(Europe\/London\), next 30 Nov 2026 07:00/,
    );
  });

  it('shows settings; only approvers may change them (refusals recorded)', async () => {
    h = makeBot();
    expect((await say('settings')).last().message.card).toMatchObject({ kind: 'settings', editable: false });
    expect((await say('settings', boss)).last().message.card).toMatchObject({ kind: 'settings', editable: true });
    const refused = await h.bot.onAction(
      action(VERBS.setSetting, { settingKey: 'serviceInvoicing', settingValue: true }, alice),
    );
    expect(refused.toast).toMatch(/only an operator or an approver can change settings/);
    expect(h.engine.settings.serviceInvoicing).toBe(false);
    const changed = await h.bot.onAction(
      action(VERBS.setSetting, { settingKey: 'serviceInvoicing', settingValue: 'true' }, boss),
    );
    expect(changed.message?.card).toMatchObject({ kind: 'settings' });
    expect(h.engine.settings.serviceInvoicing).toBe(true);
    expect(
      (await h.bot.onAction(action(VERBS.setSetting, { settingKey: '__proto__', settingValue: true }, boss))).toast,
    ).toMatch(/not one sagebot knows/);
    expect(await h.audit.list({ action: 'settings' })).toHaveLength(1);
  });

  it('answers help and anything unknown with examples', async () => {
    h = makeBot();
    expect((await say('help')).last().message.card).toMatchObject({
      kind: 'help',
      examples: expect.arrayContaining(['run invoices through friday']),
    });
    const unknown = (await say('what is the meaning of life')).last().message;
    expect(unknown.card).toMatchObject({ kind: 'help', intro: expect.stringMatching(/I did not understand/) });
    expect(unknown.text).toMatch(/run invoices through friday/);
  });

  it('greets a conversation it joins with what it can do', async () => {
    h = makeBot();
    const replier = new RecordingReplier(conversation().key);
    await h.bot.onWelcome?.({ type: 'welcome', eventId: 'join-1', conversation: conversation() }, replier);
    expect(replier.last().message.card).toMatchObject({
      kind: 'help',
      intro: expect.stringMatching(/^Hello, I am sagebot/),
      examples: expect.arrayContaining(['run invoices through friday']),
    });
  });
});

describe('reconcile (read a batch back from Sage)', () => {
  const finance = conversation('finance-channel');

  it('anyone may ask; a reconciled batch says so with its figures per type and currency, and alerts nobody', async () => {
    h = makeBot();
    await say('alerts here', boss, finance);
    const replier = await say('reconcile OLD-1', actor('mallory', 'Mallory'));
    expect(replier.replies[0].message.text).toMatch(/Reading batch OLD-1 back from Sage/);
    const card = replier.last().message.card as NoticeView;
    expect(card).toMatchObject({ kind: 'notice', tone: 'success', title: 'Batch OLD-1: reconciled with Sage' });
    expect(card.facts).toEqual([
      { title: 'Sage read-back', value: 'reconciled (2 documents match)' },
      { title: 'SI GBP', value: 'sent 2 · GBP 200.00 + GBP 40.00 = GBP 240.00; in Sage same' },
    ]);
    expect(h.engine.reconciles).toEqual([
      { batchId: 'OLD-1', user: expect.objectContaining({ id: 'mallory', name: 'Mallory' }) },
    ]);
    expect(h.messenger.sent.filter((s) => s.message.card?.kind === 'alert')).toEqual([]);
  });

  it('a document missing from Sage is listed with what to do, and alerted as a problem', async () => {
    h = makeBot();
    await say('alerts here', boss, finance);
    h.engine.sageMissing = ['SI 4020'];
    const card = (await say('reconcile OLD-1')).last().message.card as NoticeView;
    expect(card).toMatchObject({ tone: 'warning', title: 'Batch OLD-1: 1 difference with Sage' });
    expect(card.text).toMatch(/Sage is missing SI 4020 \(GBP 120\.00\).*Fix: .*rerun OLD-1/);
    expect(card.facts?.[1].value).toBe(
      'sent 2 · GBP 200.00 + GBP 40.00 = GBP 240.00; in Sage 1 · GBP 100.00 + GBP 20.00 = GBP 120.00',
    );
    const alerts = h.messenger.sent.filter((s) => s.message.card?.kind === 'alert');
    expect(alerts.map((a) => a.conversation.key)).toEqual([finance.key]);
    expect(alerts[0].message.card as AlertView).toMatchObject({
      title: 'Batch OLD-1 does not reconcile with Sage',
      tone: 'warning',
      text: expect.stringMatching(/Sage is missing SI 4020/),
    });
  });

  it('an unknown batch is explained; "reconcile" alone asks which batch', async () => {
    h = makeBot();
    expect((await say('reconcile NOPE-9')).last().message.card).toMatchObject({
      kind: 'notice',
      tone: 'error',
      text: expect.stringMatching(/no batch "NOPE-9"/),
    });
    expect((await say('reconcile')).last().message.text).toMatch(/Which batch should I read back from Sage/);
  });

  it('the results card and the alert of a rerun carry the read-back: "reconciled" or each difference', async () => {
    h = makeBot();
    await say('alerts here', boss, finance);
    const rerun = h.engine.rerun.bind(h.engine);
    h.engine.rerun = async (batchId, opts) => ({
      ...(await rerun(batchId, opts)),
      reconciliation: fakeReconciliation(batchId, ['SI 4010']),
    });
    const { message: m, ref } = (await say('rerun OLD-1')).card('rerun');
    await h.bot.onAction(action(VERBS.approveRerun, { flowId: (m.card as RerunView).flowId }, boss));
    await h.bot.idle();
    const results = h.messenger.lastUpdate(ref.messageId)?.card as ResultsView;
    expect(results.summary).toContainEqual({ title: 'Sage read-back', value: '1 difference (see below)' });
    expect(results.readBack?.differences).toEqual([
      expect.objectContaining({
        record: 'Sage SI 4010 (Invoice 401)',
        message: expect.stringMatching(/^Sage is missing SI 4010/),
      }),
    ]);
    expect(results.readBack?.table.rows.map((r) => r.cells[0])).toEqual(['SI GBP']);
    const alert = h.messenger.sent.find((s) => s.message.card?.kind === 'alert')?.message.card as AlertView;
    expect(alert).toMatchObject({ title: 'Rerun of batch OLD-1 completed — Sage differs', tone: 'warning' });
    expect(alert.text).toMatch(/Sage is missing SI 4010 .* Fix: /);
    expect(alert.facts).toContainEqual({ title: 'Sage read-back', value: '1 difference (see below)' });
  });
});
