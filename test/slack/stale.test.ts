/**
 * A stale preview over Slack (the real bolt App over signed HTTP, the loopback fake Slack Web API, the real
 * engine and Sage company): a preview in the channel, then a command-line run of the same records, then Approve
 * on the old card — the card says "batch …, run from the command line, took these" with the amounts and their
 * currency, nothing is posted twice, and the fresh (here empty) preview replaces the old one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppBot } from '../../adapters/app/bot.ts';
import { type SlackHandle, startSlack } from '../../adapters/slack/index.ts';
import type { SagebotBot } from '../../bot/index.ts';
import { VERBS } from '../../cards/actions.ts';
import { silentLogger } from '../../core/logger.ts';
import { sagebotBeside } from '../cli/beside-bot.ts';
import { createWorld, demoSeed, type World } from '../export/world.ts';
import { allText, batchState, button } from './cards.ts';
import { type FakeMessage, type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { SIGNING_SECRET, TEST_CLIENT_OPTIONS } from './helpers.ts';
import { SlackSender } from './signed.ts';

const CHANNEL = 'C0FINANCE';
const ALICE = 'UALICE0001';
const APPROVER = 'UAPPROVER1';

let fake: FakeSlack;
let world: World;
let bot: SagebotBot;
let slack: SlackHandle;
let send: SlackSender;

beforeAll(async () => {
  fake = await startFakeSlack({ users: { [ALICE]: 'Alice Finance', [APPROVER]: 'Ann Approver' } });
  world = await createWorld({
    seed: demoSeed({
      nominals: [{ code: '4110', name: 'Sales - Software licences' }],
      products: [
        { code: 'M365-BP', description: 'Microsoft 365 Business Premium', itemType: 'non-stock' },
        { code: 'DELIVERY', description: 'Delivery', itemType: 'service' },
      ],
    }),
    env: {
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SAGEBOT_APPROVERS: APPROVER,
      SAGEBOT_OPERATORS: `slack:${ALICE}`,
    },
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
}

async function previewCard(text: string): Promise<FakeMessage> {
  const before = new Set(fake.messagesIn(CHANNEL).map((m) => m.ts));
  await send.mention(ALICE, CHANNEL, `<@UBOT0001> ${text}`);
  await settle();
  const card = fake.messagesIn(CHANNEL).find((m) => !before.has(m.ts) && button(m, VERBS.approve));
  if (!card) throw new Error('no preview card with Approve');
  return card;
}

const batches = () => [...(world.app.sandbox?.state.batches.values() ?? [])].map((b) => b.batchIdentifier);

describe('Slack: Approve on a preview the command line overtook', () => {
  it('says which batch took the records, from which door, with their amounts; posts nothing twice', async () => {
    const card = await previewCard('run invoices through 2025-04-05');
    const cli = await sagebotBeside(
      world.app,
      world.config,
      ...['run', 'invoices', '--batch', '20250405SA-I', '--through', '2025-04-05', '--yes', '--json'],
    );
    expect(cli.json()).toMatchObject({ outcome: 'completed' });
    const taken = cli.json().posted as Array<{ number: string }>;
    expect(taken.length).toBeGreaterThan(0);
    const sageInvoices = world.sageExport().invoices.length;

    await send.click(
      APPROVER,
      CHANNEL,
      card.ts,
      { action_id: VERBS.approve, value: button(card, VERBS.approve)?.value },
      batchState(card, 'SLK-LATE-1'),
    );
    await settle();
    const final = allText(fake.message(CHANNEL, card.ts));
    expect(final).toContain('Batch 20250405SA-I, run from the command line, took these');
    expect(final).toMatch(new RegExp(`took these \\([^)]+\\): ${taken.length} records, GBP [\\d,]+\\.\\d\\d in all`));
    // Each record shown with its amount and currency (the card's budget cuts a long list with "…and n more").
    const shown = taken.filter((t) =>
      new RegExp(`Taken: \\w+ ${t.number} \\([^)]*\\) GBP [\\d,]+\\.\\d\\d`).test(final),
    );
    expect(shown.length).toBeGreaterThan(0);
    expect(final.match(/Taken: [^•]*/g)?.every((l) => / GBP [\d,]+\.\d\d\./.test(l))).toBe(true);
    expect(final).toMatch(/Nothing was posted/);
    expect(button(fake.message(CHANNEL, card.ts), VERBS.approve)).toBeUndefined();
    expect(world.sageExport().invoices.length).toBe(sageInvoices);
    expect(batches()).toEqual(['20250405SA-I']);
  });
});
