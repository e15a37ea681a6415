/**
 * HTTP plumbing shared by the routes: the JSON-only body guard (restify's bodyParser would also accept forms
 * and multipart uploads, which nothing here wants), the /api/messages gate (who may talk: trust.ts and
 * identity.ts; malformed or foreign activities get a 400/401/403 with a JSON body instead of a botbuilder
 * 500, and refusals are audited), and the downloads route.
 */

import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { downloadResponse } from '../../bot/index.ts';
import { isLoopbackHost } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import type { RefusalAudit } from './audit-refusals.ts';
import type { TokenCheck } from './auth.ts';
import { foreignChannel, type Trust } from './identity.ts';
import { notLocalPage, type Refusal } from './trust.ts';

export const MAX_BODY_BYTES = 1_000_000;

export function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.send(status, { error: { code, message } });
}

/** Rejects POST/PUT bodies that are not JSON before any parser sees them. */
export function jsonOnly(req: Request, res: Response, next: (err?: unknown) => void): void {
  if ((req.method === 'POST' || req.method === 'PUT') && Number(req.headers['content-length'] ?? 1) !== 0) {
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
      sendError(res, 415, 'UnsupportedMediaType', 'Send JSON (Content-Type: application/json).');
      next(false);
      return;
    }
  }
  next();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v);
}

/** Why an activity cannot be processed, or undefined when it looks like one. */
export function activityProblem(
  body: unknown,
  anonymous: boolean,
): { status: 400 | 403; code: string; message: string } | undefined {
  if (!isObject(body))
    return { status: 400, code: 'BadRequest', message: 'The body must be a Bot Framework activity (a JSON object).' };
  if (typeof body.type !== 'string' || !body.type || body.type.length > 64)
    return { status: 400, code: 'BadRequest', message: 'The activity has no type.' };
  for (const key of ['from', 'recipient', 'conversation'] as const) {
    const v = body[key];
    if (v !== undefined && !isObject(v))
      return { status: 400, code: 'BadRequest', message: `The activity's ${key} must be an object.` };
  }
  for (const key of ['id', 'text', 'channelId', 'name', 'replyToId', 'locale'] as const) {
    const v = body[key];
    if (v !== undefined && v !== null && typeof v !== 'string')
      return { status: 400, code: 'BadRequest', message: `The activity's ${key} must be a string.` };
  }
  const conversation = body.conversation as Record<string, unknown> | undefined;
  if (typeof conversation?.id !== 'string' || !conversation.id)
    return { status: 400, code: 'BadRequest', message: 'The activity has no conversation id.' };
  if (typeof body.serviceUrl !== 'string')
    return { status: 400, code: 'BadRequest', message: 'The activity has no serviceUrl.' };
  let url: URL;
  try {
    url = new URL(body.serviceUrl);
  } catch {
    return { status: 400, code: 'BadRequest', message: 'The activity serviceUrl is not a URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { status: 400, code: 'BadRequest', message: 'The activity serviceUrl must be http(s).' };
  if (anonymous && !isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))) {
    return {
      status: 403,
      code: 'Forbidden',
      message: 'Without MicrosoftAppId sagebot only answers connectors on this machine (a loopback serviceUrl).',
    };
  }
  // Replies buffered into the HTTP answer would hand card ids to whoever asked, and cards could not be updated.
  if (body.deliveryMode === 'expectReplies')
    return { status: 400, code: 'NotSupported', message: 'sagebot does not answer deliveryMode "expectReplies".' };
  return undefined;
}

/** Who may post to /api/messages. */
export interface MessagesGate {
  trust: Trust;
  /** Local mode: the per-start key the page carries, and the local connector every reply must go to. */
  local?: { key: string; serviceUrl: () => string };
  /** Set when nothing may talk on this endpoint (anonymous with no web chat): the reason, said to callers. */
  closed?: string;
  /** Authenticated mode: the Bot Framework token check (auth.ts). */
  tokenValid?: TokenCheck;
  audit: RefusalAudit;
}

const UNAUTHENTICATED: Refusal = {
  status: 401,
  code: 'Unauthenticated',
  message: 'This endpoint answers the Microsoft Bot Framework only: the request has no valid Bot Framework token.',
};

/** Why this request may not reach botbuilder, or undefined. The token is checked before the channel and tenant. */
async function gateProblem(req: Request, gate: MessagesGate): Promise<Refusal | undefined> {
  if (gate.closed) return { status: 403, code: 'TeamsOff', message: gate.closed };
  if (gate.local) {
    const problem = notLocalPage(req, gate.local.key);
    if (problem) return problem;
  }
  const body = req.body as Record<string, unknown>;
  const problem = activityProblem(body, gate.trust.mode === 'local');
  if (problem) return problem;
  if (gate.local && !/^[A-Za-z0-9:_.-]{1,100}$/.test(String((body.conversation as { id?: unknown }).id)))
    return { status: 400, code: 'BadRequest', message: 'The web chat conversation id is not valid.' };
  if (gate.tokenValid) {
    const authorization = String(req.headers.authorization ?? '');
    if (!authorization.trim() || !(await gate.tokenValid(body, authorization))) return UNAUTHENTICATED;
  }
  return foreignChannel(body, gate.trust);
}

export function mountMessages(
  server: Server,
  adapter: CloudAdapter,
  gate: MessagesGate,
  logic: (ctx: TurnContext) => Promise<void>,
  logger: Logger,
): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    const problem = await gateProblem(req, gate);
    if (problem) {
      if (problem.status !== 400) gate.audit.refused(req, problem);
      return sendError(res, problem.status, problem.code, problem.message);
    }
    // The local page's serviceUrl is only ever this server's own connector, whatever the page wrote.
    if (gate.local) (req.body as Record<string, unknown>).serviceUrl = gate.local.serviceUrl();
    try {
      // Checked above: the body is an activity object.
      await adapter.process(req as typeof req & { body: Record<string, unknown> }, res, logic);
      if (res.statusCode === 401)
        gate.audit.refused(req, {
          status: 401,
          code: 'Unauthenticated',
          message: 'The Bot Framework token was refused.',
        });
    } catch (e) {
      logger.warn({ err: e }, 'teams: activity refused');
      sendError(res, 400, 'BadRequest', 'The activity could not be processed.');
    }
  });
}

/** The bot's download registry: a live token -> the path of the file it stands for (bot/downloads.ts). */
export type DownloadResolver = (token: string) => string | undefined;

export function mountDownloads(server: Server, resolve: () => DownloadResolver | undefined, logger: Logger): void {
  server.get('/downloads/:token', async (req: Request, res: Response) => {
    const answer = await downloadResponse(req.params.token ?? '', resolve()).catch((e: unknown) => {
      logger.warn({ err: e }, 'teams: download failed');
      return undefined;
    });
    if (!answer) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end('This download is no longer available.\n');
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
}
