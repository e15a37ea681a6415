/**
 * Display names for Slack user ids (users.info, scope users:read), for the audit log and "requested by".
 * Best effort: a lookup never delays a reply by more than its timeout, never retries, and the id itself is the
 * fallback. When the workspace or a fake does not offer users.info, lookups stop after the first refusal.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { describeSlackError, slackErrorCode } from './messenger.ts';

export type NameResolver = (userId: string) => Promise<string | undefined>;

/** Answers that mean "this workspace will never answer users.info": stop asking. */
const GIVE_UP = new Set([
  'missing_scope',
  'unknown_method',
  'not_allowed_token_type',
  'invalid_auth',
  'not_authed',
  'method_deprecated',
]);

export function createNameResolver(client: webApi.WebClient, logger: Logger, maxEntries = 2000): NameResolver {
  const cache = new Map<string, { name?: string; at: number }>();
  let disabled = false;
  return async (userId) => {
    if (disabled || !/^[UW][A-Z0-9]{2,}$/.test(userId)) return undefined;
    const hit = cache.get(userId);
    if (hit && Date.now() - hit.at < 60 * 60_000) return hit.name;
    let name: string | undefined;
    try {
      const res = (await client.users.info({ user: userId })) as {
        user?: { name?: string; real_name?: string; profile?: { display_name?: string; real_name?: string } };
      };
      const u = res.user;
      name = u?.profile?.display_name || u?.profile?.real_name || u?.real_name || u?.name || undefined;
    } catch (e) {
      const code = slackErrorCode(e);
      const status = (e as { statusCode?: number }).statusCode;
      // No platform answer at all (timeout, HTTP error, unreachable) or a permanent refusal: stop asking.
      if (!code || GIVE_UP.has(code) || status !== undefined) disabled = true;
      logger.debug({ err: describeSlackError(e) }, 'slack: users.info lookup failed; using the user id');
    }
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(userId, { name, at: Date.now() });
    return name;
  };
}
