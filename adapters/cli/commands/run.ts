/**
 * `sagebot run <kind> --batch ID [--through DATE] [--location NAME] [--detail LEVEL] [--include NUMBERS]
 * [--exclude NUMBERS] [--preview FILE] [--yes] [--json]`: post a batch. Without --yes, on a terminal it shows the
 * preview and asks; with no terminal it refuses (exit 2) and says to pass --yes. The preview confirmed (or the one
 * `sagebot preview --json` saved to FILE) is what is approved: if the unposted records changed since, the engine
 * posts nothing and the command prints what changed (outcome stale, exit 1). Exit codes: 0 completed, 3 completed
 * with errors (partial), 1 failed or stale, 2 bad usage. --json prints one RunResult on stdout (progress goes to
 * stderr).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runAlert } from '../../../bot/index.ts';
import { recordOrRefuse } from '../../../core/audit.ts';
import type { ApprovedPreview } from '../../../core/export/types.ts';
import { alertChats } from '../chat-alert.ts';
import { type CliContext, EXIT } from '../context.ts';
import {
  parseKind,
  printRunResult,
  progressPrinter,
  type SelectionFlags,
  selectionOptions,
  withSelectionFlags,
} from '../export-flags.ts';
import { canPrompt, cliUser, confirm, exitOfRun, guarded, usage, withApp } from '../helpers.ts';
import { requireRole } from '../identity.ts';
import { cliTimes } from '../times.ts';
import { printPreview } from './preview.ts';

interface RunFlags extends SelectionFlags {
  batch?: string;
  yes?: boolean;
  preview?: string;
}

export function register(program: Command, ctx: CliContext): void {
  withSelectionFlags(
    program
      .command('run <kind>')
      .description('Post a batch of invoices, expenses or inventory to Sage and record it in Manage.')
      .requiredOption(
        '--batch <id>',
        "the batch id (the guide's convention: date, initials, -I/-E/-P, e.g. 20250430JD-I)",
      ),
  )
    .option('--preview <file>', 'post only if the unposted set is still the one in this `sagebot preview --json` file')
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
    let approved = flags.preview ? readApprovedPreview(flags.preview) : undefined;
    if (!flags.yes) {
      const preview = await app.engine.preview(kind, opts);
      printPreview(flags.json ? { ...ctx, out: ctx.err } : ctx, preview, cliTimes(config.timeZone));
      const count = preview.transactions.filter((t) => t.status === 'transfer').length;
      if (
        !preview.problems.some((x) => x.blocks !== 'record') &&
        !(await confirm(`Post ${count} transaction(s) to Sage as batch ${flags.batch}?`))
      ) {
        ctx.err('Cancelled: nothing was posted.');
        return EXIT.failed;
      }
      approved = preview;
    }
    // The confirmation (or --yes) is this command's approval: on the record before anything is posted.
    await recordOrRefuse(app.audit, {
      action: 'approve',
      actor: { ...user, platform: 'cli' },
      details: {
        batch: flags.batch,
        kind,
        confirmedBy: flags.yes ? '--yes' : 'terminal prompt',
        ...(approved ? { fingerprint: approved.fingerprint } : {}),
      },
    });
    const result = await app.engine.run(kind, {
      ...opts,
      batchId: flags.batch!,
      user,
      ...(approved ? { approved } : {}),
      onProgress: progressPrinter(ctx, flags.json),
    });
    if (flags.json) ctx.out(JSON.stringify(result, null, 2));
    else printRunResult(ctx, result);
    await alertChats(ctx, config, { message: runAlert(result, user.name), about: `run ${result.batch}` }, flags.json);
    return exitOfRun(result);
  });
}

/** The preview a script approved: the JSON `sagebot preview --json` printed (its fingerprint and rows). */
function readApprovedPreview(file: string): ApprovedPreview {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw usage(
      `--preview ${file}: cannot read it as JSON (${(e as Error).message}).`,
      'Save a preview with "sagebot preview <kind> --json > preview.json" and pass that file.',
    );
  }
  const p = parsed as Partial<ApprovedPreview> | null;
  if (!p || typeof p.fingerprint !== 'string' || !Array.isArray(p.transactions))
    throw usage(
      `--preview ${file} is not a preview: it has no fingerprint and transactions.`,
      'Save a preview with "sagebot preview <kind> --json > preview.json" and pass that file.',
    );
  return p as ApprovedPreview;
}
