/**
 * The preview schedules as operations, the same for chat ("every weekday at 8:00 preview invoices here",
 * "schedules", "stop the invoice schedule") and the command line (`sagebot schedules`): list, add (or move),
 * stop. Adding and stopping are an operator's action (core/roles.ts `schedules`), checked and audited here.
 */
import type { AuditLog } from '../core/audit.ts';
import type { DetailLevel, Kind } from '../core/export/types.ts';
import { type AccessPolicy, authorize, type RefusalCode } from '../core/roles.ts';
import { formatInstant } from './dates.ts';
import type { Conversation } from './events.ts';
import type { ActorRef, PreviewSchedule, PreviewScheduleStore } from './ports.ts';
import { nextScheduledRun } from './schedule.ts';
import { kindNoun } from './views/format.ts';

export interface ScheduleDeps {
  store: PreviewScheduleStore;
  policy: AccessPolicy;
  audit: AuditLog;
  now: () => Date;
}

export type Refused = { ok: false; code: RefusalCode | 'unknown-schedule'; reason: string };

export interface NewSchedule {
  kind: Kind;
  cron: string;
  description: string;
  conversation: Conversation;
  company?: string;
  location?: string;
  detail?: DetailLevel;
  /** Checked by the caller: words resolveChatDate reads. */
  through?: string;
}

/** One schedule per kind and company: "invoices", or "invoices@<company>" once there are several. */
export function scheduleId(kind: Kind, company?: string): string {
  return company ? `${kind}@${company}` : kind;
}

async function refused(deps: ScheduleDeps, who: ActorRef, command: string): Promise<Refused | undefined> {
  const decision = authorize(who, 'schedules', deps.policy);
  if (decision.allowed) return undefined;
  await record(deps, 'refuse', who, { command, reason: decision.code });
  return { ok: false, code: decision.code, reason: decision.reason };
}

async function record(deps: ScheduleDeps, action: string, who: ActorRef, details: Record<string, unknown>) {
  await deps.audit.record({
    at: deps.now().toISOString(),
    action,
    actor: { id: who.id, name: who.name, platform: who.platform },
    details,
  });
}

export async function addSchedule(
  deps: ScheduleDeps,
  who: ActorRef,
  spec: NewSchedule,
): Promise<{ ok: true; schedule: PreviewSchedule; replaced?: PreviewSchedule } | Refused> {
  const refusal = await refused(deps, who, 'schedule-add');
  if (refusal) return refusal;
  const schedule: PreviewSchedule = {
    id: scheduleId(spec.kind, spec.company),
    kind: spec.kind,
    ...(spec.company ? { company: spec.company } : {}),
    cron: spec.cron,
    description: spec.description,
    conversation: spec.conversation,
    ...(spec.location ? { location: spec.location } : {}),
    ...(spec.detail && spec.detail !== 'Default' ? { detail: spec.detail } : {}),
    ...(spec.through ? { through: spec.through } : {}),
    createdBy: who,
    createdAt: deps.now().toISOString(),
  };
  const replaced = await deps.store.put(schedule);
  await record(deps, 'schedule-add', who, {
    schedule: schedule.id,
    cron: schedule.cron,
    conversation: schedule.conversation.key,
    ...(schedule.location ? { location: schedule.location } : {}),
    ...(schedule.detail ? { detail: schedule.detail } : {}),
    ...(schedule.through ? { through: schedule.through } : {}),
    ...(replaced ? { replaced: { cron: replaced.cron, conversation: replaced.conversation.key } } : {}),
  });
  return { ok: true, schedule, ...(replaced ? { replaced } : {}) };
}

/** Stop the schedule of `kind` (and company), or every schedule when no kind is given. */
export async function stopSchedules(
  deps: ScheduleDeps,
  who: ActorRef,
  which: { kind?: Kind; company?: string; id?: string },
): Promise<{ ok: true; removed: PreviewSchedule[] } | Refused> {
  const refusal = await refused(deps, who, 'schedule-stop');
  if (refusal) return refusal;
  const all = await deps.store.list();
  const id = which.id ?? (which.kind ? scheduleId(which.kind, which.company) : undefined);
  const ids = id ? [id] : all.map((s) => s.id);
  const removed = await deps.store.remove(ids);
  if (id && !removed.length) {
    const known = all.map((s) => s.id).join(', ') || 'none';
    return { ok: false, code: 'unknown-schedule', reason: `There is no ${id} schedule (schedules: ${known}).` };
  }
  if (removed.length) await record(deps, 'schedule-stop', who, { schedules: removed.map((s) => s.id) });
  return { ok: true, removed };
}

/** "invoices for London through yesterday, every weekday at 08:00 in Finance (next: 3 Dec 2026 08:00)". */
export function describeSchedule(s: PreviewSchedule, timeZone: string, now: Date): string {
  const next = nextScheduledRun(s.cron, timeZone, now);
  const where = s.conversation.name ?? s.conversation.key;
  const company = s.company ? ` (company ${s.company})` : '';
  const when = next ? `next: ${formatInstant(next.toISOString(), timeZone)}` : 'never fires';
  const selection = [
    s.location ? `for ${s.location}` : '',
    s.detail && s.detail !== 'Default' ? `detail ${s.detail.toLowerCase()}` : '',
    s.through ? `through ${s.through}` : '',
  ].filter(Boolean);
  const what = selection.length ? `${selection.join(' ')},` : '';
  return `${kindNoun(s.kind)}${company} ${what ? `${what} ` : ''}${s.description} in ${where} (${when})`;
}
