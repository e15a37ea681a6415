/**
 * Creating a stand-in company (`sagebot ledger init`): the UK defaults plus an optional seed, built in a
 * temporary file and renamed into place, so a crash during init leaves either no company or a whole one.
 * Also the few company flags a test or demo flips from outside (lock date, exclusive use, integration
 * enabled, a user logged in elsewhere), under the writer lock like any other change.
 */

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SagebotError } from '../../errors.ts';
import { checkDate } from '../rules.ts';
import { createAccount, createProduct } from './accounts.ts';
import {
  DEFAULT_COMPANY_NAME,
  DEFAULT_CURRENCIES,
  DEFAULT_PROJECTS,
  DEFAULT_USER,
  UK_CHART,
  UK_DEPARTMENTS,
  UK_TAX_CODES,
} from './chart.ts';
import { storeDemoPayments } from './demo-payments.ts';
import { acquireWriterLock } from './lock.ts';
import { APP_ID, COMPANY_FILE, DDL, SCHEMA_VERSION } from './schema.ts';
import { type CompanySeed, parseSeed } from './seed.ts';
import { companyExists, companyFile, createCompanyContext, type Db, openCompanyDb, setSetting } from './store.ts';

export interface InitOptions {
  /** Replace an existing company (its data is lost). */
  force?: boolean;
  /** How long to wait for another program's writer lock (ms). Default 0. */
  waitMs?: number;
}

export interface InitResult {
  dir: string;
  file: string;
  companyName: string;
  replaced: boolean;
  counts: Record<string, number>;
}

export function hashPassword(password: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${password}`).digest('hex');
}

/** Create the company in `dir` (made if missing). `seed` is a parsed seed object (validated here). */
export async function initCompany(
  dir: string,
  seed?: CompanySeed | unknown,
  opts: InitOptions = {},
): Promise<InitResult> {
  const parsed = seed === undefined ? {} : parseSeed(seed);
  mkdirSync(dir, { recursive: true });
  const lock = acquireWriterLock(dir, 'MANAGER', 'sagebot ledger init', opts.waitMs);
  try {
    const exists = companyExists(dir);
    if (exists && !opts.force) {
      throw new SagebotError({
        code: 'SAGE_COMPANY_EXISTS',
        message: `A Sage company already exists in ${dir}.`,
        fix: 'Add --force to replace it (its data is lost), or choose another SAGE_COMPANY_DIR.',
      });
    }
    // Leftovers of an init that crashed: nobody else can be initialising, we hold the lock.
    for (const f of readdirSync(dir)) if (f.startsWith(`${COMPANY_FILE}.init-`)) rmSync(join(dir, f), { force: true });
    const tmp = join(dir, `${COMPANY_FILE}.init-${process.pid}.tmp`);
    const db = new Database(tmp);
    let counts: Record<string, number>;
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma(`application_id = ${APP_ID}`);
      counts = db.transaction(() => {
        db.exec(DDL);
        return build(db, dir, parsed);
      })();
      db.pragma('journal_mode = WAL');
    } catch (e) {
      db.close();
      rmSync(tmp, { force: true });
      throw e;
    }
    db.close();
    const file = companyFile(dir);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    renameSync(tmp, file);
    syncDir(dir);
    return { dir, file, companyName: parsed.companyName ?? DEFAULT_COMPANY_NAME, replaced: exists, counts };
  } finally {
    lock.release();
  }
}

/** The default currencies with `base` as the base: every rate divided by the base's rate against GBP. */
function rebased(base: string) {
  const pivot = DEFAULT_CURRENCIES.find((c) => c.code === base)?.rate ?? 1;
  return DEFAULT_CURRENCIES.map((c) => ({
    ...c,
    rate: c.code === base ? 1 : Math.round((c.rate / pivot) * 10_000) / 10_000,
    base: c.code === base,
  }));
}

function build(db: Db, dir: string, seed: CompanySeed): Record<string, number> {
  const settings: Record<string, string | null> = {
    schema_version: SCHEMA_VERSION,
    company_name: seed.companyName ?? DEFAULT_COMPANY_NAME,
    base_currency: seed.baseCurrency ?? 'GBP',
    financial_year_start: seed.financialYearStart ?? `${new Date().getFullYear()}-01-01`,
    lock_date: seed.lockDate ?? null,
    vat_scheme: seed.vatScheme ?? 'standard',
    integration_enabled: seed.flags?.integrationEnabled === false ? '0' : '1',
    exclusive: seed.flags?.exclusive
      ? seed.flags.exclusive === true
        ? 'an exclusive task'
        : seed.flags.exclusive
      : null,
    created_at: new Date().toISOString(),
  };
  for (const [k, v] of Object.entries(settings)) setSetting(db, k, v);
  storeDemoPayments({ db }, seed.demoPayments);

  const nominals = byKey(
    UK_CHART.map((n) => ({ ...n })),
    seed.nominals ?? [],
    (n) => n.code,
  );
  const ins = db.prepare('INSERT INTO nominals (code, name, control, bank, role) VALUES (?, ?, ?, ?, ?)');
  for (const n of nominals)
    ins.run(n.code, n.name, n.control ? 1 : 0, n.bank ? 1 : 0, (n as { role?: string }).role ?? null);

  const taxCodes = byKey(
    UK_TAX_CODES,
    (seed.taxCodes ?? []).map((t) => ({
      number: Number(t.code.slice(1)),
      rate: t.rate,
      description: t.description ?? t.code,
    })),
    (t) => t.number,
  );
  const insTax = db.prepare('INSERT INTO tax_codes (number, rate, description) VALUES (?, ?, ?)');
  for (const t of taxCodes) insTax.run(t.number, t.rate, t.description);

  const insDept = db.prepare('INSERT INTO departments (number, name) VALUES (?, ?)');
  for (const d of byKey(UK_DEPARTMENTS, seed.departments ?? [], (d) => d.number)) insDept.run(d.number, d.name);
  const insProject = db.prepare('INSERT INTO projects (ref, name) VALUES (?, ?)');
  for (const p of byKey(
    DEFAULT_PROJECTS,
    (seed.projects ?? []).map((p) => ({ ...p, ref: p.ref.toUpperCase() })),
    (p) => p.ref,
  ))
    insProject.run(p.ref, p.name);
  const insCur = db.prepare('INSERT INTO currencies (code, name, symbol, rate, base) VALUES (?, ?, ?, ?, ?)');
  const base = seed.baseCurrency ?? 'GBP';
  const currencies = byKey(
    rebased(base),
    (seed.currencies ?? []).filter((c) => c.code !== base).map((c) => ({ ...c, symbol: c.symbol ?? '', base: false })),
    (c) => c.code,
  );
  for (const c of currencies) insCur.run(c.code, c.name, c.symbol, c.rate, c.base ? 1 : 0);

  const insUser = db.prepare('INSERT INTO users (name, salt, hash, logged_in) VALUES (?, ?, ?, ?)');
  for (const u of byKey(
    [{ ...DEFAULT_USER, loggedIn: false }],
    (seed.users ?? []).map((u) => ({
      name: u.name.toUpperCase(),
      password: u.password ?? '',
      loggedIn: u.loggedIn ?? false,
    })),
    (u) => u.name,
  )) {
    const salt = randomBytes(8).toString('hex');
    insUser.run(u.name, salt, hashPassword(u.password, salt), u.loggedIn ? 1 : 0);
  }

  const c = createCompanyContext(db, dir, 'MANAGER', { today: () => '', now: () => new Date().toISOString() });
  for (const a of seed.customers ?? []) createAccount(c, 'customers', a);
  for (const a of seed.suppliers ?? []) createAccount(c, 'suppliers', a);
  for (const p of seed.products ?? []) createProduct(c, { ...p, itemType: p.itemType ?? 'stock' }, p.qtyInStock ?? 0);
  const count = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  return Object.fromEntries(
    [
      'nominals',
      'tax_codes',
      'departments',
      'projects',
      'currencies',
      'customers',
      'suppliers',
      'products',
      'users',
    ].map((t) => [t, count(t)]),
  );
}

/** Defaults, with seed entries replacing those of the same key and adding the rest. */
function byKey<T, K>(defaults: T[], extra: T[], key: (t: T) => K): T[] {
  const out = new Map<K, T>();
  for (const d of defaults) out.set(key(d), d);
  for (const e of extra) out.set(key(e), { ...(out.get(key(e)) ?? {}), ...e });
  return [...out.values()];
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be opened for fsync on Windows; NTFS journals the rename itself.
  }
}

export interface CompanyFlags {
  lockDate?: string | null;
  vatScheme?: 'standard' | 'cash';
  integrationEnabled?: boolean;
  /** Text saying which exclusive task runs (true = "an exclusive task"), or false to end it. */
  exclusive?: boolean | string;
  /** Mark a user as logged in elsewhere (true) or logged out (false). */
  loggedIn?: { user: string; value: boolean };
  companyName?: string;
}

/** Change company flags (the writer lock is taken for the change, so nobody may be connected). */
export function setCompanyFlags(dir: string, flags: CompanyFlags, waitMs = 0): void {
  const db = openCompanyDb(dir);
  try {
    const lock = acquireWriterLock(dir, 'MANAGER', 'sagebot ledger set', waitMs);
    try {
      db.transaction(() => {
        if (flags.lockDate !== undefined) {
          if (flags.lockDate !== null) checkDate(flags.lockDate, 'the lock date');
          setSetting(db, 'lock_date', flags.lockDate);
        }
        if (flags.vatScheme) setSetting(db, 'vat_scheme', flags.vatScheme);
        if (flags.integrationEnabled !== undefined)
          setSetting(db, 'integration_enabled', flags.integrationEnabled ? '1' : '0');
        if (flags.exclusive !== undefined)
          setSetting(
            db,
            'exclusive',
            flags.exclusive ? (flags.exclusive === true ? 'an exclusive task' : flags.exclusive) : null,
          );
        if (flags.companyName) setSetting(db, 'company_name', flags.companyName);
        if (flags.loggedIn)
          db.prepare('UPDATE users SET logged_in = ? WHERE name = ?').run(
            flags.loggedIn.value ? 1 : 0,
            flags.loggedIn.user.toUpperCase(),
          );
      })();
    } finally {
      lock.release();
    }
  } finally {
    db.close();
  }
}
