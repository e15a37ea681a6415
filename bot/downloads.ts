/**
 * Short-lived download links for a run's error list and full log. The bot only hands out unguessable tokens;
 * the adapter's web server serves GET /downloads/<token> by asking `resolveDownload`. Tokens expire and are
 * never derived from the path, so a link cannot be forged or reused after its time.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';

export interface Downloads {
  /** Register a file; returns the token to put in `/downloads/<token>`. */
  createDownloadLink(path: string, ttlMs?: number): string;
  /** The file for a live token, or undefined (unknown, malformed or expired). */
  resolveDownload(token: string): string | undefined;
  /** The full URL for a token: `${baseUrl}/downloads/<token>` (relative when no base URL is known). */
  urlFor(token: string): string;
  /** Adapters call this once they know where they listen (e.g. after binding port 0). */
  setBaseUrl(url: string | undefined): void;
}

/** A working day: long enough to read the results card, short enough that an old link is dead. */
export const DEFAULT_DOWNLOAD_TTL_MS = 8 * 60 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

export function createDownloads(opts: { baseUrl?: string; defaultTtlMs?: number; now?: () => Date } = {}): Downloads {
  const now = opts.now ?? (() => new Date());
  const links = new Map<string, { path: string; expires: number }>();
  let baseUrl = opts.baseUrl?.replace(/\/+$/, '');

  const sweep = () => {
    const t = now().getTime();
    for (const [k, v] of links) if (v.expires <= t) links.delete(k);
  };

  return {
    createDownloadLink(path, ttlMs = opts.defaultTtlMs ?? DEFAULT_DOWNLOAD_TTL_MS) {
      sweep();
      const token = randomBytes(24).toString('base64url');
      links.set(token, { path, expires: now().getTime() + ttlMs });
      return token;
    },
    resolveDownload(token) {
      if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
      const link = links.get(token);
      if (!link) return undefined;
      if (link.expires <= now().getTime()) {
        links.delete(token);
        return undefined;
      }
      return link.path;
    },
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
  status: 200 | 404;
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

/** Answer a download request: only live, well-formed tokens; the file is sent as an attachment, never rendered. */
export async function downloadResponse(
  token: string,
  resolve: ((token: string) => string | undefined) | undefined,
): Promise<DownloadResponse> {
  const path = /^[A-Za-z0-9_-]{8,200}$/.test(token) && resolve ? resolve(token) : undefined;
  if (!path)
    return gone(
      'This download link has expired or is not valid. Ask sagebot for the batch results again to get a fresh link.\n',
    );
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
