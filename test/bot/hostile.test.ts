import { afterEach, describe, expect, it } from 'vitest';
import type { ActionEvent, MessageEvent } from '../../bot/events.ts';
import { VERBS } from '../../cards/actions.ts';
import { action, actor, conversation, makeBot, message, RecordingReplier } from './fakes.ts';
import { askPreview, type Harness } from './helpers.ts';

const alice = actor('alice', 'Alice');
const boss = actor('boss', 'Bea Boss');
let h: Harness;
afterEach(async () => h?.bot.close());

describe('forged and malformed actions are answered calmly', () => {
  it('unknown verbs, missing or malformed flow ids', async () => {
    h = makeBot();
    const answers = await Promise.all([
      h.bot.onAction(action('sagebot.deleteEverything', {}, boss)),
      h.bot.onAction(action(VERBS.approve, {}, boss)),
      h.bot.onAction(action(VERBS.approve, { flowId: '../../../etc/passwd' }, boss)),
      h.bot.onAction(action(VERBS.approve, { flowId: 'x'.repeat(5000) }, boss)),
      h.bot.onAction(action(VERBS.approve, { flowId: 12345 }, boss)),
      h.bot.onAction(action(VERBS.approve, { flowId: 'doesNotExist123' }, boss)),
      h.bot.onAction(action(VERBS.showMore, { flowId: { $ne: null } }, boss)),
      h.bot.onAction({ ...action(VERBS.approve, {}, boss), data: null as unknown as Record<string, unknown> }),
      h.bot.onAction({ ...action(VERBS.approve, {}, boss), data: ['x'] as unknown as Record<string, unknown> }),
      h.bot.onAction({ ...action(VERBS.approve, {}, boss), verb: 42 as unknown as string }),
    ]);
    for (const a of answers) {
      expect(a.toast).toEqual(expect.any(String));
      expect(a.message).toBeUndefined();
    }
    expect(answers[0].toast).toMatch(/not one sagebot knows/);
    expect(answers[1].toast).toMatch(/no longer active/);
    expect(h.engine.runs).toHaveLength(0);
  });

  it('a card from another conversation cannot be used here, and the attempt is recorded', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice, conversation('room-A'));
    const answer = await h.bot.onAction(action(VERBS.approve, { flowId }, boss, conversation('room-B')));
    expect(answer.toast).toMatch(/belongs to another conversation/);
    expect(h.engine.runs).toHaveLength(0);
    expect((await h.audit.list({ action: 'refuse' }))[0].details).toMatchObject({
      reason: 'card-from-another-conversation',
    });
  });

  it('a verb for the wrong kind of card does nothing', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    expect((await h.bot.onAction(action(VERBS.approveRerun, { flowId, force: true }, boss))).toast).toMatch(
      /no longer active/,
    );
    expect(h.engine.reruns).toHaveLength(0);
  });

  it('an action without an actor is refused politely', async () => {
    h = makeBot();
    const bad = { ...action(VERBS.approve, {}, boss), actor: undefined } as unknown as ActionEvent;
    expect((await h.bot.onAction(bad)).toast).toMatch(/could not tell who clicked/);
  });
});

describe('hostile messages', () => {
  it('100 KB of text gets help, quickly, with no stack trace', async () => {
    h = makeBot();
    const replier = new RecordingReplier();
    await h.bot.onMessage(message('A'.repeat(100_000), alice), replier);
    const reply = replier.last().message;
    expect(reply.card?.kind).toBe('help');
    expect(reply.text.length).toBeLessThan(1000);
    expect(JSON.stringify(reply)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a repeated delivery of the same message is handled once', async () => {
    h = makeBot();
    const replier = new RecordingReplier();
    const m = message('run invoices', alice);
    await h.bot.onMessage(m, replier);
    await h.bot.onMessage({ ...m }, replier);
    expect(h.engine.previews).toHaveLength(1);
    expect(replier.replies.filter((r) => r.message.card?.kind === 'preview')).toHaveLength(1);
  });

  it('a broken message event (no actor) is ignored without throwing; a failing engine is explained', async () => {
    h = makeBot();
    const replier = new RecordingReplier();
    await h.bot.onMessage({ type: 'message', eventId: 'x', text: 'run invoices' } as unknown as MessageEvent, replier);
    expect(replier.replies).toHaveLength(0);
    h.engine.preview = async () => {
      throw new TypeError('cannot read properties of undefined');
    };
    await h.bot.onMessage(message('run invoices', alice), replier);
    expect(replier.last().message.card).toMatchObject({
      kind: 'notice',
      tone: 'error',
      text: 'Something went wrong inside sagebot. The details are in the log.',
    });
  });

  it('a replier that throws does not escape as an unhandled rejection', async () => {
    h = makeBot();
    const broken = {
      reply: async () => {
        throw new Error('connector down');
      },
    };
    await expect(h.bot.onMessage(message('help', alice), broken)).resolves.toBeUndefined();
  });
});
