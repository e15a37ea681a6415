/**
 * `sagebot request <kind> [--through DATE] [--location NAME] [--detail LEVEL] [--include N] [--exclude N]
 * --to CHAT [--wait SECONDS] [--json]`: ask the running `sagebot start` to prepare a preview and post it to a chat
 * for approval, so the person at the Sage machine can start a batch that someone else approves (four-eyes: the
 * requester is this OS user, `os:<name>`, who cannot approve it).
 *
 * Why through the running bot: only it holds the Teams and Slack connections (credentials, tokens, the stored
 * conversation references) and answers the card's clicks, so the command leaves the request in the data
 * folder's inbox and waits for the bot's answer. The chat must be one the bot may post to unasked: a chat
 * registered with "alerts here" or a preview schedule's chat. Exit 0 sent (or nothing to post), 1 failed or
 * not taken (then withdrawn), 2 bad usage.
 */
import type { Command } from 'commander';
import type { PreviewRequest } from '../../../bot/ports.ts';
import { findTarget, newRequestId, requestTargets, submitPreviewRequest } from '../../../bot/preview-requests.ts';
import type { Config } from '../../../core/config.ts';
import { dataFolder } from '../../../core/data-folder.ts';
import { SagebotError } from '../../../core/errors.ts';
import { resolveDate } from '../../../core/export/dates.ts';
import { folderOwner } from '../../../storage/folder-lock.ts';
import { openAlertChannels, openPreviewRequests, openPreviewSchedules } from '../../app/stores.ts';
import { type CliContext, EXIT } from '../context.ts';
import { parseKind, type SelectionFlags, selectionOptions, withSelectionFlags } from '../export-flags.ts';
import { guarded, usage } from '../helpers.ts';
import { cliPrincipal } from '../identity.ts';

interface RequestFlags extends SelectionFlags {
  to?: string;
  wait?: string;
}

export function register(program: Command, ctx: CliContext): void {
  withSelectionFlags(
    program
      .command('request <kind>')
      .description('Prepare a preview and send it to a chat for someone else to approve (needs "sagebot start").')
      .requiredOption('--to <chat>', 'the chat: its key or name as "sagebot alerts" or "sagebot schedules" lists it'),
  )
    .option('--wait <seconds>', 'how long to wait for the running sagebot to post it (default 30)')
    .option('--json', 'print the answer as one JSON object')
    .action(async (kindText: string, flags: RequestFlags) => {
      process.exitCode = await guarded(ctx, flags.json, undefined, () => request(ctx, kindText, flags));
    });
}

async function request(ctx: CliContext, kindText: string, flags: RequestFlags): Promise<number> {
  const kind = parseKind(kindText);
  const config = ctx.config();
  const who = cliPrincipal(config);
  const { user: _user, ...options } = selectionOptions(flags, config, who);
  const waitMs = waitOf(flags.wait);
  const folder = dataFolder(config.dataDir);
  if (folderOwner(folder.root) === 'free')
    throw new SagebotError({
      code: 'REQUEST_NO_BOT',
      message: `No "sagebot start" runs on the data folder ${folder.root}, so nobody can post the preview to chat.`,
      fix: 'Start sagebot ("sagebot start") on this data folder, then ask again; "sagebot preview" shows a preview here.',
    });
  const targets = await requestTargets({
    alertChannels: openAlertChannels(folder),
    schedules: openPreviewSchedules(folder),
  });
  const to = findTarget(targets, flags.to ?? '');
  if (!to) {
    const known = targets.map((c) => `${c.key}${c.name ? ` (${c.name})` : ''}`).join(', ');
    throw usage(
      `sagebot cannot post to "${flags.to}": it is not a chat registered for alerts or schedules.`,
      known ? `Use one of: ${known}.` : 'Type "alerts here" in the Teams or Slack chat first, then use its key.',
    );
  }
  const answer = await submitPreviewRequest(
    openPreviewRequests(folder),
    {
      id: newRequestId(),
      kind,
      ...requestedCompany(ctx, config),
      options: { throughDate: options.throughDate ?? resolveDate('today', { timeZone: config.timeZone }), ...options },
      requester: { platform: 'cli', id: who.id, name: who.name },
      to,
      requestedAt: new Date().toISOString(),
    },
    { waitMs },
  );
  return report(ctx, answer, flags.json);
}

function waitOf(text: string | undefined): number {
  if (text === undefined) return 30_000;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 1 || n > 3600)
    throw usage(`--wait "${text}" is not a number of seconds.`, 'Use 1 to 3600.');
  return n * 1000;
}

function report(ctx: CliContext, r: PreviewRequest, json: boolean | undefined): number {
  const code = r.status === 'sent' || r.status === 'empty' ? EXIT.ok : EXIT.failed;
  if (json) {
    ctx.out(JSON.stringify(r, null, 2));
    return code;
  }
  const where = r.to.name ?? r.to.key;
  const lines: Record<PreviewRequest['status'], string> = {
    sent: `Sent to ${where}: ${r.summary}. An approver other than you approves it there.`,
    empty: `Nothing to post (${r.summary}); nothing was sent to ${where}.`,
    failed: `The running sagebot could not prepare the preview: ${r.error}`,
    expired: 'The request waited too long and was not posted.',
    withdrawn:
      'No running sagebot took the request in time (is "sagebot start" running on this data folder?); it was withdrawn.',
    waiting: 'The request was not answered.',
    taken:
      'The running sagebot took the request but has not answered yet; the card will appear in the chat when it does.',
  };
  (code === EXIT.ok ? ctx.out : ctx.err)(`sagebot request: ${lines[r.status]}`);
  return code;
}

/** `--company` resolved against the configured companies (id, name or alias); unknown ones are refused. */
function requestedCompany(ctx: CliContext, config: Config): { company?: string } {
  const want = ctx.company?.trim().toLowerCase();
  if (!want) return {};
  const found = config.companies.find((c) => [c.id, c.name, ...c.aliases].some((n) => n.toLowerCase() === want));
  if (!found)
    throw usage(
      `There is no Sage company "${ctx.company}".`,
      `Use --company with one of: ${config.companies.map((c) => `${c.id} (${c.name})`).join(', ')}.`,
    );
  return found.isDefault ? {} : { company: found.id };
}
