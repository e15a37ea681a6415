/** Connecting to the embedded company: every refusal Sage makes at log-on, and the setup it reads. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedLedger, setCompanyFlags } from '../../core/sage/embedded/index.ts';
import { company, removeTempDirs, tempDir } from './helpers.ts';

afterAll(removeTempDirs);

const as = (companyDir: string, user = 'MANAGER', password = '') => ({ companyDir, user, password });

describe('connect', () => {
  it('refuses a folder that does not exist or holds no company (SAGE_BAD_PATH)', async () => {
    const l = new EmbeddedLedger();
    await expect(l.connect(as('/nonexistent/sage/company'))).rejects.toMatchObject({
      code: 'SAGE_BAD_PATH',
      message: expect.stringMatching(/does not exist/),
    });
    const empty = tempDir();
    await expect(l.connect(as(empty))).rejects.toMatchObject({
      code: 'SAGE_BAD_PATH',
      message: expect.stringMatching(/holds no Sage company/),
      fix: expect.stringMatching(/sagebot ledger init/),
    });
    writeFileSync(
      join(empty, 'company.sqlite'),
      'not a database at all, just some text that is long enough to look like a file',
    );
    await expect(l.connect(as(empty))).rejects.toMatchObject({ code: 'SAGE_BAD_PATH' });
  });

  it('refuses a wrong password or an unknown user (SAGE_BAD_LOGIN); seeded users log in', async () => {
    const dir = await company({ users: [{ name: 'anne', password: 's3cret' }] });
    const l = new EmbeddedLedger();
    await expect(l.connect(as(dir, 'MANAGER', 'guess'))).rejects.toMatchObject({ code: 'SAGE_BAD_LOGIN' });
    await expect(l.connect(as(dir, 'NOBODY'))).rejects.toMatchObject({ code: 'SAGE_BAD_LOGIN' });
    await expect(l.connect(as(dir, 'ANNE', 'wrong'))).rejects.toMatchObject({ code: 'SAGE_BAD_LOGIN' });
    await l.connect(as(dir, 'anne', 's3cret'));
    await l.disconnect();
  });

  it('refuses a user already logged in elsewhere (SAGE_USER_IN_USE)', async () => {
    const dir = await company({ users: [{ name: 'BOB', password: 'x', loggedIn: true }] });
    const l = new EmbeddedLedger();
    await expect(l.connect(as(dir, 'BOB', 'x'))).rejects.toMatchObject({
      code: 'SAGE_USER_IN_USE',
      retryable: true,
      message: expect.stringMatching(/BOB is already logged in/),
    });
    setCompanyFlags(dir, { loggedIn: { user: 'bob', value: false } });
    await l.connect(as(dir, 'BOB', 'x'));
    await l.disconnect();
  });

  it('refuses a company in exclusive use (SAGE_EXCLUSIVE)', async () => {
    const dir = await company();
    setCompanyFlags(dir, { exclusive: 'File Maintenance by ANNE' });
    const l = new EmbeddedLedger();
    await expect(l.connect(as(dir))).rejects.toMatchObject({
      code: 'SAGE_EXCLUSIVE',
      message: expect.stringMatching(/File Maintenance by ANNE/),
    });
    setCompanyFlags(dir, { exclusive: false });
    await l.connect(as(dir));
    await l.disconnect();
  });

  it('refuses a company without third-party integration enabled (SAGE_NOT_REGISTERED)', async () => {
    const dir = await company({ flags: { integrationEnabled: false } });
    const l = new EmbeddedLedger();
    await expect(l.connect(as(dir))).rejects.toMatchObject({
      code: 'SAGE_NOT_REGISTERED',
      fix: expect.stringMatching(/Enable 3rd Party Integration/),
    });
    setCompanyFlags(dir, { integrationEnabled: true });
    await l.connect(as(dir));
    await l.disconnect();
  });

  it('refuses every operation before connecting (SAGE_NOT_CONNECTED)', async () => {
    const l = new EmbeddedLedger();
    await expect(l.readSetup()).rejects.toMatchObject({ code: 'SAGE_NOT_CONNECTED' });
    await expect(l.findCustomer('ACME')).rejects.toMatchObject({ code: 'SAGE_NOT_CONNECTED' });
    await l.disconnect();
  });

  it('gives the company to one writer at a time, even in one process (SAGE_IN_USE), and frees it on disconnect', async () => {
    const dir = await company();
    const a = new EmbeddedLedger({ purpose: 'test writer A' });
    const b = new EmbeddedLedger();
    await a.connect(as(dir));
    await a.connect(as(dir)); // connecting again to the same company is a no-op
    const e = await b.connect(as(dir)).catch((err: Error) => err);
    expect(e).toMatchObject({ code: 'SAGE_IN_USE', retryable: true });
    expect((e as Error).message).toMatch(
      /in use by MANAGER \(.+, test writer A, process \d+\) on .+ since \d{4}-\d\d-\d\d \d\d:\d\d/,
    );
    await a.disconnect();
    await b.connect(as(dir));
    await b.disconnect();
  });

  it('reads the setup: chart, control accounts, tax codes, departments, projects, currencies, year, lock date', async () => {
    const dir = await company({
      companyName: 'Setup Ltd',
      financialYearStart: '2024-04-01',
      lockDate: '2024-03-31',
      currencies: [{ code: 'CHF', name: 'Swiss Franc', rate: 1.1 }],
    });
    const l = new EmbeddedLedger();
    await l.connect(as(dir));
    const s = await l.readSetup();
    expect(s).toMatchObject({
      companyName: 'Setup Ltd',
      baseCurrency: 'GBP',
      financialYearStart: '2024-04-01',
      lockDate: '2024-03-31',
    });
    expect(s.controlAccounts).toMatchObject({
      debtors: '1100',
      creditors: '2100',
      bank: '1200',
      salesTax: '2200',
      purchaseTax: '2201',
      vatLiability: '2202',
      manualAdjustments: '2204',
      retainedEarnings: '3200',
      salesDiscount: '4009',
      purchaseDiscount: '5009',
      exchangeVariance: '7906',
      suspense: '9998',
      mispostings: '9999',
      defaultSales: '4000',
    });
    expect(s.taxCodes.map((t) => t.code)).toEqual(
      expect.arrayContaining(['T0', 'T1', 'T2', 'T4', 'T5', 'T7', 'T8', 'T9', 'T20']),
    );
    expect(s.taxCodes.find((t) => t.code === 'T5')?.rate).toBe(5);
    expect(s.nominals.filter((n) => n.control).map((n) => n.code)).toEqual(
      expect.arrayContaining([
        '1100',
        '1200',
        '2100',
        '2200',
        '2201',
        '2202',
        '2204',
        '3200',
        '4009',
        '5009',
        '7906',
        '9998',
        '9999',
      ]),
    );
    expect(s.nominals.find((n) => n.code === '0010')).toBeDefined();
    expect(s.departments[0]).toEqual({ number: 0, name: 'Default' });
    expect(s.projects.length).toBeGreaterThan(0);
    expect(s.currencies.map((c) => [c.code, c.rate, c.base])).toEqual([
      ['GBP', 1, true],
      ['CHF', 1.1, false],
      ['EUR', 1.17, false],
      ['USD', 1.27, false],
    ]);
    await l.disconnect();
  });
});
