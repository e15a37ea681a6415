/**
 * `sagebot audit [--limit N] [--json]`: the audit log, newest last — postings, reruns, resumes, batch
 * deletions, settings changes and payment syncs, from chat and the command line alike.
 */
import type { Command } from 'commander';
import { type CliContext, EXIT } from '../context.ts';
import { guarded, usage, withApp } from './run.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('Show the audit log: who posted, reran, resumed, deleted batches or changed settings, and when.')
    .option('--limit <n>', 'only the last N entries', '50')
    .option('--json', 'print the entries as JSON')
    .action(async (flags: { limit: string; json?: boolean }) => {
      process.exitCode = await guarded(ctx, flags.json, undefined, async () => {
        const limit = Number(flags.limit);
        if (!Number.isSafeInteger(limit) || limit <= 0)
          throw usage(`--limit "${flags.limit}" is not a positive whole number.`, 'For example --limit 20');
        return withApp(ctx, async (app) => {
          const entries = await app.audit.list({ limit });
          if (flags.json) ctx.out(JSON.stringify(entries, null, 2));
          else if (!entries.length) ctx.out('The audit log is empty.');
          else
            for (const e of entries)
              ctx.out(`${e.at}  ${e.actor.name.padEnd(16)} ${e.action.padEnd(14)} ${JSON.stringify(e.details)}`);
          return EXIT.ok;
        });
      });
    });
}
