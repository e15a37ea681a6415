/**
 * Short-lived download links for a run's error list and full log. The bot only hands out unguessable tokens;
 * the adapter's web server serves GET /downloads/<token> by asking `resolveDownload`. Tokens expire and are
 * never derived from the path, so a link cannot be forged or reused after its time.
 */
import { randomBytes } from 'node:crypto';

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
