/**
 * Extra GET routes on the HTTP receiver's server (HTTP mode only): a health check for the reverse proxy and
 * the bot's short-lived download links (`/downloads/<token>`, bot/downloads.ts), answered without bolt.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { downloadResponse } from '../../bot/index.ts';
import type { Logger } from '../../core/logger.ts';

/** A live download token -> the file it stands for (bot/downloads.ts `resolveDownload`). */
export type DownloadResolver = (token: string) => string | undefined;

export function slackRoutes(downloads: DownloadResolver | undefined, logger: Logger): CustomRoute[] {
  const routes: CustomRoute[] = [
    { path: '/slack/health', method: ['GET'], handler: (_req, res) => text(res, 200, 'ok\n') },
  ];
  if (downloads)
    routes.push({
      path: '/downloads/:token',
      method: ['GET'],
      handler: (req, res) => void serveDownload(req, res, downloads, logger),
    });
  return routes;
}

async function serveDownload(
  req: IncomingMessage & { params?: unknown },
  res: ServerResponse,
  resolve: DownloadResolver,
  logger: Logger,
): Promise<void> {
  const token = String((req.params as Record<string, unknown> | undefined)?.token ?? '');
  const answer = await downloadResponse(token, resolve).catch((e: unknown) => {
    logger.warn({ err: e }, 'slack: download failed');
    return undefined;
  });
  if (!answer) return text(res, 404, 'This download is no longer available.\n');
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}
