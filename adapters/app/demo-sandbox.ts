/**
 * On embedded defaults the Manage sandbox is sagebot's own "Manage", so its state must behave like one:
 * - it is kept in the data folder (manage-sandbox.json, written atomically after every change), so batches,
 *   payments and deletions survive a restart just as they would in a real Manage;
 * - while `sagebot start` runs, it advertises its sandbox (manage-sandbox.running.json: url + pid), and the
 *   other `sagebot` commands talk to that one over HTTP instead of starting a second, diverging copy.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { ManageConfig } from '../../core/config.ts';
import type { DataFolder } from '../../core/data-folder.ts';
import { parseScenario, type SandboxOptions, type Scenario } from '../../core/manage/sandbox/index.ts';

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Sandbox options that load the kept state (when there is one; otherwise `fresh`, e.g. the walk-through data) and
 * keep every change.
 */
export function persistedSandboxOptions(folder: DataFolder, fresh?: Scenario): SandboxOptions & { restored: boolean } {
  const { state } = folder.manageSandbox;
  let data: Scenario | undefined;
  if (existsSync(state)) {
    try {
      data = parseScenario(JSON.parse(readFileSync(state, 'utf8')));
    } catch {
      // An unreadable file (hand-edited, an old format) must not stop the demo: start from the demo data again.
      renameSync(state, `${state}.unreadable-${Date.now()}`);
    }
  }
  return {
    ...((data ?? fresh) ? { data: data ?? fresh } : {}),
    restored: data !== undefined,
    onChange: (snapshot) => writeAtomic(state, JSON.stringify(snapshot)),
  };
}

/** Advertise a running sandbox; returns the function that withdraws it. */
export function advertiseSandbox(folder: DataFolder, url: string): () => void {
  const { running } = folder.manageSandbox;
  writeAtomic(running, JSON.stringify({ url, pid: process.pid, since: new Date().toISOString() }));
  return () => {
    try {
      const current = JSON.parse(readFileSync(running, 'utf8')) as { pid?: number };
      if (current.pid === process.pid) rmSync(running, { force: true });
    } catch {
      // already gone
    }
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The sandbox of a running `sagebot start` on this data folder, when there is one that answers. */
export async function runningSandbox(folder: DataFolder, manage: ManageConfig): Promise<ManageConfig | undefined> {
  const { running } = folder.manageSandbox;
  if (!existsSync(running)) return undefined;
  let info: { url?: string; pid?: number };
  try {
    info = JSON.parse(readFileSync(running, 'utf8')) as typeof info;
  } catch {
    return undefined;
  }
  if (!info.url || !info.pid || info.pid === process.pid || !alive(info.pid)) return undefined;
  const site = new URL(info.url).origin;
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(site)) return undefined;
  try {
    const res = await fetch(`${site}/login/companyinfo/${encodeURIComponent(manage.companyId)}`, {
      signal: AbortSignal.timeout(1_500),
    });
    if (!res.ok) return undefined;
  } catch {
    return undefined;
  }
  return { ...manage, target: { kind: 'base', baseUrl: info.url } };
}
