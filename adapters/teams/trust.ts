/**
 * Who may talk to this server, decided per request before botbuilder sees it. Anonymous mode (no
 * MicrosoftAppId) has no token to check, so a request is trusted only when it provably comes from this
 * machine's own web chat page: a loopback socket, a loopback Host (a DNS-rebinding page, a tunnel or a
 * reverse proxy all send a foreign one), no forwarding headers (a proxy on this machine would otherwise look
 * local), no cross-site browser fetch, and the per-start key the server handed to its page.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isLoopbackHost } from '../../core/config.ts';

/** The header (and, for EventSource, the `key` query parameter) that carries the per-start key. */
export const KEY_HEADER = 'x-sagebot-key';

export interface Refusal {
  status: 400 | 401 | 403;
  code: string;
  message: string;
}

/** What a request looks like to the trust checks (a restify request satisfies it). */
export interface RequestFacts {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string };
}

const FORWARDING = new Set([
  'forwarded',
  'via',
  'x-real-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-original-forwarded-for',
  'x-original-host',
  'x-original-url',
  'x-rewrite-url',
  'x-host',
]);

/** A fresh random key for this start (256 bits, URL-safe). */
export function newLocalKey(): string {
  return randomBytes(32).toString('base64url');
}

export function isLoopbackAddress(address: string | undefined): boolean {
  const a = (address ?? '').toLowerCase();
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(a);
}

/** The host name of a Host header ("[::1]:3978" -> "::1"), or undefined when it is not a plain host[:port]. */
export function hostName(header: string | undefined): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec((header ?? '').trim());
  return m ? m[1].replace(/^\[|\]$/g, '') : undefined;
}

function forwardingHeader(headers: IncomingHttpHeaders): string | undefined {
  return Object.keys(headers).find((h) => FORWARDING.has(h) || h.startsWith('x-forwarded-'));
}

/**
 * Why a request is not from this machine's own browser or process, or undefined when it is. Used for every
 * local route (the page, its session, the stream, the connector) and, with the key, for /api/messages.
 */
export function notLocal(req: RequestFacts): Refusal | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress))
    return refusal('NotLocal', 'Without MicrosoftAppId sagebot only answers programs on this machine.');
  const host = hostName(req.headers.host);
  if (!host || !isLoopbackHost(host))
    return refusal(
      'ForeignHost',
      `Without MicrosoftAppId sagebot only answers requests addressed to localhost, not to ${JSON.stringify(String(req.headers.host ?? '')).slice(0, 80)}. Set MicrosoftAppId before exposing it (docs/teams.md).`,
    );
  const forwarded = forwardingHeader(req.headers);
  if (forwarded)
    return refusal(
      'Forwarded',
      `The request came through a proxy or tunnel (${forwarded} header). Without MicrosoftAppId sagebot is not served through one: set MicrosoftAppId first (docs/teams.md).`,
    );
  const site = String(req.headers['sec-fetch-site'] ?? '');
  if (site && site !== 'same-origin' && site !== 'none')
    return refusal('CrossSite', 'Another web site tried to use the local web chat; only its own page may.');
  return undefined;
}

/** notLocal, plus the per-start key the page was given (header, or `fromQuery` for EventSource). */
export function notLocalPage(req: RequestFacts, key: string, fromQuery?: string | null): Refusal | undefined {
  const problem = notLocal(req);
  if (problem) return problem;
  const header = req.headers[KEY_HEADER];
  const given = typeof header === 'string' ? header : (fromQuery ?? '');
  if (!given)
    return {
      status: 401,
      code: 'KeyMissing',
      message:
        'This request carries no web chat key. Open the web chat page that sagebot serves (it is given the key), or reload it after a restart.',
    };
  if (!sameKey(given, key))
    return {
      status: 403,
      code: 'KeyWrong',
      message: 'The web chat key is wrong or from an earlier start. Reload the web chat page.',
    };
  return undefined;
}

function sameKey(given: string, key: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refusal(code: string, message: string): Refusal {
  return { status: 403, code, message };
}
