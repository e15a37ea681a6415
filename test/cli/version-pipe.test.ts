/**
 * The `sagebot` program as a user runs it (a child process through bin/sagebot.js): `--version` prints the
 * package version, and a reader that closes the pipe early (`sagebot ledger export --json | head`) ends it
 * quietly, with no EPIPE stack.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'sagebot.js');
const dir = mkdtempSync(join(tmpdir(), 'sagebot-pipe-'));
const env = { ...process.env, SAGEBOT_FROM_SOURCES: '1', SAGEBOT_DATA_DIR: dir, SAGEBOT_LOG_LEVEL: 'silent' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], closeEarly = false): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    // Closing our end at once is what `| head` does once it has read enough.
    if (closeEarly) child.stdout.destroy();
    else child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('sagebot as a process', () => {
  it('--version prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('ledger export --json into a closed pipe ends quietly', async () => {
    expect((await run(['ledger', 'init'])).code).toBe(0);
    const r = await run(['ledger', 'export', '--json'], true);
    expect(r.err).not.toMatch(/EPIPE|Error:|at /);
    expect(r.code).toBe(0);
  });
});
