/**
 * `sagebot doctor`'s look at who may do what: it warns (without failing) when nobody can approve, when anyone
 * can, and when four-eyes is on with a single approver, and states the demo rule when it applies.
 */
import type { Config } from '../../core/config.ts';
import type { CheckResult } from './check-result.ts';
import { cliPolicy, osUserName } from './identity.ts';

export function accessCheck(config: Config): CheckResult {
  const { approvers, operators, fourEyes } = config;
  const roles = `approvers: ${approvers.join(', ') || 'none'}; operators: ${operators.join(', ') || 'none'}`;
  if (cliPolicy(config).demo) {
    return {
      ok: true,
      summary: `demo rule: nothing real is configured and SAGEBOT_APPROVERS is unset, so the local web-chat user and os:${osUserName()} approve`,
    };
  }
  if (!approvers.length) {
    return {
      ok: true,
      warning: true,
      summary: 'nobody can approve: SAGEBOT_APPROVERS is not set, so no batch can be posted',
      details: ['Set SAGEBOT_APPROVERS, e.g. teams:<AAD object id>, slack:U0123ABCD or os:<user name>, and restart.'],
    };
  }
  if (approvers.includes('*')) {
    return { ok: true, warning: true, summary: `anyone who can reach sagebot can approve ("*"); ${roles}` };
  }
  if (fourEyes && approvers.length < 2) {
    return {
      ok: true,
      warning: true,
      summary: `four-eyes is on but there is one approver, so nobody can approve their own request; ${roles}`,
    };
  }
  return { ok: true, summary: roles + (fourEyes ? '; four-eyes on' : '') };
}
