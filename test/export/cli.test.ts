/**
 * The export commands through the real `sagebot` program (adapters/cli/main.ts) against a Manage sandbox on
 * loopback (MANAGE_URL) and an embedded Sage company: the confirmation rule, the --json result, the exit codes
 * (0 completed, 3 partial, 1 failed, 2 bad usage), dates in words, rerun, reconcile, resume, batches, batch delete,
 * settings and audit.
 */
import { userInfo } from 'node:os';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../core/config.ts';
import { companyFile } from '../../core/sage/embedded/index.ts';
import { type CliRun, sagebotWith } from '../cli/in-process.ts';
import { CO, guide460, invoice, scenario } from './scenarios.ts';
import { createWorld, demoSeed, manageEnv, type World, worldConfig } from './world.ts';

let world: World;
let config: Config;

beforeAll(async () => {
  world = await createWorld({
    seed: demoSeed({ lockDate: '2025-04-05' }),
    scenario: scenario({
      invoices: [
        guide460(),
        invoice(871701, '701', [{ amount: 100 }], { date: '2025-04-02', companyId: CO.bramble }),
        invoice(871702, '702', [{ amount: 100 }], { date: '2025-04-20', companyId: CO.cavendish }),
        invoice(871703, '703', [{ amount: 50 }], { date: '2025-04-21', companyId: CO.noAccount }),
      ],
    }),
  });
  const sb = world.app.sandbox!;
  config = worldConfig(world.dir, {
    ...manageEnv(sb),
    // A real Manage is configured, so someone must be named to post: the user running the tests.
    SAGEBOT_APPROVERS: `os:${userInfo().username}`,
  });
});
afterAll(() => world.close());
afterEach(() => {
  process.exitCode = 0;
});

function sagebot(...argv: string[]): Promise<CliRun> {
  return sagebotWith(config, ...argv);
}

describe('sagebot export commands', () => {
  it('preview --json shows problems and the suggested id; bad usage exits 2', async () => {
    const p = await sagebot('preview', 'invoices', '--through', '2025-04-30', '--json');
    expect(p.code).toBe(1);
    // 701 is dated in Sage's locked period: held back in the preview, the rest of the batch stays postable.
    expect(p.json().problems.map((x: any) => [x.code, x.manageId, x.blocks])).toEqual([
      ['EXPORT_NO_ACCOUNT_NUMBER', 871703, undefined],
      ['SAGE_LOCKED_PERIOD', 871701, 'record'],
    ]);
    expect(p.json().suggestedBatchId).toMatch(/^\d{8}JD-I$/);
    expect((await sagebot('preview', 'invoices', '--through', '31 February')).code).toBe(2);
    expect((await sagebot('preview', 'banana')).code).toBe(2);
    expect((await sagebot('preview', 'invoices', '--detail', 'verbose')).code).toBe(2);
    const words = await sagebot('preview', 'invoices', '--through', 'yesterday', '--exclude', '871703', '--json');
    expect(words.code).toBe(0);
  });

  it('--include / --exclude take the numbers the preview shows; an unknown number is bad usage (exit 2)', async () => {
    const p = await sagebot('preview', 'invoices', '--through', 'yesterday', '--exclude', '703', '--json');
    expect(p.code).toBe(0);
    expect(p.json().leftOut.map((t: any) => t.number)).toEqual(['703']);
    const only = await sagebot('preview', 'invoices', '--through', 'yesterday', '--include', '460,702');
    expect(only.out).toContain('Left out (2, not in this batch)');
    // As the chat card: when it was checked (in SAGEBOT_TIMEZONE, named), and every figure with its currency.
    expect(only.out).toMatch(new RegExp(`Checked at \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2} ${config.timeZone}`));
    expect(only.out).toMatch(/Total to transfer: GBP [\d,]+\.\d{2}/);
    expect(only.out).toContain('Impact per nominal code (GBP, the base currency)');
    const figures = only.out.split('\n').filter((l) => /\d\.\d{2}\b/.test(l));
    expect(figures.length).toBeGreaterThan(5);
    for (const line of figures)
      for (const amount of line.match(/(?:[A-Z]{3} )?-?[\d,]+\.\d{2}\b/g) ?? []) expect(amount).toMatch(/^[A-Z]{3} /);
    const bad = await sagebot('preview', 'invoices', '--through', 'yesterday', '--exclude', '999');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Numbers in this preview: 460, 701, 702, 703');
  });

  it('run refuses without --yes when there is no terminal (exit 2), and a blocked batch fails (exit 1)', async () => {
    const r = await sagebot('run', 'invoices', '--batch', 'CLI-0');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--yes');
    const failed = await sagebot('run', 'invoices', '--batch', 'CLI-0', '--yes', '--json');
    expect(failed.code).toBe(1);
    expect(failed.json()).toMatchObject({ batch: 'CLI-0', outcome: 'failed', posted: [], failed: [] });
    expect(failed.json().problems[0]).toMatchObject({
      manageId: 871703,
      code: 'EXPORT_NO_ACCOUNT_NUMBER',
      fix: 'Set the Account field on Finance > Company Finance for Harbour Lights Cafe to a Sage A/C ref (max 8 characters, letters and digits).',
    });
    expect((await sagebot('run', 'invoices', '--batch', 'bad id!', '--yes', '--json')).code).toBe(2);
  });

  it('run --yes --json: partial exits 3 with posted[] / failed[] as documented', async () => {
    const r = await sagebot('run', 'invoices', '--batch', 'CLI-1', '--exclude', '871703', '--yes', '--json');
    expect(r.code).toBe(3);
    const j = r.json();
    expect(j.outcome).toBe('partial');
    expect(j.posted).toEqual(
      expect.arrayContaining([
        { manageId: 871460, number: '460', sage: ['SI 4600', 'SC 4601'] },
        { manageId: 871702, number: '702', sage: ['SI 7020'] },
      ]),
    );
    expect(j.failed).toEqual([
      expect.objectContaining({ manageId: 871701, code: 'SAGE_LOCKED_PERIOD', message: expect.any(String) }),
    ]);
    expect(r.err).toContain('Posting to Sage');
    const again = await sagebot('run', 'invoices', '--batch', 'CLI-1', '--yes');
    expect(again.code).toBe(1);
    expect(again.err).toContain('EXPORT_BATCH_EXISTS');
  });

  it('run --json carries the read-back; reconcile BATCH lists a document deleted from Sage (exit 1) until a rerun puts it back', async () => {
    const ok = await sagebot('reconcile', 'CLI-1', '--json');
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ batch: 'CLI-1', checked: true, reconciled: true, documents: 3, differences: [] });
    expect(ok.json().rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'SI', currency: 'GBP', manage: expect.any(Object) })]),
    );
    const db = new Database(companyFile(config.sage.companyDir));
    // Lost from Sage (a restore from an older backup): the invoice and its lines.
    db.prepare('DELETE FROM invoice_lines WHERE invoice_id IN (SELECT id FROM invoices WHERE number = 7020)').run();
    db.prepare('DELETE FROM invoices WHERE number = 7020').run();
    db.close();
    const text = await sagebot('reconcile', 'CLI-1');
    expect(text.code).toBe(1);
    expect(text.out).toContain('Sage read-back: 1 DIFFERENCE in batch CLI-1.');
    expect(text.out).toMatch(/DIFFERENCE SI 7020 \(missing\): Sage is missing SI 7020 \(GBP 120\.00\)/);
    expect(text.out).toContain('rerun CLI-1');
    const rerun = await sagebot('rerun', 'CLI-1', '--yes');
    expect(rerun.out).toContain('Sage read-back: reconciled (3 documents match what batch CLI-1 sent).');
    expect((await sagebot('reconcile', 'CLI-1')).code).toBe(0);
    expect((await sagebot('reconcile', 'NOPE-9', '--json')).code).toBe(1);
  });

  it('rerun, resume, batches, batch delete, settings and audit', async () => {
    // Every document is in Sage: a rerun would post nothing, so the CLI says so and neither asks nor posts.
    const before = (await sagebot('audit', '--json')).json().length;
    const rerun = await sagebot('rerun', 'CLI-1', '--yes', '--json');
    expect(rerun.code).toBe(0);
    expect(rerun.json()).toMatchObject({ batch: 'CLI-1', outcome: 'nothing-to-post', posted: 0 });
    expect(rerun.json().documents.flatMap((d: any) => d.sage)).toEqual(['SI 4600', 'SC 4601', 'SI 7020']);
    expect(rerun.err).toContain('Every document of batch CLI-1 is already in Sage, so a rerun would post nothing.');
    const text = await sagebot('rerun', 'CLI-1', '--yes');
    expect(text.code).toBe(0);
    expect(text.out).toContain('so a rerun would post nothing. Nothing was posted.');
    expect(text.out).toContain('sagebot rerun CLI-1 --force');
    expect(text.out).not.toContain('Posting');
    expect((await sagebot('audit', '--json')).json().length).toBe(before);
    expect((await sagebot('rerun', 'CLI-1')).code).toBe(2);
    const resume = await sagebot('resume', '--json');
    expect(resume.code).toBe(0);
    expect(resume.json()).toMatchObject({ outcome: 'completed', runs: [] });
    const batches = await sagebot('batches', '--json');
    expect(batches.json()).toEqual([
      expect.objectContaining({ batch: 'CLI-1', outcome: 'partial', ranBy: 'Jane Doe' }),
    ]);
    expect((await sagebot('batch', 'delete', 'CLI-1')).code).toBe(2);
    const del = await sagebot('batch', 'delete', 'CLI-1', '--yes');
    expect(del.code).toBe(0);
    expect(del.out).toContain('SI 4600, SC 4601, SI 7020');
    expect(world.app.sandbox!.state.batches.size).toBe(0);
    const set = await sagebot('settings', '--set', 'splitInvoicing=false', '--json');
    expect(set.json()).toEqual({ splitInvoicing: false, serviceInvoicing: false, expensesAsJournal: false });
    expect((await sagebot('settings', '--set', 'nonsense=true')).code).toBe(2);
    const audit = await sagebot('audit', '--limit', '3', '--json');
    expect(audit.json().map((e: any) => e.action)).toEqual(['reconcile', 'delete-batch', 'settings']);
  });
});
