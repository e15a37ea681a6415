/** Picking the driver from the configuration, and creating the embedded company on first use. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SageConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { companyExists } from '../../core/sage/embedded/index.ts';
import { ensureCompany, openLedger } from '../../core/sage/open-ledger.ts';
import { ROOT, removeTempDirs, tempDir } from './helpers.ts';

afterAll(removeTempDirs);
const cfg = (over: Partial<SageConfig> = {}): SageConfig => ({
  driver: 'embedded',
  companyDir: join(tempDir(), 'company'),
  user: 'MANAGER',
  password: '',
  ...over,
});

describe('openLedger / ensureCompany', () => {
  it('creates the embedded company on first use only, then opens it connected', async () => {
    const c = cfg();
    expect(companyExists(c.companyDir)).toBe(false);
    await expect(openLedger(c, silentLogger())).rejects.toMatchObject({ code: 'SAGE_BAD_PATH' });
    expect(await ensureCompany(c, silentLogger())).toMatchObject({ created: true });
    expect(await ensureCompany(c, silentLogger())).toEqual({ created: false });
    const ledger = await openLedger(c, silentLogger());
    expect(ledger.driver).toBe('embedded');
    expect((await ledger.readSetup()).companyName).toBe('Sagebot Demo Ltd');
    await ledger.disconnect();
    const later = await openLedger(c, silentLogger(), { connect: false });
    await expect(later.readSetup()).rejects.toMatchObject({ code: 'SAGE_NOT_CONNECTED' });
  });

  it('passes the configured credentials to connect', async () => {
    const c = cfg({ password: 'wrong' });
    await ensureCompany(c);
    await expect(openLedger(c, silentLogger())).rejects.toMatchObject({ code: 'SAGE_BAD_LOGIN' });
  });

  it('refuses the sdo driver off Windows with a clear message, without loading edge-js', async () => {
    const e = await openLedger(cfg({ driver: 'sdo' }), silentLogger(), { platform: 'linux' }).catch((err) => err);
    expect(e).toMatchObject({
      code: 'SAGE_DRIVER_UNAVAILABLE',
      message: expect.stringMatching(/needs Windows/),
      fix: expect.stringMatching(/SAGE_DRIVER=embedded/),
    });
    expect(await ensureCompany(cfg({ driver: 'sdo' }))).toEqual({ created: false });
  });

  it('never imports edge-js at module level', () => {
    for (const file of [
      'core/sage/open-ledger.ts',
      'core/sage/sdo/sdo-driver.ts',
      'core/sage/sdo/sdo-loader.ts',
      'core/sage/sdo/bridge.ts',
    ]) {
      expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/^import[^;]*['"]edge-js['"]/m);
    }
  });
});
