/**
 * The JSON stores shared by the bot and the command line: concurrent writers in several processes lose
 * nothing (cross-process lock, unique temp files, fsync, rename); a damaged file is reported by name and never
 * overwritten; files are created private to their owner.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../storage/audit-log.ts';
import { openJsonStore } from '../../storage/json-file.ts';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'writer-child.ts');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sagebot-json-'));
  dirs.push(d);
  return d;
}

function writer(dir: string, prefix: string, n: number): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, prefix, String(n)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('JSON stores across processes', () => {
  it('120 concurrent writes from three processes and this one: nothing lost, the audit chain intact', async () => {
    const dir = dataDir();
    const store = openJsonStore<{ items: Record<string, number> }>(join(dir, 'bot', 'flows.json'), () => ({
      items: {},
    }));
    const audit = openAuditLog(join(dir, 'audit.jsonl'));
    const here = Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        await store.update((doc) => {
          doc.items[`main-${i}`] = i;
        });
        await audit.record({ action: 'request', actor: { id: 'main', name: 'main' }, details: { i } });
      }),
    );
    const codes = await Promise.all([writer(dir, 'p1', 30), writer(dir, 'p2', 30), writer(dir, 'p3', 30), here]);
    expect(codes.slice(0, 3)).toEqual([0, 0, 0]);
    const doc = JSON.parse(readFileSync(join(dir, 'bot', 'flows.json'), 'utf8')) as { items: Record<string, number> };
    expect(Object.keys(doc.items)).toHaveLength(120);
    expect(await audit.list()).toHaveLength(120);
    expect(await audit.verify?.()).toEqual({ ok: true, entries: 120, malformed: [] });
    expect(readdirSync(join(dir, 'bot')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('a damaged store', () => {
  it('is reported by name, and an update never overwrites it', async () => {
    const dir = dataDir();
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"splitInvoicing": tr');
    const store = openJsonStore<{ a?: number }>(path, () => ({}));
    await expect(store.read()).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringContaining(path) });
    await expect(store.update((d) => ({ ...d, a: 1 }))).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(readFileSync(path, 'utf8')).toBe('{"splitInvoicing": tr');
    writeFileSync(path, '');
    await expect(store.read()).rejects.toMatchObject({ message: expect.stringMatching(/empty/) });
  });
});

describe('a store that cannot be written', () => {
  it('fails with a message naming the file, and the change is not half made', async () => {
    const dir = dataDir();
    const path = join(dir, 'sub', 'doc.json');
    const store = openJsonStore<{ a?: number }>(path, () => ({}));
    await store.update(() => ({ a: 1 }));
    rmSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub'), 'not a folder'); // the folder vanished under the store
    await expect(store.update(() => ({ a: 2 }))).rejects.toMatchObject({
      code: 'STORE_WRITE_FAILED',
      message: expect.stringContaining(`could not save ${path}`),
    });
  });
});

describe.skipIf(process.platform === 'win32')('private files', () => {
  it('creates folders 0700 and files 0600, whatever the umask', async () => {
    const dir = dataDir();
    const old = process.umask(0o022);
    try {
      const store = openJsonStore<{ a?: number }>(join(dir, 'sub', 'doc.json'), () => ({}));
      await store.update(() => ({ a: 1 }));
      const audit = openAuditLog(join(dir, 'logs', 'audit.jsonl'));
      await audit.record({ action: 'x', actor: { id: 'u', name: 'u' }, details: {} });
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'sub')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'sub', 'doc.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'logs')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'logs', 'audit.jsonl')).mode & 0o777).toBe(0o600);
  });
});
