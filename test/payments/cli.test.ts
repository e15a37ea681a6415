/**
 * `sagebot sync-payments` through the real command line (main + the composition root), against a sandbox
 * reached with MANAGE_URL (as a Manage stand-in would be) and an embedded Sage company in SAGE_COMPANY_DIR.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { type Config, loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { dateInZone } from '../../core/payments/since.ts';
import { CUSTOMER, createWorld, type World } from './world.ts';

let w: World;
let config: Config;

function cli(): CliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    config: () => config,
    logger: () => silentLogger(),
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    interactive: false,
    stdout,
    stderr,
  };
}

async function run(...args: string[]) {
  const ctx = cli();
  process.exitCode = undefined;
  const code = await main(['sync-payments', ...args], ctx);
  process.exitCode = undefined;
  return { code, out: ctx.stdout.join('\n'), err: ctx.stderr.join('\n') };
}

beforeAll(async () => {
  const invoices = [
    { number: '460', lines: [958.33, -833.33] },
    { number: '520', lines: [40] },
    { number: '540', lines: [10] },
  ];
  w = await createWorld(invoices);
  for (const spec of invoices) await w.transfer(spec);
  await w.withLedger(async (l) => {
    await l.allocate({ credit: '4601', invoice: '4600', date: '2026-11-02' });
    await l.recordReceipt({ account: CUSTOMER, invoice: '4600', amount: 15000, date: '2026-11-05' });
    await l.recordReceipt({ account: CUSTOMER, invoice: '5200', amount: 1000, date: '2026-11-06' });
  });
  const c = w.sandbox.credentials;
  config = loadConfig({
    MANAGE_URL: w.sandbox.url,
    MANAGE_COMPANY_ID: c.companyId,
    MANAGE_CLIENT_ID: c.clientId,
    MANAGE_PUBLIC_KEY: c.publicKey,
    MANAGE_PRIVATE_KEY: c.privateKey,
    SAGEBOT_DATA_DIR: join(w.dir, 'data'),
    SAGE_COMPANY_DIR: join(w.dir, 'sage'),
    SAGEBOT_USER: 'anna',
    // A real Manage is configured, so the payment sync needs an operator: the user running the tests.
    SAGEBOT_OPERATORS: `os:${userInfo().username}`,
    SAGEBOT_LOG_LEVEL: 'silent',
  });
});
afterAll(async () => w?.close());

describe('sagebot sync-payments', () => {
  it('--json prints one documented result and exits 0; Manage then shows the payments', async () => {
    const r = await run('--since', '2026-11-01', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({
      since: '2026-11-01',
      sinceOption: '2026-11-01',
      sinceUsed: 'date',
      notes: [],
      splitInvoicing: true,
      checked: 2,
      unchanged: 0,
      problems: [],
      manageWrites: 2,
      succeeded: true,
      updated: [
        {
          invoiceNumber: '460',
          previousPaid: 0,
          paid: 15000,
          total: 15000,
          currency: 'GBP',
          fullyPaid: true,
          datePaid: '2026-11-05',
        },
        { invoiceNumber: '520', previousPaid: 0, paid: 1000, total: 4800, currency: 'GBP', fullyPaid: false },
      ],
    });
    expect(Object.keys(result).sort()).toEqual([
      'checked',
      'finishedAt',
      'manageWrites',
      'notes',
      'problems',
      'sageDocuments',
      'since',
      'sinceOption',
      'sinceUsed',
      'splitInvoicing',
      'startedAt',
      'succeeded',
      'unchanged',
      'updated',
    ]);
    const [inv] = await w.client.findInvoicesByNumber(['460']);
    expect(inv).toMatchObject({ payments: 150, balance: 0 });
  });

  it('run again with the default --since last: nothing to write, plain text output', async () => {
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Manage writes: 0\./);
    expect(r.err).toMatch(/Reading payments changed in Sage since \d{4}-\d{2}-\d{2}/);
  });

  it('prints updated invoices and amounts in words', async () => {
    await w.withLedger((l) =>
      l.recordReceipt({ account: CUSTOMER, invoice: '5200', amount: 3800, date: '2026-11-10' }),
    );
    const r = await run('--since', 'month');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Invoice 520: paid GBP 48.00 of GBP 48.00 (was GBP 10.00), paid in full on 2026-11-10');
    expect(r.out).toMatch(/1 updated \(1 now fully paid\)/);
  });

  it('a --since it cannot read is bad usage (exit 2) with a clear message', async () => {
    for (const bad of ['fortnight', '2026-02-30', '01/11/2026']) {
      const r = await run('--since', bad);
      expect(r.code, bad).toBe(2);
      expect(r.err).toContain(`"${bad}" is not a start date sagebot can use`);
      expect(r.err).toMatch(/last, week, 2weeks, month or a date written YYYY-MM-DD/);
    }
    const future = await run('--since', '2999-01-01', '--json');
    expect(future.code).toBe(2);
    expect(JSON.parse(future.out)).toMatchObject({ succeeded: false, error: { code: 'USAGE_BAD_SINCE' } });
  });

  it('a Sage document with no Manage invoice is reported, not fatal (exit 0)', async () => {
    await w.withLedger(async (l) => {
      await l.createInvoice({
        kind: 'invoice',
        format: 'service',
        number: 5300,
        account: CUSTOMER,
        date: '2026-10-15',
        lines: [
          {
            stockCode: 'S1',
            description: 'Keyed in Sage',
            quantity: 1,
            unitPrice: 100,
            net: 100,
            tax: 20,
            taxCode: 'T1',
            nominal: '4000',
          },
        ],
      });
      await l.recordReceipt({ account: CUSTOMER, invoice: '5300', amount: 120, date: '2026-11-12' });
    });
    const r = await run('--since', '2026-11-01', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      succeeded: true,
      manageWrites: 0,
      problems: [{ code: 'PAYMENTS_NO_MANAGE_INVOICE', record: 'Sage SI 5300' }],
    });
  });

  it('exits 1 when a payment cannot be written, or Manage cannot be read', async () => {
    // Dated today (the command line runs on the real clock), so that "--since last" below picks it up.
    const today = dateInZone(new Date(), config.timeZone);
    await w.withLedger((l) => l.recordReceipt({ account: CUSTOMER, invoice: '5400', amount: 500, date: today }));
    w.sandbox.setFaults({ forbidPath: 'POST .*/payments' });
    const refused = await run('--since', '2026-11-01');
    w.sandbox.setFaults({ reset: true });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Invoice 540: The payment on Manage invoice 540 could not be written/);
    expect(refused.out).toMatch(/last successful run date was not moved/);

    w.sandbox.setFaults({ forbidPath: 'GET .*finance/invoices' });
    const unreadable = await run('--since', '2026-11-01', '--json');
    w.sandbox.setFaults({ reset: true });
    expect(unreadable.code).toBe(1);
    expect(JSON.parse(unreadable.out)).toMatchObject({ succeeded: false, error: { code: 'MANAGE_FORBIDDEN' } });

    const retried = await run('--since', 'last', '--json');
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.out).updated).toMatchObject([{ invoiceNumber: '540', paid: 500 }]);
  });
});
