/**
 * Opening the company file and reading its setup. The file is SQLite in WAL mode with synchronous=FULL: each
 * posting is one transaction that is on disk when it returns, and a crash at any moment leaves the last
 * committed state. `Company` is what every operation module receives: the open database, a cache of
 * prepared statements, the setup the rules check against, and the clock.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { refuse } from '../errors.ts';
import type { LedgerSetup } from '../ledger.ts';
import type { RuleNominal, RuleSetup } from '../rules.ts';
import { APP_ID, COMPANY_FILE, SCHEMA_VERSION } from './schema.ts';

export type Db = Database.Database;

export interface Company {
  readonly db: Db;
  readonly dir: string;
  /** The Sage user connected (recorded on what they post). */
  readonly user: string;
  setup: RuleSetup;
  /** Prepared statement for `sql`, prepared once per connection. */
  q(sql: string): Database.Statement;
  today(): string;
  now(): string;
}

export function companyFile(dir: string): string {
  return join(dir, COMPANY_FILE);
}

export function companyExists(dir: string): boolean {
  return existsSync(companyFile(dir));
}

/** Apply the durability settings every connection to the company uses. */
export function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = OFF');
}

/** Open the company file in `dir`; SAGE_BAD_PATH when the folder holds no company. */
export function openCompanyDb(dir: string): Db {
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    throw badPath(dir, 'does not exist');
  }
  if (!companyExists(dir)) throw badPath(dir, 'holds no Sage company');
  let db: Db;
  try {
    db = new Database(companyFile(dir), { fileMustExist: true });
    configure(db);
  } catch (e) {
    throw badPath(dir, 'holds a company file that cannot be opened', e);
  }
  const appId = db.pragma('application_id', { simple: true });
  const version = appId === APP_ID ? getSetting(db, 'schema_version') : undefined;
  if (version !== SCHEMA_VERSION) {
    db.close();
    throw badPath(
      dir,
      appId === APP_ID ? `holds a company of another version (${version})` : 'holds a file that is not a Sage company',
    );
  }
  return db;
}

export function createCompanyContext(
  db: Db,
  dir: string,
  user: string,
  clock: { today(): string; now(): string },
): Company {
  const cache = new Map<string, Database.Statement>();
  const company: Company = {
    db,
    dir,
    user,
    setup: loadRuleSetup(db),
    q(sql) {
      let s = cache.get(sql);
      if (!s) {
        s = db.prepare(sql);
        cache.set(sql, s);
      }
      return s;
    },
    today: clock.today,
    now: clock.now,
  };
  return company;
}

function badPath(dir: string, why: string, cause?: unknown) {
  const err = refuse(
    'SAGE_BAD_PATH',
    `The folder ${dir || '(not set)'} ${why}.`,
    'Point SAGE_COMPANY_DIR at the company folder (for real Sage: the Company.000 folder, without ACCDATA), or create a stand-in company there with "sagebot ledger init".',
    { dir },
  );
  if (cause) Object.assign(err, { cause });
  return err;
}

export function getSetting(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? undefined;
}

export function setSetting(db: Db, key: string, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  else
    db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
}

interface NominalRow {
  code: string;
  name: string;
  control: number;
  bank: number;
  role: string | null;
}
interface CurrencyRow {
  code: string;
  name: string;
  symbol: string | null;
  rate: number;
  base: number;
}

/** The setup snapshot the rules check against. Setup changes only through init, so it is read once per connection. */
export function loadRuleSetup(db: Db): RuleSetup {
  const nominals = new Map<string, RuleNominal>();
  for (const r of db.prepare('SELECT * FROM nominals').all() as NominalRow[]) {
    nominals.set(r.code, { code: r.code, name: r.name, control: r.control === 1, bank: r.bank === 1 });
  }
  const taxCodes = new Map(
    (
      db.prepare('SELECT * FROM tax_codes ORDER BY number').all() as Array<{
        number: number;
        rate: number;
        description: string;
      }>
    ).map((t) => [`T${t.number}`, { code: `T${t.number}`, rate: t.rate, description: t.description }]),
  );
  const currencies = new Map(
    (db.prepare('SELECT * FROM currencies').all() as CurrencyRow[]).map((c) => [
      c.code,
      { code: c.code, name: c.name, symbol: c.symbol ?? undefined, rate: c.rate, base: c.base === 1 },
    ]),
  );
  return {
    baseCurrency: getSetting(db, 'base_currency') ?? 'GBP',
    nominals,
    taxCodes,
    departments: new Set(
      (db.prepare('SELECT number FROM departments').all() as Array<{ number: number }>).map((d) => d.number),
    ),
    projects: new Set((db.prepare('SELECT ref FROM projects').all() as Array<{ ref: string }>).map((p) => p.ref)),
    currencies,
    lockDate: getSetting(db, 'lock_date') || undefined,
    vatScheme: getSetting(db, 'vat_scheme') === 'cash' ? 'cash' : 'standard',
  };
}

/** The port's view of the setup. */
export function readLedgerSetup(db: Db): LedgerSetup {
  const rules = loadRuleSetup(db);
  const roles = db.prepare('SELECT role, code FROM nominals WHERE role IS NOT NULL ORDER BY code').all() as Array<{
    role: string;
    code: string;
  }>;
  return {
    companyName: getSetting(db, 'company_name') ?? '',
    baseCurrency: rules.baseCurrency,
    taxCodes: [...rules.taxCodes.values()],
    nominals: [...rules.nominals.values()]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(({ code, name, control }) => ({ code, name, control })),
    controlAccounts: Object.fromEntries(roles.map((r) => [r.role, r.code])),
    departments: db.prepare('SELECT number, name FROM departments ORDER BY number').all() as Array<{
      number: number;
      name: string;
    }>,
    projects: db.prepare('SELECT ref, name FROM projects ORDER BY ref').all() as Array<{ ref: string; name: string }>,
    currencies: [...rules.currencies.values()].sort(
      (a, b) => Number(b.base) - Number(a.base) || a.code.localeCompare(b.code),
    ),
    financialYearStart: getSetting(db, 'financial_year_start') ?? '',
    ...(rules.lockDate ? { lockDate: rules.lockDate } : {}),
    vatScheme: rules.vatScheme,
  };
}
