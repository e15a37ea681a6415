/**
 * The approvals policy as the conversation uses it: the role check of core/roles.ts (the same one the command
 * line and the schedule call), applied to the clicking actor as the platform identified them and to
 * server-side flow state, never to anything carried in a card. Four-eyes: the requester cannot approve.
 */
import { type AccessPolicy, authorize, type Decision, type GuardedAction, listed, samePerson } from '../core/roles.ts';
import type { Actor } from './events.ts';
import type { ActorRef } from './ports.ts';

export type ApprovalPolicy = AccessPolicy;
export type { Decision };
export { samePerson };

export function toActorRef(a: Actor): ActorRef {
  return {
    platform: a.platform,
    id: a.id,
    name: a.name || a.id,
    ...(a.aadObjectId ? { aadObjectId: a.aadObjectId } : {}),
    ...(a.upn ? { upn: a.upn } : {}),
  };
}

/** Is the actor named in `approvers` (in one of the forms core/roles.ts parses)? */
export function isApprover(actor: ActorRef, approvers: readonly string[]): boolean {
  return listed(actor, approvers);
}

/** May the actor approve a posting (or rerun) that `requester` asked for? */
export function canApprove(
  actor: ActorRef,
  requester: ActorRef,
  policy: ApprovalPolicy,
  action: Extract<GuardedAction, 'post' | 'rerun' | 'force'> = 'post',
): Decision {
  return authorize(actor, action, policy, requester);
}

/** May the actor do a non-posting guarded action (payment sync, settings, alerts)? */
export function mayDo(actor: ActorRef, action: GuardedAction, policy: ApprovalPolicy): Decision {
  return authorize(actor, action, policy);
}

/** Cancelling is open to the requester and to approvers (others could otherwise discard a colleague's work). */
export function canCancel(actor: ActorRef, requester: ActorRef, policy: ApprovalPolicy): boolean {
  return samePerson(actor, requester, policy.people) || isApprover(actor, policy.approvers);
}
