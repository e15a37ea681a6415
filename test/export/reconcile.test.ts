/**
 * Reconciliation read back from Sage: after a run, rerun and resume the outcome carries what Sage holds against
 * what the batch sent, per document type and currency; `reconcile BATCH` does the same for an earlier batch and
 * lists a document deleted from the Sage company, with what to do. Embedded company, real SQLite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openEngineStores } from '../../adapters/app/stores.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { SagebotError } from '../../core/errors.ts';
import { createExportEngine } from '../../core/export/engine.ts';
import { compareWithSage, type SentDocument } from '../../core/export/reconcile.ts';
import { silentLogger } from '../../core/logger.ts';
import { companyFile } from '../../core/sage/embedded/index.ts';
import type { DocumentKey, LedgerDocument, SageLedger } from '../../core/sage/ledger.ts';
import { everyInvoiceType, guide460, scenario } from './scenarios.ts';
import { createWorld, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Change the Sage company behind sagebot's back (a restore, a user deleting or editing a document). */
function inSage(w: World, sql: string, ...params: unknown[]): void {
  const db = new Database(companyFile(w.config.sage.companyDir));
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** An invoice lost from Sage (a restore from an older backup): the document and its lines. */
function deleteInvoice(w: World, number: number): void {
  inSage(w, 'DELETE FROM invoice_lines WHERE invoice_id IN (SELECT id FROM invoices WHERE number = ?)', number);
  inSage(w, 'DELETE FROM invoices WHERE number = ?', number);
}

describe('reconciliation after a run and on demand', () => {
  it('a run reconciles; a document deleted from the Sage company is listed as missing, and the rerun puts it back', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460()] }) });
    const { engine } = world.app;
    const run = await engine.run('invoices', { user: USER, batchId: 'RC-1' });
    expect(run.outcome).toBe('completed');
    expect(run.reconciliation).toMatchObject({ batch: 'RC-1', checked: true, reconciled: true, documents: 2 });
    const si = run.reconciliation!.rows.find((r) => r.type === 'SI')!;
    expect(si.currency).toBe('GBP');
    expect(si.sage).toEqual(si.manage);
    expect(si.manage.gross).toBe(si.manage.net + si.manage.tax);

    deleteInvoice(world, 4600);
    const after = await engine.reconcile('RC-1', { user: USER });
    expect(after).toMatchObject({ checked: true, reconciled: false });
    expect(after.differences).toEqual([
      expect.objectContaining({
        label: 'SI 4600',
        issue: 'missing',
        currency: 'GBP',
        sage: { count: 0, net: 0, tax: 0, gross: 0 },
      }),
    ]);
    expect(after.differences[0].message).toMatch(/^Sage is missing SI 4600 \(GBP [\d,]+\.\d\d\)/);
    expect(after.differences[0].fix).toMatch(/rerun RC-1/);
    expect(after.rows.find((r) => r.type === 'SI')?.sage.count).toBe(0);
    expect(after.rows.find((r) => r.type === 'SC')).toMatchObject({ manage: { count: 1 }, sage: { count: 1 } });
    const audited = (await world.app.audit.list()).filter((e) => e.action === 'reconcile');
    expect(audited).toHaveLength(1);
    expect(audited[0].details).toMatchObject({ batch: 'RC-1', reconciled: false, differences: ['missing SI 4600'] });

    const rerun = await engine.rerun('RC-1', { user: USER });
    expect(rerun.posted.flatMap((p) => p.sage)).toEqual(['SI 4600', 'SC 4601']);
    expect(rerun.reconciliation).toMatchObject({ reconciled: true, documents: 2 });
    expect((await engine.reconcile('RC-1', { user: USER })).reconciled).toBe(true);
  });

  it('an amount changed in Sage is a difference', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType().slice(0, 2) }) });
    const { engine } = world.app;
    await engine.run('invoices', { user: USER, batchId: 'RC-2' });
    inSage(world, 'UPDATE invoices SET net = net - 1 WHERE number = 4610');
    const r = await engine.reconcile('RC-2', { user: USER });
    expect(r.differences.map((d) => [d.label, d.issue])).toEqual([['SI 4610', 'different']]);
    expect(r.differences[0].manage.net - r.differences[0].sage.net).toBe(1);
  });

  it('reconciles a batch sagebot has no journal of from Manage (rebuilt from the batch export)', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460()] }) });
    await world.app.engine.run('invoices', { user: USER, batchId: 'RC-3' });
    deleteInvoice(world, 4601);
    // Another sagebot (an empty journal) over the same Manage and Sage: only Manage's batch says what was sent.
    const stores = openEngineStores(dataFolder(join(world.dir, 'other-data')));
    const other = createExportEngine({
      ...stores,
      manage: world.app.manage,
      openLedger: () => world!.app.openLedger(),
      logger: silentLogger(),
      timeZone: world.config.timeZone,
      companyKey: world.config.sage.companyDir,
    });
    const r = await other.reconcile('RC-3', { user: USER });
    expect(r.documents).toBe(2);
    expect(r.differences.map((d) => `${d.issue} ${d.label}`)).toEqual(['missing SC 4601']);
  });

  it('a run whose read-back differs says so in its result, error list and log; an unreadable Sage is "not checked"', async () => {
    let readBack: 'drop-first' | 'fail' = 'drop-first';
    const ledger = (l: SageLedger): SageLedger =>
      Object.assign(Object.create(l) as SageLedger, {
        readDocuments: async (keys: DocumentKey[]) => {
          if (readBack === 'fail') throw new SagebotError({ code: 'SAGE_IN_USE', message: 'Sage is busy.' });
          const found = await l.readDocuments(keys);
          return [[], ...found.slice(1)];
        },
      });
    world = await createWorld({
      scenario: scenario({ invoices: everyInvoiceType().slice(0, 2) }),
      app: { decorate: { ledger } },
    });
    const run = await world.app.engine.run('invoices', { user: USER, batchId: 'RC-4' });
    expect(run.outcome).toBe('completed');
    expect(run.reconciliation?.differences.map((d) => `${d.issue} ${d.label}`)).toEqual(['missing SI 4600']);
    expect(readFileSync(run.errorListPath!, 'utf8')).toMatch(
      /NOT IN SAGE AS SENT \(missing\) — SI 4600[\s\S]*Fix: .*rerun RC-4/,
    );
    expect(readFileSync(run.logPath!, 'utf8')).toMatch(/RECONCILE MISSING SI 4600: Sage is missing SI 4600/);
    const posted = (await world.app.audit.list({ action: 'post' })).at(-1);
    expect(posted?.details).toMatchObject({
      readBack: { checked: true, reconciled: false, differences: ['missing SI 4600'] },
    });

    readBack = 'fail';
    const r = await world.app.engine.reconcile('RC-4', { user: USER });
    expect(r).toMatchObject({ checked: false, reconciled: false, differences: [] });
    expect(r.note).toMatch(/Sage is busy\. Run "sagebot reconcile RC-4"/);
  });

  it('refuses to read back a batch that is being posted right now', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460()] }) });
    await world.app.engine.run('invoices', { user: USER, batchId: 'RC-5' });
    const { lock } = openEngineStores(dataFolder(world.config.dataDir));
    const run = { runId: 'r-1', batch: 'RC-5', kind: 'invoices' as const, user: USER, since: '2026-12-02T01:00:00Z' };
    const held = await lock.acquire(world.config.sage.companyDir, run);
    expect(held.ok).toBe(true);
    try {
      await expect(world.app.engine.reconcile('RC-5', { user: USER })).rejects.toMatchObject({
        code: 'EXPORT_RUN_IN_PROGRESS',
      });
    } finally {
      if (held.ok) await held.release();
    }
    expect((await world.app.engine.reconcile('RC-5', { user: USER })).reconciled).toBe(true);
  });

  it('refuses a batch neither the journal nor Manage knows', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [] }) });
    await expect(world.app.engine.reconcile('NOPE-1', { user: USER })).rejects.toMatchObject({
      code: 'EXPORT_BATCH_UNKNOWN',
    });
  });
});

const sent = (over: Partial<SentDocument> = {}): SentDocument => ({
  label: 'SI 4600',
  type: 'SI',
  account: 'ACME',
  currency: 'GBP',
  net: 10000,
  tax: 2000,
  key: { doc: 'invoice', number: 4600 },
  record: 'Invoice 460',
  ...over,
});
const held = (over: Partial<LedgerDocument> = {}): LedgerDocument => ({
  label: 'SI 4600',
  id: 'invoice:1',
  type: 'invoice',
  account: 'ACME',
  currency: 'GBP',
  net: 10000,
  tax: 2000,
  ...over,
});

describe('compareWithSage (pure)', () => {
  it('adds up per document type and currency, never across currencies, to the penny', () => {
    const r = compareWithSage(
      'B-1',
      [
        sent(),
        sent({ label: 'SI 4610', currency: 'EUR', net: 33333, tax: 6667, key: { doc: 'invoice', number: 4610 } }),
        sent({ label: 'SC 4601', type: 'SC', net: 1, tax: 0, key: { doc: 'credit', number: 4601 } }),
      ],
      [[held()], [held({ label: 'SI 4610', currency: 'EUR', net: 33333, tax: 6667 })], [held({ net: 1, tax: 0 })]],
      '2026-12-02T00:00:00.000Z',
    );
    expect(r.reconciled).toBe(true);
    expect(r.rows).toEqual([
      {
        type: 'SC',
        currency: 'GBP',
        manage: { count: 1, net: 1, tax: 0, gross: 1 },
        sage: { count: 1, net: 1, tax: 0, gross: 1 },
      },
      expect.objectContaining({
        type: 'SI',
        currency: 'EUR',
        manage: { count: 1, net: 33333, tax: 6667, gross: 40000 },
      }),
      expect.objectContaining({ type: 'SI', currency: 'GBP', sage: { count: 1, net: 10000, tax: 2000, gross: 12000 } }),
    ]);
  });

  it('names a missing, a different (amount, account or currency) and a duplicated document', () => {
    const r = compareWithSage(
      'B-2',
      [
        sent(),
        sent({ label: 'SI 4610' }),
        sent({ label: 'SI 4620' }),
        sent({ label: 'SI 4630' }),
        sent({ label: 'SI 4640' }),
      ],
      [
        [],
        [held({ tax: 1999 })],
        [held({ account: 'OTHER' })],
        [held({ currency: 'EUR' })],
        [held(), held({ id: 'x' })],
      ],
      '2026-12-02T00:00:00.000Z',
    );
    expect(r.reconciled).toBe(false);
    expect(r.differences.map((d) => `${d.issue} ${d.label}`)).toEqual([
      'missing SI 4600',
      'different SI 4610',
      'different SI 4620',
      'different SI 4630',
      'duplicate SI 4640',
    ]);
    expect(r.differences[0].message).toBe('Sage is missing SI 4600 (GBP 120.00) of Invoice 460, batch B-2.');
    expect(r.differences[3].message).toMatch(/net EUR 100\.00/);
    expect(r.rows.find((x) => x.currency === 'EUR')?.sage.count).toBe(1);
  });

  it('reads a journal as its credit lines: one JC for the journal the batch sent', () => {
    const journal = sent({
      label: 'JD EXP-1',
      type: 'JD',
      account: '',
      net: 5000,
      tax: 0,
      key: { doc: 'journal', reference: 'EXP-1' },
    });
    const lines = [
      held({ type: 'JD', net: 4000, tax: 0 }),
      held({ type: 'JD', net: 1000, tax: 0 }),
      held({ type: 'JC', net: 5000, tax: 0 }),
    ];
    expect(compareWithSage('B-3', [journal], [lines], 'now').reconciled).toBe(true);
    expect(compareWithSage('B-3', [journal], [lines.slice(0, 2)], 'now').differences[0].issue).toBe('missing');
  });
});
