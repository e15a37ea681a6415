/**
 * Several Sage companies from one bot: two embedded companies on one Manage, records routed by location,
 * both posting at the same time (each under its own lock, into its own company, with its own journal), one company
 * never twice at once, and a record whose location belongs to no company held back in every preview.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../adapters/app/app.ts';
import { loadConfig } from '../../core/config.ts';
import { companyFolder, dataFolder } from '../../core/data-folder.ts';
import { silentLogger } from '../../core/logger.ts';
import { exportCompany, initCompany } from '../../core/sage/embedded/index.ts';
import { sagebotWith } from '../cli/in-process.ts';
import { everyInvoiceType, scenario } from './scenarios.ts';
import { createWorld, demoSeed, manageEnv, USER, type World, worldConfig } from './world.ts';

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

const companiesJson = (locations: { uk: Array<string | number>; north: Array<string | number> }) =>
  JSON.stringify([
    { id: 'uk', name: 'Northwind UK Ltd', aliases: ['UK'], default: true, locations: locations.uk },
    { id: 'north', name: 'Northwind North Ltd', aliases: ['North'], locations: locations.north },
  ]);

async function twoCompanies(locations: { uk: Array<string | number>; north: Array<string | number> }) {
  const w = await createWorld({
    scenario: scenario({ invoices: twoLocations() }),
    env: { SAGEBOT_COMPANIES: companiesJson(locations) },
  });
  await initCompany(w.config.companies[1].sage.companyDir, demoSeed());
  return w;
}

const numbers = (p: { transactions: Array<{ number: string }> }) => p.transactions.map((t) => t.number).sort();

describe('several Sage companies', () => {
  it('reads the locations once for a preview that routes, names a location and offers the others', async () => {
    world = await twoCompanies({ uk: ['London'], north: ['Manchester'] });
    const sandbox = world.app.sandbox!;
    sandbox.requests.splice(0);
    const preview = await world.app.companies[0].engine.preview('invoices', { user: USER, location: 'London' });
    expect(preview.locations).toEqual(['London']);
    expect(sandbox.requests.filter((r) => /^system\/locations$/i.test(r.path))).toHaveLength(1);
  });

  it('asks for the location names routing needs beside the unposted list, not after it', async () => {
    world = await twoCompanies({ uk: ['London'], north: ['Manchester'] });
    const sandbox = world.app.sandbox!;
    sandbox.setFaults({ latencyMs: 100 });
    sandbox.requests.splice(0);
    await world.app.companies[0].engine.run('invoices', { user: USER, batchId: 'ROUTE-1' });
    const list = sandbox.requests.find((r) => /^finance\/accounting\/unpostedinvoices$/i.test(r.path))!;
    const names = sandbox.requests.filter((r) => /^system\/locations$/i.test(r.path));
    expect(names.length).toBeGreaterThan(0);
    for (const r of names) expect(r.at).toBeLessThan(list.endedAt!);
  });

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

  it('sagebot --company picks the company a command acts on, and says which; an unknown one exits 2', async () => {
    world = await twoCompanies({ uk: ['London'], north: ['Manchester'] });
    const sb = world.app.sandbox!;
    const config = worldConfig(world.dir, {
      ...manageEnv(sb),
      SAGEBOT_APPROVERS: `os:${userInfo().username}`,
      SAGEBOT_COMPANIES: companiesJson({ uk: ['London'], north: ['Manchester'] }),
    });
    const sagebot = (...argv: string[]) => sagebotWith(config, ...argv);
    const north = await sagebot('preview', 'invoices', '--company', 'north', '--json');
    expect(north.code).toBe(0);
    expect(numbers(JSON.parse(north.out))).toEqual(['461', '462']);
    expect(north.err).toMatch(/Company: Northwind North Ltd/);
    const uk = await sagebot('preview', 'invoices', '--json');
    expect(numbers(JSON.parse(uk.out))).not.toContain('461');
    expect(uk.err).toMatch(/Company: Northwind UK Ltd \(the default/);
    const bad = await sagebot('--company', 'Mars', 'batches');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no Sage company "Mars".*north \(Northwind North Ltd\)/s);
  });

  it('the demo (embedded defaults): an Irish company with EUR books takes the Dublin invoices; the UK one is unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagebot-demo-companies-'));
    const config = loadConfig({
      SAGEBOT_DATA_DIR: join(dir, 'data'),
      SAGEBOT_LOG_LEVEL: 'silent',
      SAGEBOT_USER: USER.name,
    });
    expect(config.companies.map((c) => [c.id, c.baseCurrency, c.locations])).toEqual([
      ['uk', 'GBP', undefined],
      ['ie', 'EUR', ['Dublin']],
    ]);
    const app = await createApp(config, silentLogger(), {
      demoState: true,
      manageClient: { sleep: async () => undefined },
    });
    try {
      const [uk, ie] = app.companies;
      const [a, b] = await Promise.all([
        uk.engine.preview('invoices', { user: USER, throughDate: '2025-04-30' }),
        ie.engine.preview('invoices', { user: USER, throughDate: '2025-04-30' }),
      ]);
      expect(numbers(b)).toEqual(['20001', '20002']);
      expect(b).toMatchObject({ baseCurrency: 'EUR', problems: [] });
      expect(b.totalsByCurrency).toEqual({ EUR: { count: 2, net: 96000, tax: 0, total: 96000 } });
      expect(numbers(a)).not.toContain('20001');
      expect(a.baseCurrency).toBe('GBP');
      expect(a.problems.filter((p) => p.code === 'EXPORT_NO_COMPANY')).toEqual([]);
      const [ra, rb] = await Promise.all([
        uk.engine.run('invoices', { user: USER, batchId: 'DEMO-UK', throughDate: '2025-04-30' }),
        ie.engine.run('invoices', { user: USER, batchId: 'DEMO-IE', throughDate: '2025-04-30' }),
      ]);
      expect(rb.outcome).toBe('completed');
      expect(ra.outcome).not.toBe('failed');
      const irish = exportCompany(ie.company.sage.companyDir) as any;
      expect(irish.company).toMatchObject({ name: 'Northwind IT Services (Ireland) Ltd', baseCurrency: 'EUR' });
      expect(irish.invoices.map((i: any) => i.number).sort()).toEqual([200010, 200020]);
      // Payment sync per company, both at once: each reads its own Sage company and keeps its own history.
      const [pa, pb] = await Promise.all([
        uk.paymentSync.sync({ since: '2025-04-01', user: USER }),
        ie.paymentSync.sync({ since: '2025-04-01', user: USER }),
      ]);
      expect(pb.problems).toEqual([]);
      expect(pa.problems).toEqual([]);
      expect(ie.folder.paymentSync).toBe(join(config.dataDir, 'companies', 'ie', 'payment-sync.json'));
      expect(existsSync(ie.folder.paymentSync)).toBe(true);
      expect(uk.folder.paymentSync).toBe(join(config.dataDir, 'payment-sync.json'));
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the CLI on embedded defaults: a preview for Dublin is the Irish company's, the default is the UK one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagebot-demo-cli-'));
    const config = loadConfig({
      SAGEBOT_DATA_DIR: join(dir, 'data'),
      SAGEBOT_LOG_LEVEL: 'silent',
      SAGEBOT_USER: 'cli',
    });
    const sagebot = (...argv: string[]) => sagebotWith(config, ...argv);
    try {
      const ie = await sagebot('preview', 'invoices', '--company', 'Dublin', '--json');
      expect(ie.code).toBe(0);
      const irish = JSON.parse(ie.out);
      expect(numbers(irish)).toEqual(['20001', '20002']);
      expect(irish.totalsByCurrency).toEqual({ EUR: { count: 2, net: 96000, tax: 0, total: 96000 } });
      expect(ie.err).toMatch(/Company: Northwind IT Services \(Ireland\) Ltd/);
      const uk = await sagebot('preview', 'invoices', '--json');
      expect(uk.code).toBe(0);
      expect(numbers(JSON.parse(uk.out))).not.toContain('20001');
      expect(uk.err).toMatch(/Company: Northwind IT Services Ltd \(the default/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
