/**
 * Who may do what: the one role check that every way in calls (Teams, Slack, the local web chat, the command
 * line, the schedule), so a door cannot forget a rule. Two roles a finance team knows:
 *   approver — may post to the Sage ledger: approve a batch, rerun one (with or without force), resume an
 *              interrupted posting, delete a Manage batch, record a receipt or allocation from the command
 *              line; and everything an operator may do;
 *   operator — may do what changes Manage or the bot but posts nothing to Sage: payment sync, export
 *              settings, where alerts go, the preview schedules (a scheduled preview is only a read: its
 *              card still needs a human approver, and its requester is the system, so four-eyes holds).
 * Anyone may preview, ask for status, batches, settings (to read) and help, and reconcile a batch: reading it
 * back from Sage changes nothing (no post, no Manage write), so it needs no role, as a preview needs none.
 * People are named by prefixed identities, each tied to one door (see parseIdentity), so an identity claimed on
 * one door never counts on another. The unattended schedule acts as "system", allowed only what it is built to do.
 */

/** The door an identity came through ('system' is sagebot itself: the schedule, the start-up resume). */
export type Door = 'teams' | 'slack' | 'webchat' | 'cli' | 'system';

/** A person (or the system) as the door identified them: never from card data or message text. */
export interface Principal {
  platform: Door;
  /** Teams: the AAD object id; Slack: the user id; CLI: the operating-system user name; web chat: its fixed id. */
  id: string;
  name: string;
  aadObjectId?: string;
  upn?: string;
}

export type Role = 'approver' | 'operator';

export type GuardedAction =
  | 'post'
  | 'rerun'
  | 'force'
  | 'resume'
  | 'batch-delete'
  | 'ledger-entry'
  | 'sync-payments'
  | 'settings'
  | 'alerts'
  | 'schedules';

export const ROLE_OF: Readonly<Record<GuardedAction, Role>> = {
  post: 'approver',
  rerun: 'approver',
  force: 'approver',
  resume: 'approver',
  'batch-delete': 'approver',
  'ledger-entry': 'approver',
  'sync-payments': 'operator',
  settings: 'operator',
  alerts: 'operator',
  schedules: 'operator',
};

/** What the refusal says the person tried to do. */
const WHAT: Readonly<Record<GuardedAction, string>> = {
  post: 'approve this batch',
  rerun: 'approve a rerun',
  force: 'force a rerun',
  resume: 'resume an interrupted posting',
  'batch-delete': 'delete a batch',
  'ledger-entry': 'record receipts or allocations in Sage',
  'sync-payments': 'sync payments into Manage',
  settings: 'change settings',
  alerts: 'change where alerts go',
  schedules: 'add or stop scheduled previews',
};

/** What the schedule and the start-up resume may do on their own. */
const SYSTEM_MAY: ReadonlySet<GuardedAction> = new Set(['sync-payments', 'resume']);

export type IdentityEntry =
  | { kind: 'anyone' }
  | { kind: 'teams-aad' | 'teams-upn' | 'slack' | 'os' | 'webchat'; value: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@,:]+@[^\s@,:]+\.[^\s@,:]+$/;
const SLACK_ID = /^[UW][A-Z0-9]{1,20}$/i;
const OS_USER = /^[A-Za-z0-9_.$\\-]{1,64}$/;
const WEBCHAT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** The forms SAGEBOT_APPROVERS / SAGEBOT_OPERATORS accept, for error messages and docs. */
export const IDENTITY_FORMS =
  'comma-separated entries, each teams:<AAD object id GUID>, teams:<UPN such as jane@contoso.com>, slack:<user id such as U0123ABCD>, os:<operating-system user name> (the command line), webchat:<id> (the local web chat), or "*" for anyone; a bare GUID, UPN or Slack user id is read as its Teams or Slack form';

/** One configured entry -> what it names; undefined when it is malformed. */
export function parseIdentity(raw: string): IdentityEntry | undefined {
  const text = raw.trim();
  if (text === '*') return { kind: 'anyone' };
  const m = /^([a-z]+):(.+)$/i.exec(text);
  if (!m) return bareIdentity(text);
  const prefix = m[1].toLowerCase();
  const value = m[2].trim();
  if (prefix === 'teams') {
    if (GUID.test(value)) return { kind: 'teams-aad', value: value.toLowerCase() };
    if (UPN.test(value)) return { kind: 'teams-upn', value: value.toLowerCase() };
    return undefined;
  }
  if (prefix === 'slack') return SLACK_ID.test(value) ? { kind: 'slack', value: value.toUpperCase() } : undefined;
  // "cli:" is the older spelling of "os:".
  if (prefix === 'os' || prefix === 'cli') return OS_USER.test(value) ? { kind: 'os', value } : undefined;
  if (prefix === 'webchat') return WEBCHAT_ID.test(value) ? { kind: 'webchat', value } : undefined;
  return undefined;
}

/** Today's unprefixed forms: an AAD object id, a UPN or a Slack user id. Teams channel account ids are not. */
function bareIdentity(text: string): IdentityEntry | undefined {
  if (GUID.test(text)) return { kind: 'teams-aad', value: text.toLowerCase() };
  if (UPN.test(text)) return { kind: 'teams-upn', value: text.toLowerCase() };
  if (SLACK_ID.test(text)) return { kind: 'slack', value: text.toUpperCase() };
  return undefined;
}

/** The first malformed entry of a list, if any (config validation names it). */
export function firstMalformed(entries: readonly string[]): string | undefined {
  return entries.find((e) => parseIdentity(e) === undefined);
}

export function matchesIdentity(entry: IdentityEntry, p: Principal): boolean {
  const same = (a: string | undefined, b: string) =>
    typeof a === 'string' && a !== '' && a.toLowerCase() === b.toLowerCase();
  switch (entry.kind) {
    case 'anyone':
      return p.platform !== 'system';
    case 'teams-aad':
      return p.platform === 'teams' && same(p.aadObjectId, entry.value);
    case 'teams-upn':
      return p.platform === 'teams' && same(p.upn, entry.value);
    case 'slack':
      return p.platform === 'slack' && same(p.id, entry.value);
    case 'os':
      return p.platform === 'cli' && same(p.id, entry.value);
    case 'webchat':
      return p.platform === 'webchat' && p.id === entry.value;
  }
}

/** Who is named, by role. Operators hold only the operator role; approvers hold both. */
export interface AccessPolicy {
  approvers: readonly string[];
  operators?: readonly string[];
  fourEyes: boolean;
  /**
   * Identities that are one person across doors (SAGEBOT_PEOPLE): "os:jane" at the terminal is "teams:jane@…" in
   * chat, so four-eyes holds when a request from one door is approved from the other.
   */
  people?: readonly (readonly string[])[];
}

/** Listed by an entry naming this identity: "*" names nobody in particular. */
const listedByName = (p: Principal, entries: readonly string[]) =>
  listed(
    p,
    entries.filter((e) => parseIdentity(e)?.kind !== 'anyone'),
  );

export function listed(p: Principal, entries: readonly string[]): boolean {
  return entries.some((raw) => {
    const entry = parseIdentity(raw);
    return entry !== undefined && matchesIdentity(entry, p);
  });
}

export function hasRole(p: Principal, role: Role, policy: AccessPolicy): boolean {
  if (listed(p, policy.approvers)) return true;
  return role === 'operator' && listed(p, policy.operators ?? []);
}

export type RefusalCode = 'not-approver' | 'not-operator' | 'four-eyes' | 'no-approvers' | 'not-for-system';

export type Decision = { allowed: true } | { allowed: false; code: RefusalCode; reason: string };

/** The same person, whichever of their identities the door sent this time. */
/** The same person: the same id on one platform, or two identities SAGEBOT_PEOPLE lists as one person. */
export function samePerson(a: Principal, b: Principal, people: readonly (readonly string[])[] = []): boolean {
  if (people.some((group) => listedByName(a, group) && listedByName(b, group))) return true;
  if (a.platform !== b.platform) return false;
  const ids = (x: Principal) =>
    [x.id, x.aadObjectId, x.upn]
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .map((v) => v.toLowerCase());
  const mine = new Set(ids(a));
  return ids(b).some((v) => mine.has(v));
}

/**
 * May `who` do `action`? For posting and reruns pass the requester: with four-eyes on, the person who asked
 * cannot also approve (at a terminal the two are always the same person, so the CLI is told to use chat).
 */
export function authorize(
  who: Principal,
  action: GuardedAction,
  policy: AccessPolicy,
  requester?: Principal,
): Decision {
  if (who.platform === 'system') {
    if (SYSTEM_MAY.has(action)) return { allowed: true };
    return { allowed: false, code: 'not-for-system', reason: `sagebot itself may not ${WHAT[action]}.` };
  }
  const role = ROLE_OF[action];
  const nobody = policy.approvers.length === 0 && (role === 'approver' || !(policy.operators ?? []).length);
  if (nobody) return { allowed: false, code: 'no-approvers', reason: NOBODY[role] };
  if (!hasRole(who, role, policy)) return { allowed: false, code: `not-${role}`, reason: notInRole(who, action) };
  const fourEyesApplies = action === 'post' || action === 'rerun' || action === 'force';
  if (
    policy.fourEyes &&
    fourEyesApplies &&
    (who.platform === 'cli' || (requester && samePerson(who, requester, policy.people)))
  ) {
    return { allowed: false, code: 'four-eyes', reason: who.platform === 'cli' ? FOUR_EYES_CLI : FOUR_EYES };
  }
  return { allowed: true };
}

const NOBODY: Readonly<Record<Role, string>> = {
  approver:
    'Nobody can approve yet: no approvers are configured. Whoever runs sagebot lists them in SAGEBOT_APPROVERS (for example teams:<AAD object id>, slack:U0123ABCD or os:<user name>) and restarts it.',
  operator:
    'Nobody may do this yet: no approvers or operators are configured. Whoever runs sagebot lists them in SAGEBOT_APPROVERS or SAGEBOT_OPERATORS (for example teams:<AAD object id>, slack:U0123ABCD or os:<user name>) and restarts it.',
};

const FOUR_EYES = 'Four-eyes is on: the person who asked for a batch cannot approve it. Ask another approver.';

const FOUR_EYES_CLI =
  'Four-eyes is on (SAGEBOT_FOUR_EYES): a posting needs a second person to approve it, which one person at a terminal cannot give. Ask for it in Teams or Slack instead (for example "@sagebot run invoices through friday", or "@sagebot rerun <batch>"), and another approver presses Approve on the card.';

function notInRole(who: Principal, action: GuardedAction): string {
  const name = who.name || who.id;
  if (ROLE_OF[action] === 'approver') {
    return `${name}, you are not an approver, so you cannot ${WHAT[action]}. Approvers are listed in SAGEBOT_APPROVERS by whoever runs sagebot; "status" shows who they are.`;
  }
  return `${name}, only an operator or an approver can ${WHAT[action]}. Operators are listed in SAGEBOT_OPERATORS (approvers in SAGEBOT_APPROVERS) by whoever runs sagebot; "status" shows who they are.`;
}
