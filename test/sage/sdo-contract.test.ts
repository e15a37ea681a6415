/**
 * The SageLedger contract against real Sage 50 through SDO: runs only on Windows with SAGE_TEST_COMPANY set to a
 * test company folder (Company.000, without ACCDATA) that has the UK default chart. Optional: SAGE_TEST_USER,
 * SAGE_TEST_PASSWORD, SAGE_SDO_VERSION. It creates accounts and documents with refs unique to the run.
 */
import { describe, it } from 'vitest';
import { sageLedgerContract } from './contract.ts';

const company = process.env.SAGE_TEST_COMPANY;
const reason =
  process.platform !== 'win32'
    ? `not Windows (${process.platform})`
    : !company
      ? 'SAGE_TEST_COMPANY is not set'
      : undefined;

if (reason) {
  describe('SageLedger contract: sdo (real Sage 50)', () => {
    it.skip(`skipped: ${reason}; set SAGE_TEST_COMPANY on a Windows machine with Sage 50 and SDO to run it`, () => {});
  });
} else {
  sageLedgerContract('sdo', async () => {
    const { loadEdgeBridge } = await import('../../core/sage/sdo/sdo-loader.ts');
    const { SdoLedger } = await import('../../core/sage/sdo/sdo-driver.ts');
    const { localToday } = await import('../../core/sage/embedded/index.ts');
    const ledger = new SdoLedger({
      edge: await loadEdgeBridge(),
      sdoVersion: process.env.SAGE_SDO_VERSION ? Number(process.env.SAGE_SDO_VERSION) : undefined,
    });
    const connect = {
      companyDir: company!,
      user: process.env.SAGE_TEST_USER ?? 'MANAGER',
      password: process.env.SAGE_TEST_PASSWORD ?? '',
    };
    await ledger.connect(connect);
    const uniq = Math.random()
      .toString(36)
      .slice(2, 6)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, 'X')
      .padEnd(4, 'X');
    const numberBase = 900_000 + Math.floor(Math.random() * 90_000) * 10;
    return { ledger, connect, uniq, numberBase, date: localToday(), close: () => ledger.disconnect() };
  });
}
