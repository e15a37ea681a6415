/**
 * Who may approve: the policy, checked at click time from server-side flow state and the clicking actor as
 * the platform identified them (never from anything carried in the card). Approvers are matched on the
 * platform id, the AAD object id or the UPN, case-insensitively; "*" means anyone; "slack:U123" pins a platform.
 * Four-eyes: the requester cannot approve their own batch.
 */
import type { Actor } from './events.ts';
import type { ActorRef } from './ports.ts';

export interface ApprovalPolicy {
  approvers: readonly string[];
  fourEyes: boolean;
}

export type Decision =
  | { allowed: true }
  | { allowed: false; reason: string; code: 'not-approver' | 'four-eyes' | 'no-approvers' };

export function toActorRef(a: Actor): ActorRef {
  return {
    platform: a.platform,
    id: a.id,
    name: a.name || a.id,
    ...(a.aadObjectId ? { aadObjectId: a.aadObjectId } : {}),
    ...(a.upn ? { upn: a.upn } : {}),
  };
}

function identities(a: ActorRef): string[] {
  return [a.id, a.aadObjectId, a.upn]
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .map((v) => v.toLowerCase());
}

export function isApprover(actor: ActorRef, approvers: readonly string[]): boolean {
  const mine = identities(actor);
  return approvers.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry === '*') return true;
    const pinned = /^(teams|slack|webchat|cli):(.+)$/.exec(entry);
    if (pinned) return pinned[1] === actor.platform && mine.includes(pinned[2]);
    return entry !== '' && mine.includes(entry);
  });
}

/** The same person, whichever of their identities the platform sent this time. */
export function samePerson(a: ActorRef, b: ActorRef): boolean {
  if (a.platform !== b.platform) return false;
  const ids = new Set(identities(a));
  return identities(b).some((v) => ids.has(v));
}

export function canApprove(actor: ActorRef, requester: ActorRef, policy: ApprovalPolicy): Decision {
  if (policy.approvers.length === 0) {
    return {
      allowed: false,
      code: 'no-approvers',
      reason: 'Nobody can approve yet: no approvers are configured. An administrator sets SAGEBOT_APPROVERS.',
    };
  }
  if (!isApprover(actor, policy.approvers)) {
    return {
      allowed: false,
      code: 'not-approver',
      reason: `${actor.name}, you are not an approver, so you cannot approve this batch. Ask one of the approvers (see "status").`,
    };
  }
  if (policy.fourEyes && samePerson(actor, requester)) {
    return {
      allowed: false,
      code: 'four-eyes',
      reason: 'Four-eyes is on: the person who asked for a batch cannot approve it. Ask another approver.',
    };
  }
  return { allowed: true };
}

/** Cancelling is open to the requester and to approvers (others could otherwise discard a colleague's work). */
export function canCancel(actor: ActorRef, requester: ActorRef, policy: ApprovalPolicy): boolean {
  return samePerson(actor, requester) || isApprover(actor, policy.approvers);
}
