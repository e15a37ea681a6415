/**
 * `sagebot status [--json]`: what chat's "status" shows, on the command line: the posting run in progress (who,
 * what, since when), the latest batches sagebot ran, the latest payment sync, and the approval settings.
 */
import type { Command } from 'commander';
import { type CliContext, EXIT } from '../context.ts';
import { guarded, withApp } from '../helpers.ts';
import { cliRole, osUserName } from '../identity.ts';
import { cliTimes } from '../times.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('Show the posting run in progress, the latest batches and the latest payment sync.')
    .option('--json', 'print the status as JSON')
    .action(async (flags: { json?: boolean }) => {
      process.exitCode = await guarded(ctx, flags.json, undefined, () =>
        withApp(ctx, async (app, config) => {
          const [active, batches, syncs] = await Promise.all([
            app.engine.activeRun(),
            app.engine.listBatches(),
            app.audit.list({ action: 'sync-payments', limit: 1 }),
          ]);
          const recent = batches
            .filter((b) => b.ranAt)
            .sort((a, b) => String(b.ranAt).localeCompare(String(a.ranAt)))
            .slice(0, 5);
          const lastSync = syncs.at(-1);
          const status = {
            activeRun: active ?? null,
            recentBatches: recent,
            lastPaymentSync: lastSync ?? null,
            approvers: config.approvers,
            operators: config.operators,
            fourEyes: config.fourEyes,
            you: { id: `os:${osUserName()}`, role: cliRole(config) },
          };
          if (flags.json) {
            ctx.out(JSON.stringify(status, null, 2));
            return EXIT.ok;
          }
          const t = cliTimes(config.timeZone);
          ctx.out(t.note());
          ctx.out(
            active
              ? `Posting now: ${active.kind} batch ${active.batch}, by ${active.user.name} since ${t.at(active.since)}`
              : 'No posting run in progress.',
          );
          ctx.out(recent.length ? 'Latest batches:' : 'No batches run by sagebot yet.');
          for (const b of recent)
            ctx.out(
              `  ${b.batch}: ${b.outcome ?? 'unfinished'}, ${b.count ?? '?'} records, by ${b.ranBy} at ${t.at(b.ranAt)}`,
            );
          ctx.out(
            lastSync ? `Last payment sync: ${t.at(lastSync.at)} by ${lastSync.actor.name}` : 'No payment sync yet.',
          );
          ctx.out(
            `Approvers: ${config.approvers.length ? config.approvers.join(', ') : 'none set'}${config.fourEyes ? '; four-eyes on' : ''}`,
          );
          ctx.out(`Operators: ${config.operators.length ? config.operators.join(', ') : 'none set'}`);
          ctx.out(`You (${status.you.id}): ${status.you.role === 'none' ? 'no role' : status.you.role}`);
          return EXIT.ok;
        }),
      );
    });
}
