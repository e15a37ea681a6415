/**
 * The audit log you can trust: a torn last line never swallows the next entry, every entry links to the line
 * before it by sha256, and `sagebot audit --verify` names the first broken or missing link (exit 1) and
 * reports lines that are not entries instead of skipping them silently.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS } from '../../core/audit.ts';
import { openAuditLog, sha256 } from '../../storage/audit-log.ts';
import { sagebotIn } from './cli-helper.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sagebot-audit-'));
  dirs.push(d);
  return d;
}
const actor = { id: 'u1', name: 'Una' };
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

async function logWith(n: number): Promise<{ dir: string; path: string }> {
  const dir = dataDir();
  const path = join(dir, 'audit.jsonl');
  const log = openAuditLog(path);
  for (let i = 1; i <= n; i++) await log.record({ action: `a${i}`, actor, details: { i } });
  return { dir, path };
}

describe('audit log', () => {
  it('chains each entry to the sha256 of the line before it', async () => {
    const { path } = await logWith(3);
    const [l1, l2, l3] = lines(path);
    expect(JSON.parse(l1).prev).toBe(AUDIT_GENESIS);
    expect(JSON.parse(l2).prev).toBe(sha256(l1));
    expect(JSON.parse(l3).prev).toBe(sha256(l2));
    expect(await openAuditLog(path).verify?.()).toEqual({ ok: true, entries: 3, malformed: [] });
  });

  it('after a torn last write the next entry starts on a new line and links over the torn one', async () => {
    const { path } = await logWith(2);
    appendFileSync(path, '{"at":"2026-12-01T10:00:00Z","action":"appr'); // the process died mid-append
    const log = openAuditLog(path);
    await log.record({ action: 'approve', actor, details: { batch: 'B1' } });
    const all = lines(path);
    expect(all).toHaveLength(4);
    expect(all[2]).toBe('{"at":"2026-12-01T10:00:00Z","action":"appr');
    expect(JSON.parse(all[3])).toMatchObject({ action: 'approve', prev: sha256(all[2]) });
    expect((await log.list()).map((e) => e.action)).toEqual(['a1', 'a2', 'approve']);
    expect(await log.verify?.()).toEqual({ ok: true, entries: 3, malformed: [{ line: 3, linkedOver: true }] });
  });

  it('verify names the first changed, removed or unlinked entry', async () => {
    const { path } = await logWith(5);
    const original = lines(path);
    const check = async (edited: string[]) => {
      writeFileSync(path, `${edited.join('\n')}\n`);
      return openAuditLog(path).verify?.();
    };
    const changed = [...original];
    changed[1] = changed[1].replace('"i":2', '"i":20');
    expect((await check(changed))?.broken?.line).toBe(3);
    expect((await check(original.filter((_, i) => i !== 2)))?.broken?.line).toBe(3);
    expect((await check(original.slice(2)))?.broken).toMatchObject({ line: 1, reason: /earlier entries were removed/ });
    const unlinked = [...original];
    const { prev: _prev, ...rest } = JSON.parse(unlinked[3]);
    unlinked[3] = JSON.stringify(rest);
    expect((await check(unlinked))?.broken).toMatchObject({ line: 4, reason: /no link/ });
    expect(await check(original)).toMatchObject({ ok: true, entries: 5 });
  });

  it('verify notices entries cut off the end, which leave no broken link', async () => {
    const { path } = await logWith(4);
    const all = lines(path);
    writeFileSync(path, `${all.slice(0, 2).join('\n')}\n`);
    expect((await openAuditLog(path).verify?.())?.broken).toMatchObject({ line: 3, reason: /cut off the end/ });
    writeFileSync(path, '');
    expect((await openAuditLog(path).verify?.())?.ok).toBe(false);
  });

  it('sagebot audit --verify: exit 0 when intact, exit 1 naming the first broken link and malformed lines', async () => {
    const { dir, path } = await logWith(3);
    const good = await sagebotIn(dir, 'audit', '--verify');
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/intact: 3 entries/);

    const all = lines(path);
    writeFileSync(path, `${[all[0], 'not json at all', all[2]].join('\n')}\n`);
    const bad = await sagebotIn(dir, 'audit', '--verify');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/line 2: not an audit entry/);
    expect(bad.out).toMatch(/line 3: broken link/);
    expect(bad.out).toMatch(/does NOT verify from line 3/);

    const listed = await sagebotIn(dir, 'audit');
    expect(listed.code).toBe(0);
    expect(listed.err).toMatch(/1 line\(s\) of the audit log are not entries/);
  });

  it('a torn last line with nothing after it fails verification', async () => {
    const { dir, path } = await logWith(2);
    appendFileSync(path, '{"at":"2026');
    const r = await sagebotIn(dir, 'audit', '--verify');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/line 3: not an audit entry \(nothing links over it/);
  });
});
