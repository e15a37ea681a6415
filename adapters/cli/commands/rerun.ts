/**
 * `sagebot rerun ID [--force] [--yes] [--json]`: the guide's "Rerun Existing Batch". Rebuilds the batch from
 * Manage, looks each document up in Sage and posts only what is missing (--force posts everything again and
 * can duplicate). Without --yes it shows what is in Sage already and asks on a terminal; with no terminal it
 * refuses (exit 2). When every document is in Sage already and --force is not given, it says a rerun would post
 * nothing and neither asks nor posts (exit 0), as the chat offers no "Approve rerun" then.
 * Exit codes as for run: 0 completed, 3 partial, 1 failed, 2 bad usage.
 */
import type { Command } from 'commander';
import { runAlert } from '../../../bot/index.ts';
import { nothingToPostLine } from '../../../bot/views/rerun-view.ts';
import { recordOrRefuse } from '../../../core/audit.ts';
import type { RerunPlan } from '../../../core/export/types.ts';
import { alertChats } from '../chat-alert.ts';
import { type CliContext, EXIT } from '../context.ts';
import { printRunResult, progressPrinter } from '../export-flags.ts';
import { canPrompt, cliUser, confirm, exitOfRun, guarded, withApp } from '../helpers.ts';
import { requireRole } from '../identity.ts';

interface Flags {
  force?: boolean;
  yes?: boolean;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('rerun <batch>')
    .description(
      'Post an existing Manage batch to Sage again (e.g. after restoring Sage from a backup); documents already in Sage are skipped unless --force.',
    )
    .option('--force', 'post every document again, even those Sage already holds (may duplicate)')
    .option('--yes', 'rerun without asking')
    .option('--json', 'print one JSON result on stdout')
    .action(async (batch: string, flags: Flags) => {
      process.exitCode = await guarded(ctx, flags.json, batch, () => rerun(ctx, batch, flags));
    });
}

async function rerun(ctx: CliContext, batch: string, flags: Flags): Promise<number> {
  if (!flags.yes && !canPrompt(ctx)) {
    ctx.err(
      'sagebot rerun: not on a terminal, so sagebot cannot ask for confirmation. Pass --yes to rerun without asking.',
    );
    return EXIT.usage;
  }
  await requireRole(ctx.config(), flags.force ? 'force' : 'rerun', { batch, force: Boolean(flags.force) });
  return withApp(ctx, async (app, config) => {
    const plan = flags.force && flags.yes ? undefined : await app.engine.rerunPlan(batch);
    if (plan && !flags.force && plan.documents.every((d) => d.alreadyInSage)) return nothingToPost(ctx, plan, flags);
    if (plan && !flags.yes) {
      const say = flags.json ? ctx.err : ctx.out;
      say(`Batch ${plan.batch} (${plan.kind}, Manage #${plan.manageBatchId}):`);
      for (const d of plan.documents)
        say(
          `  ${d.number.padEnd(12)} ${d.sage.join(', ').padEnd(30)} ${d.alreadyInSage ? 'already in Sage' : 'missing in Sage'}`,
        );
      say(`WARNING: ${plan.warning}`);
      if (!(await confirm(`Rerun batch ${batch}${flags.force ? ' with --force' : ''}?`))) {
        ctx.err('Cancelled: nothing was posted.');
        return EXIT.failed;
      }
    }
    const user = cliUser(config);
    await recordOrRefuse(app.audit, {
      action: 'approve',
      actor: { ...user, platform: 'cli' },
      details: {
        batch,
        rerun: true,
        force: Boolean(flags.force),
        confirmedBy: flags.yes ? '--yes' : 'terminal prompt',
      },
    });
    const result = await app.engine.rerun(batch, {
      force: flags.force,
      user,
      onProgress: progressPrinter(ctx, flags.json),
    });
    if (flags.json) ctx.out(JSON.stringify(result, null, 2));
    else printRunResult(ctx, result);
    const message = runAlert(result, user.name, true);
    await alertChats(ctx, config, { message, about: `rerun ${result.batch}` }, flags.json);
    return exitOfRun(result);
  });
}

/** Every document is in Sage and no --force: say so, post nothing, ask nothing. */
function nothingToPost(ctx: CliContext, plan: RerunPlan, flags: Flags): number {
  const line = `${nothingToPostLine(plan.batch)} Nothing was posted. To send them again as duplicates on purpose, run: sagebot rerun ${plan.batch} --force`;
  if (flags.json) {
    ctx.err(line);
    ctx.out(JSON.stringify({ ...plan, outcome: 'nothing-to-post', posted: 0 }, null, 2));
  } else ctx.out(line);
  return EXIT.ok;
}
