/**
 * The embedded company models the VAT scheme: a standard company takes receipts and allocations, a VAT
 * cash-accounting company refuses them with why (as the SDO driver does), and the scheme is in the setup.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { setCompanyFlags } from '../../core/sage/embedded/index.ts';
import { isLedgerError } from '../../core/sage/errors.ts';
import { company, connected, invoice, removeTempDirs, STANDARD_SEED } from './helpers.ts';

afterAll(removeTempDirs);

describe('VAT scheme of the embedded company', () => {
  it('is standard by default and carried in the ledger setup', async () => {
    const { ledger } = await connected();
    expect((await ledger.readSetup()).vatScheme).toBe('standard');
    await ledger.disconnect();
  });

  it('a cash-accounting company refuses receipts and allocations, saying why and what to do', async () => {
    const { ledger } = await connected(await company({ ...STANDARD_SEED, vatScheme: 'cash' }));
    expect((await ledger.readSetup()).vatScheme).toBe('cash');
    await ledger.createInvoice(invoice({ number: 4800 }));
    await ledger.createInvoice(invoice({ number: 4801, kind: 'credit' }));
    const receipt = await ledger
      .recordReceipt({ account: 'ACME', invoice: '4800', amount: 100, date: '2024-03-10' })
      .catch((e: unknown) => e);
    expect(isLedgerError(receipt, 'SAGE_VAT_CASH_ACCOUNTING')).toBe(true);
    expect(receipt).toMatchObject({
      message: expect.stringMatching(/VAT cash accounting/),
      fix: expect.stringMatching(/in Sage itself/),
    });
    const allocation = await ledger.allocate({ credit: '4801', invoice: '4800', date: '2024-03-10' }).catch((e) => e);
    expect(isLedgerError(allocation, 'SAGE_VAT_CASH_ACCOUNTING')).toBe(true);
    const x = (await ledger.exportCompany()) as Record<string, Array<Record<string, unknown>>>;
    expect(x.transactions.filter((t) => t.type === 'SR')).toEqual([]);
    await ledger.disconnect();
  });

  it('can be switched on an existing company', async () => {
    const dir = await company();
    setCompanyFlags(dir, { vatScheme: 'cash' });
    const { ledger } = await connected(dir);
    expect((await ledger.readSetup()).vatScheme).toBe('cash');
    await ledger.disconnect();
  });
});
