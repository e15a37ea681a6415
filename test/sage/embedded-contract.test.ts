/** The SageLedger contract against the embedded driver (always runs). */
import { afterAll } from 'vitest';
import { EmbeddedLedger, initCompany, localToday } from '../../core/sage/embedded/index.ts';
import { sageLedgerContract } from './contract.ts';
import { removeTempDirs, tempDir } from './helpers.ts';

afterAll(removeTempDirs);

sageLedgerContract('embedded', async () => {
  const dir = tempDir();
  await initCompany(dir);
  const connect = { companyDir: dir, user: 'MANAGER', password: '' };
  const ledger = new EmbeddedLedger();
  await ledger.connect(connect);
  return { ledger, connect, uniq: 'CT01', numberBase: 70_000, date: localToday(), close: () => ledger.disconnect() };
});
