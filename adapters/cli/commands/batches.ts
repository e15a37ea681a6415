/**
 * `sagebot batches [--json]`: the batches in Manage, with what sagebot's journal knows of them (who ran
 * them, when, the outcome and how many records).
 */
import type { Command } from 'commander';
import { type CliContext, EXIT } from '../context.ts';
import { guarded, withApp } from '../helpers.ts';
import { cliTimes } from '../times.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('batches')
    .description('List the batches in Manage, with who ran them from sagebot, when, and the outcome.')
    .option('--json', 'print the list as JSON')
    .action(async (flags: { json?: boolean }) => {
      process.exitCode = await guarded(ctx, flags.json, undefined, () =>
        withApp(ctx, async (app, config) => {
          const batches = await app.engine.listBatches();
          if (flags.json) {
            ctx.out(JSON.stringify(batches, null, 2));
            return EXIT.ok;
          }
          const t = cliTimes(config.timeZone);
          if (!batches.length) ctx.out('Manage has no batches.');
          else if (batches.some((b) => b.ranAt)) ctx.out(t.note());
          for (const b of batches) {
            const ran = b.ranBy
              ? `  ran by ${b.ranBy} at ${t.at(b.ranAt)}: ${b.outcome ?? 'unfinished'}${b.count !== undefined ? `, ${b.count} records` : ''}`
              : '';
            ctx.out(
              `${b.batch.padEnd(24)} #${String(b.id).padEnd(6)} ${b.kinds.join('+').padEnd(10)} ${b.closed ? 'closed' : 'open  '}${ran}`,
            );
          }
          return EXIT.ok;
        }),
      );
    });
}
