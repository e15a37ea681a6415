/**
 * The bot's one dedupe, one lock and one click deadline (bot/dedupe.ts, bot/locks.ts, bot/deadline.ts) over the
 * real Teams adapter, the loopback Bot Connector and the Manage sandbox: a retried message previews once, a
 * double click posts once with every click answered, and a click whose work outlives the deadline is answered
 * with the card as it stands, the card catching up afterwards. The Teams adapter keeps no dedupe or click
 * deadline of its own, so what is shown here is the bot's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { type Harness, hasText, startHarness } from './harness.ts';
import { ALICE, actionsOf, cardText, invoke, message, type Where } from './helpers.ts';

let h: Harness;
let n = 0;
const chat = (): Where => ({ serviceUrl: h.fake.url, conversationId: `a:once-${++n}` });
const canApprove = (c: any) => actionsOf(c).some((a) => a.verb === VERBS.approve);
const canRecheck = (c: any) => actionsOf(c).some((a) => a.verb === VERBS.recheck);
const previews = (where: Where) => h.cardsIn(where.conversationId).filter((c) => canApprove(c.card));

beforeAll(async () => {
  // 200 ms: far above a click's quick checks here, far below the Manage latency the deadline test adds.
  h = await startHarness({ env: { SAGEBOT_APPROVERS: ALICE.aadObjectId }, actionDeadlineMs: 200 });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('exactly once over Teams', () => {
  it('a message the Bot Connector delivers twice (same activity id) previews once', async () => {
    const where = chat();
    const activity = message(where, ALICE, 'run invoices through 2025-04-05');
    const answers = await Promise.all([h.post(h.url, activity), h.post(h.url, { ...activity })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await h.fake.waitFor(() => previews(where)[0], 30_000, 'the preview card');
    await h.bot.idle();
    expect(previews(where)).toHaveLength(1);
  });

  it('a double click (one invoke delivered twice, and a second click) posts once, and every click is answered', async () => {
    const where = chat();
    const before = (h.sage().invoices as unknown[]).length;
    const preview = await h.ask(where, ALICE, 'run invoices through 2025-04-05', canApprove);
    const approve = actionsOf(preview.card).find((a) => a.verb === VERBS.approve);
    const data = { ...approve.data, batchId: 'T-ONCE-1' };
    const click = invoke(where, ALICE, preview.id, VERBS.approve, data);
    const answers = await Promise.all([
      h.post(h.url, click),
      h.post(h.url, { ...click }),
      h.post(h.url, invoke(where, ALICE, preview.id, VERBS.approve, data)),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const a of answers) expect(a.body).toMatchObject({ statusCode: 200 });
    await h.cardBecomes(preview.id, hasText(/Batch T-ONCE-1: completed/));
    await h.bot.idle();
    const batches = [...h.app.sandbox!.state.batches.values()].filter((b) => b.batchIdentifier === 'T-ONCE-1');
    expect(batches).toHaveLength(1);
    const numbers = (h.sage().invoices as Array<{ number: number }>).map((i) => i.number);
    expect(numbers.length).toBeGreaterThan(before);
    expect(new Set(numbers).size).toBe(numbers.length); // no document twice
  });

  it('a click whose work outlives the deadline is answered with the card as it stands; the card catches up', async () => {
    const where = chat();
    const preview = await h.ask(where, ALICE, 'run expenses', canRecheck); // the invoices were posted above
    h.app.sandbox!.setFaults({ latencyMs: 600 }); // the re-check reads Manage: it cannot finish within 200 ms
    try {
      const answer = await h.press(where, ALICE, preview.id, VERBS.recheck);
      expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(cardText(answer.value)).toMatch(/Re-checking/);
    } finally {
      h.app.sandbox!.setFaults({ reset: true });
    }
    await h.cardBecomes(preview.id, (c) => canRecheck(c) && !/Re-checking/.test(cardText(c)));
    await h.bot.idle();
  });
});
