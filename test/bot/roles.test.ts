/**
 * Roles at the chat doors (the same bot serves Teams, Slack and the web chat): payment sync, alert routing and
 * settings need an operator (or an approver), posting, rerun and force need an approver; every refusal is
 * answered with the role needed and where it is granted, and recorded. The schedule acts as the system.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { action, actor, conversation, makeBot, message, RecordingReplier } from './fakes.ts';
import type { Harness } from './helpers.ts';

const alice = actor('alice', 'Alice');
const olly = actor('olly', 'Olly Operator');
const boss = actor('boss', 'Bea Boss');
let h: Harness;
afterEach(async () => h?.bot.close());

async function say(text: string, who = alice, conv = conversation()) {
  const replier = new RecordingReplier(conv.key);
  await h.bot.onMessage(message(text, who, conv), replier);
  return replier;
}

describe('operator tasks in chat', () => {
  it('"sync payments" from someone without a role is refused, answered and recorded; nothing is synced', async () => {
    h = makeBot({ operators: ['webchat:olly'] });
    const reply = (await say('sync payments last week', alice)).last().message;
    expect(reply.card).toMatchObject({ kind: 'notice', tone: 'warning' });
    expect(reply.text).toMatch(/Alice, only an operator or an approver can sync payments into Manage/);
    expect(reply.text).toMatch(/SAGEBOT_OPERATORS/);
    await h.bot.idle();
    expect(h.paymentSync.calls).toHaveLength(0);
    expect(await h.audit.list({ action: 'refuse' })).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: 'alice', platform: 'webchat' }),
        details: { command: 'sync-payments', reason: 'not-operator' },
      }),
    ]);
    await say('sync payments last week', olly);
    await h.bot.idle();
    expect(h.paymentSync.calls).toHaveLength(1);
    await say('sync payments last week', boss);
    await h.bot.idle();
    expect(h.paymentSync.calls).toHaveLength(2);
  });

  it('"alerts here" and "alerts off" need an operator; a refusal changes nothing', async () => {
    h = makeBot({ operators: ['webchat:olly'] });
    const finance = conversation('finance');
    expect((await say('alerts here', alice, finance)).last().message.text).toMatch(/change where alerts go/);
    await say('alerts here', olly, finance);
    expect((await say('alerts off', alice, finance)).last().message.text).toMatch(/only an operator/);
    const refusals = await h.audit.list({ action: 'refuse' });
    expect(refusals.map((r) => r.details.command)).toEqual(['alerts here', 'alerts off']);
    expect(await h.audit.list({ action: 'alerts' })).toHaveLength(1);
    const status = (await say('status', alice, finance)).last().message.text;
    expect(status).toMatch(/Alerts: 1 conversation\(s\), including this one/);
  });

  it('settings: an operator may change them, others are told who may; the card is editable only for them', async () => {
    h = makeBot({ operators: ['webchat:olly'] });
    expect((await say('settings', olly)).last().message.card).toMatchObject({ kind: 'settings', editable: true });
    expect((await say('settings', alice)).last().message.card).toMatchObject({ kind: 'settings', editable: false });
    const refused = await h.bot.onAction(
      action(VERBS.setSetting, { settingKey: 'serviceInvoicing', settingValue: true }, alice),
    );
    expect(refused.toast).toMatch(/only an operator or an approver can change settings/);
    expect((await h.audit.list({ action: 'refuse' }))[0].details).toMatchObject({ reason: 'not-operator' });
    await h.bot.onAction(action(VERBS.setSetting, { settingKey: 'serviceInvoicing', settingValue: true }, olly));
    expect(h.engine.settings.serviceInvoicing).toBe(true);
  });

  it('an operator is not an approver: approving a batch is refused', async () => {
    h = makeBot({ operators: ['webchat:olly'] });
    const card = (await say('run invoices', alice)).card('preview').message.card as { flowId: string };
    const answer = await h.bot.onAction(action(VERBS.approve, { flowId: card.flowId }, olly));
    expect(answer.toast).toMatch(/Olly Operator, you are not an approver, so you cannot approve this batch/);
    expect(answer.toast).toMatch(/SAGEBOT_APPROVERS/);
    expect(h.engine.runs).toHaveLength(0);
  });

  it('status tells each person their role', async () => {
    h = makeBot({ operators: ['webchat:olly'] });
    const role = async (who = alice) => (await say('status', who)).last().message.text.match(/^Your role: (\w+)/m)?.[1];
    expect(await role(boss)).toBe('approver');
    expect(await role(olly)).toBe('operator');
    expect(await role(alice)).toBe('none');
  });

  it('with nobody configured, operator tasks are refused with how to configure them', async () => {
    h = makeBot({ approvers: [] });
    expect((await say('sync payments', boss)).last().message.text).toMatch(/SAGEBOT_APPROVERS or SAGEBOT_OPERATORS/);
    expect(h.paymentSync.calls).toHaveLength(0);
  });
});

describe('the schedule', () => {
  it('syncs as the system (allowed with nobody configured) and is audited as the system', async () => {
    h = makeBot({ approvers: [] });
    expect((await h.bot.runScheduledSync())?.updated).toHaveLength(1);
    const [entry] = await h.audit.list({ action: 'sync-payments' });
    expect(entry.actor).toEqual({ id: 'sagebot-schedule', name: 'Scheduled payment sync', platform: 'system' });
  });
});

describe('rerun with force', () => {
  it('four-eyes holds for a forced rerun too', async () => {
    h = makeBot({ fourEyes: true });
    const replier = await say('rerun OLD-1', boss);
    const card = replier.card('rerun').message.card as { flowId: string };
    const own = await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId, force: true }, boss));
    expect(own.toast).toMatch(/Four-eyes/);
    expect((await h.audit.list({ action: 'refuse' }))[0].details).toMatchObject({ reason: 'four-eyes' });
  });
});
