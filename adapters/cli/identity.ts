/**
 * Who is at the terminal, and whether they may do a guarded command. The person is the operating-system
 * user (os.userInfo): environment variables such as SAGEBOT_USER or USER are only a display name, since anyone
 * can set them. The decision is core/roles.ts's, the same one chat uses; a refusal is audited and thrown as a
 * coded error, so each command reports it in its usual way (exit 1, or one JSON result).
 */
import { type Config, onEmbeddedDefaults } from '../../core/config.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { SagebotError } from '../../core/errors.ts';
import { osUserName } from '../../core/os-user.ts';
import {
  type AccessPolicy,
  authorize,
  type GuardedAction,
  hasRole,
  type Principal,
  type Role,
} from '../../core/roles.ts';
import { openAudit } from '../app/stores.ts';

export { osUserName };

/** The CLI's principal: identity from the OS, name from SAGEBOT_USER when set. */
export function cliPrincipal(config: Config): Principal {
  const id = osUserName();
  return { platform: 'cli', id, name: config.cliUser || id };
}

/**
 * The policy at the terminal. The demo rule: on embedded defaults with SAGEBOT_APPROVERS unset, the person at
 * the terminal approves (as the local web-chat user does in `sagebot start`); nothing real can be touched then.
 */
export function cliPolicy(config: Config): { policy: AccessPolicy; demo: boolean } {
  const demo = onEmbeddedDefaults(config) && config.approvers.length === 0;
  return {
    policy: {
      approvers: demo ? [`os:${osUserName()}`] : config.approvers,
      operators: config.operators,
      fourEyes: config.fourEyes,
      people: config.people,
    },
    demo,
  };
}

/** The terminal user's role, for `status`. */
export function cliRole(config: Config): Role | 'none' {
  const who = cliPrincipal(config);
  const { policy } = cliPolicy(config);
  if (hasRole(who, 'approver', policy)) return 'approver';
  return hasRole(who, 'operator', policy) ? 'operator' : 'none';
}

/** Refuse (audited, then thrown) unless the terminal's user may do `action`. */
export async function requireRole(
  config: Config,
  action: GuardedAction,
  details: Record<string, unknown> = {},
): Promise<Principal> {
  const who = cliPrincipal(config);
  const decision = authorize(who, action, cliPolicy(config).policy);
  if (decision.allowed) return who;
  await openAudit(dataFolder(config.dataDir)).record({
    action: 'refuse',
    actor: { id: who.id, name: who.name, platform: 'cli' },
    details: { command: action, reason: decision.code, ...details },
  });
  throw new SagebotError({ code: 'ACCESS_REFUSED', message: decision.reason, details: { reason: decision.code } });
}
