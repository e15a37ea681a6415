/**
 * The store health check (storage/health.ts, used by doctor and start) reads the files the stores write: a store
 * that names a file of its own folder (the flows document, a flow's payload, the journal's index) and the check
 * agree because both take the name from the store's module. Every JSON document the stores write is checked.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBotStores, openEngineStores } from '../../adapters/app/stores.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { storeFiles } from '../../storage/health.ts';
import { conversation } from '../bot/fakes.ts';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** Every .json file under `dir`, but not inside a run's own folder (plan and progress are read by the journal). */
function jsonFiles(dir: string, runs: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return dir === runs ? [] : jsonFiles(path, runs);
    return e.name.endsWith('.json') ? [path] : [];
  });
}

describe('store files', () => {
  it('the health check covers every JSON document the stores write, payloads included', async () => {
    const folder = dataFolder(mkdtempSync(join(tmpdir(), 'sagebot-store-files-')));
    roots.push(folder.root);
    const now = () => new Date('2026-12-01T10:00:00Z');
    const bot = openBotStores(folder, now);
    const engine = openEngineStores(folder);
    const at = now().toISOString();
    await bot.flows.create({
      id: 'flow-1',
      type: 'preview',
      state: 'ready',
      conversation: conversation(),
      requester: { platform: 'webchat', id: 'a', name: 'A' },
      options: {},
      createdAt: at,
      updatedAt: at,
    });
    await bot.flows.savePayload('flow-1', { batches: [] });
    await engine.journal.start({
      runId: 'r1',
      mode: 'run',
      batch: 'B1',
      kind: 'invoices',
      user: { id: 'u', name: 'U' },
      startedAt: at,
      state: 'planning',
    });
    await engine.settings.update({ splitInvoicing: true });

    const written = jsonFiles(folder.root, folder.runs).sort();
    expect(written).toContain(join(folder.bot.flows, 'payloads', 'flow-1.json'));
    expect(written).toContain(join(folder.runs, 'index.json'));
    expect(storeFiles(folder).sort()).toEqual(written);
  });
});
