import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDownloads } from '../../bot/downloads.ts';
import type { OutgoingMessage } from '../../bot/events.ts';
import { createKeyedMutex } from '../../bot/locks.ts';
import type { FlowRecord } from '../../bot/ports.ts';
import { createThrottledUpdater } from '../../bot/progress.ts';
import { silentLogger } from '../../core/logger.ts';
import { openAlertChannelStore } from '../../storage/alert-channels.ts';
import { openFlowStore } from '../../storage/flows.ts';
import { conversation } from './fakes.ts';

describe('throttled progress', () => {
  it('sends the first update at once, then at most one per interval, and the final one last', async () => {
    let t = 0;
    const sent: string[] = [];
    const u = createThrottledUpdater(async (m) => void sent.push(m.text), {
      intervalMs: 2000,
      logger: silentLogger(),
      now: () => t,
    });
    const msg = (text: string): OutgoingMessage => ({ text });
    u.push(msg('1'));
    for (let i = 2; i <= 100; i++) u.push(msg(String(i)));
    await u.finish(msg('results'));
    expect(sent).toEqual(['1', 'results']);
    t = 0;
    const sent2: string[] = [];
    const u2 = createThrottledUpdater(async (m) => void sent2.push(m.text), { intervalMs: 20, logger: silentLogger() });
    u2.push(msg('a'));
    u2.push(msg('b'));
    u2.push(msg('c'));
    await new Promise((r) => setTimeout(r, 60));
    await u2.finish(msg('done'));
    expect(sent2).toEqual(['a', 'c', 'done']);
  });

  it('sends an immediate update (a new phase) at once, within the interval, and drops the older pending one', async () => {
    const t = 0;
    const sent: string[] = [];
    const u = createThrottledUpdater(async (m) => void sent.push(m.text), {
      intervalMs: 2000,
      logger: silentLogger(),
      now: () => t,
    });
    const msg = (text: string): OutgoingMessage => ({ text });
    u.push(msg('validating'));
    u.push(msg('validating 2'));
    u.push(msg('posting 0 of 37'), true);
    u.push(msg('posting 5 of 37'));
    await u.finish(msg('results'));
    expect(sent).toEqual(['validating', 'posting 0 of 37', 'results']);
  });

  it('survives a messenger that fails', async () => {
    const u = createThrottledUpdater(
      async () => {
        throw new Error('429');
      },
      { intervalMs: 1, logger: silentLogger() },
    );
    u.push({ text: 'x' });
    await expect(u.finish({ text: 'y' })).resolves.toBeUndefined();
  });
});

describe('downloads', () => {
  it('hands out unguessable short-lived tokens', () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const d = createDownloads({ baseUrl: 'http://127.0.0.1:3978/', now: () => now });
    const token = d.createDownloadLink('/data/runs/1/errors.csv', 60_000);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(d.urlFor(token)).toBe(`http://127.0.0.1:3978/downloads/${token}`);
    expect(d.resolveDownload(token)).toBe('/data/runs/1/errors.csv');
    expect(d.resolveDownload('../../etc/passwd')).toBeUndefined();
    expect(d.resolveDownload(`${token}x`)).toBeUndefined();
    now = new Date(now.getTime() + 60_001);
    expect(d.resolveDownload(token)).toBeUndefined();
    d.setBaseUrl('https://bot.example.com');
    expect(d.urlFor('abc')).toBe('https://bot.example.com/downloads/abc');
  });
});

describe('stores', () => {
  const flow = (id: string, updatedAt: string): FlowRecord => ({
    id,
    type: 'preview',
    state: 'ready',
    conversation: conversation(),
    requester: { platform: 'webchat', id: 'a', name: 'A' },
    options: {},
    createdAt: updatedAt,
    updatedAt,
  });

  it('flows: compare-and-set, payloads beside records, old flows forgotten', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagebot-flows-'));
    let now = new Date('2026-11-29T10:00:00Z');
    const store = openFlowStore(dir, { now: () => now, maxAgeMs: 86_400_000 });
    await store.create(flow('flow-old-1', '2026-11-20T10:00:00Z'));
    await store.savePayload('flow-old-1', { batches: [] });
    now = new Date('2026-11-29T10:00:00Z');
    await store.create(flow('flow-new-1', now.toISOString()));
    expect(await store.get('flow-old-1')).toBeUndefined();
    expect(await store.loadPayload('flow-old-1')).toEqual({});
    expect((await store.transition('flow-new-1', ['blocked'], 'checking')).ok).toBe(false);
    const moved = await store.transition('flow-new-1', ['ready'], 'checking', { batchId: 'B1' });
    expect(moved).toMatchObject({ ok: true, flow: { state: 'checking', batchId: 'B1' } });
    const reopened = openFlowStore(dir, { now: () => now });
    expect((await reopened.get('flow-new-1'))?.state).toBe('checking');
    expect(await reopened.list({ states: ['checking'] })).toHaveLength(1);
    await expect(store.savePayload('../evil', {})).rejects.toThrow();
  });

  it('alert channels: add once, remove once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagebot-alerts-'));
    const store = openAlertChannelStore(join(dir, 'alerts.json'));
    const by = { platform: 'webchat' as const, id: 'a', name: 'A' };
    expect(await store.add(conversation('c1'), by)).toBe(true);
    expect(await store.add(conversation('c1'), by)).toBe(false);
    expect((await store.list()).map((c) => c.conversation.key)).toEqual(['webchat:c1']);
    expect(await store.remove('webchat:c1')).toBe(true);
    expect(await store.remove('webchat:c1')).toBe(false);
  });
});

describe('keyed mutex', () => {
  it('runs tasks for one key one after another, and survives a failing task', async () => {
    const m = createKeyedMutex();
    const order: string[] = [];
    const slow = (name: string, ms: number) => async () => {
      order.push(`${name}>`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`<${name}`);
    };
    await Promise.all([
      m.run('k', slow('a', 20)),
      m.run('k', slow('b', 1)),
      m
        .run('k', async () => {
          throw new Error('x');
        })
        .catch(() => undefined),
      m.run('k', slow('c', 1)),
    ]);
    expect(order).toEqual(['a>', '<a', 'b>', '<b', 'c>', '<c']);
  });
});
