/**
 * The export commands' shared words: which kind, the selection flags (--through, --location, --detail,
 * --include, --exclude) as engine options, and how progress and a run's result are printed.
 */
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import { resolveDate } from '../../core/export/dates.ts';
import type {
  DetailLevel,
  Kind,
  PreviewOptions,
  Progress,
  Reconciliation,
  Requester,
  RunResult,
  StaleReport,
} from '../../core/export/types.ts';
import { formatMoney } from '../../core/money.ts';
import type { CliContext } from './context.ts';
import { usage } from './helpers.ts';
import { cliTimes } from './times.ts';

export interface SelectionFlags {
  through?: string;
  location?: string;
  detail?: string;
  include?: string;
  exclude?: string;
  json?: boolean;
}

/** The selection flags `preview`, `run` and `request` share (SelectionFlags), with one help text each. */
export function withSelectionFlags(command: Command): Command {
  return command
    .option(
      '--through <date>',
      'transactions up to this date (2025-04-30, "friday", "end of last month"); default today',
    )
    .option('--location <name>', 'only this Manage location')
    .option('--detail <level>', 'invoice line detail: Default, Condensed or Detailed')
    .option('--include <numbers>', 'only these transactions, by the numbers the preview shows (EXP2001,EXP2004)')
    .option('--exclude <numbers>', 'leave these out, by the numbers the preview shows; a claim or PO goes whole');
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

/** A stale outcome: nothing posted; what changed since the approved preview, and what a fresh one holds. */
function printStale(ctx: CliContext, r: RunResult & { stale: StaleReport }): void {
  ctx.out(`Batch ${r.batch} (${r.kind}): NOT POSTED — the unposted ${r.kind} changed since the approved preview.`);
  for (const line of r.stale.lines) ctx.out(`  ${line}`);
  const p = r.stale.preview;
  const transfer = p.transactions.filter((t) => t.status === 'transfer');
  const totals = Object.entries(p.totalsByCurrency)
    .map(([cur, t]) => formatMoney(t.total, cur))
    .join(' + ');
  ctx.out(
    transfer.length
      ? `Now: ${transfer.length} transaction(s) to transfer (${totals || 'nothing'}). Preview again and approve that preview to post them.`
      : `Now: nothing left to transfer.`,
  );
  if (r.errorListPath) ctx.out(`Error list: ${r.errorListPath}`);
}

export function printRunResult(ctx: CliContext, r: RunResult): void {
  if (r.outcome === 'stale' && r.stale) {
    printStale(ctx, { ...r, stale: r.stale });
    return;
  }
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
  if (r.reconciliation) printReconciliation(ctx, r.reconciliation);
  if (r.manageBatchId !== undefined) ctx.out(`Manage batch: ${r.batch} (#${r.manageBatchId}).`);
  if (r.errorListPath) ctx.out(`Error list: ${r.errorListPath}`);
  if (r.logPath) ctx.out(`Full log:   ${r.logPath}`);
  ctx.out(cliTimes(ctx.config().timeZone).ran(r.startedAt, r.finishedAt));
}

/** The read-back from Sage: "reconciled" with the figures per type and currency, or each difference and its fix. */
export function printReconciliation(ctx: CliContext, r: Reconciliation): void {
  if (!r.checked) {
    ctx.out(`Sage read-back: NOT CHECKED. ${r.note ?? ''}`);
    return;
  }
  ctx.out(
    r.reconciled
      ? `Sage read-back: reconciled (${r.documents} documents match what batch ${r.batch} sent).`
      : `Sage read-back: ${r.differences.length} DIFFERENCE${r.differences.length === 1 ? '' : 'S'} in batch ${r.batch}.`,
  );
  for (const row of r.rows) {
    const f = (x: Reconciliation['rows'][number]['manage']) =>
      `${x.count} · net ${formatMoney(x.net, row.currency)} · tax ${formatMoney(x.tax, row.currency)} · gross ${formatMoney(x.gross, row.currency)}`;
    const same = JSON.stringify(row.manage) === JSON.stringify(row.sage);
    ctx.out(
      `  ${`${row.type} ${row.currency}`.padEnd(8)} sent ${f(row.manage)}${same ? '  = Sage' : `\n           Sage ${f(row.sage)}`}`,
    );
  }
  for (const d of r.differences)
    ctx.out(`  DIFFERENCE ${d.label} (${d.issue}): ${d.message}\n           Fix: ${d.fix}`);
}
