/**
 * Short-lived download links for a run's error list and full log. The bot only hands out unguessable tokens;
 * the adapter's web server serves GET /downloads/<token> through `resolver`. Tokens expire, die with the
 * process that made them, and are never derived from the path, so a link cannot be forged or reused after its
 * time. Only the sha256 of a token is kept — in memory and, through the DownloadRegistry, on disk — so a link
 * from before a restart is answered "expired" rather than "not valid".
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { DownloadRegistry } from './ports.ts';

/** Why a well-formed token no longer opens its file. */
export type DownloadGone = 'expired' | 'restarted';

/**
 * What adapters call for GET /downloads/<token>: the file of a live token (or undefined); `gone` says why a
 * token that once was handed out no longer works. A function with a property, so it fits an adapter's plain
 * `(token) => string | undefined` resolver while downloadResponse can still explain.
 */
export interface DownloadResolver {
  (token: string): string | undefined;
  gone?(token: string): DownloadGone | undefined;
}

export interface Downloads {
  /** Register a file; returns the token to put in `/downloads/<token>`. */
  createDownloadLink(path: string, ttlMs?: number): string;
  /** The file for a live token, or undefined (unknown, malformed or expired). */
  resolveDownload(token: string): string | undefined;
  /** Why a token that was handed out no longer works (undefined: live, or never handed out). */
  downloadGone(token: string): DownloadGone | undefined;
  /** resolveDownload with downloadGone attached: what adapters serve downloads with. */
  readonly resolver: DownloadResolver;
  /** The full URL for a token: `${baseUrl}/downloads/<token>` (relative when no base URL is known). */
  urlFor(token: string): string;
  /** Adapters call this once they know where they listen (e.g. after binding port 0). */
  setBaseUrl(url: string | undefined): void;
}

/** Long enough to open the results card's links, short enough that a forwarded or leaked link is soon dead. */
export const DEFAULT_DOWNLOAD_TTL_MS = 60 * 60 * 1000;
/** How long an expired link is still recognised as one (and answered "expired"). */
const REMEMBER_MS = 7 * 24 * 60 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function createDownloads(
  opts: { baseUrl?: string; defaultTtlMs?: number; now?: () => Date; registry?: DownloadRegistry } = {},
): Downloads {
  const now = opts.now ?? (() => new Date());
  const links = new Map<string, { path: string; expires: number }>();
  const earlier = opts.registry?.earlier() ?? new Map<string, number>();
  let baseUrl = opts.baseUrl?.replace(/\/+$/, '');

  const sweep = () => {
    const forget = now().getTime() - REMEMBER_MS;
    for (const [k, v] of links) if (v.expires <= forget) links.delete(k);
  };
  const resolveDownload = (token: string): string | undefined => {
    if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
    const link = links.get(hashOf(token));
    return link && link.expires > now().getTime() ? link.path : undefined;
  };
  const downloadGone = (token: string): DownloadGone | undefined => {
    if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
    const hash = hashOf(token);
    const link = links.get(hash);
    if (link) return link.expires > now().getTime() ? undefined : 'expired';
    return earlier.has(hash) ? 'restarted' : undefined;
  };
  const resolver: DownloadResolver = Object.assign((token: string) => resolveDownload(token), { gone: downloadGone });

  return {
    createDownloadLink(path, ttlMs = opts.defaultTtlMs ?? DEFAULT_DOWNLOAD_TTL_MS) {
      sweep();
      const token = randomBytes(24).toString('base64url');
      const expires = now().getTime() + ttlMs;
      const hash = hashOf(token);
      links.set(hash, { path, expires });
      opts.registry?.remember(hash, expires);
      return token;
    },
    resolveDownload,
    downloadGone,
    resolver,
    urlFor(token) {
      return `${baseUrl ?? ''}/downloads/${token}`;
    },
    setBaseUrl(url) {
      baseUrl = url?.replace(/\/+$/, '');
    },
  };
}

/** What an adapter sends for GET /downloads/<token>: the status, headers and body, whichever web framework. */
export interface DownloadResponse {
  status: 200 | 404 | 410;
  headers: Record<string, string>;
  body: Buffer | string;
}

const DOWNLOAD_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.ndjson': 'application/x-ndjson; charset=utf-8',
};

const gone = (text: string): DownloadResponse => ({
  status: 404,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  body: text,
});

const GONE_TEXT: Record<DownloadGone | 'unknown', string> = {
  expired:
    'This download link has expired (links last an hour). Ask sagebot for the batch results again to get a fresh link.\n',
  restarted:
    'This download link has expired: sagebot has restarted since it was made, and links end with the sagebot that made them. Ask sagebot for the batch results again to get a fresh link.\n',
  unknown:
    'This download link is not valid or has expired. Ask sagebot for the batch results again to get a fresh link.\n',
};

/** Answer a download request: only live, well-formed tokens; the file is sent as an attachment, never rendered. */
export async function downloadResponse(
  token: string,
  resolve: DownloadResolver | ((token: string) => string | undefined) | undefined,
): Promise<DownloadResponse> {
  const wellFormed = /^[A-Za-z0-9_-]{8,200}$/.test(token);
  const path = wellFormed && resolve ? resolve(token) : undefined;
  if (!path) {
    const why = wellFormed && resolve && 'gone' in resolve ? resolve.gone?.(token) : undefined;
    return why ? { ...gone(GONE_TEXT[why]), status: 410 } : gone(GONE_TEXT.unknown);
  }
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    return gone('This download is no longer available.\n');
  }
  const name =
    basename(path)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 120) || 'download.txt';
  return {
    status: 200,
    headers: {
      'Content-Type': DOWNLOAD_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
    body,
  };
}
