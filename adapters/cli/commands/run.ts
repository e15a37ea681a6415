/**
 * `sagebot run <kind> --batch ID [--through DATE] [--location NAME] [--detail LEVEL] [--include NUMBERS]
 * [--exclude NUMBERS] [--yes] [--json]`: post a batch. Without --yes, on a terminal it shows the preview and asks;
 * with no terminal it refuses (exit 2) and says to pass --yes. Exit codes: 0 completed, 3 completed with
 * errors (partial), 1 failed, 2 bad usage. --json prints one RunResult on stdout (progress goes to stderr).
 * Also holds the helpers the other export commands share (options, app, progress, JSON results).
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { recordOrRefuse } from '../../../core/audit.ts';
import type { Config } from '../../../core/config.ts';
import { isSagebotError, SagebotError } from '../../../core/errors.ts';
import { resolveDate } from '../../../core/export/dates.ts';
import type {
  DetailLevel,
  Kind,
  Outcome,
  PreviewOptions,
  Progress,
  Requester,
  RunResult,
} from '../../../core/export/types.ts';
import type { App } from '../../app/app.ts';
import { type CliContext, EXIT } from '../context.ts';
import { cliPrincipal, requireRole } from '../identity.ts';
import { printPreview } from './preview.ts';

export interface SelectionFlags {
  through?: string;
  location?: string;
  detail?: string;
  include?: string;
  exclude?: string;
  json?: boolean;
}

const KINDS: Record<string, Kind> = {
  invoices: 'invoices',
  invoice: 'invoices',
  expenses: 'expenses',
  expense: 'expenses',
  inventory: 'inventory',
  procurement: 'inventory',
};
const DETAILS: DetailLevel[] = ['Default', 'Condensed', 'Detailed'];

export function usage(message: string, fix: string): SagebotError {
  return new SagebotError({ code: 'USAGE_BAD_OPTION', message, fix });
}

export function parseKind(text: string): Kind {
  const kind = KINDS[(text ?? '').toLowerCase()];
  if (!kind) throw usage(`"${text}" is not something sagebot exports.`, 'Use invoices, expenses or inventory.');
  return kind;
}

/** The numbers the preview shows (invoice 460, EXP2007, PO 102, ADJ-7), comma- or space-separated. */
export function parseNumbers(text: string | undefined, flag: string): string[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.length || parts.some((p) => p.length > 40 || !/^[A-Za-z0-9#][A-Za-z0-9#._/-]*$/.test(p))) {
    throw usage(
      `${flag} needs the numbers the preview shows, separated by commas, got "${text.slice(0, 80)}".`,
      `For example ${flag} EXP2007,EXP2013 (expense claims), 460,461 (invoices) or PO102.`,
    );
  }
  return parts;
}

export function selectionOptions(flags: SelectionFlags, config: Config, user: Requester): PreviewOptions {
  let detail: DetailLevel | undefined;
  if (flags.detail !== undefined) {
    detail = DETAILS.find((d) => d.toLowerCase() === flags.detail!.toLowerCase());
    if (!detail)
      throw usage(`--detail "${flags.detail}" is not a detail level.`, 'Use Default, Condensed or Detailed.');
  }
  return {
    ...(flags.through !== undefined ? { throughDate: resolveDate(flags.through, { timeZone: config.timeZone }) } : {}),
    ...(flags.location ? { location: flags.location } : {}),
    ...(detail ? { detail } : {}),
    ...(flags.include !== undefined ? { includeNumbers: parseNumbers(flags.include, '--include') } : {}),
    ...(flags.exclude !== undefined ? { excludeNumbers: parseNumbers(flags.exclude, '--exclude') } : {}),
    user,
  };
}

/** The engine's user at the terminal: the OS user, shown by SAGEBOT_USER's name when set. */
export function cliUser(config: Config): Requester {
  const { id, name } = cliPrincipal(config);
  return { id, name };
}

export async function withApp<T>(ctx: CliContext, fn: (app: App, config: Config) => Promise<T>): Promise<T> {
  const config = ctx.config();
  const { createApp } = await import('../../app/app.ts');
  const app = await createApp(config, ctx.logger(), { demoState: true });
  try {
    return await fn(app, config);
  } finally {
    await app.close();
  }
}

export const exitOf = (outcome: Outcome) =>
  outcome === 'completed' ? EXIT.ok : outcome === 'partial' ? EXIT.partial : EXIT.failed;

/** Runs a command body; errors become a message (or one JSON result) and the exit-code convention. */
export async function guarded(
  ctx: CliContext,
  json: boolean | undefined,
  batch: string | undefined,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!isSagebotError(e)) throw e;
    const isUsage = e.code.startsWith('USAGE') || e.code === 'EXPORT_BAD_BATCH_ID';
    if (json) {
      ctx.out(
        JSON.stringify(
          {
            batch: batch ?? null,
            outcome: 'failed',
            posted: [],
            skipped: [],
            failed: [],
            problems: [{ code: e.code, message: e.message, fix: e.fix ?? '' }],
          },
          null,
          2,
        ),
      );
    } else {
      ctx.err(`sagebot: ${e.userMessage} [${e.code}]`);
    }
    return isUsage ? EXIT.usage : EXIT.failed;
  }
}

/** A bar on a terminal; plain lines otherwise (on stderr with --json, so stdout holds only the result). */
export function progressPrinter(ctx: CliContext, json: boolean | undefined): (p: Progress) => void {
  const bar = ctx.interactive && Boolean(process.stderr.isTTY);
  const line = json ? ctx.err : ctx.out;
  let lastShown = -1;
  return (p) => {
    if (p.phase === 'validating') return line('Reading Manage and Sage, checking the mappings...');
    if (p.phase === 'batching') return line(`Recording the batch in Manage (${p.current ?? ''})...`);
    if (p.phase !== 'posting' || !p.total) return;
    if (bar) {
      const width = 30;
      const filled = Math.round((p.done / p.total) * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${p.current ?? ''}`.padEnd(80) +
          (p.done === p.total ? '\n' : ''),
      );
      return;
    }
    const step = Math.max(1, Math.ceil(p.total / 10));
    if (p.done > 0 && (p.done % step === 0 || p.done === p.total) && p.done !== lastShown) {
      lastShown = p.done;
      line(`Posting to Sage: ${p.done}/${p.total}`);
    }
  };
}

export function printRunResult(ctx: CliContext, r: RunResult): void {
  ctx.out(`Batch ${r.batch} (${r.kind}): ${r.outcome === 'partial' ? 'completed with errors' : r.outcome}`);
  for (const p of r.posted) ctx.out(`  posted   ${p.number} (Manage ${p.manageId}) -> ${p.sage.join(', ')}`);
  for (const s of r.skipped)
    ctx.out(
      `  skipped  ${s.number} (Manage ${s.manageId})${s.sage.length ? ` ${s.sage.join(', ')}` : ''}: ${s.reason}`,
    );
  for (const f of r.failed)
    ctx.out(
      `  FAILED   ${f.number} (Manage ${f.manageId}) ${f.code}: ${f.message}${f.fix ? `\n           Fix: ${f.fix}` : ''}`,
    );
  for (const p of r.problems) ctx.out(`  PROBLEM  ${p.record} ${p.code}: ${p.message}\n           Fix: ${p.fix}`);
  if (r.manageBatchId !== undefined) ctx.out(`Manage batch: ${r.batch} (#${r.manageBatchId}).`);
  if (r.errorListPath) ctx.out(`Error list: ${r.errorListPath}`);
  if (r.logPath) ctx.out(`Full log:   ${r.logPath}`);
}

/** Ask a yes/no question on the terminal (stderr, so --json output stays clean). */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function canPrompt(ctx: CliContext): boolean {
  return ctx.interactive && Boolean(process.stdin.isTTY);
}

interface RunFlags extends SelectionFlags {
  batch?: string;
  yes?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('run <kind>')
    .description('Post a batch of invoices, expenses or inventory to Sage and record it in Manage.')
    .requiredOption(
      '--batch <id>',
      "the batch id (the guide's convention: date, initials, -I/-E/-P, e.g. 20250430JD-I)",
    )
    .option(
      '--through <date>',
      'transactions up to this date (2025-04-30, "friday", "end of last month"); default today',
    )
    .option('--location <name>', 'only this Manage location')
    .option('--detail <level>', 'invoice line detail: Default, Condensed or Detailed')
    .option('--include <numbers>', 'only these transactions, by the numbers the preview shows (EXP2001,EXP2004)')
    .option('--exclude <numbers>', 'leave these out, by the numbers the preview shows; a claim or PO goes whole')
    .option('--yes', 'post without asking')
    .option('--json', 'print one JSON result on stdout')
    .action(async (kindText: string, flags: RunFlags) => {
      process.exitCode = await guarded(ctx, flags.json, flags.batch, () => runCommand(ctx, kindText, flags));
    });
}

async function runCommand(ctx: CliContext, kindText: string, flags: RunFlags): Promise<number> {
  const kind = parseKind(kindText);
  const config = ctx.config();
  const user = cliUser(config);
  const opts = selectionOptions(flags, config, user);
  if (!flags.yes && !canPrompt(ctx)) {
    ctx.err(
      'sagebot run: not on a terminal, so sagebot cannot ask for confirmation. Pass --yes to post without asking.',
    );
    return EXIT.usage;
  }
  await requireRole(config, 'post', { kind, batch: flags.batch });
  return withApp(ctx, async (app) => {
    await app.engine.checkBatchId(flags.batch!);
    let expectedFingerprint: string | undefined;
    if (!flags.yes) {
      const preview = await app.engine.preview(kind, opts);
      printPreview(flags.json ? { ...ctx, out: ctx.err } : ctx, preview);
      const count = preview.transactions.filter((t) => t.status === 'transfer').length;
      if (
        !preview.problems.some((x) => x.blocks !== 'record') &&
        !(await confirm(`Post ${count} transaction(s) to Sage as batch ${flags.batch}?`))
      ) {
        ctx.err('Cancelled: nothing was posted.');
        return EXIT.failed;
      }
      expectedFingerprint = preview.fingerprint;
    }
    // The confirmation (or --yes) is this command's approval: on the record before anything is posted.
    await recordOrRefuse(app.audit, {
      action: 'approve',
      actor: { ...user, platform: 'cli' },
      details: { batch: flags.batch, kind, confirmedBy: flags.yes ? '--yes' : 'terminal prompt' },
    });
    const result = await app.engine.run(kind, {
      ...opts,
      batchId: flags.batch!,
      user,
      expectedFingerprint,
      onProgress: progressPrinter(ctx, flags.json),
    });
    if (flags.json) ctx.out(JSON.stringify(result, null, 2));
    else printRunResult(ctx, result);
    return exitOf(result.outcome);
  });
}
