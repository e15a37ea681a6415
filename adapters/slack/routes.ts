/**
 * Extra GET routes on the HTTP receiver's server (HTTP mode only): a health check for the reverse proxy and
 * the bot's short-lived download links (`/downloads/<token>`, bot/downloads.ts), answered without bolt.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname } from 'node:path';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

/** A live download token -> the file it stands for (bot/downloads.ts `resolveDownload`). */
export type DownloadResolver = (token: string) => string | undefined;

const TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
};

export function slackRoutes(downloads: DownloadResolver | undefined, logger: Logger): CustomRoute[] {
  const routes: CustomRoute[] = [{ path: '/slack/health', method: ['GET'], handler: (_req, res) => text(res, 200, 'ok\n') }];
  if (downloads) routes.push({ path: '/downloads/:token', method: ['GET'], handler: (req, res) => void serveDownload(req, res, downloads, logger) });
  return routes;
}

async function serveDownload(req: IncomingMessage & { params?: unknown }, res: ServerResponse, resolve: DownloadResolver, logger: Logger): Promise<void> {
  const token = String((req.params as Record<string, unknown> | undefined)?.token ?? '');
  const path = /^[A-Za-z0-9_-]{8,200}$/.test(token) ? resolve(token) : undefined;
  if (!path) return text(res, 404, 'This download link has expired or is not valid. Ask sagebot for the batch results again to get a fresh link.\n');
  try {
    const body = await readFile(path);
    const name = basename(path).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'download.txt';
    res.writeHead(200, {
      'Content-Type': TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
  } catch (e) {
    logger.warn({ err: e }, 'slack: download file unreadable');
    text(res, 404, 'This download is no longer available.\n');
  }
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}
