/**
 * Several Sage companies from one bot: two embedded companies on one Manage, records routed by location,
 * both posting at the same time (each under its own lock, into its own company, with its own journal), one company
 * never twice at once, and a record whose location belongs to no company held back in every preview.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { companyFolder, dataFolder } from '../../core/data-folder.ts';
import { exportCompany, initCompany } from '../../core/sage/embedded/index.ts';
import { everyInvoiceType, scenario } from './scenarios.ts';
import { createWorld, demoSeed, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const MANCHESTER = 2;

/** 461 and 462 at Manchester, the rest at London. */
function twoLocations() {
  return everyInvoiceType().map((i) =>
    ['461', '462'].includes(i.invoiceNumber) ? { ...i, locationId: MANCHESTER } : i,
  );
}

async function twoCompanies(locations: { uk: Array<string | number>; north: Array<string | number> }) {
  const w = await createWorld({
    scenario: scenario({ invoices: twoLocations() }),
    env: {
      SAGEBOT_COMPANIES: JSON.stringify([
        { id: 'uk', name: 'Northwind UK Ltd', aliases: ['UK'], default: true, locations: locations.uk },
        { id: 'north', name: 'Northwind North Ltd', aliases: ['North'], locations: locations.north },
      ]),
    },
  });
  await initCompany(w.config.companies[1].sage.companyDir, demoSeed());
  return w;
}

const numbers = (p: { transactions: Array<{ number: string }> }) => p.transactions.map((t) => t.number).sort();

describe('several Sage companies', () => {
  it('routes records by location: each company previews only its own', async () => {
    world = await twoCompanies({ uk: ['London'], north: [MANCHESTER] });
    const [uk, north] = world.app.companies;
    expect([uk.company.id, north.company.id]).toEqual(['uk', 'north']);
    const [a, b] = await Promise.all([
      uk.engine.preview('invoices', { user: USER }),
      north.engine.preview('invoices', { user: USER }),
    ]);
    expect(numbers(b)).toEqual(['461', '462']);
    expect(numbers(a)).not.toContain('461');
    expect(numbers(a)).not.toContain('462');
    expect(numbers(a).length).toBe(everyInvoiceType().length - 2);
    expect([...a.problems, ...b.problems]).toEqual([]);
    expect(b.locations).toEqual(['Manchester']);
    // Batch numbers are suggested per company: the other company's ends in its id.
    expect(b.suggestedBatchId).toMatch(/-I-NORTH$/);
    expect(a.suggestedBatchId).toMatch(/-I$/);
  });

  it('two companies post at the same time, each into its own Sage company and journal', async () => {
    world = await twoCompanies({ uk: ['London'], north: ['Manchester'] });
    const [uk, north] = world.app.companies;
    const [ra, rb] = await Promise.all([
      uk.engine.run('invoices', { user: USER, batchId: 'UK-1' }),
      north.engine.run('invoices', { user: USER, batchId: 'NO-1' }),
    ]);
    expect([ra.outcome, rb.outcome]).toEqual(['completed', 'completed']);
    const inNorth = (exportCompany(north.company.sage.companyDir) as any).invoices.map((i: any) => i.number);
    const inUk = (exportCompany(uk.company.sage.companyDir) as any).invoices.map((i: any) => i.number);
    expect(inNorth.sort()).toEqual([4610, 4620]);
    expect(inUk).not.toContain(4610);
    expect(inUk).toContain(4600);
    expect(world.app.sandbox!.state.unpostedInvoices()).toEqual([]);
    // Each company keeps its own journal: the default where it always was, the other under companies/north.
    expect((await uk.engine.listBatches()).map((b) => b.batch)).toEqual(['UK-1']);
    expect((await north.engine.listBatches()).map((b) => b.batch)).toEqual(['NO-1']);
    expect(north.folder.runs).toBe(join(world.config.dataDir, 'companies', 'north', 'runs'));
    expect(existsSync(north.folder.runs)).toBe(true);
  });

  it('one company never posts twice at once, while the other may', async () => {
    world = await twoCompanies({ uk: ['London'], north: ['Manchester'] });
    const [uk, north] = world.app.companies;
    const first = uk.engine.run('invoices', { user: USER, batchId: 'UK-1' });
    await new Promise((r) => setTimeout(r, 30));
    await expect(uk.engine.run('invoices', { user: USER, batchId: 'UK-2' })).rejects.toMatchObject({
      code: 'EXPORT_RUN_IN_PROGRESS',
    });
    const other = await north.engine.run('invoices', { user: USER, batchId: 'NO-1' });
    expect(other.outcome).toBe('completed');
    expect((await first).outcome).toBe('completed');
  });

  it('holds back a record whose location belongs to no company, in every preview, and never posts it', async () => {
    world = await twoCompanies({ uk: ['London'], north: [99] });
    const [uk, north] = world.app.companies;
    const a = await uk.engine.preview('invoices', { user: USER });
    const held = a.problems.filter((p) => p.code === 'EXPORT_NO_COMPANY');
    expect(held.map((p) => p.record).sort()).toEqual(['Standard 461', 'Miscellaneous 462'].sort());
    expect(held[0]).toMatchObject({
      blocks: 'record',
      message: expect.stringMatching(/"Manchester".*no Sage company/),
    });
    expect(held[0].fix).toMatch(/SAGEBOT_COMPANIES/);
    expect(
      a.transactions
        .filter((t) => t.status === 'problem')
        .map((t) => t.number)
        .sort(),
    ).toEqual(['461', '462']);
    const b = await north.engine.preview('invoices', { user: USER });
    expect(numbers(b)).toEqual(['461', '462']);
    expect(b.problems.every((p) => p.code === 'EXPORT_NO_COMPANY')).toBe(true);

    const result = await uk.engine.run('invoices', { user: USER, batchId: 'UK-1' });
    expect(result.outcome).not.toBe('failed');
    const left = world.app.sandbox!.state.unpostedInvoices().map((i) => i.invoiceNumber);
    expect(left.sort()).toEqual(['461', '462']);
  });

  it('refuses a location of another company, naming the company to ask', async () => {
    world = await twoCompanies({ uk: ['London'], north: ['Manchester'] });
    await expect(
      world.app.companies[0].engine.preview('invoices', { user: USER, location: 'Manchester' }),
    ).rejects.toMatchObject({ code: 'USAGE_LOCATION_OTHER_COMPANY', fix: expect.stringMatching(/North/) });
  });

  it('keeps the default company on the data folder paths of one company', () => {
    const folder = dataFolder('/d');
    expect(companyFolder(folder, { id: 'uk', isDefault: true })).toEqual({
      runs: folder.runs,
      locks: folder.locks,
      settings: folder.settings,
      paymentSync: folder.paymentSync,
    });
    expect(companyFolder(folder, { id: 'ie', isDefault: false }).locks).toBe(join('/d', 'companies', 'ie', 'locks'));
  });
});
