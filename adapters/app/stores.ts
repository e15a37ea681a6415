/**
 * Every store sagebot keeps in the data folder, opened in one place: the engine's (journal, run lock,
 * settings, payment-sync state, audit log) and the conversation's (flows, alert channels, history). The bot
 * receives its stores from here and opens none itself; a command that needs one store opens just that one
 * (opening a store creates its folder).
 */

import type {
  AlertChannelStore,
  AlertOutbox,
  BotStores,
  PreviewRequestInbox,
  PreviewScheduleStore,
} from '../../bot/index.ts';
import type { AuditLog } from '../../core/audit.ts';
import type { CompanyFolder, DataFolder } from '../../core/data-folder.ts';
import { openAlertChannelStore } from '../../storage/alert-channels.ts';
import { openAlertOutboxStore } from '../../storage/alert-outbox.ts';
import { openAuditLog } from '../../storage/audit-log.ts';
import { openBotHistoryStore } from '../../storage/bot-history.ts';
import { openDownloadRegistry } from '../../storage/download-registry.ts';
import { openFlowStore } from '../../storage/flows.ts';
import { openBatchJournal } from '../../storage/journal.ts';
import { openPaymentSyncState } from '../../storage/payment-sync-state.ts';
import { openPreviewRequestInbox } from '../../storage/preview-requests.ts';
import { openPreviewScheduleStore } from '../../storage/preview-schedules.ts';
import { openRunLock } from '../../storage/run-lock.ts';
import { openSettingsStore } from '../../storage/settings.ts';

export function openAudit(folder: DataFolder): AuditLog {
  return openAuditLog(folder.audit);
}

export function openAlertChannels(folder: DataFolder, now: () => Date = () => new Date()): AlertChannelStore {
  return openAlertChannelStore(folder.bot.alertChannels, now);
}

export function openPreviewSchedules(folder: DataFolder): PreviewScheduleStore {
  return openPreviewScheduleStore(folder.bot.schedules);
}

export function openPreviewRequests(folder: DataFolder, now: () => Date = () => new Date()): PreviewRequestInbox {
  return openPreviewRequestInbox(folder.bot.requests, now);
}

export function openAlertOutbox(folder: DataFolder, now: () => Date = () => new Date()): AlertOutbox {
  return openAlertOutboxStore(folder.bot.outbox, now);
}

export function openEngineStores(folder: DataFolder) {
  return { ...openCompanyStores(folder), audit: openAudit(folder) };
}

/** One Sage company's stores: its journal, run lock, settings and payment-sync history (core/data-folder.ts). */
export function openCompanyStores(folder: CompanyFolder) {
  return {
    journal: openBatchJournal(folder.runs),
    lock: openRunLock(folder.locks),
    settings: openSettingsStore(folder.settings),
    paymentSyncState: openPaymentSyncState(folder.paymentSync),
  };
}

/** The conversation's stores; `now` stamps flows and alert registrations (tests pass their clock). */
export function openBotStores(folder: DataFolder, now: () => Date = () => new Date()): BotStores {
  return {
    flows: openFlowStore(folder.bot.flows, { now }),
    alertChannels: openAlertChannels(folder, now),
    history: openBotHistoryStore(folder.bot.history),
    downloads: openDownloadRegistry(folder.bot.downloads, now),
    schedules: openPreviewSchedules(folder),
    requests: openPreviewRequests(folder, now),
    outbox: openAlertOutbox(folder, now),
  };
}
