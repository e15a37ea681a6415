/**
 * Staleness decided once, over HTTP with the Teams fake: an approval reads Manage's unposted list once and
 * connects to Sage once before posting (counted from the sandbox's request log and a ledger decorator), and a
 * preview that a command-line run overtook says so on Approve — "batch …, run from the command line, took these"
 * with the amounts and their currency — posts nothing twice, and offers the fresh preview to approve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { sagebotBeside } from '../cli/beside-bot.ts';
import { type Harness, hasText, startHarness } from './harness.ts';
import { ALICE, actionsOf, BOB, cardText, type Where } from './helpers.ts';

let h: Harness;
let sageConnects = 0;
const channel = (n: number): Where => ({
  serviceUrl: h.fake.url,
  conversationId: `19:stale-${n}@thread.tacv2`,
  conversationType: 'channel',
});
const approvable = (c: any) => Boolean(actionsOf(c).find((a) => a.verb === VERBS.approve));

beforeAll(async () => {
  h = await startHarness({
    env: { SAGEBOT_APPROVERS: `${ALICE.aadObjectId},alice@contoso.example` },
    app: {
      decorate: {
        ledger: (l) => {
          sageConnects++;
          return l;
        },
      },
    },
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('an approval over Teams', () => {
  it("reads Manage's unposted list once and Sage once before posting", async () => {
    const where = channel(1);
    const preview = await h.ask(where, BOB, 'run inventory through 2025-04-30', approvable);
    const mark = h.app.sandbox!.requests.length;
    sageConnects = 0;
    await h.press(where, ALICE, preview.id, VERBS.approve, { batchId: 'T-ONCE-1' });
    await h.cardBecomes(preview.id, hasText(/Batch T-ONCE-1: completed/));
    await h.bot.idle();
    const since = h.app.sandbox!.requests.slice(mark);
    const batchPost = since.findIndex((r) => r.method === 'POST' && /^finance\/accounting\/batches$/.test(r.path));
    expect(batchPost).toBeGreaterThan(0);
    const listReads = since
      .slice(0, batchPost)
      .filter((r) => r.method === 'GET' && /^finance\/accounting\/unposted/.test(r.path));
    expect(listReads).toHaveLength(1);
    expect(sageConnects).toBe(1);
  });

  it('on a preview a command-line run overtook, says which batch took which records and posts nothing twice', async () => {
    const where = channel(2);
    const preview = await h.ask(where, BOB, 'run invoices through 2025-04-05', approvable);
    const shown = await h.app.engine.preview('invoices', { throughDate: '2025-04-05' });
    const transfer = shown.transactions.filter((t) => t.status === 'transfer');
    expect(transfer.length).toBeGreaterThan(1);
    const taken = transfer[0];
    const cli = await sagebotBeside(
      h.app,
      h.config,
      ...['run', 'invoices', '--batch', '20250405SA-I', '--through', '2025-04-05', '--include', taken.number, '--yes'],
    );
    expect(cli.code).toBe(0);
    const sageAfterCli = h.sage().invoices.length;

    await h.press(where, ALICE, preview.id, VERBS.approve, { batchId: 'T-LATE-1' });
    const stale = await h.cardBecomes(preview.id, hasText(/took these/));
    await h.bot.idle();
    const text = cardText(stale);
    expect(text).toContain('Batch 20250405SA-I, run from the command line, took these');
    expect(text).toMatch(new RegExp(`${taken.type} ${taken.number} \\([^)]*\\) ${taken.currency} [\\d,]+\\.\\d\\d`));
    expect(h.sage().invoices.length).toBe(sageAfterCli);
    expect(h.app.sandbox!.state.scenario.batches.map((b) => b.batchIdentifier)).not.toContain('T-LATE-1');
    // The fresh preview is on the card, without the record the command line took, ready to approve again.
    const again = actionsOf(stale).find((a) => a.verb === VERBS.approve);
    expect(again?.title).toBe('Approve again');

    await h.press(where, ALICE, preview.id, VERBS.approve, { batchId: 'T-LATE-1' });
    const done = await h.cardBecomes(preview.id, hasText(/Batch T-LATE-1: completed/));
    await h.bot.idle();
    expect(cardText(done)).not.toMatch(new RegExp(`\\b${taken.number}\\b.*\\b${taken.number}\\b`));
    const labels = h.sage().invoices.map((i: any) => `${i.type ?? ''} ${i.invoiceNumber ?? i.number ?? ''}`);
    expect(new Set(labels).size).toBe(labels.length);
  });
});
