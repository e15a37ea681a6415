/**
 * End to end: the real composition root (adapters/app/app.ts: in-process Manage sandbox, embedded Sage company in
 * a temp folder, export engine, payment sync, audit), the real bot and cards, the real bolt App over signed
 * HTTP, and the loopback fake Slack Web API. For each kind: mention -> preview -> Approve with a typed batch
 * number -> progress -> results, then the postings are read back from the Sage company.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppBot } from '../../adapters/app/bot.ts';
import { type SlackHandle, startSlack } from '../../adapters/slack/index.ts';
import type { SagebotBot } from '../../bot/index.ts';
import { VERBS } from '../../cards/actions.ts';
import { checkBlockKit } from '../../cards/index.ts';
import { silentLogger } from '../../core/logger.ts';
import { createWorld, demoSeed, type World } from '../export/world.ts';
import { removeInvoice } from '../sage/remove-invoice.ts';
import { allText, batchState, button } from './cards.ts';
import { type FakeMessage, type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { SIGNING_SECRET, TEST_CLIENT_OPTIONS } from './helpers.ts';
import { SlackSender } from './signed.ts';

const CHANNEL = 'C0FINANCE';
const ALERTS = 'C0ALERTS';
const ALICE = 'UALICE0001';
const APPROVER = 'UAPPROVER1';
const MALLORY = 'UMALLORY01';

let fake: FakeSlack;
let world: World;
let bot: SagebotBot;
let slack: SlackHandle;
let send: SlackSender;
/** Every chat.postMessage / chat.update the fake saw, across the whole file. */
const sent: Array<{ method: string; text: string; blocks: Array<Record<string, unknown>> }> = [];
let checked = 0;

beforeAll(async () => {
  fake = await startFakeSlack({
    users: { [ALICE]: 'Alice Finance', [APPROVER]: 'Ann Approver', [MALLORY]: 'Mallory' },
  });
  const env = {
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SAGEBOT_APPROVERS: APPROVER,
    SAGEBOT_OPERATORS: `slack:${ALICE}`,
  };
  world = await createWorld({
    seed: demoSeed({
      nominals: [{ code: '4110', name: 'Sales - Software licences' }],
      products: [
        { code: 'M365-BP', description: 'Microsoft 365 Business Premium', itemType: 'non-stock' },
        { code: 'DELIVERY', description: 'Delivery', itemType: 'service' },
      ],
    }),
    env,
  });
  const app = world.app;
  slack = await startSlack({
    config: world.config,
    bot: (messenger) => (bot = createAppBot(app, { messenger, progressIntervalMs: 100 })),
    logger: silentLogger(),
    port: 0,
    clientOptions: TEST_CLIENT_OPTIONS,
    minUpdateIntervalMs: 200,
  });
  send = new SlackSender(`http://127.0.0.1:${slack.port}/slack/events`, SIGNING_SECRET, fake.responseUrl);
  await send.mention(ALICE, ALERTS, '<@UBOT0001> alerts here');
  await settle();
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await slack?.stop();
  await world?.close();
  await fake?.close();
});

async function settle(): Promise<void> {
  await slack.settled();
  await bot.idle();
  await slack.settled();
  for (const c of fake.calls.slice(checked)) {
    if (c.method === 'chat.postMessage' || c.method === 'chat.update')
      sent.push({ method: c.method, text: String(c.args.text ?? ''), blocks: (c.args.blocks as never) ?? [] });
    if (c.error) sent.push({ method: `${c.method} refused: ${c.error}`, text: '', blocks: [] });
  }
  checked = fake.calls.length;
}

async function previewCard(text: string): Promise<FakeMessage> {
  const before = new Set(fake.messagesIn(CHANNEL).map((m) => m.ts));
  await send.mention(ALICE, CHANNEL, `<@UBOT0001> ${text}`);
  await settle();
  const card = fake.messagesIn(CHANNEL).find((m) => !before.has(m.ts) && button(m, VERBS.approve));
  if (!card)
    throw new Error(
      `no preview card with Approve; got: ${fake
        .messagesIn(CHANNEL)
        .filter((m) => !before.has(m.ts))
        .map((m) => allText(m))
        .join(' | ')}; errors: ${fake.calls
        .filter((c) => c.error)
        .map((c) => `${c.method}:${c.error}`)
        .join(', ')}`,
    );
  return card;
}

function approve(user: string, card: FakeMessage, batch?: string) {
  return send.click(
    user,
    CHANNEL,
    card.ts,
    { action_id: VERBS.approve, value: button(card, VERBS.approve)?.value },
    batchState(card, batch),
  );
}

const sage = () => world.sageExport();
/** "… — 13 transactions — …" on the preview card's fallback text. */
const previewCount = (card: FakeMessage) => Number(/(\d+) transactions?/.exec(card.versions[0].text)?.[1] ?? NaN);
const manageBatches = () => [...(world.app.sandbox?.state.batches.values() ?? [])].map((b) => b.batchIdentifier);
const docsIn = (ex: Record<string, any>) => ({
  invoices: ex.invoices.length as number,
  transactions: ex.transactions.length as number,
  purchaseOrders: ex.purchaseOrders.length as number,
  stock: ex.stockTransactions.length as number,
});

describe('Slack end to end with the real engine and Sage company', () => {
  it('invoices: a refused approver changes nothing; the approver posts once despite a double click and a late click', async () => {
    const card = await previewCard('run invoices through 2025-04-05');
    expect(allText(card)).toContain('2025-04-05');
    const before = docsIn(sage());

    await approve(MALLORY, card, 'SLK-INV-1');
    await settle();
    expect(docsIn(sage())).toEqual(before);
    expect(fake.callsOf('chat.postEphemeral').at(-1)?.args.user).toBe(MALLORY);
    const refusals = await world.app.audit.list({ action: 'refuse' });
    expect(refusals.at(-1)).toMatchObject({ actor: { id: MALLORY, platform: 'slack' } });

    fake.rateLimit('chat.update', 1); // the first progress update is refused once, then waited out
    const [a, b] = await Promise.all([approve(APPROVER, card, 'SLK-INV-1'), approve(APPROVER, card, 'SLK-INV-1')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await settle();

    const final = fake.message(CHANNEL, card.ts);
    expect(allText(final)).toContain('SLK-INV-1');
    expect(allText(final).toLowerCase()).toContain('completed');
    expect(button(final, VERBS.approve)).toBeUndefined();
    expect(fake.callsOf('chat.update').some((c) => c.status === 429)).toBe(true);
    expect(final?.text).toContain(`Posted: ${previewCount(card)} records`);
    expect(final?.text).toContain('Failed: 0');
    const after = docsIn(sage());
    expect(after.invoices).toBeGreaterThanOrEqual(before.invoices + previewCount(card)); // split invoicing: one or more per invoice
    const posted = after.invoices - before.invoices;
    expect(manageBatches().filter((b) => b === 'SLK-INV-1')).toHaveLength(1);

    // the same click again, and the original mention retried by Slack: nothing more is posted
    await approve(APPROVER, card, 'SLK-INV-1');
    await settle();
    expect(docsIn(sage()).invoices).toBe(before.invoices + posted);
    expect(
      (await world.app.audit.list({ action: 'approve' })).filter((e) => e.details.batch === 'SLK-INV-1'),
    ).toHaveLength(1);
    expect(allText(fake.messagesIn(ALERTS).at(-1))).toContain('SLK-INV-1');
  });

  it('expenses: preview, approve, posted to Sage', async () => {
    const card = await previewCard('post expenses through 2025-04-08');
    const before = docsIn(sage());
    await approve(APPROVER, card, 'SLK-EXP-1');
    await settle();
    const final = fake.message(CHANNEL, card.ts);
    expect(allText(final)).toContain('SLK-EXP-1');
    expect(allText(final).toLowerCase()).toContain('completed');
    expect(final?.text).toContain('Posted: 2 records');
    const after = docsIn(sage());
    expect(after.transactions - before.transactions).toBe(2);
    expect(sage().transactions.map((t: { reference: string; type: string }) => `${t.type} ${t.reference}`)).toEqual(
      expect.arrayContaining(['PI EXP2001', 'PI EXP2004']),
    );
    expect(manageBatches()).toContain('SLK-EXP-1');
  });

  it('inventory: preview, approve with the suggested batch number, posted to Sage', async () => {
    const card = await previewCard('run inventory through 2025-04-30');
    const before = docsIn(sage());
    await approve(APPROVER, card);
    await settle();
    const final = fake.message(CHANNEL, card.ts);
    expect(allText(final).toLowerCase()).toContain('completed');
    expect(final?.text).toContain(`Posted: ${previewCount(card)} records`);
    const after = docsIn(sage());
    expect(after.purchaseOrders).toBeGreaterThan(before.purchaseOrders);
    expect(after.stock).toBeGreaterThan(before.stock);
    expect(after.invoices).toBe(before.invoices);
  });

  it('rerun of a batch wholly in Sage: no Approve rerun, and a replayed approval is refused', async () => {
    const before = docsIn(sage());
    await send.mention(ALICE, CHANNEL, '<@UBOT0001> rerun SLK-INV-1');
    await settle();
    const card = fake.messagesIn(CHANNEL).at(-1) as FakeMessage;
    expect(allText(card)).toContain('SLK-INV-1');
    expect(allText(card)).toContain('would post nothing');
    expect(button(card, VERBS.approveRerun)).toBeUndefined();
    const cancel = button(card, VERBS.cancel);
    expect(cancel).toBeDefined();
    // The same click a stale or hand-made Approve rerun would send, carrying the card's flow id.
    await send.click(APPROVER, CHANNEL, card.ts, { action_id: VERBS.approveRerun, value: cancel!.value });
    await settle();
    expect(fake.callsOf('chat.postEphemeral').at(-1)?.args).toMatchObject({
      user: APPROVER,
      text: expect.stringMatching(/would post nothing\. Nothing was started\./),
    });
    expect(docsIn(sage())).toEqual(before);
    expect((await world.app.audit.list({ action: 'refuse' })).at(-1)).toMatchObject({
      actor: { id: APPROVER },
      details: { reason: 'RERUN_NOTHING_TO_POST' },
    });
  });

  it('rerun after Sage lost an invoice: a rerun card, explicit approval, the invoice back and nothing twice', async () => {
    const plan = await world.app.engine.rerunPlan('SLK-INV-1');
    const label = plan.documents.flatMap((d) => d.sage).find((l) => l.startsWith('SI '))!;
    const before = docsIn(sage());
    removeInvoice(world.config.sage.companyDir, Number(label.slice(3)));
    await send.mention(ALICE, CHANNEL, '<@UBOT0001> rerun SLK-INV-1');
    await settle();
    const card = fake.messagesIn(CHANNEL).at(-1) as FakeMessage;
    const go = button(card, VERBS.approveRerun);
    expect(go).toBeDefined();
    expect(allText(card)).toContain('SLK-INV-1');
    await send.click(MALLORY, CHANNEL, card.ts, { action_id: go!.action_id, value: go!.value }, batchState(card));
    await send.click(APPROVER, CHANNEL, card.ts, { action_id: go!.action_id, value: go!.value }, batchState(card));
    await settle();
    expect(button(fake.message(CHANNEL, card.ts), VERBS.approveRerun)).toBeUndefined();
    expect(docsIn(sage()).invoices).toBe(before.invoices); // the lost one posted back, nothing else twice
    expect(sage().invoices.filter((i: { number: number }) => `SI ${i.number}` === label)).toHaveLength(1);
    expect((await world.app.audit.list({ action: 'refuse' })).at(-1)).toMatchObject({ actor: { id: MALLORY } });
  });

  it('mapping problems: no Approve, the fixes listed, Re-check answers in place, Cancel ends it', async () => {
    await send.mention(ALICE, CHANNEL, '<@UBOT0001> preview expenses');
    await settle();
    const card = fake.messagesIn(CHANNEL).at(-1) as FakeMessage;
    expect(button(card, VERBS.approve)).toBeUndefined();
    expect(button(card, VERBS.recheck)).toBeDefined();
    expect(allText(card)).toContain('Fix');
    const versions = card.versions.length;
    await send.click(ALICE, CHANNEL, card.ts, { action_id: VERBS.recheck, value: button(card, VERBS.recheck)?.value });
    await settle();
    expect(fake.message(CHANNEL, card.ts)?.versions.length).toBeGreaterThan(versions);
    expect(button(fake.message(CHANNEL, card.ts), VERBS.recheck)).toBeDefined();
    const cancel = button(fake.message(CHANNEL, card.ts), VERBS.cancel);
    await send.click(ALICE, CHANNEL, card.ts, { action_id: cancel?.action_id ?? VERBS.cancel, value: cancel?.value });
    await settle();
    const final = fake.message(CHANNEL, card.ts);
    expect(button(final, VERBS.recheck)).toBeUndefined();
    expect(allText(final).toLowerCase()).toContain('cancel');
  });

  it('a retried mention (same event_id) previews once', async () => {
    const ts = send.nextTs();
    const count = fake.messagesIn(CHANNEL).length;
    await send.mention(ALICE, CHANNEL, '<@UBOT0001> batches', { eventId: 'EvE2ERETRY', ts });
    await send.mention(ALICE, CHANNEL, '<@UBOT0001> batches', {
      eventId: 'EvE2ERETRY',
      ts,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    await settle();
    const added = fake.messagesIn(CHANNEL).slice(count);
    expect(added).toHaveLength(1);
    expect(allText(added[0])).toContain('SLK-INV-1');
  });

  it('help and "did not understand" are shown only to the one who asked (ephemeral), not posted to the channel', async () => {
    const count = fake.messagesIn(CHANNEL).length;
    const before = fake.callsOf('chat.postEphemeral').length;
    await send.mention(ALICE, CHANNEL, '<@UBOT0001> help');
    await send.mention(ALICE, CHANNEL, '<@UBOT0001> frobnicate the ledgers');
    await settle();
    expect(fake.messagesIn(CHANNEL).slice(count)).toHaveLength(0);
    const privately = fake.callsOf('chat.postEphemeral').slice(before);
    expect(privately.map((c) => c.args.user)).toEqual([ALICE, ALICE]);
    expect(JSON.stringify(privately[1].args)).toContain('I did not understand');
  });

  it('every message sent stayed inside the Block Kit limits, with fallback text', () => {
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.filter((m) => m.method.includes('refused'))).toEqual([]);
    for (const m of sent)
      if (m.blocks.length) expect(checkBlockKit({ text: m.text, blocks: m.blocks as never })).toEqual([]);
    for (const m of sent) expect(m.text.trim().length).toBeGreaterThan(0);
  });

  it('operator tasks from someone without a role: refused in Slack, recorded under their Slack id, nothing changed', async () => {
    const alertsBefore = fake.messagesIn(ALERTS).length;
    const inChannel = fake.messagesIn(CHANNEL).length;
    await send.mention(MALLORY, CHANNEL, '<@UBOT0001> alerts off');
    await send.mention(MALLORY, CHANNEL, '<@UBOT0001> sync payments since 2025-04-01');
    await settle();
    const replies = fake.messagesIn(CHANNEL).slice(inChannel).map(allText);
    expect(replies.filter((t) => /Mallory, only an operator or an approver can/.test(t))).toHaveLength(2);
    const refusals = (await world.app.audit.list({ action: 'refuse' })).slice(-2);
    expect(refusals.map((r) => [r.actor.id, r.actor.platform, r.details.command, r.details.reason])).toEqual([
      [MALLORY, 'slack', 'alerts off', 'not-operator'],
      [MALLORY, 'slack', 'sync-payments', 'not-operator'],
    ]);
    expect(fake.messagesIn(ALERTS).length).toBe(alertsBefore);
    expect((await world.app.audit.list({ action: 'sync-payments' })).length).toBe(0);
  });

  it('payment sync from Slack: results card, and the alert in the registered channel', async () => {
    const alertsBefore = fake.messagesIn(ALERTS).length;
    await send.mention(APPROVER, CHANNEL, '<@UBOT0001> sync payments since 2025-04-01');
    await settle();
    const alerts = fake.messagesIn(ALERTS).slice(alertsBefore);
    expect(alerts).toHaveLength(1);
    expect(allText(alerts[0]).toLowerCase()).toContain('payment');
  });
});
