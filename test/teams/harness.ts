/**
 * The whole bot behind the real Teams adapter, for end-to-end tests and the benchmark: what `sagebot start`
 * runs (adapters/app/start-bot.ts: the in-process Manage sandbox and an embedded Sage company in a temp data
 * folder, the real bot, the adapter on an ephemeral port), authenticated as in production (MicrosoftAppId,
 * activities signed by a loopback Bot Framework token service), and a loopback fake Bot Connector that
 * receives everything it sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, AppOptions } from '../../adapters/app/app.ts';
import { DEMO_SAGE_SEED } from '../../adapters/app/demo.ts';
import { startBot } from '../../adapters/app/start-bot.ts';
import type { TeamsServer } from '../../adapters/teams/index.ts';
import type { SagebotBot, ScheduleOverrides } from '../../bot/index.ts';
import { type Config, type Env, loadConfig } from '../../core/config.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';
import { type CompanySeed, exportCompany, initCompany } from '../../core/sage/embedded/index.ts';
import { APP_ID, type FakeBotFrameworkAuth, startFakeBotFrameworkAuth } from './bot-framework-auth.ts';
import { type FakeConnector, startFakeConnector } from './fake-connector.ts';
import {
  actionsOf,
  cardOf,
  cardText,
  inputOf,
  invoke,
  message,
  type Poster,
  signedPost,
  TENANT,
  type TestUser,
  type Where,
} from './helpers.ts';

export interface Harness {
  config: Config;
  app: App;
  bot: SagebotBot;
  teams: TeamsServer;
  fake: FakeConnector;
  auth: FakeBotFrameworkAuth;
  /** POST an activity to the bot as the Bot Connector does (signed). */
  post: Poster;
  url: string;
  dataDir: string;
  /** Say something and wait for the first card that matches. */
  ask(
    where: Where,
    user: TestUser,
    text: string,
    match?: (card: any) => boolean,
  ): Promise<{ id: string; card: any; sentAt: number }>;
  /** Press a card button (Action.Execute invoke) with input values; returns the invoke response body. */
  press(
    where: Where,
    user: TestUser,
    cardId: string,
    verb: string,
    inputs?: Record<string, unknown>,
    activityId?: string,
  ): Promise<any>;
  /** Wait until the message `id` holds a card that matches. */
  cardBecomes(id: string, match: (card: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Cards the fake connector holds for a conversation, oldest first (current state of each message). */
  cardsIn(conversationId: string): Array<{ id: string; card: any }>;
  /** The embedded Sage company's content (read-only export). */
  sage(): Record<string, any>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Env;
  extraInvoices?: number;
  logger?: Logger;
  progressIntervalMs?: number;
  /** The bot's click deadline (bot/deadline.ts). */
  actionDeadlineMs?: number;
  /** How long `ask` waits for its card (default 30 s; the benchmark's big previews take longer). */
  askTimeoutMs?: number;
  /** The embedded Sage company to start with (default: the demo company that matches the sandbox). */
  seed?: CompanySeed;
  /** The schedules' trigger and data-folder polling (tests fire preview schedules by hand). */
  schedules?: ScheduleOverrides;
  /** App options (e.g. a ledger decorator that counts connections to Sage). */
  app?: AppOptions;
}

/** The first message sent since `since` (ms) whose card matches. */
function findCard(
  fake: FakeConnector,
  since: number,
  match: (card: any) => boolean,
): { id: string; card: any; sentAt: number } | undefined {
  for (const m of fake.messages.values()) {
    const card = cardOf(m.activity);
    if (m.sentAt >= since && card && match(card)) return { id: m.id, card, sentAt: m.sentAt };
  }
  return undefined;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sagebot-e2e-'));
  const logger = o.logger ?? silentLogger();
  const config = loadConfig({
    SAGEBOT_DATA_DIR: dataDir,
    PORT: '0',
    SAGEBOT_TIMEZONE: 'Europe/London',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'test-secret',
    MicrosoftAppTenantId: TENANT,
    ...o.env,
  });
  await initCompany(config.sage.companyDir, o.seed ?? DEMO_SAGE_SEED);
  const auth = await startFakeBotFrameworkAuth();
  const running = await startBot(config, logger, {
    app: { ...(o.extraInvoices ? { sandbox: { extraInvoices: o.extraInvoices } } : {}), ...o.app },
    auth: auth.overrides,
    webchat: false,
    progressIntervalMs: o.progressIntervalMs ?? 100,
    ...(o.actionDeadlineMs !== undefined ? { actionDeadlineMs: o.actionDeadlineMs } : {}),
    downloadsBaseUrl: (local) => local,
    ...(o.schedules ? { schedules: o.schedules } : {}),
  });
  const { app, bot, teams, url } = running;
  const fake = await startFakeConnector();
  const post = signedPost(auth, () => fake.url);

  const h: Harness = {
    config,
    app,
    bot,
    teams,
    fake,
    auth,
    post,
    url,
    dataDir,
    async ask(where, user, text, match = (c) => actionsOf(c).length > 0) {
      const since = Date.now();
      const r = await post(url, message(where, user, text));
      if (r.status !== 200) throw new Error(`POST /api/messages answered ${r.status}: ${r.text}`);
      return fake.waitFor(() => findCard(fake, since, match), o.askTimeoutMs ?? 30_000, `a card answering "${text}"`);
    },
    async press(where, user, cardId, verb, inputs = {}, activityId) {
      const card = cardOf(fake.messages.get(cardId)?.activity) ?? {};
      const action = actionsOf(card).find((a) => a.verb === verb);
      const data = { ...(action?.data ?? {}), ...inputs };
      const r = await post(url, invoke(where, user, cardId, verb, data, activityId ? { id: activityId } : {}));
      return r.body;
    },
    cardBecomes(id, match, timeoutMs = 60_000) {
      return fake.waitFor(
        () => {
          const card = cardOf(fake.messages.get(id)?.activity);
          return card && match(card) ? card : undefined;
        },
        timeoutMs,
        `message ${id} to show the expected card`,
      );
    },
    cardsIn: (conversationId) =>
      [...fake.messages.values()]
        .filter((m) => m.conversationId === conversationId && cardOf(m.activity))
        .map((m) => ({ id: m.id, card: cardOf(m.activity) })),
    sage: () => exportCompany(config.sage.companyDir) as Record<string, any>,
    async close() {
      await running.close();
      await fake.close();
      await auth.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

export const hasText = (re: RegExp) => (card: any) => re.test(cardText(card));
export const hasInput = (id: string) => (card: any) => Boolean(inputOf(card, id));
