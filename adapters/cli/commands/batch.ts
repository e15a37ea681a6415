/**
 * `sagebot batch delete ID [--yes]`: delete a Manage batch, so its records return to the unposted lists.
 * The Sage documents stay in Sage: they are listed first, with a warning, and must be removed there by hand.
 * Without --yes it asks on a terminal; with no terminal it refuses (exit 2).
 */
import type { Command } from 'commander';
import { type CliContext, EXIT } from '../context.ts';
import { canPrompt, cliUser, confirm, guarded, withApp } from '../helpers.ts';
import { requireRole } from '../identity.ts';

export function register(program: Command, ctx: CliContext): void {
  const batch = program.command('batch').description('Work with one Manage batch.');
  batch
    .command('delete <id>')
    .description('Delete a Manage batch (its records return to the unposted lists; the Sage documents stay in Sage).')
    .option('--yes', 'delete without asking')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, flags: { yes?: boolean; json?: boolean }) => {
      process.exitCode = await guarded(ctx, flags.json, id, async () => {
        if (!flags.yes && !canPrompt(ctx)) {
          ctx.err(
            'sagebot batch delete: not on a terminal, so sagebot cannot ask for confirmation. Pass --yes to delete without asking.',
          );
          return EXIT.usage;
        }
        await requireRole(ctx.config(), 'batch-delete', { batch: id });
        return withApp(ctx, async (app, config) => {
          const docs = await app.engine.batchDocuments(id);
          const warning =
            `WARNING: deleting batch ${id} in Manage does not delete its documents from Sage. ` +
            (docs.sageDocuments.length
              ? `These ${docs.sageDocuments.length} Sage document(s) stay and must be removed in Sage by hand if needed: ${docs.sageDocuments.join(', ')}`
              : 'sagebot found no Sage documents for it.');
          (flags.json ? ctx.err : ctx.out)(warning);
          if (!flags.yes && !(await confirm(`Delete batch ${id} in Manage?`))) {
            ctx.err('Cancelled: the batch was not deleted.');
            return EXIT.failed;
          }
          const result = await app.engine.deleteBatch(id, { user: cliUser(config) });
          if (flags.json) ctx.out(JSON.stringify({ ...result, deleted: true, warning }, null, 2));
          else ctx.out(`Batch ${id} deleted in Manage; its records are unposted again.`);
          return EXIT.ok;
        });
      });
    });
}
