/**
 * What a Teams channel sees of a batch, over real HTTP with the fake Bot Connector: after Approve the message
 * itself is updated for every state (not only the clicker's invoke answer), the first state names its phase
 * (never "0 of 0 (0%)"), an invoke repeated after completion gets the results, alerts start new posts in the
 * channel (not replies in the thread where "alerts here" was typed), and a chat that shows the result card
 * gets no alert of the same result (a batch, and a payment sync).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUTS, VERBS } from '../../cards/actions.ts';
import { type Harness, hasText, startHarness } from './harness.ts';
import { ALICE, actionsOf, BOB, cardOf, cardText, inputOf, type Where } from './helpers.ts';

let h: Harness;
let finance: Where;
const ALERTS_ROOT = '19:alerts@thread.tacv2';

beforeAll(async () => {
  h = await startHarness({ env: { SAGEBOT_APPROVERS: ALICE.aadObjectId } });
  finance = {
    serviceUrl: h.fake.url,
    conversationId: '19:fin@thread.tacv2;messageid=1700000000001',
    conversationType: 'channel',
  };
  const thread: Where = {
    serviceUrl: h.fake.url,
    conversationId: `${ALERTS_ROOT};messageid=1700000000777`,
    conversationType: 'channel',
  };
  await h.ask(thread, ALICE, 'alerts here', () => true);
  // The finance channel is an alert channel too: it already shows its own results, so it gets no alert of them.
  await h.ask(
    { ...finance, conversationId: '19:fin@thread.tacv2;messageid=1700000000002' },
    ALICE,
    'alerts here',
    () => true,
  );
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('a batch approved in a channel', () => {
  it('updates the message for every state, answers a repeated invoke with the results, alerts once per chat', async () => {
    const preview = await h.ask(finance, BOB, 'run invoices through 2025-04-05', (c) =>
      actionsOf(c).some((a) => a.verb === VERBS.approve),
    );
    const batch = inputOf(preview.card, INPUTS.batchId).value as string;
    const flowId = actionsOf(preview.card).find((a) => a.verb === VERBS.approve).data.flowId;
    const activityId = 'invoke-approve-1';
    const answer = await h.press(finance, ALICE, preview.id, VERBS.approve, { batchId: batch }, activityId);
    expect(cardText(answer.value)).not.toMatch(/0 of 0/);
    await h.cardBecomes(preview.id, hasText(new RegExp(`Batch ${batch}: completed`)));
    await h.bot.idle();
    const puts = h.fake.calls.filter((c) => c.method === 'PUT' && c.activityId === preview.id);
    const texts = puts.map((c) => cardText(c.body.attachments?.[0]?.content));
    expect(texts[0]).toMatch(/Checking nothing changed since the preview/);
    // Every state between is a progress state (its phase, or "n of N (x%)"); whether a counted one is sent
    // depends on how fast the batch posts against the progress throttle, so it is not required.
    const progress = /\d+ of \d+ \(\d+%\)|Validating mappings|Posting to Sage|Creating the Manage batch|Finishing/;
    for (const t of texts.slice(1, -1)) expect(t).toMatch(progress);
    expect(texts.at(-1)).toMatch(/completed/);
    for (const t of texts) expect(t).not.toMatch(/0 of 0 \(0%\)/);

    // The very same invoke again (same activity id and data, as a client retry sends it).
    const again = await h.press(finance, ALICE, preview.id, VERBS.approve, { flowId, batchId: batch }, activityId);
    expect(cardText(again.value)).toMatch(new RegExp(`Batch ${batch}: completed`));

    const alerts = [...h.fake.messages.values()].filter((m) =>
      cardText(cardOf(m.activity)).includes(`Batch ${batch} completed`),
    );
    expect(alerts.map((m) => m.conversationId)).toEqual([ALERTS_ROOT]);
  });
});

describe('a payment sync asked for in an alert channel', () => {
  it('shows its result there once (no alert of it); the other alert channel gets the alert as a new post', async () => {
    const invoice = (h.sage().invoices as Array<Record<string, any>>).find((i) => !/credit/i.test(String(i.kind)))!;
    const today = new Date().toISOString().slice(0, 10);
    await h.app.withLedger((l) =>
      l.recordReceipt({ account: String(invoice.account), invoice: String(invoice.number), amount: 500, date: today }),
    );
    const card = await h.ask(finance, ALICE, 'sync payments', hasText(/Payment sync since/));
    await h.cardBecomes(card.id, hasText(/Updated in Manage/));
    await h.bot.idle();
    const all = [...h.fake.messages.values()];
    const results = all.filter((m) => cardText(cardOf(m.activity)).includes('Updated in Manage'));
    expect(results.map((m) => m.conversationId)).toEqual([finance.conversationId]);
    const alerts = all.filter((m) => cardText(cardOf(m.activity)).includes('Payment sync finished'));
    expect(alerts.map((m) => m.conversationId)).toEqual([ALERTS_ROOT]);
  });
});
