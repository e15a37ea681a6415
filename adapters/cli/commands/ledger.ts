/**
 * `sagebot ledger ...`: the Sage company from the command line. `init` creates the stand-in company (UK
 * defaults, optional seed), `export --json` prints it as documented JSON, `receipt` and `allocate` record
 * what a finance clerk does in Sage (demo, payment-sync tests), `set` flips the stand-in's flags. Exit codes:
 * 0 done, 1 Sage refused, 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SagebotError } from '../../../core/errors.ts';
import { minorToString, toMinor } from '../../../core/money.ts';
import {
  exportCompany,
  initCompany,
  localToday,
  parseSeed,
  setCompanyFlags,
} from '../../../core/sage/embedded/index.ts';
import type { SageLedger } from '../../../core/sage/ledger.ts';
import { openLedger } from '../../../core/sage/open-ledger.ts';
import { isIsoDate } from '../../../core/sage/rules.ts';
import type { CliContext } from '../context.ts';
import { requireRole } from '../identity.ts';

function usage(message: string, fix?: string): SagebotError {
  return new SagebotError({ code: 'USAGE_LEDGER', message, fix });
}

/** ISO dates, plus "today" and "yesterday". */
export function parseDateArg(value: string, option: string): string {
  const v = value.trim().toLowerCase();
  if (v === 'today') return localToday();
  if (v === 'yesterday') return localToday(new Date(Date.now() - 86_400_000));
  if (!isIsoDate(v))
    throw usage(
      `${option} "${value}" is not a date.`,
      'Give the date as YYYY-MM-DD (for example 2024-03-31) or "today".',
    );
  return v;
}

/** A decimal amount with at most 2 places, to minor units. */
export function parseAmountArg(value: string, option: string): number {
  if (!/^\d+(\.\d{1,2})?$/.test(value.trim()))
    throw usage(
      `${option} "${value}" is not an amount.`,
      'Give a positive amount with at most 2 decimal places, for example 120.50.',
    );
  return toMinor(value.trim());
}

function embeddedOnly(ctx: CliContext, what: string): string {
  const sage = ctx.config().sage;
  if (sage.driver !== 'embedded')
    throw usage(
      `"sagebot ledger ${what}" works on the embedded stand-in company only (SAGE_DRIVER is ${sage.driver}).`,
      'Unset SAGE_DRIVER or set it to embedded.',
    );
  return sage.companyDir;
}

/** Receipts and allocations write to the Sage company (a real one too, with SDO): approvers only. */
async function withLedger<T>(ctx: CliContext, purpose: string, fn: (ledger: SageLedger) => Promise<T>): Promise<T> {
  await requireRole(ctx.config(), 'ledger-entry', { purpose });
  const ledger = await openLedger(ctx.config().sage, ctx.logger(), { purpose });
  try {
    return await fn(ledger);
  } finally {
    await ledger.disconnect();
  }
}

export function register(program: Command, ctx: CliContext): void {
  const ledger = program
    .command('ledger')
    .description(
      'The Sage company: create and export the stand-in company; record receipts and allocations as a finance clerk would in Sage',
    );

  ledger
    .command('init')
    .description(
      'Create the stand-in Sage company in SAGE_COMPANY_DIR with the UK default chart of accounts, tax codes, departments and projects',
    )
    .option(
      '--from <seed.json>',
      'a seed file adding nominal codes, tax codes, customers, suppliers, products... (see core/sage/embedded/README.md)',
    )
    .option('--force', 'replace an existing company (its data is lost)')
    .action(async (opts: { from?: string; force?: boolean }) => {
      const dir = embeddedOnly(ctx, 'init');
      const seed = opts.from ? readSeed(opts.from) : undefined;
      const r = await initCompany(dir, seed, { force: Boolean(opts.force) });
      const c = r.counts;
      ctx.out(
        `${r.replaced ? 'Replaced' : 'Created'} the Sage company "${r.companyName}" in ${dir}: ${c.nominals} nominal codes, ${c.tax_codes} tax codes, ` +
          `${c.departments} departments, ${c.projects} projects, ${c.currencies} currencies, ${c.customers} customers, ${c.suppliers} suppliers, ${c.products} products.`,
      );
      ctx.out('Log in as MANAGER with a blank password unless the seed set other users.');
    });

  ledger
    .command('export')
    .description(
      'Print the whole stand-in company (customers, suppliers, products, nominal codes, tax codes, invoices, audit trail, orders, stock, allocations)',
    )
    .option('--json', 'print the documented JSON (see core/sage/embedded/README.md)')
    .action((opts: { json?: boolean }) => {
      const data = exportCompany(embeddedOnly(ctx, 'export')) as Record<string, unknown[]> & {
        company: { name: string };
      };
      if (opts.json) {
        ctx.out(JSON.stringify(data, null, 2));
        return;
      }
      ctx.out(`Sage company "${data.company.name}"`);
      for (const key of [
        'customers',
        'suppliers',
        'products',
        'nominals',
        'taxCodes',
        'invoices',
        'transactions',
        'purchaseOrders',
        'stockTransactions',
        'allocations',
      ]) {
        ctx.out(`  ${key}: ${data[key].length}`);
      }
      ctx.out('Add --json for the full export.');
    });

  ledger
    .command('receipt')
    .description(
      'Record a customer receipt (SR) to the bank and allocate it to an invoice, as a finance clerk does in Sage',
    )
    .requiredOption('--account <ref>', 'customer A/C ref')
    .requiredOption('--invoice <number>', 'invoice number (invoicing module) or batch SI reference')
    .requiredOption('--amount <amount>', 'amount received, e.g. 120.00')
    .requiredOption('--date <date>', 'YYYY-MM-DD or "today"')
    .option('--bank <nominal>', 'bank nominal code (default: the default bank account, 1200)')
    .option('--reference <ref>', 'receipt reference (default: the invoice number)')
    .action(
      async (opts: {
        account: string;
        invoice: string;
        amount: string;
        date: string;
        bank?: string;
        reference?: string;
      }) => {
        const amount = parseAmountArg(opts.amount, '--amount');
        const date = parseDateArg(opts.date, '--date');
        await withLedger(ctx, 'sagebot ledger receipt', async (l) => {
          const r = await l.recordReceipt({
            account: opts.account,
            invoice: opts.invoice,
            amount,
            date,
            ...(opts.bank ? { bankNominal: opts.bank } : {}),
            ...(opts.reference ? { reference: opts.reference } : {}),
          });
          ctx.out(
            `Recorded ${r.label}: ${minorToString(amount)} from ${r.account} to the bank, allocated to invoice ${opts.invoice}.${await statusLine(l, opts.invoice, date)}`,
          );
        });
      },
    );

  ledger
    .command('allocate')
    .description('Allocate a credit note to an invoice, as a finance clerk does in Sage')
    .requiredOption('--credit <number>', 'credit note number (invoicing module) or batch SC reference')
    .requiredOption('--invoice <number>', 'invoice number (invoicing module) or batch SI reference')
    .option('--amount <amount>', 'amount to allocate (default: as much as both allow)')
    .option('--date <date>', 'YYYY-MM-DD or "today" (default today)', 'today')
    .action(async (opts: { credit: string; invoice: string; amount?: string; date: string }) => {
      const amount = opts.amount === undefined ? undefined : parseAmountArg(opts.amount, '--amount');
      const date = parseDateArg(opts.date, '--date');
      await withLedger(ctx, 'sagebot ledger allocate', async (l) => {
        const r = await l.allocate({
          credit: opts.credit,
          invoice: opts.invoice,
          date,
          ...(amount !== undefined ? { amount } : {}),
        });
        ctx.out(
          `Allocated ${minorToString(r.net)} of credit ${opts.credit} to invoice ${opts.invoice} (${r.account}).${await statusLine(l, opts.invoice, date)}`,
        );
      });
    });

  ledger
    .command('set')
    .description(
      "Change the stand-in company's flags: lock date, exclusive use, third-party integration, users logged in elsewhere",
    )
    .option('--lock-date <date>', 'YYYY-MM-DD, or "none" to remove it')
    .option('--exclusive <task>', 'mark the company in exclusive use by a task (e.g. "File Maintenance"), or "off"')
    .option('--integration <on|off>', 'third-party integration enabled')
    .option('--logged-in <user>', 'mark a Sage user as logged in elsewhere')
    .option('--logged-out <user>', 'mark a Sage user as logged out')
    .action(
      (opts: {
        lockDate?: string;
        exclusive?: string;
        integration?: string;
        loggedIn?: string;
        loggedOut?: string;
      }) => {
        const dir = embeddedOnly(ctx, 'set');
        if (opts.integration !== undefined && !['on', 'off'].includes(opts.integration))
          throw usage(`--integration "${opts.integration}" must be on or off.`);
        setCompanyFlags(dir, {
          ...(opts.lockDate !== undefined
            ? { lockDate: opts.lockDate === 'none' ? null : parseDateArg(opts.lockDate, '--lock-date') }
            : {}),
          ...(opts.exclusive !== undefined ? { exclusive: opts.exclusive === 'off' ? false : opts.exclusive } : {}),
          ...(opts.integration !== undefined ? { integrationEnabled: opts.integration === 'on' } : {}),
          ...(opts.loggedIn
            ? { loggedIn: { user: opts.loggedIn, value: true } }
            : opts.loggedOut
              ? { loggedIn: { user: opts.loggedOut, value: false } }
              : {}),
        });
        ctx.out(`Updated the Sage company in ${dir}.`);
      },
    );
}

function readSeed(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SagebotError({
      code: 'USAGE_BAD_SEED',
      message: `The seed file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
      fix: 'Check the path given to --from.',
    });
  }
  try {
    return parseSeed(JSON.parse(text), `The seed file ${file}`);
  } catch (e) {
    if (e instanceof SagebotError) throw e;
    throw new SagebotError({
      code: 'USAGE_BAD_SEED',
      message: `The seed file ${file} is not valid JSON (${(e as Error).message}).`,
      fix: 'Fix the JSON syntax; see core/sage/embedded/README.md for the format.',
    });
  }
}

/** " Invoice 4600: paid 62.00 of 120.00." from the payment status Sage now reports. */
async function statusLine(l: SageLedger, invoice: string, date: string): Promise<string> {
  const s = (await l.listPaymentChanges(date)).find(
    (p) => p.reference === invoice.trim() && (p.kind === 'invoice' || p.kind === 'SI'),
  );
  if (!s) return '';
  return ` Invoice ${invoice}: paid ${minorToString(s.amountPaid)} of ${minorToString(s.gross)}${s.fullyPaidOn ? `, fully paid on ${s.fullyPaidOn}` : ''}.`;
}
