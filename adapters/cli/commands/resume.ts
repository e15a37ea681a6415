/**
 * `sagebot resume [--json]`: finish every run that was interrupted (a crash, kill -9, Manage down while the
 * batch was being recorded). Documents already in Sage are not posted again; the Manage batch is created
 * once. --json prints one result: the worst outcome, everything posted / failed / problems, and `runs`.
 */
import type { Command } from 'commander';
import { runAlert } from '../../../bot/index.ts';
import type { Outcome, RunResult } from '../../../core/export/types.ts';
import { alertChats } from '../chat-alert.ts';
import type { CliContext } from '../context.ts';
import { printRunResult, progressPrinter } from '../export-flags.ts';
import { exitOf, exitOfRun, guarded, withApp } from '../helpers.ts';
import { requireRole } from '../identity.ts';

const RANK: Record<Outcome, number> = { completed: 0, partial: 1, stale: 2, failed: 3 };

export function combine(runs: RunResult[]) {
  const outcome = runs.reduce<Outcome>((w, r) => (RANK[r.outcome] > RANK[w] ? r.outcome : w), 'completed');
  return {
    batch: runs.length ? runs.map((r) => r.batch).join(',') : null,
    outcome,
    posted: runs.flatMap((r) => r.posted),
    skipped: runs.flatMap((r) => r.skipped),
    failed: runs.flatMap((r) => r.failed),
    problems: runs.flatMap((r) => r.problems),
    runs,
  };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('resume')
    .description('Finish interrupted posting runs: nothing is posted twice and the Manage batch is recorded once.')
    .option('--json', 'print one JSON result on stdout')
    .action(async (flags: { json?: boolean }) => {
      process.exitCode = await guarded(ctx, flags.json, undefined, async () => {
        const who = await requireRole(ctx.config(), 'resume');
        return withApp(ctx, async (app, config) => {
          const runs = await app.engine.resume({ onProgress: progressPrinter(ctx, flags.json) });
          const all = combine(runs);
          if (flags.json) ctx.out(JSON.stringify(all, null, 2));
          else if (!runs.length) ctx.out('Nothing to resume: no interrupted runs.');
          else for (const r of runs) printRunResult(ctx, r);
          for (const r of runs)
            await alertChats(ctx, config, { message: runAlert(r, who.name), about: `resume ${r.batch}` }, flags.json);
          return Math.max(exitOf(all.outcome), ...runs.map(exitOfRun));
        });
      });
    });
}
