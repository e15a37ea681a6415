/**
 * `sagebot teams-package`: the zip is unpacked with Python's zipfile (an independent reader), the manifest
 * fields checked against what Teams requires, and the icons' PNG headers read for their sizes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { register } from '../../adapters/cli/commands/teams-package.ts';
import type { CliContext } from '../../adapters/cli/context.ts';
import { parseCommand } from '../../bot/parse-command.ts';
import { helpMessage } from '../../bot/views/info-views.ts';
import type { HelpView } from '../../cards/view-models.ts';
import { type Env, loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';

const BOT_ID = '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f';
const dir = mkdtempSync(join(tmpdir(), 'sagebot-pkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function context(env: Env): CliContext & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    config: () => loadConfig(env),
    logger: () => silentLogger(),
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    interactive: false,
    lines,
    errors,
  };
}

/** Runs only this command (other commands' files are not this test's business). */
async function main(argv: string[], ctx: CliContext): Promise<number> {
  const program = new Command('sagebot').exitOverride();
  register(program, ctx);
  process.exitCode = undefined;
  await program.parseAsync(argv, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}

function png(buf: Buffer): { width: number; height: number; colorType: number; pixels: Buffer } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length; ) {
    const len = buf.readUInt32BE(at);
    if (buf.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  return {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    colorType: buf[25],
    pixels: inflateSync(Buffer.concat(idat)),
  };
}

describe('sagebot teams-package', () => {
  it('writes a package Teams accepts: manifest, 192x192 colour icon, 32x32 outline icon', async () => {
    const out = join(dir, 'out', 'sagebot.zip');
    const ctx = context({
      SAGEBOT_DATA_DIR: dir,
      MicrosoftAppId: BOT_ID,
      MicrosoftAppPassword: 'a-secret-value',
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      SAGEBOT_PUBLIC_URL: 'https://sage-box.contoso.example',
    });
    expect(await main(['teams-package', '--out', out], ctx)).toBe(0);
    const unpacked = join(dir, 'unpacked');
    execFileSync('python3', ['-m', 'zipfile', '-t', out]);
    execFileSync('python3', ['-m', 'zipfile', '-e', out, unpacked]);
    const listing = execFileSync('python3', ['-m', 'zipfile', '-l', out]).toString();
    expect(listing).toMatch(/manifest\.json/);

    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      manifestVersion: '1.17',
      id: BOT_ID,
      icons: { color: 'color.png', outline: 'outline.png' },
      validDomains: ['sage-box.contoso.example'],
      bots: [{ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'] }],
    });
    expect(manifest.$schema).toMatch(/v1\.17\/MicrosoftTeams\.schema\.json$/);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.developer.name.length).toBeLessThanOrEqual(32);
    for (const url of [manifest.developer.websiteUrl, manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl])
      expect(url).toMatch(/^https:\/\//);
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    const commands = manifest.bots[0].commandLists[0].commands as Array<{ title: string; description: string }>;
    // One list: the help card's, in its order, with rerun's [force] as the help card has it.
    expect(commands.map((c) => c.title)).toEqual([
      'run invoices through friday',
      'rerun <batch> [force]',
      'reconcile <batch>',
      'sync payments',
      'batches',
      'status',
      'alerts here',
      'cancel',
      'help',
    ]);
    const help = helpMessage().card as HelpView;
    for (const c of commands) {
      const said = c.title.replace('<batch> [force]', '20261127JD-I force').replace('<batch>', '20261127JD-I');
      const parsed = parseCommand(said, { timeZone: 'Europe/London' });
      expect(['unknown', 'invalid']).not.toContain(parsed.type);
      const word = c.title.split(' ')[0];
      expect(help.commands.some((h) => h.command.split(/[ |]+/).includes(word))).toBe(true);
    }
    expect(commands.length).toBeLessThanOrEqual(10);
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }

    const color = png(readFileSync(join(unpacked, 'color.png')));
    expect([color.width, color.height, color.colorType]).toEqual([192, 192, 6]);
    expect(color.pixels.length).toBe(192 * (192 * 4 + 1));
    const outline = png(readFileSync(join(unpacked, 'outline.png')));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // Outline icons are white on transparent: every pixel is either fully transparent or white.
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const i = y * (32 * 4 + 1) + 1 + x * 4;
        const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
        expect(a === 0 || (r === 255 && g === 255 && b === 255)).toBe(true);
      }
    }
    expect(ctx.lines.join('\n')).toMatch(/Wrote .*sagebot\.zip/);
  });

  it('refuses without MicrosoftAppId, saying what to set', async () => {
    const ctx = context({ SAGEBOT_DATA_DIR: dir });
    expect(await main(['teams-package', '--out', join(dir, 'none.zip')], ctx)).toBe(2);
    expect(ctx.errors.join('\n')).toMatch(/MicrosoftAppId is not set/);
  });

  it('refuses a non-https support page', async () => {
    const ctx = context({
      SAGEBOT_DATA_DIR: dir,
      MicrosoftAppId: BOT_ID,
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    expect(await main(['teams-package', '--out', join(dir, 'x.zip'), '--website', 'http://plain.example'], ctx)).toBe(
      2,
    );
    expect(ctx.errors.join('\n')).toMatch(/https/);
  });
});
