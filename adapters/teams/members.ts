/**
 * Looks up the user principal name (UPN) of a Teams user, because approvers may be listed by UPN while
 * activities carry only the AAD object id. One roster call per user, cached; a failure just means no UPN.
 * The UPN is believed only when the roster's member has the activity's AAD object id.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../../core/logger.ts';

export type UpnLookup = (ctx: TurnContext) => Promise<string | undefined>;

const TTL_MS = 15 * 60_000;
const TIMEOUT_MS = 1_500;
const MISS_TTL_MS = 60_000;

export function createUpnLookup(logger: Logger, enabled = true): UpnLookup {
  const cache = new Map<string, { upn?: string; at: number }>();
  return async (ctx) => {
    const from = ctx.activity.from?.id;
    const aad = String(ctx.activity.from?.aadObjectId ?? '').toLowerCase();
    if (!enabled || ctx.activity.channelId !== 'msteams' || !from || !aad) return undefined;
    const key = `${aad} ${from}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.upn;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), TIMEOUT_MS);
    });
    const lookup = TeamsInfo.getMember(ctx, from).then(
      (m) =>
        typeof m?.userPrincipalName === 'string' && m.userPrincipalName && String(m.aadObjectId).toLowerCase() === aad
          ? m.userPrincipalName
          : undefined,
      (e: unknown) => {
        logger.debug({ err: e }, 'teams: member lookup failed (no UPN for this user)');
        return undefined;
      },
    );
    const upn = await Promise.race([lookup, timeout]).finally(() => clearTimeout(timer));
    if (cache.size > 5_000) cache.clear();
    // A miss is remembered only briefly, so a slow roster call is retried on a later turn.
    cache.set(key, { upn, at: upn ? Date.now() : Date.now() - TTL_MS + MISS_TTL_MS });
    return upn;
  };
}
