/**
 * One dedupe, one lock, one click deadline, all in the bot (bot/dedupe.ts, bot/locks.ts, bot/deadline.ts): a
 * repeated delivery does its work once, a double click posts once, and a click whose work is slow is answered
 * at once with the card as it stands, the card catching up when the work is done. The same behaviour over the
 * real adapters: test/teams/once.test.ts and test/slack/e2e.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRecent } from '../../bot/dedupe.ts';
import { VERBS } from '../../cards/actions.ts';
import { action, actor, deferred, makeBot, message, RecordingReplier } from './fakes.ts';
import { askPreview, type Harness } from './helpers.ts';

const alice = actor('alice', 'Alice Jones');
const boss = actor('boss', 'Bea Boss');
let h: Harness;

afterEach(async () => {
  await h?.bot.close();
});

describe('the dedupe memory', () => {
  it('takes a key the first time only, forgets it after its TTL, and stays bounded', () => {
    let now = 0;
    const seen = createRecent<true>({ ttlMs: 1000, max: 3, now: () => now });
    expect(seen.firstTime('a', true)).toBe(true);
    expect(seen.firstTime('a', true)).toBe(false);
    now = 1500;
    expect(seen.firstTime('a', true)).toBe(true);
    for (const k of ['b', 'c', 'd', 'e']) seen.firstTime(k, true);
    expect(seen.size).toBeLessThanOrEqual(3);
  });
});

describe('exactly once', () => {
  it('a message delivered twice (same eventId) previews once', async () => {
    h = makeBot();
    const replier = new RecordingReplier();
    const once = message('run invoices', alice);
    await Promise.all([h.bot.onMessage(once, replier), h.bot.onMessage({ ...once }, replier)]);
    expect(h.engine.previews).toHaveLength(1);
    expect(replier.replies.filter((r) => r.message.card?.kind === 'preview')).toHaveLength(1);
  });

  it('an Approve delivered twice and clicked once more posts once; the redelivery gets the first answer, marked', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const click = action(VERBS.approve, { flowId }, boss);
    const [first, again, other] = await Promise.all([
      h.bot.onAction(click),
      h.bot.onAction({ ...click }),
      h.bot.onAction(action(VERBS.approve, { flowId }, boss)),
    ]);
    expect(first.message?.card?.kind).toBe('progress');
    expect(first.repeated).toBeUndefined();
    expect(again.repeated).toBe(true);
    expect(other.repeated).toBeUndefined();
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
  });
});

describe('the click deadline', () => {
  it('answers a click whose work outlives the deadline with the card as it stands, then brings the card up to date', async () => {
    h = makeBot({ actionDeadlineMs: 20 });
    h.engine.problems.invoices = [
      { record: 'GL account 1100', code: 'MAP_CONTROL', message: 'Control account.', fix: 'Map another account.' },
    ];
    const { flowId, ref } = await askPreview(h, 'run invoices', alice);
    h.engine.problems.invoices = [];
    const slow = deferred();
    h.engine.previewGate = slow.promise; // the re-check cannot finish before the test lets it
    try {
      const answer = await h.bot.onAction(action(VERBS.recheck, { flowId }, alice));
      expect(answer.message?.card).toMatchObject({ kind: 'preview', note: expect.stringMatching(/Re-checking/) });
    } finally {
      slow.resolve();
    }
    await h.bot.idle();
    expect(h.messenger.lastUpdate(ref.messageId)?.card).toMatchObject({ kind: 'preview', state: 'ready' });
  });
});
