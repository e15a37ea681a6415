/**
 * `sagebot start` as a child process for the end-to-end tests: a free port, a temp data folder, a clean
 * environment (no settings inherited from the developer's shell or .env, so it runs on embedded defaults),
 * and `sagebot <command>` runs against the same data folder.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAGEBOT = join(REPO, 'bin', 'sagebot.js');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export interface SagebotProcess {
  url: string;
  dataDir: string;
  stdout(): string;
  stderr(): string;
  /** Run another sagebot command with the same environment; resolves with its stdout. */
  cli(args: string[]): Promise<string>;
  stop(): Promise<number | null>;
}

export async function startSagebot(extraEnv: Record<string, string> = {}): Promise<SagebotProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sagebot-start-'));
  const cwd = mkdtempSync(join(tmpdir(), 'sagebot-cwd-'));
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? cwd,
    LANG: 'C.UTF-8',
    PORT: String(port),
    SAGEBOT_DATA_DIR: dataDir,
    SAGEBOT_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const child: ChildProcess = spawn(process.execPath, [SAGEBOT, 'start'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sagebot start did not come up in 60 s.\nstdout:\n${out}\nstderr:\n${err}`)),
      60_000,
    );
    const check = setInterval(() => {
      if (/Press Ctrl-C to stop/.test(out)) {
        clearInterval(check);
        clearTimeout(timer);
        resolveStart();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`sagebot start exited with ${code}.\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });
  return {
    url: `http://localhost:${port}`,
    dataDir,
    stdout: () => out,
    stderr: () => err,
    cli: async (args) => (await run(process.execPath, [SAGEBOT, ...args], { cwd, env, timeout: 60_000 })).stdout,
    async stop() {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
      return code;
    },
  };
}
