/**
 * Download links over real HTTP on loopback, through what `sagebot start` runs (adapters/app/start-bot.ts): a
 * live link serves its file; only the sha256 of a token reaches the disk; a link past its time, or made before
 * a restart, is answered "expired" (410) saying why; a token never handed out is "not valid".
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SAGE_SEED } from '../../adapters/app/demo.ts';
import { type RunningBot, startBot } from '../../adapters/app/start-bot.ts';
import { loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { initCompany } from '../../core/sage/embedded/index.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sagebot-downloads-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({ SAGEBOT_DATA_DIR: dataDir, PORT: '0', SAGEBOT_LOG_LEVEL: 'silent' });

async function boot(): Promise<RunningBot> {
  return startBot(config, silentLogger(), { webchat: false, downloadsBaseUrl: (local) => local });
}

describe('download links', () => {
  it('serve while live, keep only a hash on disk, and say "expired" after their time and after a restart', async () => {
    await initCompany(config.sage.companyDir, DEMO_SAGE_SEED);
    const file = join(dataDir, 'errors.csv');
    writeFileSync(file, 'record,message\n');

    const first = await boot();
    let token: string;
    let shortLived: string;
    try {
      token = first.bot.downloads.createDownloadLink(file);
      shortLived = first.bot.downloads.createDownloadLink(file, 1);
      const live = await fetch(`${first.url}/downloads/${token}`);
      expect(live.status).toBe(200);
      expect(await live.text()).toBe('record,message\n');

      await new Promise((r) => setTimeout(r, 20));
      const late = await fetch(`${first.url}/downloads/${shortLived}`);
      expect(late.status).toBe(410);
      expect(await late.text()).toMatch(/has expired \(links last an hour\)/);

      const onDisk = readFileSync(join(dataDir, 'bot', 'downloads.json'), 'utf8');
      expect(onDisk).not.toContain(token);
      expect(onDisk).toContain(createHash('sha256').update(token).digest('hex'));
    } finally {
      await first.close();
    }

    const second = await boot();
    try {
      const old = await fetch(`${second.url}/downloads/${token}`);
      expect(old.status).toBe(410);
      expect(await old.text()).toMatch(/has expired: sagebot has restarted since it was made/);
      const unknown = await fetch(`${second.url}/downloads/${'x'.repeat(32)}`);
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toMatch(/not valid/);
    } finally {
      await second.close();
    }
  }, 60_000);
});
