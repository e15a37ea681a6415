/**
 * Several Sage companies from one bot: what SAGEBOT_COMPANIES may say, and the one place that turns it
 * into `CompanyConfig`s. Without it there is exactly one company, built from SAGE_* as before, with today's data
 * paths. With it, every company has an id, a name, aliases people use in chat ("Irish", "Dublin"), its Sage
 * folder / driver / user / password, its base currency and the Manage locations that belong to it. The default
 * company may list no locations: it then takes every location no other company lists (said so in the docs);
 * every other company must list its own, so nothing is ever routed by a guess.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export interface SageConfig {
  driver: 'embedded' | 'sdo';
  companyDir: string;
  user: string;
  password: string;
  sdoVersion?: number;
}

/** A Manage location as configured: its id, or its name (case-insensitive). */
export type LocationRef = number | string;

export interface CompanyConfig {
  /** Short, stable, used in folder names and schedule ids: letters, digits, - and _. */
  id: string;
  name: string;
  /** Words people use for it in chat, matched whole and case-insensitively ("Irish", "Dublin"). */
  aliases: string[];
  isDefault: boolean;
  sage: SageConfig;
  /** The Manage locations whose records post to this company; undefined on the default = every unlisted one. */
  locations?: LocationRef[];
  /** The company's base currency as configured (the embedded company is created with it). */
  baseCurrency: string;
}

export const DEFAULT_COMPANY_ID = 'default';

const ID = /^[a-z0-9][a-z0-9_-]{0,31}$/i;

const companySchema = z
  .object({
    id: z.string().regex(ID),
    name: z.string().trim().min(1),
    aliases: z.array(z.string().trim().min(1)).default([]),
    default: z.boolean().optional(),
    driver: z.enum(['embedded', 'sdo']).optional(),
    companyDir: z.string().trim().min(1).optional(),
    user: z.string().trim().min(1).optional(),
    password: z.string().optional(),
    /** The name of an environment variable holding the password, so the file holds no secret. */
    passwordEnv: z.string().regex(/^\w+$/).optional(),
    sdoVersion: z.number().int().min(10).max(99).optional(),
    locations: z.array(z.union([z.number().int(), z.string().trim().min(1)])).optional(),
    baseCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
  })
  .strict();

const fileSchema = z.union([
  z.array(companySchema).min(1),
  z.object({ companies: z.array(companySchema).min(1) }).transform((o) => o.companies),
]);

export type CompanyEntry = z.input<typeof companySchema>;

export const COMPANIES_EXPECTED =
  'a JSON file path (or inline JSON) holding a list of companies: [{"id":"uk","name":"…","aliases":["UK"],"default":true}, {"id":"ie","name":"…","aliases":["Irish","Dublin"],"companyDir":"…","locations":["Dublin"],"baseCurrency":"EUR"}]';

/** A problem with SAGEBOT_COMPANIES, as a short reason; config.ts turns it into a ConfigError. */
export class CompaniesError extends Error {}

/** Read SAGEBOT_COMPANIES: inline JSON when it starts with [ or {, else a file path (relative to cwd). */
export function readCompaniesSetting(value: string): unknown {
  const text = /^\s*[[{]/.test(value) ? value : readFile(value);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CompaniesError(`not valid JSON (${(e as Error).message.slice(0, 80)})`);
  }
}

function readFile(path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) throw new CompaniesError(`no such file "${full}"`);
  return readFileSync(full, 'utf8');
}

/**
 * The companies: `defaults` is today's single company (from SAGE_*); the default company of a list inherits
 * what it does not say from it, the others get an embedded folder of their own under the data folder.
 */
export function companiesFrom(
  raw: unknown,
  defaults: SageConfig,
  dataDir: string,
  env: Record<string, string | undefined>,
): CompanyConfig[] {
  if (raw === undefined) return [singleCompany(defaults)];
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CompaniesError(`${issue.path.join('.') || 'the list'}: ${issue.message}`);
  }
  const entries = parsed.data;
  const marked = entries.filter((c) => c.default);
  if (marked.length > 1) throw new CompaniesError(`only one company may be "default" (${marked.map((c) => c.id)})`);
  const defaultId = (marked[0] ?? entries[0]).id;
  const companies = entries.map((c) => toCompany(c, c.id === defaultId, defaults, dataDir, env));
  checkDistinct(companies);
  return [...companies.filter((c) => c.isDefault), ...companies.filter((c) => !c.isDefault)];
}

function singleCompany(sage: SageConfig): CompanyConfig {
  return { id: DEFAULT_COMPANY_ID, name: 'Sage company', aliases: [], isDefault: true, sage, baseCurrency: 'GBP' };
}

function toCompany(
  c: z.infer<typeof companySchema>,
  isDefault: boolean,
  defaults: SageConfig,
  dataDir: string,
  env: Record<string, string | undefined>,
): CompanyConfig {
  if (!isDefault && !c.locations?.length)
    throw new CompaniesError(`company "${c.id}" lists no locations (only the default company may take the rest)`);
  if (c.passwordEnv && env[c.passwordEnv] === undefined)
    throw new CompaniesError(`company "${c.id}": passwordEnv names ${c.passwordEnv}, which is not set`);
  const driver = c.driver ?? defaults.driver;
  const dir = c.companyDir ?? (isDefault ? defaults.companyDir : undefined);
  if (!dir && driver === 'sdo') throw new CompaniesError(`company "${c.id}" needs its companyDir (sdo)`);
  return {
    id: c.id,
    name: c.name,
    aliases: c.aliases,
    isDefault,
    sage: {
      driver,
      companyDir: resolve(dir ?? join(companyDataDir(dataDir, c.id), 'sage-company')),
      user: c.user ?? (isDefault ? defaults.user : 'MANAGER'),
      password: c.passwordEnv ? (env[c.passwordEnv] ?? '') : (c.password ?? (isDefault ? defaults.password : '')),
      ...((c.sdoVersion ?? defaults.sdoVersion) ? { sdoVersion: c.sdoVersion ?? defaults.sdoVersion } : {}),
    },
    ...(c.locations?.length ? { locations: c.locations } : {}),
    baseCurrency: c.baseCurrency ?? 'GBP',
  };
}

/** Two companies on one Sage folder, one id twice, or one location or alias claimed twice: refused. */
function checkDistinct(companies: CompanyConfig[]): void {
  const seen = new Map<string, string>();
  const claim = (what: string, key: string, id: string) => {
    const other = seen.get(`${what}\u0000${key}`);
    if (other !== undefined && other !== id)
      throw new CompaniesError(`${what} "${key}" is claimed by "${other}" and "${id}"`);
    if (other === id && what === 'id') throw new CompaniesError(`id "${key}" is used twice`);
    seen.set(`${what}\u0000${key}`, id);
  };
  for (const c of companies) {
    claim('id', c.id.toLowerCase(), c.id);
    claim('company folder', c.sage.companyDir.toLowerCase(), c.id);
    for (const l of c.locations ?? []) claim('location', String(l).toLowerCase(), c.id);
    for (const a of [c.name, ...c.aliases]) claim('name or alias', a.toLowerCase(), c.id);
  }
}

/** A non-default company's own part of the data folder (core/data-folder.ts uses the same). */
export function companyDataDir(dataDir: string, id: string): string {
  return join(dataDir, 'companies', id);
}

/** The company whose locations list `location` (by id, or by name when `name` is given). */
export function companyOfLocation(
  companies: readonly CompanyConfig[],
  location: { id?: number; name?: string },
): CompanyConfig | undefined {
  const name = location.name?.toLowerCase();
  const listed = companies.find((c) =>
    (c.locations ?? []).some((l) =>
      typeof l === 'number' ? l === location.id : l.toLowerCase() === name || l === String(location.id),
    ),
  );
  return listed ?? companies.find((c) => c.isDefault && !c.locations);
}

/**
 * The demo's two companies (SAGEBOT_DEMO_DATA=companies, the default on embedded defaults): the walk-through's UK company as the
 * default taking every other location, and an Irish one with EUR books taking the sandbox's Dublin location.
 */
export const DEMO_COMPANIES: CompanyEntry[] = [
  { id: 'uk', name: 'Northwind IT Services Ltd', aliases: ['UK', 'British'], default: true },
  {
    id: 'ie',
    name: 'Northwind IT Services (Ireland) Ltd',
    aliases: ['Irish', 'Ireland', 'Dublin'],
    driver: 'embedded',
    locations: ['Dublin'],
    baseCurrency: 'EUR',
  },
];
