/**
 * What a command loads: `sagebot preview` against a configured Manage, as a child process with a resolve hook
 * that reports every module it imports. It must not load the Manage sandbox (only the embedded defaults need
 * it) nor chrono-node (read no date it needs) — both cost start-up on every CLI command and scheduled task.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../core/manage/sandbox/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'sagebot-loads-'));
  writeFileSync(
    join(dir, 'hook.mjs'),
    'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(`loaded ${r.url}\\n`); return r; }\n',
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)});\n`,
  );
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function sagebot(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', join(dir, 'register.mjs'), 'bin/sagebot.js', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SAGEBOT_DATA_DIR: join(dir, 'data'),
      SAGE_COMPANY_DIR: join(dir, 'sage'),
      SAGEBOT_LOG_LEVEL: 'silent',
      MANAGE_URL: sandbox.url,
      MANAGE_COMPANY_ID: sandbox.credentials.companyId,
      MANAGE_CLIENT_ID: sandbox.credentials.clientId,
      MANAGE_PUBLIC_KEY: sandbox.credentials.publicKey,
      MANAGE_PRIVATE_KEY: sandbox.credentials.privateKey,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

describe('what a command loads', () => {
  it('a preview against a configured Manage loads neither the Manage sandbox nor chrono-node', async () => {
    const r = await sagebot(['preview', 'invoices', '--json']);
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('loaded '));
    // An empty company makes the preview report problems (exit 1); it is still the whole preview.
    expect(
      r.stdout,
      r.stderr
        .split('\n')
        .filter((l) => !l.startsWith('loaded '))
        .join('\n'),
    ).toMatch(/^\{/);
    expect(JSON.parse(r.stdout).transactions.length).toBeGreaterThan(0);
    expect(loaded.some((l) => /core\/export\/engine\.(js|ts)$/.test(l))).toBe(true); // the hook does see the engine
    expect(loaded.filter((l) => /manage\/sandbox\/|demo-sandbox|chrono-node/.test(l))).toEqual([]);
  }, 60_000);
});
