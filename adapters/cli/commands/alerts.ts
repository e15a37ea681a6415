/**
 * `sagebot alerts [--json]` lists the chats and channels that receive batch and payment-sync alerts (registered
 * in chat with "alerts here"); `sagebot alerts remove KEY` is chat's "alerts off" for one of them. Recorded in the
 * audit log like the chat commands.
 */
import type { Command } from 'commander';
import { dataFolder } from '../../../core/data-folder.ts';
import { isSagebotError } from '../../../core/errors.ts';
import type { Principal } from '../../../core/roles.ts';
import { openAlertChannels, openAudit } from '../../app/stores.ts';
import { type CliContext, EXIT } from '../context.ts';
import { requireRole } from '../identity.ts';

function store(ctx: CliContext) {
  return openAlertChannels(dataFolder(ctx.config().dataDir));
}

export function register(program: Command, ctx: CliContext): void {
  const alerts = program
    .command('alerts')
    .description('List the chats and channels that receive alerts ("alerts here" in chat), or remove one.')
    .option('--json', 'print the list as JSON')
    .action(async (flags: { json?: boolean }) => {
      const channels = await store(ctx).list();
      if (flags.json) ctx.out(JSON.stringify(channels, null, 2));
      else if (!channels.length)
        ctx.out('No chat receives alerts yet: type "alerts here" in a Teams or Slack chat with sagebot.');
      else for (const c of channels) ctx.out(`${c.conversation.key}  ${c.conversation.name ?? ''}`.trimEnd());
      process.exitCode = EXIT.ok;
    });
  alerts
    .command('remove <key>')
    .description('Stop sending alerts to one chat (its key as "sagebot alerts" lists it).')
    .action(async (key: string) => {
      let who: Principal;
      try {
        who = await requireRole(ctx.config(), 'alerts', { conversation: key });
      } catch (e) {
        if (!isSagebotError(e)) throw e;
        ctx.err(`sagebot alerts: ${e.userMessage} [${e.code}]`);
        process.exitCode = EXIT.failed;
        return;
      }
      const removed = await store(ctx).remove(key);
      if (!removed) {
        ctx.err(`sagebot alerts: no chat "${key}" receives alerts; "sagebot alerts" lists them.`);
        process.exitCode = EXIT.usage;
        return;
      }
      await openAudit(dataFolder(ctx.config().dataDir)).record({
        action: 'alerts-off',
        actor: { id: who.id, name: who.name, platform: 'cli' },
        details: { conversation: key },
      });
      ctx.out(`Alerts will no longer go to ${key}.`);
      process.exitCode = EXIT.ok;
    });
}
