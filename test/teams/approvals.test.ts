/**
 * Who may approve, exactly-once, and hostile input, end to end through the real Teams adapter (harness.ts):
 * mapping problems replace Approve; an unauthorised approver and four-eyes are refused (and audited) with
 * nothing posted; a double click, a retried invoke and two approvers at once post once; garbage, malformed
 * invokes, unknown verbs and forged card payloads are answered calmly, never with a 500 or a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { type Harness, hasText, startHarness } from './harness.ts';
import { ALICE, actionsOf, BOB, CAROL, cardText, invoke, MALLORY, message, type Where } from './helpers.ts';

let h: Harness;
let chat: Where;
const invoices = () => (h.sage().invoices as unknown[]).length;
const isPreview = (c: any) => Boolean(actionsOf(c).find((a) => a.verb === VERBS.approve));

beforeAll(async () => {
  h = await startHarness({
    env: {
      SAGEBOT_APPROVERS: `${ALICE.aadObjectId},${BOB.aadObjectId},${CAROL.aadObjectId}`,
      SAGEBOT_FOUR_EYES: 'true',
    },
  });
  chat = { serviceUrl: h.fake.url, conversationId: '19:approvals@thread.tacv2', conversationType: 'channel' };
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('mapping problems', () => {
  it('replace Approve with the fixes and a Re-check button', async () => {
    const card = await h.ask(chat, BOB, 'run invoices through friday', (c) =>
      /Fix these before posting/.test(cardText(c)),
    );
    const verbs = actionsOf(card.card).map((a) => a.verb);
    expect(verbs).toContain(VERBS.recheck);
    expect(verbs).not.toContain(VERBS.approve);
    expect(cardText(card.card)).toMatch(/Fix: /);
    const again = await h.press(chat, BOB, card.id, VERBS.recheck);
    expect(again.statusCode).toBe(200);
    // Approving a blocked preview anyway (a forged click) posts nothing.
    const before = invoices();
    const forged = await h.press(chat, ALICE, card.id, VERBS.approve, { batchId: 'T-BLOCKED' });
    expect(forged.statusCode).toBe(200);
    await h.bot.idle();
    expect(invoices()).toBe(before);
  });
});

// Hostile input first: the approval tests below post the early April invoices it previews.
describe('garbage and hostile input', () => {
  it('answers huge and nonsense text calmly with help', async () => {
    for (const text of ['x'.repeat(100_000), '💥 <script>alert(1)</script> DROP TABLE', '   ']) {
      const before = h.fake.calls.length;
      const r = await h.post(h.url, message(chat, MALLORY, text));
      expect(r.status).toBe(200);
      if (text.trim()) {
        const reply = await h.fake.waitFor(
          () => h.fake.calls.slice(before).find((c) => c.method === 'POST'),
          10_000,
          'a reply',
        );
        expect(JSON.stringify(reply.body)).not.toMatch(/\bat .*\.ts:\d+|<script>/);
      }
    }
  });

  it('answers malformed invoke values, unknown verbs and forged payloads calmly, posting nothing', async () => {
    const preview = await h.ask(chat, BOB, 'run invoices through 2025-04-04', isPreview);
    const flowId = actionsOf(preview.card).find((a) => a.verb === VERBS.approve)?.data.flowId;
    const before = invoices();
    const bad: Array<[unknown, Record<string, unknown>]> = [
      ['sagebot.nope', { flowId }],
      [VERBS.approve, { flowId: { $ne: null }, batchId: 'T-X' }],
      [VERBS.approve, { flowId: 'not-a-flow', batchId: 'T-X' }],
      [
        VERBS.approve,
        { flowId, batchId: 'bad batch id with spaces', approver: true, approvers: ['*'], requester: ALICE },
      ],
      [VERBS.approve, { flowId, batchId: 12345 }],
      [VERBS.approve, { flowId, batchId: 'x'.repeat(5_000) }],
      [VERBS.setSetting, { settingKey: '__proto__', settingValue: true }],
      [VERBS.showMore, { flowId, page: -1e9 }],
    ];
    for (const [verb, data] of bad) {
      const r = await h.post(h.url, invoke(chat, MALLORY, preview.id, verb, data));
      expect([200, 400]).toContain(r.status);
      expect(r.body?.type).toMatch(/^application\/vnd\.microsoft\./);
      expect(r.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
    for (const value of [
      null,
      'x',
      [],
      { action: null },
      { action: { type: 'Action.Execute', verb: VERBS.approve, data: 'flowId' } },
    ]) {
      const r = await h.post(h.url, invoke(chat, ALICE, preview.id, VERBS.approve, {}, { value }));
      expect([200, 400]).toContain(r.status);
      expect(r.body?.type).toMatch(/^application\/vnd\.microsoft\./);
    }
    // A forged batch id from an approver is validated, not trusted: shown back on the card, nothing posted.
    const forged = await h.press(chat, ALICE, preview.id, VERBS.approve, { batchId: 'bad batch id with spaces' });
    expect(forged.statusCode).toBe(200);
    await h.bot.idle();
    expect(invoices()).toBe(before);
  });
});

describe('approvals', () => {
  it('refuses someone who is not an approver, says why, records it, posts nothing', async () => {
    const preview = await h.ask(chat, BOB, 'run invoices through 2025-04-03', isPreview);
    const before = invoices();
    const r = await h.press(chat, MALLORY, preview.id, VERBS.approve, { batchId: 'T-MAL-1' });
    expect(r.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(r.value)).toMatch(/not an approver/);
    await h.bot.idle();
    expect(invoices()).toBe(before);
    const refusals = await h.app.audit.list({ action: 'refuse' });
    expect(refusals.at(-1)).toMatchObject({ actor: { id: MALLORY.aadObjectId } });
  });

  it('four-eyes: the requester cannot approve their own batch; another approver can', async () => {
    const preview = await h.ask(chat, BOB, 'run invoices through 2025-04-02', isPreview);
    const before = invoices();
    const own = await h.press(chat, BOB, preview.id, VERBS.approve, { batchId: 'T-4E-1' });
    expect(String(own.value)).toMatch(/Four-eyes/);
    await h.bot.idle();
    expect(invoices()).toBe(before);
    const other = await h.press(chat, ALICE, preview.id, VERBS.approve, { batchId: 'T-4E-1' });
    expect(other.type).toBe('application/vnd.microsoft.card.adaptive');
    await h.cardBecomes(preview.id, hasText(/Batch T-4E-1: completed/));
    await h.bot.idle();
    expect(invoices()).toBeGreaterThan(before);
  });

  it('a double click, a retried invoke and a second approver at the same moment post once', async () => {
    const preview = await h.ask(chat, BOB, 'run invoices through 2025-04-05', isPreview);
    const before = invoices();
    const retried = `act-retry-${Date.now()}`;
    const answers = await Promise.all([
      h.press(chat, ALICE, preview.id, VERBS.approve, { batchId: 'T-ONCE-1' }, retried),
      h.press(chat, ALICE, preview.id, VERBS.approve, { batchId: 'T-ONCE-1' }, retried),
      h.press(chat, ALICE, preview.id, VERBS.approve, { batchId: 'T-ONCE-1' }),
      h.press(chat, CAROL, preview.id, VERBS.approve, { batchId: 'T-ONCE-1' }),
    ]);
    for (const a of answers) expect(a.statusCode).toBe(200);
    await h.cardBecomes(preview.id, hasText(/Batch T-ONCE-1: completed/));
    await h.bot.idle();
    const posted = invoices() - before;
    expect(posted).toBeGreaterThan(0);
    // The retry of the same invoke after posting, and a late click: still one posting.
    await h.press(chat, ALICE, preview.id, VERBS.approve, { batchId: 'T-ONCE-1' }, retried);
    await h.press(chat, ALICE, preview.id, VERBS.approve, { batchId: 'T-ONCE-2' });
    await h.bot.idle();
    expect(invoices()).toBe(before + posted);
    expect((await h.app.audit.list({ action: 'approve' })).filter((e) => e.details.batch === 'T-ONCE-1')).toHaveLength(
      1,
    );
  });
});
