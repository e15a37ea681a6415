/**
 * How `sagebot start` serves chat over HTTP, decided from the configuration alone and said in two banner
 * lines. The rule: no endpoint that can approve is served without authentication once a real Manage or a
 * real Sage is configured. Teams answers only with MicrosoftAppId; the anonymous local web chat is on by
 * default only on embedded defaults (the demo), and otherwise only when SAGEBOT_WEBCHAT=on, speaking as a
 * fixed local user who approves only if SAGEBOT_APPROVERS lists it.
 */
import type { Config } from '../../core/config.ts';
import { WEBCHAT_USER } from './demo.ts';

/** The web-chat user once a real Manage or Sage is configured (SAGEBOT_WEBCHAT=on). */
export const LOCAL_WEBCHAT_USER = { id: 'local', name: 'Local web chat' } as const;
export const LOCAL_WEBCHAT_APPROVER = `webchat:${LOCAL_WEBCHAT_USER.id}`;

export interface StartMode {
  teams: 'authenticated' | 'anonymous-local' | 'off';
  /** The web-chat user, when the web chat is served. */
  webchat?: { id: string; name: string };
  /** Why the web chat is on or off, for the banner. */
  webchatWhy: string;
}

/** Manage sandbox and embedded Sage: nothing real can be posted to. */
export function onDemoData(c: Config): boolean {
  return c.manage.target.kind === 'sandbox' && c.sage.driver === 'embedded';
}

/** `wanted: false` (the harnesses) serves no web chat whatever the configuration says. */
export function startMode(c: Config, wanted?: boolean): StartMode {
  const demo = onDemoData(c);
  if (c.teams.appId) {
    const why = 'MicrosoftAppId is set, so /api/messages answers Teams only';
    return {
      teams: 'authenticated',
      webchatWhy: c.teams.webchat === 'on' ? `${why} (SAGEBOT_WEBCHAT=on ignored)` : why,
    };
  }
  if (c.teams.webchat === 'off') return { teams: 'off', webchatWhy: 'SAGEBOT_WEBCHAT=off' };
  if (wanted === false) return { teams: 'off', webchatWhy: 'not wanted by the caller' };
  if (c.teams.webchat === 'on')
    return {
      teams: 'anonymous-local',
      webchat: demo ? { ...WEBCHAT_USER } : { ...LOCAL_WEBCHAT_USER },
      webchatWhy: 'SAGEBOT_WEBCHAT=on',
    };
  if (demo) return { teams: 'anonymous-local', webchat: { ...WEBCHAT_USER }, webchatWhy: 'embedded defaults' };
  return {
    teams: 'off',
    webchatWhy: 'a real Manage or Sage is configured; set SAGEBOT_WEBCHAT=on to chat from this machine',
  };
}

/** The banner's Teams and web-chat lines. */
export function modeLines(mode: StartMode, c: Config, url: string): string[] {
  const teams =
    mode.teams === 'authenticated'
      ? `authenticated: POST ${url}/api/messages (bot ${c.teams.appId}, ${c.teams.appType}${c.teams.tenantId && c.teams.appType !== 'MultiTenant' ? `, tenant ${c.teams.tenantId}` : ''}; Teams channel only)`
      : mode.teams === 'anonymous-local'
        ? `anonymous-local: no MicrosoftAppId, so ${url}/api/messages answers only the web chat page on this machine`
        : 'off: no MicrosoftAppId, so /api/messages refuses every request (see docs/teams.md)';
  const user = mode.webchat;
  const approves = user ? approverNote(user, c) : '';
  const webchat = user
    ? `${url}/ (on: ${mode.webchatWhy}; you are "${user.name}"${approves})`
    : `off (${mode.webchatWhy})`;
  return [`  Teams:     ${teams}`, `  Web chat:  ${webchat}`];
}

function approverNote(user: { id: string }, c: Config): string {
  if (user.id === WEBCHAT_USER.id) return '';
  const id = `webchat:${user.id}`;
  const listed = c.approvers.some((a) => a.trim().toLowerCase() === id);
  return listed
    ? `, an approver (${id} is in SAGEBOT_APPROVERS)`
    : `, not an approver unless SAGEBOT_APPROVERS lists ${id}`;
}
