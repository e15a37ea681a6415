/**
 * The local web chat's HTTP side: the page and its assets (plain files plus the official adaptivecards
 * bundle from node_modules), the session description the page starts from (it hands the page this start's
 * key), the SSE stream of the transcript, and the demo reset (only when confirmed). Everything answers only local requests
 * (trust.ts); the stream and the reset also want the key, as /api/messages does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';
import { safeMessage } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import { WEBCHAT_CHANNEL } from '../activity-in.ts';
import type { RefusalAudit } from '../audit-refusals.ts';
import { KEY_HEADER, notLocal, notLocalPage, type Refusal } from '../trust.ts';
import { CONNECTOR_PATH, type ConnectorUser, mountConnector } from './connector.ts';
import type { WebchatHub } from './hub.ts';

/** What the web chat needs from whoever starts it. */
export interface WebchatOptions {
  /** The person the page speaks as (an approver on embedded defaults; see start.ts). */
  user: ConnectorUser;
  /** Shown under the title, e.g. "Demo mode: you are an approver". */
  notice?: string;
  /** Restores the demo data; resolves to a line to show. Absent: no reset button. */
  onReset?: () => Promise<string>;
}

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), 'public');
const ASSETS: Record<string, { file: string; type: string }> = {
  'app.js': { file: join(PUBLIC, 'app.js'), type: 'text/javascript; charset=utf-8' },
  'render.js': { file: join(PUBLIC, 'render.js'), type: 'text/javascript; charset=utf-8' },
  'style.css': { file: join(PUBLIC, 'style.css'), type: 'text/css; charset=utf-8' },
  'host-config.json': { file: join(PUBLIC, 'host-config.json'), type: 'application/json; charset=utf-8' },
};

function adaptiveCardsBundle(): string {
  const require = createRequire(import.meta.url);
  for (const name of ['adaptivecards/dist/adaptivecards.min.js', 'adaptivecards/dist/adaptivecards.js']) {
    try {
      return require.resolve(name);
    } catch {
      // try the next name
    }
  }
  throw new Error('The adaptivecards package is not installed (run npm install).');
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function headers(type: string): Record<string, string> {
  return {
    'Content-Type': type,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': CSP,
    'Referrer-Policy': 'no-referrer',
  };
}

function refuse(res: Response, r: Refusal): void {
  res.send(r.status, { code: r.code, message: r.message });
}

export interface WebchatMount {
  /** The serviceUrl the page stamps on its activities (this server's connector). */
  serviceUrl(): string;
}

export interface WebchatWiring {
  hub: WebchatHub;
  origin: () => string;
  /** This start's key (trust.ts), handed to the page by /webchat/session. */
  key: string;
  audit: RefusalAudit;
  logger: Logger;
}

export function mountWebchat(server: Server, options: WebchatOptions, w: WebchatWiring): WebchatMount {
  const { hub, origin, key, logger } = w;
  const local = (req: Request, res: Response, withKey: boolean, fromQuery?: string | null): boolean => {
    const problem = withKey ? notLocalPage(req, key, fromQuery) : notLocal(req);
    if (!problem) return true;
    w.audit.refused(req, problem);
    refuse(res, problem);
    return false;
  };
  const files = new Map<string, { body: Buffer; type: string }>();
  const load = (name: string, file: string, type: string) => files.set(name, { body: readFileSync(file), type });
  load('index.html', join(PUBLIC, 'index.html'), 'text/html; charset=utf-8');
  for (const [name, a] of Object.entries(ASSETS)) load(name, a.file, a.type);
  load('vendor/adaptivecards.js', adaptiveCardsBundle(), 'text/javascript; charset=utf-8');

  const page = (name: string) => async (req: Request, res: Response) => {
    if (!local(req, res, false)) return;
    const f = files.get(name);
    if (!f) return void res.send(404, { code: 'NotFound', message: 'No such file.' });
    res.writeHead(200, headers(f.type));
    res.end(f.body);
  };
  server.get('/', page('index.html'));
  server.get('/index.html', page('index.html'));
  for (const name of Object.keys(ASSETS)) server.get(`/webchat/${name}`, page(name));
  server.get('/webchat/vendor/adaptivecards.js', page('vendor/adaptivecards.js'));

  const serviceUrl = () => `${origin()}${CONNECTOR_PATH}`;
  server.get('/webchat/session', async (req: Request, res: Response) => {
    if (!local(req, res, false)) return;
    // Readable only by a same-origin page: no CORS header is ever sent, and cross-site fetches are refused.
    res.header('Cache-Control', 'no-store');
    res.send(200, {
      key,
      keyHeader: KEY_HEADER,
      channelId: WEBCHAT_CHANNEL,
      serviceUrl: serviceUrl(),
      user: options.user,
      bot: { id: 'sagebot', name: 'sagebot' },
      notice: options.notice ?? '',
      resetAvailable: Boolean(options.onReset),
    });
  });

  server.get('/webchat/events', async (req: Request, res: Response) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const conversation = url.searchParams.get('conversation') ?? '';
    // EventSource cannot send headers, so the page passes the key in the query.
    if (!local(req, res, true, url.searchParams.get('key'))) return;
    if (!/^[A-Za-z0-9:_.-]{1,100}$/.test(conversation))
      return void res.send(400, { code: 'BadRequest', message: 'A conversation id is needed.' });
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    const unsubscribe = hub.subscribe(conversation, res);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(beat);
      unsubscribe();
    });
  });

  server.post('/webchat/reset', async (req: Request, res: Response) => {
    if (!local(req, res, true)) return;
    if (!options.onReset)
      return void res.send(404, { code: 'NotFound', message: 'Reset is available only with the demo data.' });
    // The page asks first; a request that does not carry the answer wipes nothing.
    if ((req.body as { confirm?: unknown } | undefined)?.confirm !== true)
      return void res.send(400, {
        code: 'ConfirmNeeded',
        message: 'Resetting the demo wipes every batch, payment and the chat: confirm it first.',
      });
    try {
      const message = await options.onReset();
      hub.clear();
      res.send(200, { ok: true, message });
    } catch (e) {
      logger.error({ err: e }, 'webchat: demo reset failed');
      res.send(200, { ok: false, message: safeMessage(e) });
    }
  });

  mountConnector(server, hub, options.user, logger);
  return { serviceUrl };
}
