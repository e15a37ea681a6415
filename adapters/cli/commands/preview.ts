/**
 * `sagebot preview <kind> [--through DATE] [--location NAME] [--detail LEVEL] [--include NUMBERS] [--exclude NUMBERS]
 * [--json]`: what a batch would post, without writing anything: the Sage documents per transaction, totals,
 * nominal and tax impact, what would be created, every mapping problem with its fix, and a suggested batch id.
 * Exit 0 when the batch could run, 1 when problems block it, 2 bad usage. --json prints the Preview object.
 */
import type { Command } from 'commander';
import { totalsTable } from '../../../bot/views/format.ts';
import { headlineFacts, impactTable, typeTable } from '../../../bot/views/preview-figures.ts';
import type { Table } from '../../../cards/view-models.ts';
import type { Preview } from '../../../core/export/types.ts';
import { formatMoney } from '../../../core/money.ts';
import { type CliContext, EXIT } from '../context.ts';
import { parseKind, type SelectionFlags, selectionOptions, withSelectionFlags } from '../export-flags.ts';
import { cliUser, guarded, withApp } from '../helpers.ts';
import { type CliTimes, cliTimes } from '../times.ts';

const money = (minor: number, currency: string) => formatMoney(minor, currency).padStart(18);

/** A card's table as text lines: the chat's own figures (each amount with its currency, the basis in the title). */
function printTable(out: (line: string) => void, t: Table): void {
  out(`${t.title}:`);
  const counted = t.columns[1] === 'Count';
  for (const r of t.rows) {
    const [first, second, ...amounts] = r.cells;
    out(
      `  ${first.slice(0, 30).padEnd(counted ? 14 : 8)} ${counted ? second.padStart(5) : second.slice(0, 30).padEnd(30)}  ${amounts.map((m, i) => `${t.columns[i + 2].toLowerCase()} ${m.padStart(18)}`).join('  ')}`,
    );
  }
}

export function printPreview(ctx: Pick<CliContext, 'out'>, p: Preview, times: CliTimes): void {
  const out = ctx.out;
  out(`Preview of ${p.kind} through ${p.throughDate}${p.location ? ` at ${p.location}` : ''} (detail: ${p.detail})`);
  out(`Checked at ${times.named(p.generatedAt)}`);
  for (const t of p.transactions) {
    const docs = t.documents.map((d) => `${d.label} [${d.account}]`).join(', ') || '-';
    out(
      `  ${t.status.padEnd(8)} ${t.type.padEnd(13)} ${t.number.padEnd(10)} ${t.date} ${t.party.slice(0, 28).padEnd(28)} ${money(t.total, t.currency)}  -> ${docs}${t.note ? `  (${t.note})` : ''}`,
    );
    // The line text the chosen detail level produces, as the chat card shows it.
    if (t.lines?.length) out(`           lines: ${t.lines.join('; ')}`);
  }
  if (p.leftOut?.length) {
    out(`Left out (${p.leftOut.length}, not in this batch):`);
    for (const t of p.leftOut)
      out(
        `  ${t.type.padEnd(13)} ${t.number.padEnd(10)} ${t.party.slice(0, 28).padEnd(28)} ${money(t.total, t.currency)}`,
      );
  }
  for (const f of headlineFacts(p)) out(`${f.title}: ${f.value}`);
  printTable(out, typeTable(p));
  printTable(out, totalsTable('Totals per currency', 'Currency', p.totalsByCurrency, true));
  printTable(out, impactTable('Impact per nominal code', 'Nominal', p.nominalImpact, p));
  printTable(out, impactTable('Impact per tax code', 'Tax code', p.taxImpact, p));
  const c = p.creations;
  if (c.customers.length || c.suppliers.length || c.products.length) {
    out('Created in Sage on the way:');
    const named = (refs: string[]) => refs.map((ref) => (c.names?.[ref] ? `${ref} (${c.names[ref]})` : ref)).join(', ');
    if (c.customers.length) out(`  customers: ${named(c.customers)}`);
    if (c.suppliers.length) out(`  suppliers: ${named(c.suppliers)}`);
    if (c.products.length) out(`  products:  ${c.products.join(', ')}`);
  }
  const blocking = p.problems.filter((x) => x.blocks !== 'record');
  const held = p.problems.filter((x) => x.blocks === 'record');
  if (blocking.length) {
    out(`${blocking.length} problem(s) block this batch (nothing would be posted):`);
    for (const x of blocking) out(`  ${x.record}: ${x.message}\n    Fix: ${x.fix}`);
  }
  if (held.length) {
    out(`${held.length} record(s) held back (not posted; the rest of the batch can be):`);
    for (const x of held) out(`  ${x.record}: ${x.message}\n    Fix: ${x.fix}`);
  }
  if (!p.problems.length) {
    out('No mapping problems.');
  }
  out(`Suggested batch id: ${p.suggestedBatchId}`);
}

export function register(program: Command, ctx: CliContext): void {
  withSelectionFlags(
    program
      .command('preview <kind>')
      .description(
        'Show what a batch of invoices, expenses or inventory would post to Sage, without writing anything.',
      ),
  )
    .option('--json', 'print the preview as one JSON object')
    .action(async (kindText: string, flags: SelectionFlags) => {
      process.exitCode = await guarded(ctx, flags.json, undefined, async () => {
        const kind = parseKind(kindText);
        const config = ctx.config();
        const opts = selectionOptions(flags, config, cliUser(config));
        return withApp(ctx, async (app) => {
          const preview = await app.engine.preview(kind, opts);
          if (flags.json) ctx.out(JSON.stringify(preview, null, 2));
          else printPreview(ctx, preview, cliTimes(config.timeZone));
          return preview.problems.some((x) => x.blocks !== 'record') ? EXIT.failed : EXIT.ok;
        });
      });
    });
}
