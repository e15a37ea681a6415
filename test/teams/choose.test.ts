/**
 * Choosing what goes in a batch, over real HTTP (the Teams adapter, the fake Bot Connector, the Manage
 * sandbox and the embedded Sage company): leaving broken expense claims out by the numbers the card shows, in
 * the words finance staff use and with the card's own ticks; one live preview per kind per conversation;
 * "cancel" naming what it cancelled; "run everything" giving three previews with their own batch numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUTS, VERBS } from '../../cards/actions.ts';
import { type Harness, hasText, startHarness } from './harness.ts';
import { ALICE, actionsOf, BOB, cardText, inputOf, type Where } from './helpers.ts';

let h: Harness;
let n = 0;
const chat = (): Where => ({ serviceUrl: h.fake.url, conversationId: `a:choose-${++n}`, conversationType: 'personal' });
const can = (verb: string) => (c: any) => actionsOf(c).some((a) => a.verb === verb);
const BROKEN = ['EXP2007', 'EXP2013'];

beforeAll(async () => {
  h = await startHarness({ env: { SAGEBOT_APPROVERS: ALICE.aadObjectId } });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('leaving transactions out', () => {
  it.each([
    'run expenses excluding EXP2007 and EXP2013',
    'run expenses except EXP2007, EXP2013',
    'run expenses without EXP2007 EXP2013',
    'skip EXP2007 and EXP2013 and run expenses',
    'run expenses but not EXP2007 or EXP2013',
  ])('"%s": the rest can be approved, and the card says what was left out', async (text) => {
    const where = chat();
    const preview = await h.ask(where, ALICE, text, can(VERBS.approve));
    const words = cardText(preview.card);
    expect(words).toContain('Left out of this batch');
    for (const number of BROKEN) expect(words).toContain(`Expense ${number}`);
    expect(inputOf(preview.card, INPUTS.selected)?.value).not.toMatch(/EXP2007|EXP2013/);
  });

  it('"only EXP2001 EXP2004" keeps just those two', async () => {
    const preview = await h.ask(chat(), ALICE, 'preview expenses only EXP2001 EXP2004', can(VERBS.approve));
    expect(inputOf(preview.card, INPUTS.selected)?.value).toBe('EXP2001,EXP2004');
  });

  it('an unknown number is answered with the numbers there are', async () => {
    const answer = await h.ask(chat(), ALICE, 'run expenses except EXP9999', hasText(/EXP9999/));
    expect(cardText(answer.card)).toMatch(/Numbers in this preview: EXP2001/);
  });

  it('on the card: untick the broken claims, Re-check, approve, and the rest is posted', async () => {
    const where = chat();
    const preview = await h.ask(where, BOB, 'run expenses', can(VERBS.recheck));
    expect(cardText(preview.card)).toMatch(/Fix these before posting/);
    const ticks = inputOf(preview.card, INPUTS.selected);
    const all: string[] = ticks.choices.map((c: any) => c.value);
    expect(all).toEqual(expect.arrayContaining(BROKEN));
    const none = await h.press(where, BOB, preview.id, VERBS.selectNone);
    expect(inputOf(none.value, INPUTS.selected)?.value ?? '').toBe('');
    const everything = await h.press(where, BOB, preview.id, VERBS.selectAll);
    expect(inputOf(everything.value, INPUTS.selected)?.value).toBe(all.join(','));
    const keep = all.filter((v) => !BROKEN.includes(v)).join(',');
    const rechecked = await h.press(where, BOB, preview.id, VERBS.recheck, { [INPUTS.selected]: keep });
    const ready = can(VERBS.approve)(rechecked.value)
      ? rechecked.value
      : await h.cardBecomes(preview.id, can(VERBS.approve));
    expect(cardText(ready)).toContain('Left out of this batch');
    const batch = inputOf(ready, INPUTS.batchId).value as string;
    // Everyone in the conversation sees the re-checked card: the message itself was updated.
    const shared = await h.cardBecomes(preview.id, can(VERBS.approve));
    expect(cardText(shared)).toContain('Left out of this batch');
    await h.press(where, ALICE, preview.id, VERBS.approve, { batchId: batch });
    const results = await h.cardBecomes(preview.id, hasText(new RegExp(`Batch ${batch}: completed`)));
    expect(cardText(results)).not.toMatch(/EXP2007|EXP2013/);
    await h.bot.idle();
    const unposted = h.app.sandbox!.state.unpostedExpenses().map((e) => `EXP${e.id}`);
    expect(unposted).toEqual(expect.arrayContaining(BROKEN));
  });
});

describe('one live preview per kind', () => {
  it('a new run replaces the open one: its card says so and its buttons never post; cancel names the preview', async () => {
    const where = chat();
    const first = await h.ask(where, ALICE, 'run inventory', can(VERBS.approve));
    const second = await h.ask(where, ALICE, 'run inventory', (c) => can(VERBS.approve)(c) && c !== first.card);
    expect(second.id).not.toBe(first.id);
    const old = await h.cardBecomes(first.id, hasText(/Replaced by a newer preview/));
    expect(actionsOf(old).some((a) => a.verb === VERBS.approve)).toBe(false);
    const before = h.sage().purchaseOrders.length;
    // A client still showing the old card sends its flow id.
    const flowId = actionsOf(first.card).find((a) => a.verb === VERBS.approve).data.flowId;
    const late = await h.press(where, ALICE, first.id, VERBS.approve, { flowId, batchId: 'REPLACED-1' });
    expect(JSON.stringify(late)).toMatch(/replaced by a newer one/);
    await h.bot.idle();
    expect(h.sage().purchaseOrders.length).toBe(before);
    const cancelled = await h.ask(where, ALICE, 'cancel', hasText(/was cancelled/));
    expect(cardText(cancelled.card)).toMatch(/The preview of inventory through \d{4}-\d\d-\d\d \(batch \S+-P/);
    const status = await h.ask(where, ALICE, 'status', hasText(/Open here/));
    expect(cardText(status.card)).toMatch(/Open here \n?nothing|nothing/);
  });

  it('"run everything through today" gives three previews, each with its own batch number', async () => {
    const where = chat();
    const since = Date.now();
    await h.ask(where, ALICE, 'run everything through today', hasText(/Unposted inventory/));
    const cards = h.cardsIn(where.conversationId).filter((c) => /^Unposted /.test(c.card.body?.[0]?.text ?? ''));
    expect(cards.map((c) => c.card.body[0].text.split(' ')[1])).toEqual(['invoices', 'expenses', 'inventory']);
    const batches = cards.map((c) => inputOf(c.card, INPUTS.batchId)?.value).filter(Boolean);
    expect(new Set(batches).size).toBe(batches.length);
    expect(since).toBeGreaterThan(0);
  });
});
