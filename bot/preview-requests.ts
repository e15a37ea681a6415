/**
 * The command line's side of `sagebot request`: which chats a request may go to (those the running bot can
 * post to unasked: registered alert channels and the chats of preview schedules), leaving the request in the
 * inbox, and waiting for the running bot's answer (bot/flows/request-flow.ts). A request nobody takes in time
 * is withdrawn, so it is never posted later by surprise.
 */
import { randomBytes } from 'node:crypto';
import { chatOf } from './alerts.ts';
import type { Conversation } from './events.ts';
import type { AlertChannelStore, PreviewRequest, PreviewRequestInbox, PreviewScheduleStore } from './ports.ts';

/** Chats the bot can post to without being spoken to first, each once. */
export async function requestTargets(stores: {
  alertChannels: AlertChannelStore;
  schedules?: PreviewScheduleStore;
}): Promise<Conversation[]> {
  const all = [
    ...(await stores.alertChannels.list()).map((c) => c.conversation),
    ...((await stores.schedules?.list()) ?? []).map((s) => s.conversation),
  ];
  const byKey = new Map<string, Conversation>();
  for (const c of all) if (!byKey.has(c.key)) byKey.set(c.key, c);
  return [...byKey.values()];
}

/** `--to` as its key ("slack:C0FINANCE"), its chat ("teams:19:x@thread.tacv2") or its name ("Finance"). */
export function findTarget(targets: readonly Conversation[], to: string): Conversation | undefined {
  const want = to.trim().toLowerCase().replace(/^#/, '');
  return (
    targets.find((c) => c.key.toLowerCase() === want) ??
    targets.find((c) => chatOf(c).toLowerCase() === want) ??
    targets.find((c) => c.name?.toLowerCase().replace(/^#/, '') === want)
  );
}

export function newRequestId(): string {
  return `req-${randomBytes(9).toString('base64url')}`;
}

export type PreviewRequestOutcome = PreviewRequest;

export interface WaitOptions {
  /** How long to wait for the running bot to take and answer the request. */
  waitMs: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Leave the request and wait for its answer: `sent`, `empty`, `failed`, or `withdrawn` when no running bot took
 * it within waitMs. One taken but not yet answered is waited for as long again (a slow Manage).
 */
export async function submitPreviewRequest(
  inbox: PreviewRequestInbox,
  request: Omit<PreviewRequest, 'status'>,
  o: WaitOptions,
): Promise<PreviewRequestOutcome> {
  const sleep = o.sleep ?? sleepFor;
  const pollMs = o.pollMs ?? 250;
  await inbox.submit(request);
  const answered = async (deadline: number): Promise<PreviewRequest | undefined> => {
    for (;;) {
      const now = await inbox.get(request.id);
      if (now && now.status !== 'waiting' && now.status !== 'taken') return now;
      if (Date.now() >= deadline) return undefined;
      await sleep(pollMs);
    }
  };
  const first = await answered(Date.now() + o.waitMs);
  if (first) return first;
  const withdrawn = await inbox.move(request.id, ['waiting'], 'withdrawn', { answeredAt: new Date().toISOString() });
  if (withdrawn) return withdrawn;
  const late = await answered(Date.now() + o.waitMs);
  return late ?? { ...request, status: 'taken' };
}
