/**
 * `sagebot sync-payments [--since last|week|2weeks|month|YYYY-MM-DD] [--json]`: the guide's "Update Invoice
 * Payments", headless. Translates options and prints the result; the sync itself is core/payments.
 * Exit codes: 0 synced (problems such as an invoice missing in Manage are listed, not fatal), 1 failed
 * (a Manage write failed, or Sage / Manage could not be reached), 2 bad usage (e.g. a --since sagebot cannot read).
 * The --json result is documented in core/payments/README.md.
 */
import type { Command } from 'commander';
import { syncAlert } from '../../../bot/index.ts';
import { isSagebotError } from '../../../core/errors.ts';
import type { Progress } from '../../../core/export/types.ts';
import { formatMoney } from '../../../core/money.ts';
import { checkSinceOption } from '../../../core/payments/since.ts';
import type { PaymentSyncReport } from '../../../core/payments/types.ts';
import type { AppOptions } from '../../app/app.ts';
import { alertChats } from '../chat-alert.ts';
import { type CliContext, EXIT } from '../context.ts';
import { requireRole } from '../identity.ts';
import { cliTimes } from '../times.ts';

export interface SyncPaymentsFlags {
  since: string;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('sync-payments')
    .description(
      'Update Manage invoices with the payments recorded in Sage: the paid amount, and the date paid once paid in full.',
    )
    .option(
      '--since <when>',
      'payments changed since: last (your last successful sync on this machine), week, 2weeks, month, or a date YYYY-MM-DD',
      'last',
    )
    .option('--json', 'print one JSON result on stdout (see core/payments/README.md)')
    .action(async (flags: SyncPaymentsFlags) => {
      process.exitCode = await syncPayments(flags, ctx);
    });
}

/** The command's body; `appOptions` lets tests hand the composition root a sandbox scenario or a clock. */
export async function syncPayments(
  flags: SyncPaymentsFlags,
  ctx: CliContext,
  appOptions?: AppOptions,
): Promise<number> {
  try {
    checkSinceOption(flags.since);
    const config = ctx.config();
    const who = await requireRole(config, 'sync-payments', { since: flags.since });
    const { createApp } = await import('../../app/app.ts');
    const app = await createApp(config, ctx.logger(), { demoState: true, ...appOptions });
    try {
      const user = { id: who.id, name: who.name };
      const onProgress = flags.json ? undefined : progressPrinter(ctx);
      const report = await app.paymentSync.sync({ since: flags.since, user, onProgress });
      if (flags.json) ctx.out(JSON.stringify(report, null, 2));
      else printReport(report, ctx);
      await alertChats(ctx, config, { message: syncAlert(report, who.name), about: 'payment sync' }, flags.json);
      return report.succeeded ? EXIT.ok : EXIT.failed;
    } finally {
      await app.close();
    }
  } catch (e) {
    if (!isSagebotError(e)) throw e;
    const usage = e.code.startsWith('USAGE');
    if (flags.json)
      ctx.out(
        JSON.stringify({ succeeded: false, error: { code: e.code, message: e.message, fix: e.fix ?? '' } }, null, 2),
      );
    else ctx.err(`sagebot sync-payments: ${e.userMessage} [${e.code}]`);
    return usage ? EXIT.usage : EXIT.failed;
  }
}

/** A bar on a terminal; elsewhere plain lines (every 50 payments) on stderr, keeping stdout for the result. */
function progressPrinter(ctx: CliContext): (p: Progress) => void {
  return (p) => {
    if (p.phase === 'validating') {
      if (p.current) ctx.err(p.current);
    } else if (p.phase === 'posting' && ctx.interactive) {
      const width = 30;
      const filled = p.total ? Math.round((p.done / p.total) * width) : width;
      const end = p.done === p.total ? '\n' : '';
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} payments written to Manage${end}`,
      );
    } else if (p.phase === 'posting' && (p.done % 50 === 0 || p.done === p.total)) {
      ctx.err(`Writing payments to Manage: ${p.done}/${p.total}`);
    }
  };
}

export function printReport(r: PaymentSyncReport, ctx: CliContext): void {
  for (const note of r.notes) ctx.out(note);
  const fully = r.updated.filter((u) => u.fullyPaid).length;
  ctx.out(
    `Payments changed in Sage since ${r.since}: ${r.checked} Manage invoice(s) checked, ${r.updated.length} updated (${fully} now fully paid), ${r.unchanged} already up to date, ${r.problems.length} problem(s). Manage writes: ${r.manageWrites}.`,
  );
  for (const u of r.updated) {
    const paid = `${formatMoney(u.paid, u.currency)} of ${formatMoney(u.total, u.currency)}`;
    ctx.out(
      `  Invoice ${u.invoiceNumber}: paid ${paid} (was ${formatMoney(u.previousPaid, u.currency)})${u.fullyPaid ? `, paid in full on ${u.datePaid}` : ''}`,
    );
  }
  for (const p of r.problems) ctx.out(`  ! ${p.record}: ${p.message} ${p.fix}`);
  ctx.out(cliTimes(ctx.config().timeZone).ran(r.startedAt, r.finishedAt));
  if (!r.succeeded)
    ctx.out('Some payments could not be written; the last successful run date was not moved. Run the sync again.');
}
