/** `sagebot ledger ...` end to end, in-process through main(): init, receipt, allocate, export --json, set; exit codes. */

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { EmbeddedLedger } from '../../core/sage/embedded/index.ts';
import { ROOT, removeTempDirs, tempDir } from './helpers.ts';

afterAll(removeTempDirs);

function cli(dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { SAGE_COMPANY_DIR: dir, SAGEBOT_DATA_DIR: join(dir, 'data') };
  const ctx: CliContext = {
    config: () => loadConfig(env),
    logger: () => silentLogger(),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: false,
  };
  return {
    out,
    err,
    async run(...argv: string[]): Promise<number> {
      out.length = 0;
      err.length = 0;
      process.exitCode = undefined;
      return main(argv, ctx);
    },
  };
}

async function seedDocuments(dir: string): Promise<void> {
  const l = new EmbeddedLedger();
  await l.connect({ companyDir: dir, user: 'MANAGER', password: '' });
  const line = { stockCode: 'S1', description: 'Services', quantity: 1, taxCode: 'T0', nominal: '4000', tax: 0 };
  await l.createInvoice({
    kind: 'invoice',
    format: 'service',
    number: 4600,
    account: 'ACME',
    date: '2024-03-01',
    lines: [{ ...line, unitPrice: 115000, net: 115000 }],
  });
  await l.createInvoice({
    kind: 'credit',
    format: 'service',
    number: 4601,
    account: 'ACME',
    date: '2024-03-01',
    lines: [{ ...line, unitPrice: 100000, net: 100000 }],
  });
  await l.disconnect();
}

describe('sagebot ledger', () => {
  it('init --from seed.json, receipt, allocate, export --json', async () => {
    const dir = tempDir();
    const seed = join(dir, 'seed.json');
    writeFileSync(
      seed,
      JSON.stringify({
        companyName: 'CLI Ltd',
        customers: [{ ref: 'ACME', name: 'Acme Ltd' }],
        nominals: [{ code: '4050', name: 'Sales - Managed Services' }],
      }),
    );
    const c = cli(join(dir, 'company'));
    expect(await c.run('ledger', 'init', '--from', seed)).toBe(0);
    expect(c.out.join('\n')).toMatch(/Created the Sage company "CLI Ltd" .* 118 nominal codes.* 1 customers/);
    expect(await c.run('ledger', 'init')).toBe(1);
    expect(c.err.join('\n')).toMatch(/already exists.*--force.*\[SAGE_COMPANY_EXISTS\]/);

    await seedDocuments(join(dir, 'company'));
    expect(await c.run('ledger', 'allocate', '--credit', '4601', '--invoice', '4600', '--date', '2024-03-15')).toBe(0);
    expect(c.out[0]).toMatch(
      /Allocated 1000.00 of credit 4601 to invoice 4600 \(ACME\)\. Invoice 4600: paid 1000.00 of 1150.00\./,
    );
    expect(
      await c.run(
        'ledger',
        'receipt',
        '--account',
        'ACME',
        '--invoice',
        '4600',
        '--amount',
        '150',
        '--date',
        '2024-03-20',
      ),
    ).toBe(0);
    expect(c.out[0]).toMatch(
      /Recorded SR 4600: 150.00 from ACME .* paid 1150.00 of 1150.00, fully paid on 2024-03-20\./,
    );

    expect(await c.run('ledger', 'export', '--json')).toBe(0);
    const x = JSON.parse(c.out.join('\n'));
    expect(x.company.name).toBe('CLI Ltd');
    expect(x.customers).toEqual([{ ref: 'ACME', name: 'Acme Ltd', currency: 'GBP' }]);
    expect(x.nominals.find((n: { code: string }) => n.code === '4050')).toMatchObject({
      name: 'Sales - Managed Services',
      control: false,
    });
    expect(x.taxCodes.find((t: { code: string }) => t.code === 'T1')).toMatchObject({ rate: 20 });
    expect(x.invoices.map((i: Record<string, unknown>) => [i.number, i.kind, i.amountPaid, i.posted])).toEqual([
      [4600, 'invoice', 1150, true],
      [4601, 'credit', 1000, true],
    ]);
    expect(x.transactions.map((t: Record<string, unknown>) => t.type)).toEqual(['SC', 'SI', 'SR']);
    expect(x.allocations).toHaveLength(2);
    for (const key of [
      'customers',
      'suppliers',
      'products',
      'nominals',
      'taxCodes',
      'invoices',
      'transactions',
      'purchaseOrders',
      'stockTransactions',
      'allocations',
    ])
      expect(Array.isArray(x[key])).toBe(true);
  });

  it('exits 1 on a refusal and 2 on bad usage', async () => {
    const dir = tempDir();
    const c = cli(dir);
    expect(await c.run('ledger', 'export', '--json')).toBe(1);
    expect(c.err.join('\n')).toMatch(/holds no Sage company.*\[SAGE_BAD_PATH\]/);
    expect(await c.run('ledger', 'init', '--force')).toBe(0);
    expect(
      await c.run('ledger', 'receipt', '--account', 'ACME', '--invoice', '1', '--amount', '10', '--date', 'today'),
    ).toBe(1);
    expect(c.err.join('\n')).toMatch(/no customer with A\/C ref ACME.*\[SAGE_ACCOUNT_UNKNOWN\]/);
    expect(
      await c.run('ledger', 'receipt', '--account', 'ACME', '--invoice', '1', '--amount', '10.005', '--date', 'today'),
    ).toBe(2);
    expect(
      await c.run('ledger', 'receipt', '--account', 'ACME', '--invoice', '1', '--amount', '10', '--date', '31/03/2024'),
    ).toBe(2);
    expect(await c.run('ledger', 'allocate', '--invoice', '1')).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ customers: [{ ref: 'X', name: 'x', colour: 'red' }] }));
    expect(await c.run('ledger', 'init', '--force', '--from', bad)).toBe(2);
    expect(c.err.join('\n')).toMatch(/customers\[0\]/);
    writeFileSync(bad, '{ not json');
    expect(await c.run('ledger', 'init', '--force', '--from', bad)).toBe(2);
    expect(await c.run('ledger', 'init', '--force', '--from', join(dir, 'missing.json'))).toBe(2);
  });

  it('set changes the lock date and the company flags', async () => {
    const dir = tempDir();
    const c = cli(dir);
    await c.run('ledger', 'init');
    expect(await c.run('ledger', 'set', '--lock-date', '2024-01-31', '--exclusive', 'Year End')).toBe(0);
    let x = (await c.run('ledger', 'export', '--json'), JSON.parse(c.out.join('\n')));
    expect(x.company).toMatchObject({ lockDate: '2024-01-31', exclusive: 'Year End' });
    expect(
      await c.run('ledger', 'receipt', '--account', 'A', '--invoice', '1', '--amount', '1', '--date', 'today'),
    ).toBe(1);
    expect(c.err.join('\n')).toMatch(/SAGE_EXCLUSIVE/);
    await c.run('ledger', 'set', '--lock-date', 'none', '--exclusive', 'off', '--integration', 'off');
    x = (await c.run('ledger', 'export', '--json'), JSON.parse(c.out.join('\n')));
    expect(x.company).toMatchObject({ lockDate: null, exclusive: null, integrationEnabled: false });
    expect(await c.run('ledger', 'set', '--integration', 'maybe')).toBe(2);
  });

  it('runs as a child process: node bin/sagebot.js ledger export --json', async () => {
    const dir = tempDir();
    expect(await cli(dir).run('ledger', 'init')).toBe(0);
    const env = {
      ...process.env,
      SAGE_COMPANY_DIR: dir,
      SAGEBOT_DATA_DIR: join(dir, 'data'),
      SAGEBOT_LOG_LEVEL: 'silent',
    };
    const x = JSON.parse(
      execFileSync(process.execPath, ['bin/sagebot.js', 'ledger', 'export', '--json'], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      }),
    );
    expect(x.nominals.length).toBeGreaterThan(100);
  });
});
