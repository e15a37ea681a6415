/**
 * The Teams adapter under load, end to end over HTTP (the real adapter, bot, engine, Manage sandbox and embedded
 * Sage company; a loopback fake Bot Connector): time from "run invoices through friday" to the preview card
 * for 1,000 and 5,000 unposted invoices, the Approve invoke's response time (Teams allows a few seconds; the
 * posting carries on after it), another click's while the posting runs, and the posting until the results card.
 */
/**
 * The Teams adapter under load, end to end over HTTP (the real adapter, bot, engine, Manage sandbox and embedded
 * Sage company): time from "run invoices through friday" to the preview card for 1,000 and 5,000 unposted
 * invoices, the Approve invoke's response time (Teams allows a few seconds; the posting carries on after it),
 * another click's while the posting runs, and the posting until the results card. The server runs as
 * `sagebot start` does on embedded defaults: anonymous-local, driven as its web chat page drives it (the per-start
 * key, replies through the adapter's loopback connector: bench/webchat-driver.ts). The token check of an
 * authenticated start is left out (it is the same few milliseconds per request at any size); one demo approver
 * asks and approves, as the web chat's single user does (four-eyes is off by default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_SAGE_SEED, prepareWalkthrough, WEBCHAT_APPROVER } from '../adapters/app/demo.ts';
import { startBot } from '../adapters/app/start-bot.ts';
import { VERBS } from '../cards/actions.ts';
import { loadConfig } from '../core/config.ts';
import { silentLogger } from '../core/logger.ts';
import { initCompany } from '../core/sage/embedded/index.ts';
import { scaled } from './report.ts';
import { actionsOf, cardText, openWebchatDriver } from './webchat-driver.ts';

const SIZES = [scaled(1_000, 20), scaled(5_000, 50)];

async function startServer(extra: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sagebot-bench-teams-'));
  const config = loadConfig({
    SAGEBOT_DATA_DIR: dataDir,
    PORT: '0',
    SAGEBOT_TIMEZONE: 'Europe/London',
    SAGEBOT_APPROVERS: WEBCHAT_APPROVER,
    SAGEBOT_LOG_LEVEL: 'silent',
  });
  await initCompany(config.sage.companyDir, DEMO_SAGE_SEED);
  const running = await startBot(config, silentLogger(), {
    app: { sandbox: { extraInvoices: extra } },
    progressIntervalMs: 2_000,
    downloadsBaseUrl: (local) => local,
  });
  if (running.mode.teams !== 'anonymous-local') throw new Error(`expected anonymous-local, got ${running.mode.teams}`);
  return {
    running,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function one(extra: number, log: (line: string) => void): Promise<Record<string, number>> {
  const server = await startServer(extra);
  const { app, url } = server.running;
  const chat = await openWebchatDriver(url);
  try {
    await prepareWalkthrough(app, app.logger, extra); // leave out the demo's deliberately broken invoices
    const t0 = Date.now();
    const preview = await chat.ask(
      'run invoices through friday',
      (c) => actionsOf(c).some((a) => a.verb === VERBS.approve),
      600_000,
    );
    const previewMs = preview.at - t0;
    const cardId = preview.id;
    const approve = actionsOf(preview.card).find((a) => a.verb === VERBS.approve)!;
    const t1 = performance.now();
    const answer = await chat.press(cardId, VERBS.approve, { ...approve.data, batchId: `BENCH-${extra}` });
    const invokeMs = performance.now() - t1;
    if (answer.status !== 200) throw new Error(`Approve answered ${answer.status}: ${answer.text}`);
    // A click while the posting runs (Refresh on the progress card) must answer as fast.
    const t2 = performance.now();
    const during = await chat.press(cardId, VERBS.refresh, { flowId: approve.data.flowId, card: 'progress' });
    const duringMs = performance.now() - t2;
    if (during.status !== 200) throw new Error(`Refresh answered ${during.status}: ${during.text}`);
    await chat.cardBecomes(
      cardId,
      (c) => new RegExp(`Batch BENCH-${extra}: (completed|completed with errors|failed)`).test(cardText(c)),
      1_800_000,
    );
    const postingMs = performance.now() - t1;
    const updates = chat.versionsOf(cardId) - 1;
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
    chat.close();
    await server.close();
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
