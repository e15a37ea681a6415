/**
 * The whole bot behind the real Teams adapter over HTTP (harness.ts): the happy path for each kind (preview ->
 * batch number -> Approve -> progress -> results, posted in the embedded Sage company, alert in the alert
 * channel), cancel, rerun, and payment sync with its alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { removeInvoice } from '../sage/remove-invoice.ts';
import { type Harness, hasText, startHarness } from './harness.ts';
import { ALICE, actionsOf, BOB, cardText, inputOf, type Where } from './helpers.ts';

let h: Harness;
let channel: Where;
let alerts: Where;
const docs = () => {
  const ex = h.sage();
  return {
    invoices: ex.invoices.length as number,
    transactions: ex.transactions.length as number,
    purchaseOrders: ex.purchaseOrders.length as number,
  };
};

beforeAll(async () => {
  h = await startHarness({ env: { SAGEBOT_APPROVERS: `${ALICE.aadObjectId},alice@contoso.example` } });
  channel = {
    serviceUrl: h.fake.url,
    conversationId: '19:finance@thread.tacv2;messageid=1700000000001',
    conversationType: 'channel',
  };
  alerts = { serviceUrl: h.fake.url, conversationId: '19:alerts@thread.tacv2', conversationType: 'channel' };
  await h.ask(alerts, ALICE, 'alerts here', () => true);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** Request a preview in the channel (as Bob, who may not approve) and approve it as Alice with a batch number. */
async function previewAndApprove(text: string, batch: string) {
  const preview = await h.ask(channel, BOB, text, (c) => Boolean(actionsOf(c).find((a) => a.verb === VERBS.approve)));
  expect(inputOf(preview.card, 'batchId')?.value).toBeTruthy();
  const answer = await h.press(channel, ALICE, preview.id, VERBS.approve, { batchId: batch });
  expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  const results = await h.cardBecomes(preview.id, hasText(new RegExp(`Batch ${batch}: completed`)));
  await h.bot.idle();
  return { preview, answer, results };
}

function alertFor(batch: string) {
  return h.cardsIn(alerts.conversationId).find((c) => cardText(c.card).includes(`Batch ${batch} completed`));
}

describe('happy paths, one per kind', () => {
  it('invoices: previewed with the resolved date, approved, progress shown, posted once, alerted', async () => {
    const before = docs();
    const { preview, answer, results } = await previewAndApprove('run invoices through 2025-04-05', 'T-INV-1');
    expect(cardText(preview.card)).toContain('2025-04-05');
    expect(cardText(answer.value)).toMatch(/T-INV-1/);
    const updates = h.fake.calls.filter((c) => c.method === 'PUT' && c.activityId === preview.id);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.some((c) => /\d+ of \d+ \(\d+%\)/.test(cardText(c.body.attachments?.[0]?.content)))).toBe(true);
    expect(cardText(results)).toMatch(/Manage batch/);
    expect(docs().invoices).toBeGreaterThan(before.invoices);
    expect(alertFor('T-INV-1')).toBeTruthy();
    // The results card links to the error list and the full log, served by the bot with short-lived tokens.
    const links = actionsOf(results)
      .filter((a) => a.type === 'Action.OpenUrl')
      .map((a) => a.url as string);
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) {
      expect(url.startsWith(`${h.url}/downloads/`)).toBe(true);
      expect((await fetch(url)).status).toBe(200);
    }
  });

  it('expenses: posted to Sage', async () => {
    const before = docs();
    await previewAndApprove('post expenses through 2025-04-08', 'T-EXP-1');
    const after = docs();
    expect(after.transactions + after.invoices).toBeGreaterThan(before.transactions + before.invoices);
    expect(alertFor('T-EXP-1')).toBeTruthy();
  });

  it('inventory: posted to Sage', async () => {
    const before = docs();
    await previewAndApprove('run inventory through 2025-04-30', 'T-INV-P1');
    const after = docs();
    expect(after.purchaseOrders + after.transactions).toBeGreaterThan(before.purchaseOrders + before.transactions);
  });
});

describe('cancel and rerun', () => {
  it('a rerun of a batch Manage does not have says so in chat words (say "batches"), not as a CLI command', async () => {
    const notice = await h.ask(channel, BOB, 'rerun NOPE-9', hasText(/NOPE-9/));
    const text = cardText(notice.card);
    expect(text).toMatch(/Manage has no batch "NOPE-9"/);
    expect(text).toMatch(/"batches" in chat/);
    expect(text).not.toMatch(/with "sagebot batches"/);
  });

  it('cancel before posting: the card says so, and a later Approve posts nothing', async () => {
    const preview = await h.ask(channel, BOB, 'preview invoices through 2025-04-09', (c) =>
      Boolean(actionsOf(c).find((a) => a.verb === VERBS.cancel)),
    );
    const answer = await h.press(channel, BOB, preview.id, VERBS.cancel);
    expect(cardText(answer.value ?? {}) + String(answer.value)).toMatch(/cancel/i);
    const before = docs();
    const late = await h.press(channel, ALICE, preview.id, VERBS.approve, { batchId: 'T-CANCELLED' });
    expect(late.statusCode).toBe(200);
    await h.bot.idle();
    expect(docs()).toEqual(before);
  });

  it('a rerun with nothing to post offers no Approve rerun, and a replayed approval is refused', async () => {
    const card = await h.ask(channel, ALICE, 'rerun T-INV-1', hasText(/would post nothing/));
    expect(cardText(card.card)).toMatch(/already in Sage/i);
    expect(actionsOf(card.card).map((a) => a.verb)).not.toContain(VERBS.approveRerun);
    expect(actionsOf(card.card).map((a) => a.verb)).toContain(VERBS.cancel);
    const flowId = actionsOf(card.card).find((a) => a.verb === VERBS.cancel)?.data?.flowId;
    const before = docs();
    const answer = await h.press(channel, ALICE, card.id, VERBS.approveRerun, { flowId });
    expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(answer.value)).toMatch(/would post nothing\. Nothing was started\./);
    await h.bot.idle();
    expect(docs()).toEqual(before);
  });

  it('rerun after Sage lost a document: the card lists it, Approve rerun posts it back and nothing twice', async () => {
    const plan = await h.app.engine.rerunPlan('T-INV-1');
    const label = plan.documents.flatMap((d) => d.sage).find((l) => l.startsWith('SI '))!;
    const before = docs();
    removeInvoice(h.config.sage.companyDir, Number(label.slice(3)));
    expect(docs().invoices).toBe(before.invoices - 1);
    const card = await h.ask(channel, ALICE, 'rerun T-INV-1', (c) =>
      Boolean(actionsOf(c).find((a) => a.verb === VERBS.approveRerun)),
    );
    expect(cardText(card.card)).toMatch(/already in Sage/i);
    expect(cardText(card.card)).toMatch(/To post/);
    const answer = await h.press(channel, ALICE, card.id, VERBS.approveRerun);
    expect(answer.statusCode).toBe(200);
    const results = await h.cardBecomes(card.id, hasText(/Batch T-INV-1: completed/));
    await h.bot.idle();
    expect(docs().invoices).toBe(before.invoices);
    expect((h.sage().invoices as Array<{ number: number }>).filter((i) => `SI ${i.number}` === label)).toHaveLength(1);
    expect(cardText(results)).toMatch(/Already in Sage \(not posted now\)/);
  });
});

describe('payment sync', () => {
  it('a receipt recorded in Sage is synced to Manage from chat ("update invoice payments", the desktop tool\'s name), with results and an alert', async () => {
    const invoice = (h.sage().invoices as Array<Record<string, any>>).find((i) => !/credit/i.test(String(i.kind)))!;
    const today = new Date().toISOString().slice(0, 10);
    await h.app.withLedger((l) =>
      l.recordReceipt({ account: String(invoice.account), invoice: String(invoice.number), amount: 1000, date: today }),
    );
    const card = await h.ask(channel, ALICE, 'update invoice payments', hasText(/Payment sync since/));
    await h.bot.idle();
    const final = await h.cardBecomes(card.id, hasText(/Updated in Manage/));
    expect(cardText(final)).toMatch(/Invoices updated/);
    const alert = h.cardsIn(alerts.conversationId).find((c) => cardText(c.card).includes('Payment sync finished'));
    expect(cardText(alert?.card)).toMatch(/1 invoice updated in Manage/);
  });
});
