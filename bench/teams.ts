/**
 * The Teams adapter under load, end to end over HTTP (the real adapter, bot, engine, Manage sandbox and embedded
 * Sage company; a loopback fake Bot Connector): time from "run invoices through friday" to the preview card
 * for 1,000 and 5,000 unposted invoices, the Approve invoke's response time (Teams allows a few seconds; the
 * posting carries on after it), another click's while the posting runs, and the posting until the results card.
 */
import { performance } from 'node:perf_hooks';
import { prepareWalkthrough } from '../adapters/app/demo.ts';
import { VERBS } from '../cards/actions.ts';
import { startHarness } from '../test/teams/harness.ts';
import { ALICE, actionsOf, BOB, cardText, invoke, type Where } from '../test/teams/helpers.ts';

const SIZES = [1_000, 5_000];

async function one(extra: number, log: (line: string) => void): Promise<Record<string, number>> {
  const h = await startHarness({
    env: { SAGEBOT_APPROVERS: ALICE.aadObjectId, SAGEBOT_LOG_LEVEL: 'silent' },
    extraInvoices: extra,
    progressIntervalMs: 2_000,
    askTimeoutMs: 600_000,
  });
  try {
    await prepareWalkthrough(h.app, h.app.logger, extra); // leave out the demo's deliberately broken invoices
    const where: Where = {
      serviceUrl: h.fake.url,
      conversationId: `19:bench-${extra}@thread.tacv2`,
      conversationType: 'channel',
    };
    const t0 = Date.now();
    const preview = await h.ask(where, BOB, 'run invoices through friday', (c) =>
      actionsOf(c).some((a) => a.verb === VERBS.approve),
    );
    const previewMs = preview.sentAt - t0;
    const cardId = preview.id;
    const approve = actionsOf(preview.card).find((a) => a.verb === VERBS.approve)!;
    const t1 = performance.now();
    const answer = await h.post(
      h.url,
      invoke(where, ALICE, cardId, VERBS.approve, { ...approve.data, batchId: `BENCH-${extra}` }),
    );
    const invokeMs = performance.now() - t1;
    if (answer.status !== 200) throw new Error(`Approve answered ${answer.status}: ${answer.text}`);
    // A click while the posting runs (Refresh on the progress card) must answer as fast.
    const t2 = performance.now();
    const during = await h.post(
      h.url,
      invoke(where, ALICE, cardId, VERBS.refresh, { flowId: approve.data.flowId, card: 'progress' }),
    );
    const duringMs = performance.now() - t2;
    if (during.status !== 200) throw new Error(`Refresh answered ${during.status}: ${during.text}`);
    await h.cardBecomes(
      cardId,
      (c) => new RegExp(`Batch BENCH-${extra}: (completed|completed with errors|failed)`).test(cardText(c)),
      1_800_000,
    );
    const postingMs = performance.now() - t1;
    const updates = h.fake.calls.filter((c) => c.method === 'PUT' && c.activityId === cardId).length;
    const bytes = JSON.stringify(preview.card).length;
    log(
      `  ${extra} generated + the demo invoices: preview card after ${Math.round(previewMs)} ms (card ${Math.round(bytes / 1024)} KB); Approve answered in ${Math.round(invokeMs)} ms, a click during posting in ${Math.round(duringMs)} ms; posted in ${(postingMs / 1000).toFixed(1)} s with ${updates} card updates`,
    );
    return {
      generatedInvoices: extra,
      previewMs: Math.round(previewMs),
      previewCardBytes: bytes,
      approveInvokeMs: Math.round(invokeMs),
      invokeDuringPostingMs: Math.round(duringMs),
      postingMs: Math.round(postingMs),
      cardUpdates: updates,
    };
  } finally {
    await h.close();
  }
}

export async function benchTeams(log: (line: string) => void): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const n of SIZES) results[`invoices_${n}`] = await one(n, log);
  log(
    '  (Teams waits about 15 s for /api/messages and a few seconds for an invoke; the preview card comes after a quick acknowledgement)',
  );
  return results;
}
