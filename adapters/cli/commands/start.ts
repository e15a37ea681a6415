/**
 * `sagebot start` (= `npm start`): the bot with everything it talks to, composed by adapters/app/start-bot.ts.
 * Each part is the real thing as soon as its settings are present and an embedded stand-in otherwise: Manage
 * (sandbox with demo data), Sage (an embedded company kept in the data folder), Teams (only with
 * MicrosoftAppId; otherwise the local web chat at http://localhost:3978/ on embedded defaults or with
 * SAGEBOT_WEBCHAT=on: adapters/app/start-mode.ts), Slack (only when configured). This file resumes
 * interrupted runs, prints what runs where, and closes cleanly on Ctrl-C / SIGTERM.
 */
import type { Command } from 'commander';
import { type Config, describeConfig } from '../../../core/config.ts';
import { isSagebotError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import type { RunningBot } from '../../app/start-bot.ts';
import { modeLines, type StartMode } from '../../app/start-mode.ts';
import { type CliContext, EXIT } from '../context.ts';
import { ownDataFolder } from '../own-folder.ts';
import { cliTimes } from '../times.ts';

/**
 * restify 11 (the last release that runs on Node 20) loads spdy/http-deceiver, which touches
 * process.binding('http_parser') and makes Node print DEP0111 at every start; it is harmless and not ours
 * to fix, so the start-up banner is spared it. Any other warning still prints.
 */
async function withoutDep0111<T>(load: () => Promise<T>): Promise<T> {
  const emit = process.emitWarning;
  process.emitWarning = function filtered(this: unknown, warning: string | Error, ...rest: unknown[]) {
    const code = typeof rest[0] === 'object' && rest[0] ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0111') return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return await load();
  } finally {
    process.emitWarning = emit;
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'Start the bot: Teams on /api/messages (and the local web chat on embedded defaults), Slack when configured, schedules.',
    )
    .action(async () => {
      process.exitCode = await start(ctx);
    });
}

export async function start(ctx: CliContext, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Promise<number> {
  let running: RunningBot;
  try {
    running = await launch(ctx);
  } catch (e) {
    if (isSagebotError(e)) {
      ctx.err(`sagebot start: ${e.userMessage} [${e.code}]`);
      return e.code.startsWith('USAGE') || e.code.startsWith('TEAMS_') ? EXIT.usage : EXIT.failed;
    }
    throw e;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, stop);
      ctx.out(`\n${signal}: stopping sagebot…`);
      resolve();
    };
    for (const s of signals) process.on(s, stop);
  });
  await running.close();
  ctx.out('sagebot stopped.');
  return EXIT.ok;
}

async function launch(ctx: CliContext): Promise<RunningBot> {
  const logger = ctx.logger();
  // Loaded here, not at module load: every `sagebot` command imports this file to register it.
  const [{ startBot }, { demoMode, WEBCHAT_USER, WEBCHAT_APPROVER }] = await withoutDep0111(() =>
    Promise.all([import('../../app/start-bot.ts'), import('../../app/demo.ts')]),
  );
  const demo = demoMode(ctx.config());
  const folder = await ownDataFolder(demo.config.dataDir, (l) => ctx.out(l), logger);
  let running: RunningBot;
  try {
    running = await startBot(demo.config, logger, { demo });
  } catch (e) {
    folder.release();
    throw e;
  }
  const close = running.close;
  running.close = async () => {
    await close();
    folder.release();
  };
  printBanner(ctx, {
    config: running.config,
    url: running.url.replace('://127.0.0.1:', '://localhost:'),
    port: running.port,
    mode: running.mode,
    demoApprover: demo.demoApprover ? { name: WEBCHAT_USER.name, id: WEBCHAT_APPROVER } : undefined,
    demoData: demo.demoData,
    slack: Boolean(running.slack),
    nextSync: running.schedules.nextRun(),
    sandboxUrl: running.app.sandboxUrl,
    created: running.app.created,
  });
  void resumeInterrupted(running, ctx, logger);
  return running;
}

async function resumeInterrupted({ app }: RunningBot, ctx: CliContext, logger: Logger): Promise<void> {
  try {
    // Every company's interrupted runs (each under its own lock), one company after the other.
    const results = [];
    for (const c of app.companies) results.push(...(await c.engine.resume()));
    if (results.length)
      ctx.out(
        `Resumed ${results.length} interrupted run(s): ${results.map((r) => `${r.batch} ${r.outcome}`).join(', ')}.`,
      );
  } catch (e) {
    logger.error({ err: e }, 'start: resuming interrupted runs failed');
    ctx.err(
      `sagebot start: could not resume interrupted runs: ${isSagebotError(e) ? e.userMessage : (e as Error).message}`,
    );
  }
}

interface BannerFacts {
  config: Config;
  url: string;
  port: number;
  mode: StartMode;
  /** The web-chat user who approves in demo mode. */
  demoApprover?: { name: string; id: string };
  demoData: boolean;
  slack: boolean;
  nextSync?: Date;
  sandboxUrl?: string;
  created: boolean;
}

function printBanner(ctx: CliContext, f: BannerFacts): void {
  const c = f.config;
  const described = describeConfig(c);
  const lines = [
    'sagebot is running.',
    `  Manage:    ${c.manage.target.kind === 'sandbox' ? `embedded sandbox with demo data${f.sandboxUrl ? ` at ${f.sandboxUrl}` : ''}` : described.Manage}`,
    `  Sage:      ${c.sage.driver === 'embedded' ? `embedded company in ${c.sage.companyDir} (${f.created ? 'created now' : 'kept from an earlier start'})` : `Sage Data Objects, company ${c.sage.companyDir}`}`,
    ...modeLines(f.mode, c, f.url),
  ];
  lines.push(`  Slack:     ${f.slack ? described.Slack : 'not configured'}`);
  lines.push(`  Data:      ${c.dataDir}`);
  lines.push(
    `  Payment sync schedule: ${c.paymentSyncCron ? `${c.paymentSyncCron} (${c.timeZone}), next ${f.nextSync ? cliTimes(c.timeZone).at(f.nextSync.toISOString()) : 'unknown'}` : 'none (SAGEBOT_PAYMENT_SYNC_CRON not set)'}`,
  );
  if (f.demoApprover) {
    lines.push(
      `  Approvers: DEMO MODE: the web-chat user "${f.demoApprover.name}" (${f.demoApprover.id}) is an approver, because SAGEBOT_APPROVERS is not set and everything runs on embedded defaults.`,
    );
  } else {
    lines.push(
      `  Approvers: ${c.approvers.length ? c.approvers.join(', ') : 'none (SAGEBOT_APPROVERS is not set: nobody can approve)'}${c.fourEyes ? '; four-eyes on' : ''}`,
    );
  }
  lines.push(`  Operators: ${c.operators.length ? c.operators.join(', ') : 'none (approvers do the operator tasks)'}`);
  if (f.demoApprover)
    lines.push(
      '  Alerts:    DEMO MODE: open web-chat pages receive batch and payment-sync alerts (elsewhere: type "alerts here").',
    );
  if (f.demoData) {
    lines.push(
      f.config.demoData === 'full'
        ? '  Demo data: the full demo set, including invoices and expenses with deliberate mapping problems.'
        : '  Demo data: the walk-through set: invoices and inventory post cleanly; expenses keep deliberate mapping problems (SAGEBOT_DEMO_DATA=full adds the broken invoices).',
    );
    if (f.config.demoData === 'companies' && f.config.companies.length > 1)
      lines.push(
        `             Two companies: ${f.config.companies.map((c) => `"${c.name}"${c.locations ? ` (${c.locations.join(', ')}, ${c.baseCurrency} books)` : ' (the default)'}`).join(' and ')}; SAGEBOT_DEMO_DATA=walkthrough keeps one.`,
      );
    lines.push('             Press "Reset demo" in the web chat or run "sagebot demo reset" to start again.');
  }
  lines.push('Press Ctrl-C to stop.');
  for (const l of lines) ctx.out(l);
}
