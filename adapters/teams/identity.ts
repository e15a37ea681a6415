/**
 * Who is speaking, as far as this server can prove it. Two modes, fixed at start:
 * - `teams` (MicrosoftAppId set): botbuilder has checked the Bot Connector's JWT, but a JWT is issued for
 *   every Bot Framework channel, and on Direct Line or Azure's Web Chat the client picks `from.id`. So only
 *   the `msteams` channel is accepted, only the configured tenant for a single-tenant bot, and a person is
 *   the AAD object id Teams stamps (plus the UPN the roster gives for that same object id), never `from.id`.
 * - `local` (anonymous, the web chat on this machine): the person is the one the server configured; nothing
 *   in the activity can change it.
 * Card data never names anyone: the bot receives it as data, and identity only from here.
 */
import type { Activity } from 'botbuilder';
import type { Actor } from '../../bot/events.ts';
import type { TeamsConfig } from '../../core/config.ts';
import type { Refusal } from './trust.ts';

export const TEAMS_CHANNEL = 'msteams';

export type Trust =
  | { mode: 'teams'; appType: TeamsConfig['appType']; tenantId?: string }
  | { mode: 'local'; user: { id: string; name: string } };

export function teamsTrust(teams: TeamsConfig): Trust {
  return { mode: 'teams', appType: teams.appType, ...(teams.tenantId ? { tenantId: teams.tenantId } : {}) };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** The tenant ids an activity claims (channelData.tenant.id, conversation.tenantId), lower-cased. */
function tenantsOf(body: Record<string, unknown>): string[] {
  const channelData = (body.channelData ?? {}) as { tenant?: { id?: unknown } };
  const conversation = (body.conversation ?? {}) as { tenantId?: unknown };
  return [str(channelData.tenant?.id), str(conversation.tenantId)]
    .filter((t): t is string => t !== undefined)
    .map((t) => t.toLowerCase());
}

/** Why an authenticated request's channel or tenant is not this bot's, or undefined when it is. */
export function foreignChannel(body: Record<string, unknown>, trust: Trust): Refusal | undefined {
  if (trust.mode !== 'teams') return undefined;
  if (body.channelId !== TEAMS_CHANNEL)
    return {
      status: 403,
      code: 'ChannelNotAccepted',
      message: `sagebot answers Microsoft Teams only, not the ${JSON.stringify(String(body.channelId ?? '')).slice(0, 40)} channel. Turn the other channels off in the Azure Bot.`,
    };
  if (trust.appType === 'MultiTenant' || !trust.tenantId) return undefined;
  const tenants = tenantsOf(body);
  const mine = trust.tenantId.toLowerCase();
  if (tenants.length === 0 || tenants.some((t) => t !== mine))
    return {
      status: 403,
      code: 'TenantNotAccepted',
      message: 'This bot serves one Microsoft 365 tenant (MicrosoftAppTenantId), and this request came from another.',
    };
  return undefined;
}

function displayName(activity: Partial<Activity>, fallback: string): string {
  const name = str(activity.from?.name);
  return name ? name.slice(0, 200) : fallback;
}

/** The speaker, or undefined when Teams did not say who it is (no AAD object id). */
export function actorOf(activity: Partial<Activity>, trust: Trust, upn?: string): Actor | undefined {
  if (trust.mode === 'local') return { platform: 'webchat', id: trust.user.id, name: trust.user.name };
  const aad = str(activity.from?.aadObjectId);
  if (!aad) return undefined;
  return {
    platform: 'teams',
    id: aad,
    name: displayName(activity, 'Someone'),
    aadObjectId: aad,
    ...(upn ? { upn } : {}),
  };
}

export const UNIDENTIFIED =
  'sagebot could not tell who you are (Teams sent no Azure AD object id), so it cannot act on this. Try again from the Teams app.';
