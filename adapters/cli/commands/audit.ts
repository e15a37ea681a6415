/**
 * `sagebot audit [--limit N] [--json]`: the audit log, newest last — postings, reruns, resumes, batch
 * deletions, settings changes and payment syncs, from chat and the command line alike.
 * `sagebot audit --verify`: walk the hash chain; exit 1 with the first broken or missing link, and list the
 * lines that are not entries.
 */
import type { Command } from 'commander';
import type { AuditLog, AuditVerification } from '../../../core/audit.ts';
import { dataFolder } from '../../../core/data-folder.ts';
import { openAudit } from '../../app/stores.ts';
import { type CliContext, EXIT } from '../context.ts';
import { guarded, usage } from '../helpers.ts';
import { cliTimes } from '../times.ts';

interface Flags {
  limit: string;
  json?: boolean;
  verify?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('Show the audit log: who posted, reran, resumed, deleted batches or changed settings, and when.')
    .option('--limit <n>', 'only the last N entries', '50')
    .option('--json', 'print the entries as JSON')
    .option('--verify', 'check the hash chain of the whole log and report the first broken or missing link')
    .action(async (flags: Flags) => {
      process.exitCode = await guarded(ctx, flags.json, undefined, async () => {
        const folder = dataFolder(ctx.config().dataDir);
        const path = folder.audit;
        const log = openAudit(folder);
        return flags.verify ? verify(ctx, log, path, flags.json) : list(ctx, log, flags);
      });
    });
}

async function list(ctx: CliContext, log: AuditLog, flags: Flags): Promise<number> {
  const limit = Number(flags.limit);
  if (!Number.isSafeInteger(limit) || limit <= 0)
    throw usage(`--limit "${flags.limit}" is not a positive whole number.`, 'For example --limit 20');
  const entries = await log.list({ limit });
  if (flags.json) ctx.out(JSON.stringify(entries, null, 2));
  else if (!entries.length) ctx.out('The audit log is empty.');
  else {
    const t = cliTimes(ctx.config().timeZone);
    ctx.out(t.note());
    for (const e of entries)
      ctx.out(
        `${t.at(e.at).padEnd(17)}  ${e.actor.name.padEnd(16)} ${e.action.padEnd(14)} ${JSON.stringify(e.details)}`,
      );
  }
  const unreadable = (await log.verify?.())?.malformed.length ?? 0;
  if (unreadable)
    ctx.err(`Warning: ${unreadable} line(s) of the audit log are not entries; run "sagebot audit --verify".`);
  return EXIT.ok;
}

async function verify(ctx: CliContext, log: AuditLog, path: string, json?: boolean): Promise<number> {
  const v = (await log.verify?.()) as AuditVerification;
  if (json) {
    ctx.out(JSON.stringify({ path, ...v }, null, 2));
    return v.ok ? EXIT.ok : EXIT.failed;
  }
  for (const m of v.malformed)
    ctx.out(
      `line ${m.line}: not an audit entry (${m.linkedOver ? 'a write torn by a crash: the next entry links over it' : 'nothing links over it: the last write was torn, or the line was edited'})`,
    );
  if (v.broken) ctx.out(`line ${v.broken.line}: broken link: ${v.broken.reason}.`);
  if (v.ok) ctx.out(`The audit log ${path} is intact: ${v.entries} entries, every link holds.`);
  else
    ctx.out(
      `The audit log ${path} does NOT verify${v.broken ? ` from line ${v.broken.line} on` : ''} (${v.entries} entries read).`,
    );
  return v.ok ? EXIT.ok : EXIT.failed;
}
