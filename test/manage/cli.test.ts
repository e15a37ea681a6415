/**
 * `sagebot doctor` and `sagebot sandbox` through the real command line: in-process with main() for doctor
 * (good, missing key, wrong key, embedded sandbox, unusable data folder), and as a child process for the
 * sandbox (prints where it listens, answers raw HTTP with and without credentials, stops on SIGINT).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { createSandbox, type Sandbox } from '../../core/manage/sandbox/index.ts';

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'sagebot-manage-cli-'));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx = {
    ...createCliContext({ SAGEBOT_DATA_DIR: join(dir, 'data'), SAGEBOT_LOG_LEVEL: 'silent', ...env }),
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
  };
  const code = await main(args, ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const live = () => ({
  MANAGE_URL: sandbox.url,
  MANAGE_COMPANY_ID: sandbox.credentials.companyId,
  MANAGE_CLIENT_ID: sandbox.credentials.clientId,
  MANAGE_PUBLIC_KEY: sandbox.credentials.publicKey,
  MANAGE_PRIVATE_KEY: sandbox.credentials.privateKey,
});

describe('sagebot doctor', () => {
  it('exits 0 when all is good, with secrets redacted', async () => {
    const r = await cli(['doctor'], live());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ data folder/);
    expect(r.out).toMatch(/✓ ConnectWise Manage: answers at http:\/\/127\.0\.0\.1/);
    expect(r.out).toMatch(/Manage private key: \*\*\*\*/);
    expect(r.out).not.toContain(sandbox.credentials.privateKey);
  });

  it('checks the embedded sandbox when MANAGE_URL is not set (both auth modes)', async () => {
    expect((await cli(['doctor'], {})).out).toMatch(/✓ ConnectWise Manage: answers at the embedded sandbox/);
    const member = await cli(['doctor'], { MANAGE_AUTH: 'member' });
    expect(member.code).toBe(0);
    expect(member.out).toMatch(/member credentials accepted/);
  });

  it('exits 2 naming the missing key', async () => {
    const { MANAGE_PRIVATE_KEY: _gone, ...env } = live();
    const r = await cli(['doctor'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/MANAGE_PRIVATE_KEY is missing/);
  });

  it('exits 1 naming the key to check when it is wrong', async () => {
    const r = await cli(['doctor'], { ...live(), MANAGE_PUBLIC_KEY: 'notTheRightKeyWXYZ' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ ConnectWise Manage: Manage did not accept the credentials \(401/);
    expect(r.out).toMatch(/MANAGE_PUBLIC_KEY \(\*\*\*\*WXYZ\)/);
    expect(r.out).not.toContain('notTheRightKeyWXYZ');
  });

  it('says when nothing answers at MANAGE_URL', async () => {
    const r = await cli(['doctor'], { ...live(), MANAGE_URL: 'http://127.0.0.1:9/v4_6_release/apis/3.0' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/connection refused/);
  });

  it('reports a data folder that cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['doctor'], { ...live(), SAGEBOT_DATA_DIR: join(file, 'sub') });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ data folder: .* cannot be used/);
  });
});

describe('sagebot sandbox', () => {
  it('rejects an unreadable scenario file with exit 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"invoices": [{"id": "x"}]}');
    const r = await cli(['sandbox', '--port', '0', '--data', bad], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not match the format: invoices\.0\.id/);
  });

  it('runs as a command: prints where it listens and what it holds, serves raw HTTP, stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['bin/sagebot.js', 'sandbox', '--port', '0', '--invoices', '10'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, SAGEBOT_DATA_DIR: join(dir, 'data') },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), 30_000);
        child.stdout.on('data', () => {
          if (out.includes('Press Ctrl-C')) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      expect(out).toMatch(/unposted: 50 invoices, 15 expenses, 7 procurement records/);
      const base = /API base URL:\s+(\S+)/.exec(out)![1];
      const key = /MANAGE_PUBLIC_KEY=(\S+)\s+MANAGE_PRIVATE_KEY=(\S+)/.exec(out)!;
      const clientId = /MANAGE_CLIENT_ID=(\S+)/.exec(out)![1];
      expect((await fetch(`${base}/system/info`)).status).toBe(401);
      const auth = `Basic ${Buffer.from(`sagebot_demo+${key[1]}:${key[2]}`).toString('base64')}`;
      const ok = await fetch(`${base}/finance/accounting/unpostedinvoices?pageSize=5`, {
        headers: { Authorization: auth, clientId },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('link')).toMatch(/rel="next"/);
      expect(((await ok.json()) as unknown[]).length).toBe(5);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/Stopping the sandbox/);
  });
});
