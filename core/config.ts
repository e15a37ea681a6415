/**
 * Configuration: one zod schema, read once at the entry point, failing fast with a message that names the
 * key and the form it should take. Library code receives the parsed `Config`; nobody else reads process.env.
 * Secrets are kept in the object but never printed: `describeConfig` shows at most their last 4 characters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import {
  COMPANIES_EXPECTED,
  CompaniesError,
  type CompanyConfig,
  companiesFrom,
  DEMO_COMPANIES,
  readCompaniesSetting,
  type SageConfig,
} from './companies.ts';
import { dataFolder } from './data-folder.ts';
import { firstMalformed, IDENTITY_FORMS } from './roles.ts';

export type Env = Record<string, string | undefined>;

/** A configuration value that is missing or malformed; `key` names the variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly key: string,
    readonly expected: string,
    readonly got?: string,
  ) {
    super(`Configuration: ${key} ${got === undefined ? 'is missing' : `is not valid (${got})`}; expected ${expected}.`);
    this.name = 'ConfigError';
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Where the app keeps its own state when SAGEBOT_DATA_DIR is not set: the per-user data folder. */
export function defaultDataDir(env: Env = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'sagebot');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'sagebot');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'sagebot');
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const bool = (def: boolean) =>
  z
    .preprocess(blankToUndefined, z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional())
    .transform((v) => (v === undefined ? def : ['true', '1', 'yes'].includes(v)));
const port = (def: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).optional()).transform((v) => v ?? def);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each key should look like, used in error messages. */
const EXPECTED: Record<string, string> = {
  MANAGE_URL:
    'a Manage site such as "na.myconnectwise.net" or "https://cw.example.com", or a base URL ending in /apis/3.0 (https, or http on loopback only)',
  MANAGE_COMPANY_ID: 'your Manage company id, e.g. "acme"',
  MANAGE_CLIENT_ID:
    'the clientId GUID from the ConnectWise developer portal, e.g. 2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
  MANAGE_AUTH: '"apikey" or "member"',
  MANAGE_PUBLIC_KEY: 'the API member public key (MANAGE_AUTH=apikey)',
  MANAGE_PRIVATE_KEY: 'the API member private key (MANAGE_AUTH=apikey)',
  MANAGE_MEMBER: 'the member identifier to impersonate (MANAGE_AUTH=member)',
  MANAGE_INTEGRATOR_USER: 'the Integrator Login user name (MANAGE_AUTH=member)',
  MANAGE_INTEGRATOR_PASSWORD: 'the Integrator Login password (MANAGE_AUTH=member)',
  MANAGE_API_VERSION: 'a Manage API version such as 2025.8',
  MANAGE_TIMEOUT_MS: 'a request timeout in milliseconds (1000-600000)',
  MANAGE_CONCURRENCY:
    'how many pages or look-ups of one list sagebot asks Manage for at once, 1-16 (twice that in flight in all)',
  SAGEBOT_DATA_DIR: "a folder path for sagebot's own state",
  SAGEBOT_TIMEZONE: 'an IANA time zone such as Europe/London',
  SAGEBOT_LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  SAGEBOT_APPROVERS: `the people who may post to Sage: ${IDENTITY_FORMS}`,
  SAGEBOT_OPERATORS: `the people who may sync payments, change settings and route alerts (approvers may too): ${IDENTITY_FORMS}`,
  SAGEBOT_FOUR_EYES: 'true or false',
  SAGEBOT_PEOPLE:
    'the identities that are one person, for four-eyes across doors: people separated by ";", each one\'s identities by "," (e.g. "os:jane,teams:jane@contoso.com,slack:U0123ABCD; os:bob,teams:bob@contoso.com"), in the forms of SAGEBOT_APPROVERS but not "*"',
  SAGEBOT_PAYMENT_SYNC_CRON: 'a cron expression such as "0 7 * * 1-5"',
  SAGEBOT_USER: 'a display name for the person at the command line (who they are is the operating-system user)',
  SAGEBOT_DEMO_DATA:
    '"companies" (the default: the walk-through with a second, Irish demo company), "walkthrough" (the same with one company) or "full" (every deliberately broken record)',
  SAGE_DRIVER: '"embedded" or "sdo" (sdo needs Windows with Sage Data Objects)',
  SAGE_COMPANY_DIR: 'the Sage company folder (embedded: any folder; sdo: the Company.000 folder, without ACCDATA)',
  SAGE_USER: 'the Sage user name, e.g. MANAGER',
  SAGE_SDO_VERSION: 'the SDO major version number, e.g. 32',
  SAGEBOT_COMPANIES: COMPANIES_EXPECTED,
  MicrosoftAppId: "the bot's Azure app registration id (a GUID)",
  MicrosoftAppType: '"SingleTenant", "MultiTenant" or "UserAssignedMSI"',
  MicrosoftAppTenantId: 'the Azure tenant id (a GUID) for a SingleTenant bot',
  MicrosoftAppPassword: "the client secret of the bot's app registration",
  PORT: 'a TCP port number for the bot (default 3978)',
  SAGEBOT_HOST: 'the address to listen on (default 127.0.0.1)',
  SAGEBOT_PUBLIC_URL: 'the https address where Teams reaches this bot, used for download links',
  SAGEBOT_WEBCHAT: '"on" or "off" (the local web chat; default: on only on embedded defaults)',
  SLACK_BOT_TOKEN: 'a Slack bot token starting with xoxb-',
  SLACK_SIGNING_SECRET: "the Slack app's signing secret",
  SLACK_APP_TOKEN: 'a Slack app-level token starting with xapp- (Socket Mode)',
  SLACK_API_URL: 'the Slack Web API base URL (default https://slack.com/api/)',
  SLACK_PORT: "a TCP port for Slack's HTTP events (default 3000)",
};

const schema = z.object({
  MANAGE_URL: optionalString,
  MANAGE_COMPANY_ID: optionalString,
  MANAGE_CLIENT_ID: optionalString.refine((v) => v === undefined || GUID.test(v)),
  MANAGE_AUTH: z.preprocess(blankToUndefined, z.enum(['apikey', 'member']).optional()).transform((v) => v ?? 'apikey'),
  MANAGE_PUBLIC_KEY: optionalString,
  MANAGE_PRIVATE_KEY: optionalString,
  MANAGE_MEMBER: optionalString,
  MANAGE_INTEGRATOR_USER: optionalString,
  MANAGE_INTEGRATOR_PASSWORD: optionalString,
  MANAGE_API_VERSION: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{4}\.\d{1,2}$/)
        .optional(),
    )
    .transform((v) => v ?? '2025.8'),
  MANAGE_TIMEOUT_MS: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(1000).max(600_000).optional())
    .transform((v) => v ?? 60_000),
  MANAGE_CONCURRENCY: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(1).max(16).optional())
    .transform((v) => v ?? 4),
  SAGEBOT_DATA_DIR: optionalString,
  SAGEBOT_TIMEZONE: z
    .preprocess(blankToUndefined, z.string().refine(isValidTimeZone).optional())
    .transform((v) => v ?? 'Europe/London'),
  SAGEBOT_LOG_LEVEL: z
    .preprocess(blankToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional())
    .transform((v) => v ?? 'info'),
  SAGEBOT_APPROVERS: optionalString,
  SAGEBOT_OPERATORS: optionalString,
  SAGEBOT_FOUR_EYES: bool(false),
  SAGEBOT_PEOPLE: optionalString,
  SAGEBOT_PAYMENT_SYNC_CRON: optionalString.refine((v) => v === undefined || /^(\S+\s+){4,5}\S+$/.test(v)),
  SAGEBOT_USER: optionalString,
  SAGEBOT_DEMO_DATA: z.preprocess(blankToUndefined, z.enum(['walkthrough', 'full', 'companies']).optional()),
  SAGE_DRIVER: z.preprocess(blankToUndefined, z.enum(['embedded', 'sdo']).optional()).transform((v) => v ?? 'embedded'),
  SAGE_COMPANY_DIR: optionalString,
  SAGE_USER: optionalString,
  SAGE_PASSWORD: optionalString,
  SAGE_SDO_VERSION: z.preprocess(blankToUndefined, z.coerce.number().int().min(10).max(99).optional()),
  SAGEBOT_COMPANIES: optionalString,
  MicrosoftAppId: optionalString.refine((v) => v === undefined || GUID.test(v)),
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z
    .preprocess(blankToUndefined, z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).optional())
    .transform((v) => v ?? 'SingleTenant'),
  MicrosoftAppTenantId: optionalString.refine((v) => v === undefined || GUID.test(v)),
  PORT: port(3978),
  SAGEBOT_HOST: z.preprocess(blankToUndefined, z.string().optional()).transform((v) => v ?? '127.0.0.1'),
  SAGEBOT_PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v)),
  SAGEBOT_WEBCHAT: z.preprocess(blankToUndefined, z.enum(['on', 'off']).optional()),
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-') || v.startsWith('xoxp-')),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-')),
  SLACK_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v)),
  SLACK_PORT: port(3000),
});

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type ManageAuth =
  | { kind: 'apikey'; publicKey: string; privateKey: string }
  | { kind: 'member'; member: string; integratorUser: string; integratorPassword: string };

/** Where Manage lives: the embedded sandbox, a site whose codebase is discovered, or a fixed base URL. */
export type ManageTarget = { kind: 'sandbox' } | { kind: 'site'; origin: string } | { kind: 'base'; baseUrl: string };

export interface ManageConfig {
  target: ManageTarget;
  companyId: string;
  clientId: string;
  auth: ManageAuth;
  apiVersion: string;
  timeoutMs: number;
  /** Requests sent at once (pages of a list, chunked look-ups, payment sync reads and writes); default 4. */
  concurrency?: number;
}

export type { CompanyConfig, SageConfig } from './companies.ts';

export interface TeamsConfig {
  appId?: string;
  appPassword?: string;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  tenantId?: string;
  port: number;
  host: string;
  publicUrl?: string;
  /** SAGEBOT_WEBCHAT: the local web chat asked for explicitly; unset = on only on embedded defaults. */
  webchat?: 'on' | 'off';
}

export interface SlackConfig {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
}

export interface Config {
  dataDir: string;
  timeZone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** A display name for the person at the command line (SAGEBOT_USER); who they are is the OS user. */
  cliUser: string;
  /** SAGEBOT_APPROVERS entries, validated (core/roles.ts): who may post. */
  approvers: string[];
  /** SAGEBOT_OPERATORS entries, validated: who may sync payments, change settings, route alerts. */
  operators: string[];
  fourEyes: boolean;
  /** SAGEBOT_PEOPLE: each person's identities at the different doors (four-eyes compares people, not doors). */
  people: string[][];
  paymentSyncCron?: string;
  /** On embedded defaults: which demo data the Manage sandbox starts with. */
  demoData: 'walkthrough' | 'full' | 'companies';
  manage: ManageConfig;
  /** The default company's Sage settings (= companies[0].sage). */
  sage: SageConfig;
  /**
   * The Sage companies this bot serves, the default first. One (from SAGE_*) unless SAGEBOT_COMPANIES lists
   * several (core/companies.ts).
   */
  companies: CompanyConfig[];
  teams: TeamsConfig;
  /** Present only when Slack settings are given. */
  slack?: SlackConfig;
}

/** Sandbox credentials: what the embedded Manage sandbox accepts when no MANAGE_URL is configured. */
export const SANDBOX_CREDENTIALS = {
  companyId: 'sagebot_demo',
  clientId: '00000000-0000-4000-8000-000000000001',
  publicKey: 'sandboxPublicKey',
  privateKey: 'sandboxPrivateKey',
  member: 'jdoe',
  integratorUser: 'sagebot-integrator',
  integratorPassword: 'sandboxIntegratorPassword',
} as const;

/** Parse a configuration from an environment map. Throws ConfigError naming the first bad key. */
export function loadConfig(env: Env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(key, EXPECTED[key] ?? 'a valid value', describeBadValue(key, env[key]));
  }
  const e = parsed.data;
  const dataDir = resolve(e.SAGEBOT_DATA_DIR ?? defaultDataDir(env));
  const sage: SageConfig = {
    driver: sageDriver(e.SAGE_DRIVER),
    companyDir: resolve(e.SAGE_COMPANY_DIR ?? dataFolder(dataDir).sageCompany),
    user: e.SAGE_USER ?? 'MANAGER',
    password: e.SAGE_PASSWORD ?? '',
    sdoVersion: e.SAGE_SDO_VERSION,
  };
  // Unset, the embedded defaults (no Manage, no company list, embedded Sage) serve the two-company demo; anything
  // else (or SAGEBOT_DEMO_DATA=walkthrough) the one-company walk-through.
  const embeddedDefaults = !e.SAGEBOT_COMPANIES && !e.MANAGE_URL && sage.driver === 'embedded';
  const demoData = e.SAGEBOT_DEMO_DATA ?? (embeddedDefaults ? 'companies' : 'walkthrough');
  const demoCompanies = !e.SAGEBOT_COMPANIES && demoData === 'companies' && !e.MANAGE_URL;
  const companies = demoCompanies
    ? companiesFrom(DEMO_COMPANIES, sage, dataDir, env)
    : companyList(e.SAGEBOT_COMPANIES, sage, dataDir, env);
  return {
    dataDir,
    timeZone: e.SAGEBOT_TIMEZONE,
    logLevel: e.SAGEBOT_LOG_LEVEL,
    cliUser: e.SAGEBOT_USER ?? env.USER ?? env.USERNAME ?? 'sagebot',
    approvers: identityList('SAGEBOT_APPROVERS', e.SAGEBOT_APPROVERS),
    operators: identityList('SAGEBOT_OPERATORS', e.SAGEBOT_OPERATORS),
    fourEyes: e.SAGEBOT_FOUR_EYES,
    people: peopleList(e.SAGEBOT_PEOPLE),
    paymentSyncCron: e.SAGEBOT_PAYMENT_SYNC_CRON,
    demoData,
    manage: manageConfig(e),
    sage: companies[0].sage,
    companies,
    teams: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      port: e.PORT,
      host: e.SAGEBOT_HOST,
      publicUrl: e.SAGEBOT_PUBLIC_URL,
      ...(e.SAGEBOT_WEBCHAT ? { webchat: e.SAGEBOT_WEBCHAT } : {}),
    },
    slack: slackConfig(e),
  };
}

/** The companies (core/companies.ts); a bad SAGEBOT_COMPANIES stops start-up naming what is wrong. */
function companyList(value: string | undefined, sage: SageConfig, dataDir: string, env: Env): CompanyConfig[] {
  try {
    const companies = companiesFrom(value === undefined ? undefined : readCompaniesSetting(value), sage, dataDir, env);
    for (const c of companies) sageDriver(c.sage.driver);
    return companies;
  } catch (e) {
    if (e instanceof CompaniesError) throw new ConfigError('SAGEBOT_COMPANIES', COMPANIES_EXPECTED, e.message);
    throw e;
  }
}

/** A list of role entries; a malformed one stops start-up, named in the message. */
function identityList(key: string, value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = firstMalformed(entries);
  if (bad !== undefined) throw new ConfigError(key, EXPECTED[key], `entry "${bad.slice(0, 80)}"`);
  return entries;
}

function peopleList(value: string | undefined): string[][] {
  const people = (value ?? '')
    .split(';')
    .map((p) => identityList('SAGEBOT_PEOPLE', p))
    .filter((p) => p.length);
  const anyone = people.flat().find((e) => e.trim() === '*');
  if (anyone) throw new ConfigError('SAGEBOT_PEOPLE', EXPECTED.SAGEBOT_PEOPLE, 'entry "*"');
  return people;
}

function describeBadValue(key: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return isSecretKey(key)
    ? `value ending ${redact(value)}`
    : `"${value.length > 80 ? `${value.slice(0, 80)}…` : value}"`;
}

function need(e: Record<string, unknown>, key: string): string {
  const v = e[key];
  if (typeof v !== 'string' || v === '') throw new ConfigError(key, EXPECTED[key] ?? 'a value');
  return v;
}

function manageConfig(e: z.infer<typeof schema>): ManageConfig {
  if (!e.MANAGE_URL) {
    const c = SANDBOX_CREDENTIALS;
    return {
      target: { kind: 'sandbox' },
      companyId: c.companyId,
      clientId: c.clientId,
      auth:
        e.MANAGE_AUTH === 'member'
          ? {
              kind: 'member',
              member: c.member,
              integratorUser: c.integratorUser,
              integratorPassword: c.integratorPassword,
            }
          : { kind: 'apikey', publicKey: c.publicKey, privateKey: c.privateKey },
      apiVersion: e.MANAGE_API_VERSION,
      timeoutMs: e.MANAGE_TIMEOUT_MS,
      concurrency: e.MANAGE_CONCURRENCY,
    };
  }
  const target = parseManageUrl(e.MANAGE_URL);
  const companyId = need(e, 'MANAGE_COMPANY_ID');
  const clientId = need(e, 'MANAGE_CLIENT_ID');
  const auth: ManageAuth =
    e.MANAGE_AUTH === 'member'
      ? {
          kind: 'member',
          member: need(e, 'MANAGE_MEMBER'),
          integratorUser: need(e, 'MANAGE_INTEGRATOR_USER'),
          integratorPassword: need(e, 'MANAGE_INTEGRATOR_PASSWORD'),
        }
      : { kind: 'apikey', publicKey: need(e, 'MANAGE_PUBLIC_KEY'), privateKey: need(e, 'MANAGE_PRIVATE_KEY') };
  const { MANAGE_API_VERSION: apiVersion, MANAGE_TIMEOUT_MS: timeoutMs, MANAGE_CONCURRENCY: concurrency } = e;
  return { target, companyId, clientId, auth, apiVersion, timeoutMs, concurrency };
}

/** A site (discover the codebase) or a base URL ending in /apis/3.0 (used as is). http only on loopback. */
export function parseManageUrl(raw: string): Exclude<ManageTarget, { kind: 'sandbox' }> {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError('MANAGE_URL', EXPECTED.MANAGE_URL, `"${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError('MANAGE_URL', EXPECTED.MANAGE_URL, `"${raw}"`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      'MANAGE_URL',
      `https (plain http would send credentials in clear text; it is allowed only for loopback hosts)`,
      `"${raw}"`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError('MANAGE_URL', 'a URL without credentials, query or fragment', `"${raw}"`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/apis\/3\.0$/i.test(path)) return { kind: 'base', baseUrl: `${url.origin}${path}` };
  if (path !== '') throw new ConfigError('MANAGE_URL', EXPECTED.MANAGE_URL, `"${raw}" (a path must end in /apis/3.0)`);
  return { kind: 'site', origin: url.origin };
}

function sageDriver(driver: 'embedded' | 'sdo'): 'embedded' | 'sdo' {
  if (driver === 'sdo' && process.platform !== 'win32') {
    throw new ConfigError(
      'SAGE_DRIVER',
      `"embedded" on this machine: the sdo driver needs Windows with Sage Data Objects and edge-js (this is ${process.platform})`,
      '"sdo"',
    );
  }
  return driver;
}

function slackConfig(e: z.infer<typeof schema>): SlackConfig | undefined {
  const any = e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN;
  if (!any) return undefined;
  const botToken = need(e, 'SLACK_BOT_TOKEN');
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET)
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      `${EXPECTED.SLACK_SIGNING_SECRET} (or SLACK_APP_TOKEN for Socket Mode)`,
    );
  return {
    botToken,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    apiUrl: e.SLACK_API_URL,
    port: e.SLACK_PORT,
  };
}

/** process.env over an optional .env file in `cwd` (process.env wins, as dotenv does). */
export function readEnvironment(cwd = process.cwd(), env: Env = process.env): Env {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

const SECRET_KEYS = /(PRIVATE_KEY|PUBLIC_KEY|PASSWORD|SECRET|TOKEN)$/i;
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.test(key);
}

/** At most the last 4 characters of a secret, so a support call can tell two keys apart. */
export function redact(secret: string | undefined): string {
  if (!secret) return '(not set)';
  return secret.length <= 8 ? '****' : `****${secret.slice(-4)}`;
}

/** A printable summary of the configuration with every secret redacted (doctor, start-up banner). */
export function describeConfig(c: Config): Record<string, string> {
  const m = c.manage;
  const target =
    m.target.kind === 'sandbox'
      ? 'embedded sandbox'
      : m.target.kind === 'site'
        ? `${m.target.origin} (codebase discovered)`
        : m.target.baseUrl;
  const out: Record<string, string> = {
    'data folder (SAGEBOT_DATA_DIR)': c.dataDir,
    'time zone': c.timeZone,
    Manage: target,
    'Manage company id': m.companyId,
    'Manage client id': m.clientId,
    'Manage auth': m.auth.kind,
  };
  if (m.auth.kind === 'apikey') {
    out['Manage public key'] = redact(m.auth.publicKey);
    out['Manage private key'] = redact(m.auth.privateKey);
  } else {
    out['Manage member'] = m.auth.member;
    out['Manage integrator user'] = m.auth.integratorUser;
    out['Manage integrator password'] = redact(m.auth.integratorPassword);
  }
  if (c.companies.length > 1) {
    for (const co of c.companies) {
      const where = co.locations ? `locations ${co.locations.join(', ')}` : 'every location no other company lists';
      out[`Sage company ${co.id}${co.isDefault ? ' (default)' : ''}`] =
        `${co.name}: ${co.sage.driver} ${co.sage.companyDir}, user ${co.sage.user}, ${co.baseCurrency}, ${where}`;
    }
  } else {
    out['Sage driver'] = c.sage.driver;
    out['Sage company'] = c.sage.companyDir;
    out['Sage user'] = c.sage.user;
  }
  out['Teams app id'] = c.teams.appId ?? '(none: anonymous, loopback only)';
  if (c.teams.appPassword) out['Teams app password'] = redact(c.teams.appPassword);
  out['Slack'] = c.slack ? (c.slack.appToken ? 'Socket Mode' : `HTTP on port ${c.slack.port}`) : '(not configured)';
  if (c.slack) out['Slack bot token'] = redact(c.slack.botToken);
  out['approvers'] = c.approvers.length ? c.approvers.join(', ') : '(none set: nobody can approve)';
  out['operators'] = c.operators.length ? c.operators.join(', ') : '(none set: approvers only)';
  out['four-eyes'] = String(c.fourEyes);
  return out;
}

/** True when nothing real is configured: sandbox Manage, embedded Sage, anonymous Teams, no Slack. */
export function onEmbeddedDefaults(c: Config): boolean {
  return c.manage.target.kind === 'sandbox' && c.sage.driver === 'embedded' && !c.teams.appId && !c.slack;
}
