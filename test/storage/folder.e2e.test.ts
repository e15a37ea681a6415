/**
 * One owner per data folder, end to end with real `sagebot start` processes on loopback: a second start on the
 * same folder is refused with who holds it since when, the lock frees itself on kill -9, and a truncated store
 * is named by `sagebot doctor` (exit 1) and moved aside — kept — by the next start, which says so and works.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type Started, spawnStart, stop } from './processes.ts';

const started: Started[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await stop(s);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sagebot-folder-'));
  dirs.push(d);
  return d;
}
async function start(dir: string): Promise<Started> {
  const s = await spawnStart(dir);
  started.push(s);
  return s;
}

describe('one bot per data folder', () => {
  it('refuses a second start with who holds it since when, and frees itself on kill -9', async () => {
    const dir = dataDir();
    const first = await start(dir);
    expect(await first.up).toBe(true);

    const second = await start(dir);
    expect(await second.up).toBe(false);
    expect(await second.exited).toBe(1);
    expect(second.err()).toMatch(
      new RegExp(
        `The data folder ${dir} is in use by sagebot start \\(user \\S+, process ${first.child.pid} on \\S+\\) since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC.*\\[DATA_FOLDER_IN_USE\\]`,
      ),
    );
    expect(second.err()).not.toMatch(/\n\s+at /); // one message, no stack trace

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const third = await start(dir);
    expect(await third.up).toBe(true);
  }, 120_000);
});

describe('a truncated store', () => {
  it('doctor names it and fails; start moves it aside, says so, and the bot works', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'bot'), { recursive: true });
    const torn = '{"flows":{"k3Jd9sLqPz0aB1cD":{"id":"k3Jd9sLqPz0aB1cD","type":"prev';
    writeFileSync(join(dir, 'bot', 'flows.json'), torn);

    const doctor = await runCli(dir, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.out).toMatch(/✗ data stores: damaged: bot\/flows\.json/);
    expect(doctor.out).toContain(`${join(dir, 'bot', 'flows.json')}: damaged`);
    expect(readFileSync(join(dir, 'bot', 'flows.json'), 'utf8')).toBe(torn); // doctor only looks

    const bot = await start(dir);
    expect(await bot.up).toBe(true);
    expect(bot.out()).toMatch(
      /Data folder: bot\/flows\.json was damaged \(.+\); moved it to bot\/flows\.json\.damaged-\d{8}T\d{6}Z \(kept, not deleted\)/,
    );
    const aside = readdirSync(join(dir, 'bot')).find((f) => f.startsWith('flows.json.damaged-'));
    expect(readFileSync(join(dir, 'bot', aside!), 'utf8')).toBe(torn);
    const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(health.status).toBe(200);

    const again = await runCli(dir, ['doctor']);
    expect(again.out).toMatch(/✓ data stores: .*in use by sagebot start/);
  }, 120_000);
});

describe.skipIf(process.platform === 'win32')('least exposure', () => {
  it('start makes a folder found world-readable private: 0700 folders, 0600 files', async () => {
    const dir = dataDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'settings.json'), '{}', { mode: 0o644 });
    chmodSync(join(dir, 'settings.json'), 0o644);
    const bot = await start(dir);
    expect(await bot.up).toBe(true);
    expect(bot.out()).toMatch(/Data folder: made \d+ file\(s\) and folder\(s\) readable by this user only/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    for (const f of ['audit.jsonl', 'bot'])
      if (existsSync(join(dir, f))) expect(statSync(join(dir, f)).mode & 0o077).toBe(0);
  }, 120_000);
});
