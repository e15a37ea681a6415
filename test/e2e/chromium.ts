/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download). When it is missing the tests are skipped and say why, never passed silently.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.SAGEBOT_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_REASON = `SKIPPED: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run installs it)`;

if (!HAVE_CHROMIUM) process.stderr.write(`\n[browser tests] ${SKIP_REASON}\n`);

/** A fresh browser profile (playwright passes it as --user-data-dir) with the flags CI needs. */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'sagebot-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Registers a visibly skipped test naming the reason, when Chromium is missing. */
export function reportSkipped(it: { skip: (name: string, fn: () => void) => void }): void {
  if (!HAVE_CHROMIUM) it.skip(SKIP_REASON, () => undefined);
}
