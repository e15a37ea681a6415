/**
 * The Microsoft Teams adapter: botbuilder CloudAdapter on restify, POST /api/messages, plus the routes that
 * live on the same server (GET /healthz, GET /downloads/:token, and the local web chat with its emulator-style
 * connector when running anonymous on loopback). Three modes: Teams authenticated (MicrosoftAppId), local
 * (anonymous, only the web chat page holding this start's key), or closed (anonymous with no web chat:
 * /api/messages refuses everything). It translates activities to bot events and renders replies; botbuilder
 * and restify are imported nowhere else in the project.
 */
import type { ConversationReference } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import type { Bot, Conversation, Messenger } from '../../bot/events.ts';
import type { AuditLog } from '../../core/audit.ts';
import type { TeamsConfig } from '../../core/config.ts';
import { dataFolder } from '../../core/data-folder.ts';
import type { Logger } from '../../core/logger.ts';
import type { CardRenderer } from './activity-out.ts';
import { refusalAudit } from './audit-refusals.ts';
import { type AuthOverrides, createCloudAdapter, isAnonymous } from './auth.ts';
import { openReferenceStore, type ReferenceStore } from './conversation-store.ts';
import {
  type DownloadResolver,
  jsonOnly,
  MAX_BODY_BYTES,
  type MessagesGate,
  mountDownloads,
  mountMessages,
} from './http.ts';
import { type Trust, teamsTrust } from './identity.ts';
import { createUpnLookup } from './members.ts';
import { TeamsMessenger } from './messenger.ts';
import { newLocalKey } from './trust.ts';
import { createTurnHandler } from './turn.ts';
import { CONNECTOR_PATH } from './webchat/connector.ts';
import { WebchatHub } from './webchat/hub.ts';
import { mountWebchat, type WebchatOptions } from './webchat/routes.ts';
import { withTranscript } from './webchat/transcript.ts';
import { openTranscriptFile } from './webchat/transcript-file.ts';

export type { CardRenderer } from './activity-out.ts';
export { type AuthOverrides, checkTeamsConfig } from './auth.ts';
export type { DownloadResolver } from './http.ts';
export { KEY_HEADER } from './trust.ts';
export type { WebchatOptions } from './webchat/routes.ts';

export interface TeamsServerOptions {
  teams: TeamsConfig;
  /** The data folder: conversation references are kept in <dataDir>/teams-conversations.json. */
  dataDir: string;
  logger: Logger;
  /** Adaptive Card renderer (cards/index.ts renderAdaptiveCard). */
  render: CardRenderer;
  /** The local web chat; only possible anonymous on loopback. Omit or false for none. */
  webchat?: WebchatOptions | false;
  /** Override the reference store (tests). */
  references?: ReferenceStore;
  /** How long a message turn stays open before replies go out proactively, ms (default 10000). */
  messageDeadlineMs?: number;
  /** Look up UPNs of Teams users through the roster (default true). */
  lookupUpn?: boolean;
  /** Where refused requests are audited (the app's audit log). */
  audit?: Pick<AuditLog, 'record'>;
  /** Bot Framework endpoints and credentials other than Microsoft's public cloud (sovereign clouds, tests). */
  auth?: AuthOverrides;
}

/** How /api/messages decides who may talk (see the module comment). */
export type TeamsMode = 'teams' | 'local' | 'closed';

export interface TeamsServer {
  /** Sends/updates outside a turn in Teams and web-chat conversations. Usable once listening. */
  readonly messenger: Messenger;
  /** True when the local web chat is served. */
  readonly webchat: boolean;
  readonly mode: TeamsMode;
  /** Connects the bot (turns before this get a "still starting" line) and its download registry. */
  attach(bot: Bot, downloads?: DownloadResolver): void;
  listen(): Promise<{ url: string; port: number; host: string }>;
  close(): Promise<void>;
  /** http://host:port of the listening server. */
  url(): string;
  /** The web-chat conversations a page is open on right now (the demo sends them alerts too). */
  openWebchatConversations(): Conversation[];
}

const CLOSED =
  'Teams is not served: sagebot answers Teams only with MicrosoftAppId set (see docs/teams.md), and the local web chat is off.';

function originOf(address: { address: string; port: number }): string {
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host === '[::]' || host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
}

export function createTeamsServer(options: TeamsServerOptions): TeamsServer {
  const { teams, logger } = options;
  const log = logger.child({ component: 'teams' });
  const { adapter, tokenValid } = createCloudAdapter(teams, log, options.auth);
  const anonymous = isAnonymous(teams);
  const webchatOptions = options.webchat && anonymous ? options.webchat : undefined;
  if (options.webchat && !anonymous) log.info('teams: the local web chat is off because MicrosoftAppId is set');
  const mode: TeamsMode = !anonymous ? 'teams' : webchatOptions ? 'local' : 'closed';
  const trust: Trust = webchatOptions ? { mode: 'local', user: { ...webchatOptions.user } } : teamsTrust(teams);
  const key = newLocalKey();
  const audit = refusalAudit(() => options.audit, log, webchatOptions ? 'webchat' : 'teams');
  const folder = dataFolder(options.dataDir);
  const references = options.references ?? openReferenceStore(folder.teamsConversations);
  const transcripts = webchatOptions ? openTranscriptFile(folder.webchatTranscripts, log) : undefined;
  const hub = new WebchatHub(transcripts?.keeping());
  transcripts?.attach(hub);
  const server = restify.createServer({ name: 'sagebot', handleUncaughtExceptions: false, strictFormatters: false });
  let bot: Bot | undefined;
  let downloads: DownloadResolver | undefined;
  let origin = '';

  const webchatReference = (conversationId: string): Partial<ConversationReference> | undefined =>
    webchatOptions && origin
      ? {
          channelId: 'webchat',
          serviceUrl: `${origin}/webchat/connector`,
          conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'web chat' },
          bot: { id: 'sagebot', name: 'sagebot' },
          user: { id: webchatOptions.user.id, name: webchatOptions.user.name },
        }
      : undefined;
  const messenger = new TeamsMessenger({
    adapter,
    appId: teams.appId ?? '',
    references,
    webchatReference,
    render: options.render,
    logger: log,
  });

  server.pre(jsonOnly);
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false }));
  server.on(
    'restifyError',
    (req: { url?: string }, _res: unknown, err: { statusCode?: number; message?: string }, cb: () => void) => {
      log.debug({ url: req.url, status: err.statusCode, message: err.message }, 'teams: http error');
      cb();
    },
  );
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, {
      status: 'ok',
      bot: bot ? 'ready' : 'starting',
      webchat: Boolean(webchatOptions),
      uptimeSeconds: Math.round(process.uptime()),
    });
  });
  const turn = createTurnHandler({
    bot: () => bot,
    render: options.render,
    messenger,
    references,
    trust,
    upn: createUpnLookup(log, options.lookupUpn ?? true),
    logger: log,
    messageDeadlineMs: options.messageDeadlineMs ?? 10_000,
  });
  const logic = webchatOptions ? withTranscript(hub, turn) : turn;
  const gate: MessagesGate = {
    trust,
    audit,
    ...(mode === 'teams' ? { tokenValid } : {}),
    ...(mode === 'local' ? { local: { key, serviceUrl: () => `${origin}${CONNECTOR_PATH}` } } : {}),
    ...(mode === 'closed' ? { closed: CLOSED } : {}),
  };
  mountMessages(server, adapter, gate, logic, log);
  mountDownloads(server, () => downloads, log);
  if (webchatOptions) mountWebchat(server, webchatOptions, { hub, origin: () => origin, key, audit, logger: log });

  return {
    messenger,
    webchat: Boolean(webchatOptions),
    mode,
    attach(b, d) {
      bot = b;
      downloads = d;
    },
    listen: () =>
      new Promise((resolve, reject) => {
        // restify re-emits the http server's 'error' on itself, where an unheard one would crash the process.
        const fail = (e: unknown) => {
          server.removeListener('error', fail);
          reject(e);
        };
        server.on('error', fail);
        server.listen(teams.port, teams.host, () => {
          server.removeListener('error', fail);
          const address = server.address();
          origin = originOf(address);
          resolve({ url: origin, port: address.port, host: address.address });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        hub.closeAll();
        transcripts?.flush();
        server.close(() => resolve());
        server.server.closeAllConnections?.();
      }),
    url: () => origin,
    openWebchatConversations: () =>
      webchatOptions
        ? hub.openConversations().map((id) => ({
            platform: 'webchat' as const,
            id,
            key: `webchat:${id}`,
            isChannel: false,
            name: 'web chat',
          }))
        : [],
  };
}
