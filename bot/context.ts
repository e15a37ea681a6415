/**
 * What every flow handler gets: the ports (engine, payment sync, audit, messenger, stores), the approval
 * policy, the background task runner, per-flow locks, the downloads registry, and a little in-process state
 * (the payment sync running now, the last progress card of each posting). Built once by createBot.
 */
import { randomBytes } from 'node:crypto';
import { type AuditLog, recordOrRefuse } from '../core/audit.ts';
import type { Config } from '../core/config.ts';
import type { Door, ExportEngine, PaymentSync, Requester } from '../core/export/types.ts';
import type { Logger } from '../core/logger.ts';
import type { ApprovalPolicy } from './approvals.ts';
import type { Downloads } from './downloads.ts';
import type { Messenger, OutgoingMessage } from './events.ts';
import type { KeyedMutex } from './locks.ts';
import type {
  ActorRef,
  AlertChannelStore,
  AlertOutbox,
  BotCompany,
  BotHistoryStore,
  DownloadRegistry,
  FlowStore,
  PreviewRequestInbox,
  PreviewScheduleStore,
} from './ports.ts';
import type { TaskRunner } from './tasks.ts';

export type BotConfig = Pick<Config, 'approvers' | 'fourEyes' | 'timeZone' | 'paymentSyncCron'> &
  Partial<Pick<Config, 'operators' | 'people'>>;

export interface BotStores {
  flows: FlowStore;
  alertChannels: AlertChannelStore;
  history: BotHistoryStore;
  /** Where download links are remembered (hashed) across restarts; in memory only when absent. */
  downloads?: DownloadRegistry;
  /** The preview schedules; none can be made when absent. */
  schedules?: PreviewScheduleStore;
  /** Previews the command line asks for (`sagebot request`); none are picked up when absent. */
  requests?: PreviewRequestInbox;
  /** Alerts the command line leaves for the alert chats; none are sent when absent. */
  outbox?: AlertOutbox;
}

export interface BotContext {
  /** The engine and payment sync of `company` (the default unless a message or flow names another). */
  engine: ExportEngine;
  paymentSync: PaymentSync;
  /** Every Sage company, the default first; one unless several are configured (bot/companies.ts). */
  companies: BotCompany[];
  company: BotCompany;
  /** How `company` was chosen for this turn (several companies only): the flow it starts records it. */
  chosen?: 'named' | 'default' | 'location' | 'schedule';
  audit: AuditLog;
  messenger: Messenger;
  config: BotConfig;
  stores: BotStores;
  policy: ApprovalPolicy;
  downloads: Downloads;
  tasks: TaskRunner;
  locks: KeyedMutex;
  logger: Logger;
  now: () => Date;
  progressIntervalMs: number;
  /** Every click is answered within this (bot/deadline.ts); slower work goes on in the background. */
  actionDeadlineMs: number;
  /** In-process state. */
  state: {
    /** The payment sync running now, per company id (two companies may sync at once; one never twice). */
    syncs: Map<string, RunningSync>;
    lastProgress: Map<string, OutgoingMessage>;
    /** Set by startSchedules (bot/schedule.ts): re-read the preview schedules after one was added or stopped. */
    schedulesChanged?: () => Promise<void>;
  };
}

export interface RunningSync {
  by: string;
  since: string;
  startedAt: string;
}

/** The payment sync of the context's company running now, if any. */
export function runningSync(ctx: BotContext): RunningSync | undefined {
  return ctx.state.syncs.get(ctx.company.id);
}

export function setRunningSync(ctx: BotContext, sync: RunningSync | undefined): void {
  if (sync) ctx.state.syncs.set(ctx.company.id, sync);
  else ctx.state.syncs.delete(ctx.company.id);
}

/**
 * Who the unattended schedule acts as, in journals and the audit log: the system door, which core/roles.ts
 * allows the payment sync and nothing that posts (no configured identity can match it).
 */
export const SCHEDULE_ACTOR: ActorRef = { platform: 'system', id: 'sagebot-schedule', name: 'Scheduled payment sync' };

/**
 * The requester of a scheduled preview: the system, so the human who approves its card is always a second person
 * (core/roles.ts lets the system post nothing).
 */
export const SCHEDULED_PREVIEW_ACTOR: ActorRef = {
  platform: 'system',
  id: 'sagebot-schedule',
  name: 'Scheduled preview',
};

export function newFlowId(): string {
  return randomBytes(12).toString('base64url');
}

/** Record an audit entry; a failing audit write is logged loudly but never breaks the conversation. */
export async function audit(
  ctx: BotContext,
  action: string,
  actor: ActorRef,
  details: Record<string, unknown>,
  correlationId?: string,
): Promise<void> {
  try {
    await ctx.audit.record({
      at: ctx.now().toISOString(),
      action,
      actor: { id: actor.id, name: actor.name, platform: actor.platform },
      details,
      ...(correlationId ? { correlationId } : {}),
    });
  } catch (err) {
    ctx.logger.error({ err, action }, 'audit record failed');
  }
}

/**
 * Record an approval before the posting it allows: when the audit log cannot be written the posting must not
 * start. Returns the user-facing refusal, or undefined when the entry is on disk.
 */
export async function auditApproval(
  ctx: BotContext,
  actor: ActorRef,
  details: Record<string, unknown>,
  correlationId?: string,
): Promise<string | undefined> {
  try {
    await recordOrRefuse(ctx.audit, {
      at: ctx.now().toISOString(),
      action: 'approve',
      actor: { id: actor.id, name: actor.name, platform: actor.platform },
      details,
      ...(correlationId ? { correlationId } : {}),
    });
    return undefined;
  } catch (err) {
    ctx.logger.error({ err }, 'approval not audited: posting refused');
    return (err as { userMessage?: string }).userMessage ?? String(err);
  }
}

const DOORS: Record<ActorRef['platform'], Door> = {
  teams: 'teams',
  slack: 'slack',
  webchat: 'webchat',
  cli: 'cli',
  system: 'schedule',
};

/** The engine's notion of a user, with the door they came in by (the journal keeps it with each run). */
export function requesterOf(a: ActorRef): Requester {
  return { id: a.upn ?? a.aadObjectId ?? a.id, name: a.name, door: DOORS[a.platform] };
}
