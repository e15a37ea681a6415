/**
 * The data folder (SAGEBOT_DATA_DIR): every file and folder sagebot keeps there, named in this one place so
 * the config (the Sage company's default), the composition root and the commands that open a single store
 * agree. A folder entry belongs to one store, which names the files inside it.
 */
import { join } from 'node:path';
import { companyDataDir } from './companies.ts';

export interface DataFolder {
  root: string;
  /** The batch journal: one folder per run (storage/journal.ts). */
  runs: string;
  /** The one-run-at-a-time lock (storage/run-lock.ts). */
  locks: string;
  settings: string;
  audit: string;
  paymentSync: string;
  /** The embedded Sage company, unless SAGE_COMPANY_DIR says otherwise. */
  sageCompany: string;
  /** The demo's Manage sandbox: its kept state, and the address of the one a running `sagebot start` serves. */
  manageSandbox: { state: string; running: string };
  /**
   * The conversation's state: flows (a folder), alert channels, history, download links (hashed), the preview
   * schedules, the inbox of preview requests the command line leaves for the running bot, and the outbox of the
   * command line's alerts it sends to the alert chats.
   */
  bot: {
    flows: string;
    alertChannels: string;
    history: string;
    downloads: string;
    schedules: string;
    requests: string;
    outbox: string;
  };
  /** Teams conversation references, for proactive messages. */
  teamsConversations: string;
  /** The local web chat's transcript, kept between starts (adapters/teams/webchat/transcript-file.ts). */
  webchatTranscripts: string;
}

export function dataFolder(root: string): DataFolder {
  const bot = join(root, 'bot');
  return {
    root,
    runs: join(root, 'runs'),
    locks: join(root, 'locks'),
    settings: join(root, 'settings.json'),
    audit: join(root, 'audit.jsonl'),
    paymentSync: join(root, 'payment-sync.json'),
    sageCompany: join(root, 'sage-company'),
    manageSandbox: { state: join(root, 'manage-sandbox.json'), running: join(root, 'manage-sandbox.running.json') },
    bot: {
      flows: bot,
      alertChannels: join(bot, 'alert-channels.json'),
      history: join(bot, 'history.json'),
      downloads: join(bot, 'downloads.json'),
      schedules: join(bot, 'preview-schedules.json'),
      requests: join(bot, 'preview-requests.json'),
      outbox: join(bot, 'alert-outbox.json'),
    },
    teamsConversations: join(root, 'teams-conversations.json'),
    webchatTranscripts: join(root, 'webchat-transcripts.json'),
  };
}

/** What each Sage company keeps apart from the others: its runs (journal), lock, settings, payment-sync history. */
export interface CompanyFolder {
  runs: string;
  locks: string;
  settings: string;
  paymentSync: string;
}

/**
 * The default company keeps today's paths (a data folder from before several companies existed still works
 * unchanged); every other company gets its own subfolder, companies/<id>/, with the same names inside.
 */
export function companyFolder(folder: DataFolder, company: { id: string; isDefault: boolean }): CompanyFolder {
  if (company.isDefault)
    return { runs: folder.runs, locks: folder.locks, settings: folder.settings, paymentSync: folder.paymentSync };
  const own = dataFolder(companyDataDir(folder.root, company.id));
  return { runs: own.runs, locks: own.locks, settings: own.settings, paymentSync: own.paymentSync };
}
