/**
 * `sagebot reconcile BATCH [--json]`: read an earlier batch back from Sage (for example after a Sage backup was
 * restored) and compare it with what the batch sent: count, net, tax and gross per document type and currency.
 * Read-only, so anyone who may use the command line may run it. Exit codes: 0 reconciled, 1 a difference (or
 * Sage could not be read), 2 bad usage.
 */
import type { Command } from 'commander';
import { reconcileAlert } from '../../../bot/index.ts';
import { alertChats } from '../chat-alert.ts';
import { type CliContext, EXIT } from '../context.ts';
import { printReconciliation } from '../export-flags.ts';
import { cliUser, guarded, withApp } from '../helpers.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('reconcile <batch>')
    .description(
      'Read a batch back from Sage and compare it with what the batch sent (count, net, tax, gross per type and currency); lists what Sage is missing.',
    )
    .option('--json', 'print the reconciliation as JSON')
    .action(async (batch: string, flags: { json?: boolean }) => {
      process.exitCode = await guarded(ctx, flags.json, batch, () =>
        withApp(ctx, async (app, config) => {
          const user = cliUser(config);
          const r = await app.engine.reconcile(batch, { user });
          if (flags.json) ctx.out(JSON.stringify(r, null, 2));
          else printReconciliation(ctx, r);
          // As in chat: the alert chats hear of a batch that does not reconcile, not of one that does.
          if (!r.reconciled)
            await alertChats(
              ctx,
              config,
              { message: reconcileAlert(r, user.name), about: `reconcile ${batch}` },
              flags.json,
            );
          return r.checked && r.reconciled ? EXIT.ok : EXIT.failed;
        }),
      );
    });
}
