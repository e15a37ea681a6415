/** `sagebot doctor` also logs on to the Sage company: missing (fine, created at start), good, and in use. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { EmbeddedLedger, initCompany, setCompanyFlags } from '../../core/sage/embedded/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sagebot-doctor-sage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const companyDir = join(dir, 'sage');

async function doctor() {
  const out: string[] = [];
  const ctx = {
    ...createCliContext({
      SAGEBOT_DATA_DIR: join(dir, 'data'),
      SAGE_COMPANY_DIR: companyDir,
      SAGEBOT_LOG_LEVEL: 'silent',
    }),
    out: (l: string) => out.push(l),
    err: (l: string) => out.push(l),
  };
  const code = await main(['doctor'], ctx);
  return { code, text: out.join('\n') };
}

describe('sagebot doctor: the Sage company', () => {
  it('says a missing embedded company will be created', async () => {
    const r = await doctor();
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/Sage 50 company: no company yet/);
  });

  it("reads a company's setup, and names who holds it when it is in use", async () => {
    await initCompany(companyDir, { companyName: 'Doctor Test Ltd' });
    const ok = await doctor();
    expect(ok.code).toBe(0);
    expect(ok.text).toMatch(/Doctor Test Ltd .*nominal codes.*base currency GBP, standard VAT/);

    const holder = new EmbeddedLedger({ purpose: 'a posting run' });
    await holder.connect({ companyDir, user: 'MANAGER', password: '' });
    try {
      const busy = await doctor();
      expect(busy.code).toBe(1);
      expect(busy.text).toMatch(/✗ Sage 50 company: .*in use/i);
      expect(busy.text).toMatch(/SAGE_IN_USE/);
    } finally {
      await holder.disconnect();
    }
  });

  it('shows a VAT cash-accounting company, and what that means for receipts', async () => {
    setCompanyFlags(companyDir, { vatScheme: 'cash' });
    const r = await doctor();
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/Doctor Test Ltd .*VAT cash accounting/);
    expect(r.text).toMatch(/will not post receipts or allocations here/);
  });
});
