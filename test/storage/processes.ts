/**
 * `sagebot start` and other commands as child processes on a data folder the test chooses (so two of them can
 * share one), each on a free loopback port, with a clean environment on embedded defaults.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, SAGEBOT } from '../e2e/sagebot-process.ts';

export interface Started {
  child: ChildProcess;
  port: number;
  out(): string;
  err(): string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<number | string | null>;
  /** Resolves true once the banner is printed, false if the process ends first. */
  up: Promise<boolean>;
}

function env(dataDir: string, port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    LANG: 'C.UTF-8',
    PORT: String(port),
    SAGEBOT_DATA_DIR: dataDir,
    SAGEBOT_LOG_LEVEL: 'warn',
  };
}

export async function spawnStart(dataDir: string): Promise<Started> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'sagebot-cwd-'));
  const child = spawn(process.execPath, [SAGEBOT, 'start'], {
    cwd,
    env: env(dataDir, port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | string | null>((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  const up = new Promise<boolean>((resolve) => {
    child.stdout?.on('data', (d) => {
      out += String(d);
      if (/Press Ctrl-C to stop/.test(out)) resolve(true);
    });
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    void exited.then(() => resolve(false));
  });
  return { child, port, out: () => out, err: () => err, exited, up };
}

export function runCli(dataDir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SAGEBOT, ...args],
      { env: env(dataDir, 0), cwd: tmpdir(), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: String(stdout), err: String(stderr) });
      },
    );
  });
}

export async function stop(s: Started): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGINT');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 20_000);
  await s.exited;
  clearTimeout(timer);
}
