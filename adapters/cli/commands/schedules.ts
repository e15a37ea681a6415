/**
 * `sagebot schedules [--json]` lists the preview schedules (made in chat with "every weekday at 8:00 preview
 * invoices here"); `sagebot schedules add <kind> --when "every weekday at 8:00" --to CHAT [--location NAME]
 * [--detail LEVEL] [--through WORDS]` adds or moves one (the through-date's words are read at each firing) and
 * `sagebot schedules stop <kind|all>` stops them: the same operations as chat (bot/preview-schedules.ts), an
 * operator's action. The running bot reads the change from the data folder within a few seconds.
 */
import type { Command } from 'commander';
import { addSchedule, describeSchedule, parseWhen, type ScheduleDeps, stopSchedules } from '../../../bot/index.ts';
import { findTarget, requestTargets } from '../../../bot/preview-requests.ts';
import { dataFolder } from '../../../core/data-folder.ts';
import { SagebotError } from '../../../core/errors.ts';
import { openAlertChannels, openAudit, openPreviewSchedules } from '../../app/stores.ts';
import { type CliContext, EXIT } from '../context.ts';
import { parseKind, type SelectionFlags, selectionOptions } from '../export-flags.ts';

type ScheduleFlags = Pick<SelectionFlags, 'location' | 'detail' | 'through'>;

import { guarded, usage } from '../helpers.ts';
import { cliPolicy, cliPrincipal } from '../identity.ts';

function deps(ctx: CliContext): ScheduleDeps {
  const config = ctx.config();
  const folder = dataFolder(config.dataDir);
  return {
    store: openPreviewSchedules(folder),
    policy: cliPolicy(config).policy,
    audit: openAudit(folder),
    now: () => new Date(),
  };
}

function refusedError(r: { code: string; reason: string }): SagebotError {
  return new SagebotError({
    code: r.code === 'unknown-schedule' ? 'USAGE_UNKNOWN_SCHEDULE' : 'ACCESS_REFUSED',
    message: r.reason,
  });
}

export function register(program: Command, ctx: CliContext): void {
  const schedules = program
    .command('schedules')
    .description('List the preview schedules ("every weekday at 8:00 preview invoices here" in chat), add or stop one.')
    .option('--json', 'print the list as JSON')
    .action(async (flags: { json?: boolean }) => {
      const d = deps(ctx);
      const all = await d.store.list();
      if (flags.json) ctx.out(JSON.stringify(all, null, 2));
      else if (!all.length)
        ctx.out('No preview schedules: say "every weekday at 8:00 preview invoices here" in a chat with sagebot.');
      else for (const s of all) ctx.out(`${s.id}  ${describeSchedule(s, ctx.config().timeZone, new Date())}`);
      process.exitCode = EXIT.ok;
    });
  schedules
    .command('add <kind>')
    .description('Preview a kind on a schedule and post the card to a chat for approval (replaces its schedule).')
    .requiredOption('--when <words>', 'when: "every weekday at 8:00", "every monday at 9am" or cron "0 8 * * 1-5"')
    .requiredOption('--to <chat>', 'the chat: its key or name as "sagebot alerts" lists it')
    .option('--location <name>', 'only this Manage location')
    .option('--detail <level>', 'invoice line detail: Default, Condensed or Detailed')
    .option(
      '--through <words>',
      'the through-date, read at each firing: "yesterday", "end of last month" (default today)',
    )
    .action(async (kindText: string, flags: { when: string; to: string } & ScheduleFlags) => {
      process.exitCode = await guarded(ctx, false, undefined, async () => {
        const kind = parseKind(kindText);
        // Checked as a preview's flags are (a bad level or date is refused now, not at each firing).
        const checked = selectionOptions(flags, ctx.config(), cliPrincipal(ctx.config()));
        const when = parseWhen(/\b(every|cron|daily)\b/i.test(flags.when) ? flags.when : `every ${flags.when}`);
        if (!when.ok) throw usage(when.message, when.fix);
        const d = deps(ctx);
        const folder = dataFolder(ctx.config().dataDir);
        const targets = await requestTargets({ alertChannels: openAlertChannels(folder), schedules: d.store });
        const to = findTarget(targets, flags.to);
        if (!to)
          throw usage(
            `"${flags.to}" is not a chat registered for alerts or schedules.`,
            'Type "alerts here" in that chat first.',
          );
        const r = await addSchedule(d, cliPrincipal(ctx.config()), {
          kind,
          cron: when.cron,
          description: when.description,
          conversation: to,
          ...(flags.location ? { location: flags.location } : {}),
          ...(checked.detail ? { detail: checked.detail } : {}),
          ...(flags.through ? { through: flags.through } : {}),
        });
        if (!r.ok) throw refusedError(r);
        ctx.out(`Scheduled: ${describeSchedule(r.schedule, ctx.config().timeZone, new Date())}.`);
        return EXIT.ok;
      });
    });
  schedules
    .command('stop <kind>')
    .description('Stop the schedule of a kind ("all" stops every one).')
    .action(async (kindText: string) => {
      process.exitCode = await guarded(ctx, false, undefined, async () => {
        const kind = kindText.toLowerCase() === 'all' ? undefined : parseKind(kindText);
        const r = await stopSchedules(deps(ctx), cliPrincipal(ctx.config()), { kind });
        if (!r.ok) throw refusedError(r);
        ctx.out(
          r.removed.length ? `Stopped: ${r.removed.map((s) => s.id).join(', ')}.` : 'There were no schedules to stop.',
        );
        return EXIT.ok;
      });
    });
}
