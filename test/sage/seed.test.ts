/** The seed file of `sagebot ledger init --from`: validated by its zod schema, applied on top of the UK defaults. */
import { afterAll, describe, expect, it } from 'vitest';
import { exportCompany, initCompany, parseSeed } from '../../core/sage/embedded/index.ts';
import { removeTempDirs, tempDir } from './helpers.ts';

afterAll(removeTempDirs);
type X = Record<string, any>;

describe('seed', () => {
  it('a company with another base currency (an Irish entity keeps EUR books): rates rebased on it', async () => {
    const dir = tempDir();
    await initCompany(dir, { companyName: 'Northwind Ireland Ltd', baseCurrency: 'EUR' });
    const ex = exportCompany(dir) as X;
    expect(ex.company.baseCurrency).toBe('EUR');
    const byCode = Object.fromEntries(ex.currencies.map((c: X) => [c.code, c]));
    expect(byCode.EUR).toMatchObject({ rate: 1, base: true });
    expect(byCode.GBP).toMatchObject({ rate: 0.8547, base: false });
  });

  it('adds and overrides nominal codes, tax codes, departments, projects, currencies, accounts and products', async () => {
    const dir = tempDir();
    await initCompany(dir, {
      companyName: 'Seeded Ltd',
      financialYearStart: '2024-04-01',
      lockDate: '2024-03-31',
      nominals: [
        { code: '4050', name: 'Managed services' },
        { code: '4000', name: 'Hardware sales' },
        { code: '1105', name: 'Other control', control: true },
      ],
      taxCodes: [
        { code: 'T30', rate: 12.5, description: 'Special' },
        { code: 'T1', rate: 20, description: 'Standard 20%' },
      ],
      departments: [{ number: 7, name: 'Projects' }],
      projects: [{ ref: 'acme-2024', name: 'Acme 2024' }],
      currencies: [
        { code: 'CHF', name: 'Swiss Franc', rate: 1.12, symbol: 'Fr' },
        { code: 'EUR', name: 'Euro', rate: 1.15 },
      ],
      customers: [
        { ref: 'ACME', name: 'Acme Ltd' },
        { ref: 'SWISS', name: 'Swiss AG', currency: 'CHF' },
      ],
      suppliers: [{ ref: 'SUPP1', name: 'Supplies' }],
      products: [
        {
          code: 'HW-1',
          description: 'Hardware',
          itemType: 'stock',
          salesNominal: '4050',
          taxCode: 'T30',
          qtyInStock: 4,
        },
        { code: 'SVC', description: 'Service', itemType: 'service' },
      ],
      users: [{ name: 'anne', password: 'pw' }],
    });
    const x = exportCompany(dir) as X;
    expect(x.company).toMatchObject({ name: 'Seeded Ltd', financialYearStart: '2024-04-01', lockDate: '2024-03-31' });
    expect(x.nominals.find((n: X) => n.code === '4000')).toMatchObject({
      name: 'Hardware sales',
      control: false,
      role: 'defaultSales',
    });
    expect(x.nominals.find((n: X) => n.code === '1105')).toMatchObject({ control: true });
    expect(x.taxCodes.find((t: X) => t.code === 'T30')).toMatchObject({ rate: 12.5 });
    expect(x.departments.find((d: X) => d.number === 7)).toMatchObject({ name: 'Projects' });
    expect(x.projects.find((p: X) => p.ref === 'ACME-2024')).toBeDefined();
    expect(x.currencies.find((c: X) => c.code === 'EUR').rate).toBe(1.15);
    expect(x.customers).toEqual([
      { ref: 'ACME', name: 'Acme Ltd', currency: 'GBP' },
      { ref: 'SWISS', name: 'Swiss AG', currency: 'CHF' },
    ]);
    expect(x.products.find((p: X) => p.code === 'HW-1')).toMatchObject({
      itemType: 'stock',
      salesNominal: '4050',
      taxCode: 'T30',
      qtyInStock: 4,
    });
  });

  it("refuses a seed that breaks the schema or Sage's rules, and leaves no company behind", async () => {
    expect(() => parseSeed({ customers: [{ ref: 'A' }] })).toThrow(/customers\[0\]\.name/);
    expect(() => parseSeed({ lockDate: '31/03/2024' })).toThrow(/lockDate/);
    expect(() => parseSeed({ unknownKey: 1 })).toThrow(/not a valid company seed/);
    const dir = tempDir();
    await expect(initCompany(dir, { customers: [{ ref: 'bad ref', name: 'x' }] })).rejects.toMatchObject({
      code: 'SAGE_BAD_ACCOUNT_REF',
    });
    await expect(
      initCompany(dir, { products: [{ code: 'P', description: 'x', salesNominal: '1100' }] }),
    ).rejects.toMatchObject({ code: 'SAGE_CONTROL_ACCOUNT' });
    await expect(initCompany(dir, { customers: [{ ref: 'YEN', name: 'x', currency: 'JPY' }] })).rejects.toMatchObject({
      code: 'SAGE_CURRENCY_UNKNOWN',
    });
    expect(() => exportCompany(dir)).toThrow(/holds no Sage company/);
  });

  it('replaces a company only with force', async () => {
    const dir = tempDir();
    await initCompany(dir, { companyName: 'First' });
    await expect(initCompany(dir, { companyName: 'Second' })).rejects.toMatchObject({ code: 'SAGE_COMPANY_EXISTS' });
    expect(await initCompany(dir, { companyName: 'Second' }, { force: true })).toMatchObject({
      replaced: true,
      companyName: 'Second',
    });
    expect((exportCompany(dir) as X).company.name).toBe('Second');
  });
});
