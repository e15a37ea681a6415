/**
 * The alert a command-line run, rerun, resume, payment sync or reconciliation leaves for the chats registered with
 * "alerts here", the same message chat would have sent. The command line has no chat connection, so it goes to
 * the data folder's outbox and the running `sagebot start` sends it (bot/alerts.ts sendQueuedAlerts); the command
 * says whether one runs. Nothing is queued when no chat asked for alerts, and a failure to queue is a warning:
 * the run itself is done.
 */
import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../../bot/index.ts';
import type { Config } from '../../core/config.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { safeMessage } from '../../core/errors.ts';
import { folderOwner } from '../../storage/folder-lock.ts';
import { openAlertChannels, openAlertOutbox } from '../app/stores.ts';
import type { CliContext } from './context.ts';

export async function alertChats(
  ctx: CliContext,
  config: Config,
  alert: { message: OutgoingMessage; about: string },
  json?: boolean,
): Promise<void> {
  const say = json ? ctx.err : ctx.out;
  try {
    const folder = dataFolder(config.dataDir);
    const chats = (await openAlertChannels(folder).list()).length;
    if (!chats) return;
    await openAlertOutbox(folder).submit({
      id: randomUUID(),
      message: alert.message,
      about: alert.about,
      queuedAt: new Date().toISOString(),
    });
    const them = chats === 1 ? 'the alert chat' : `the ${chats} alert chats`;
    say(
      folderOwner(folder.root) === 'free'
        ? `Chat alert: no "sagebot start" runs on this data folder; it is sent to ${them} when one starts (within a day).`
        : `Chat alert: the running sagebot sends it to ${them} within a few seconds.`,
    );
  } catch (e) {
    say(`Chat alert not queued: ${safeMessage(e)}`);
  }
}
