/**
 * Test helpers for the Sage connector: throw-away company folders, a standard seed, connected embedded
 * ledgers, and a way to run a TypeScript child process (node --import tsx) for the cross-process tests.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompanySeed, EmbeddedLedger, type EmbeddedOptions, initCompany } from '../../core/sage/embedded/index.ts';
import type { InvoiceDocument, InvoiceLine } from '../../core/sage/ledger.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const dirs: string[] = [];

export function tempDir(prefix = 'sage-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export const STANDARD_SEED: CompanySeed = {
  companyName: 'Test Company Ltd',
  customers: [
    { ref: 'ACME', name: 'Acme Ltd' },
    { ref: 'BETA', name: 'Beta plc' },
    { ref: 'EUROCO', name: 'Euro Co SA', currency: 'EUR' },
    { ref: 'USCO', name: 'US Co Inc', currency: 'USD' },
  ],
  suppliers: [
    { ref: 'SUPP1', name: 'Supplies Ltd' },
    { ref: 'ADMIN1', name: 'Admin1 Training' },
    { ref: 'EUSUP', name: 'EU Supplier', currency: 'EUR' },
  ],
  products: [
    { code: 'WIDGET', description: 'Widget', itemType: 'stock' },
    { code: 'LICENCE', description: 'Software licence', itemType: 'non-stock' },
    { code: 'SUPPORT', description: 'Support hour', itemType: 'service' },
  ],
};

export async function company(seed: CompanySeed = STANDARD_SEED): Promise<string> {
  const dir = tempDir();
  await initCompany(dir, seed);
  return dir;
}

export async function connected(
  dir?: string,
  opts: EmbeddedOptions = {},
): Promise<{ dir: string; ledger: EmbeddedLedger }> {
  const d = dir ?? (await company());
  const ledger = new EmbeddedLedger({ today: () => '2024-06-30', ...opts });
  await ledger.connect({ companyDir: d, user: 'MANAGER', password: '' });
  return { dir: d, ledger };
}

export function line(over: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    stockCode: 'S1',
    description: 'Consulting',
    quantity: 1,
    unitPrice: 10000,
    net: 10000,
    tax: 2000,
    taxCode: 'T1',
    nominal: '4000',
    ...over,
  };
}

export function invoice(over: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    kind: 'invoice',
    format: 'service',
    number: 4600,
    account: 'ACME',
    date: '2024-03-01',
    lines: [line()],
    ...over,
  };
}

/** Start `node [...nodeArgs] --import tsx <script> ...args` from the repo root. */
export function tsChild(script: string, args: string[], nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolve when the child's stdout has printed a line matching `re` (or reject when it exits first). */
export function waitForLine(child: ChildProcess, re: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let buf = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stderr: ${err}`)), timeoutMs);
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    child.stdout?.on('data', (d) => {
      buf += String(d);
      // Complete lines only: a chunk may end mid-line ("ready 12" of "ready 12345").
      const hit = buf
        .split('\n')
        .slice(0, -1)
        .find((l) => re.test(l));
      if (hit) {
        clearTimeout(timer);
        resolvePromise(hit);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) before ${re}; stderr: ${err}`));
    });
  });
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((r) =>
    child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r()),
  );
}
