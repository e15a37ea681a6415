/**
 * `sagebot settings [--set key=value ...] [--json]`: show or change the export modules: splitInvoicing
 * (default true), serviceInvoicing (default false), expensesAsJournal (default false). Changes are audited.
 */
import type { Command } from 'commander';
import type { Settings } from '../../../core/export/types.ts';
import { type CliContext, EXIT } from '../context.ts';
import { cliUser, guarded, usage, withApp } from '../helpers.ts';
import { requireRole } from '../identity.ts';

const KEYS: Array<keyof Settings> = ['splitInvoicing', 'serviceInvoicing', 'expensesAsJournal'];
const DESCRIPTIONS: Record<keyof Settings, string> = {
  splitInvoicing:
    'positive lines -> Sage invoice <n>0, negative lines -> credit note <n>1 (off: batch SI/SC with the Manage number)',
  serviceInvoicing: 'service-format invoices, no product references, GL account -> nominal code',
  expensesAsJournal: 'post expenses as a balanced nominal journal instead of supplier invoices',
};

export function parseSetting(text: string): Partial<Settings> {
  const m = /^\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(text);
  const key = KEYS.find((k) => k.toLowerCase() === m?.[1].toLowerCase());
  if (!m || !key)
    throw usage(
      `"${text}" is not a setting.`,
      `Use key=value with one of: ${KEYS.join(', ')} (e.g. splitInvoicing=false).`,
    );
  const v = m[2].toLowerCase();
  if (!['true', 'false', 'on', 'off', 'yes', 'no', '1', '0'].includes(v))
    throw usage(`"${m[2]}" is not true or false.`, `Use ${key}=true or ${key}=false.`);
  return { [key]: ['true', 'on', 'yes', '1'].includes(v) };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('settings')
    .description('Show or change the export modules (split invoicing, service-type invoicing, expenses as journal).')
    .option(
      '--set <key=value>',
      'change a setting (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--json', 'print the settings as JSON')
    .action(async (flags: { set: string[]; json?: boolean }) => {
      process.exitCode = await guarded(ctx, flags.json, undefined, async () => {
        const change = Object.assign({}, ...flags.set.map(parseSetting)) as Partial<Settings>;
        if (Object.keys(change).length) await requireRole(ctx.config(), 'settings', { change });
        return withApp(ctx, async (app, config) => {
          const settings = Object.keys(change).length
            ? await app.engine.updateSettings(change, { user: cliUser(config) })
            : await app.engine.getSettings();
          if (flags.json) ctx.out(JSON.stringify(settings, null, 2));
          else for (const k of KEYS) ctx.out(`${k.padEnd(18)} ${String(settings[k]).padEnd(6)} ${DESCRIPTIONS[k]}`);
          return EXIT.ok;
        });
      });
    });
}
