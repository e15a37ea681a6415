/**
 * Conversation flows on disk: the small records (state, requester, options, message ref) in one JSON document
 * (storage/json-file.ts: atomic writes under a cross-process lock), and each flow's big payload (a preview
 * of 5,000 transactions, a run result) in its own file so a state change never rewrites megabytes.
 * Flow ids come from untrusted card data: anything but a plain id is "not found", never a path.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type FlowPayload, type FlowRecord, type FlowStore, isFlowId, type TransitionResult } from '../bot/ports.ts';
import { openJsonStore, storeCorrupt } from './json-file.ts';
import { ensurePrivateDir, writeFileAtomic } from './private-files.ts';

const DAY_MS = 86_400_000;

export interface FlowStoreOptions {
  /** Finished flows older than this are forgotten (default 30 days). */
  maxAgeMs?: number;
  /** How many payloads are kept in memory (default 16). */
  cacheSize?: number;
  now?: () => Date;
}

interface FlowsDoc {
  flows: Record<string, FlowRecord>;
}

/** The flow store's files inside its folder: the flows document and one payload file per flow. */
export function flowStoreFiles(dir: string): { doc: string; payloads: string } {
  return { doc: join(dir, 'flows.json'), payloads: join(dir, 'payloads') };
}

export function openFlowStore(dir: string, opts: FlowStoreOptions = {}): FlowStore {
  const maxAgeMs = opts.maxAgeMs ?? 30 * DAY_MS;
  const now = opts.now ?? (() => new Date());
  const files = flowStoreFiles(dir);
  const store = openJsonStore<FlowsDoc>(files.doc, () => ({ flows: {} }));
  const payloadDir = files.payloads;
  ensurePrivateDir(payloadDir);
  const cache = new Map<string, FlowPayload>();
  const payloadFile = (id: string) => join(payloadDir, `${id}.json`);

  function remember(id: string, payload: FlowPayload): void {
    cache.delete(id);
    cache.set(id, payload);
    while (cache.size > (opts.cacheSize ?? 16)) cache.delete(cache.keys().next().value as string);
  }

  /** Finished flows older than maxAge go, with their payload files (a posting flow is never forgotten). */
  function expired(doc: FlowsDoc): string[] {
    const cutoff = now().getTime() - maxAgeMs;
    return Object.values(doc.flows)
      .filter((f) => Date.parse(f.updatedAt) < cutoff && f.state !== 'posting')
      .map((f) => f.id);
  }

  return {
    async create(flow) {
      if (!isFlowId(flow.id)) throw new Error(`invalid flow id ${flow.id}`);
      let removed: string[] = [];
      await store.update((doc) => {
        removed = expired(doc);
        for (const id of removed) delete doc.flows[id];
        doc.flows[flow.id] = flow;
      });
      for (const id of removed) {
        cache.delete(id);
        await rm(payloadFile(id), { force: true });
      }
    },
    async get(id) {
      if (!isFlowId(id)) return undefined;
      return (await store.read()).flows[id];
    },
    async patch(id, patch) {
      if (!isFlowId(id)) return undefined;
      const doc = await store.update((d) => {
        const f = d.flows[id];
        if (f) d.flows[id] = { ...f, ...patch, id, updatedAt: now().toISOString() };
      });
      return doc.flows[id];
    },
    async transition(id, from, to, patch = {}): Promise<TransitionResult> {
      if (!isFlowId(id)) return { ok: false, flow: undefined };
      let ok = false;
      const doc = await store.update((d) => {
        const f = d.flows[id];
        if (!f || !from.includes(f.state)) return;
        d.flows[id] = { ...f, ...patch, id, state: to, updatedAt: now().toISOString() };
        ok = true;
      });
      const flow = doc.flows[id];
      return ok ? { ok: true, flow } : { ok: false, flow };
    },
    async list(filter = {}) {
      const flows = Object.values((await store.read()).flows).filter(
        (f) =>
          (!filter.conversationKey || f.conversation.key === filter.conversationKey) &&
          (!filter.states || filter.states.includes(f.state)) &&
          (!filter.type || f.type === filter.type),
      );
      return flows.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    },
    async savePayload(id, payload) {
      if (!isFlowId(id)) throw new Error(`invalid flow id ${id}`);
      writeFileAtomic(payloadFile(id), JSON.stringify(payload));
      remember(id, payload);
    },
    async loadPayload(id) {
      if (!isFlowId(id)) return {};
      const hit = cache.get(id);
      if (hit) return hit;
      const file = payloadFile(id);
      if (!existsSync(file)) return {};
      let payload: FlowPayload;
      try {
        payload = JSON.parse(await readFile(file, 'utf8')) as FlowPayload;
      } catch (e) {
        throw storeCorrupt(file, e);
      }
      remember(id, payload);
      return payload;
    },
  };
}
