/**
 * The inbox of `sagebot request`: previews the command line asks the running bot to post for approval, in one
 * small JSON document (storage/json-file.ts: a cross-process lock, atomic writes). A status change is a
 * compare-and-set under that lock, so exactly one bot takes a request and a withdrawn one is never posted.
 * Answered requests older than a day are forgotten.
 */
import type { PreviewRequest, PreviewRequestInbox } from '../bot/ports.ts';
import { openJsonStore } from './json-file.ts';

const DAY_MS = 86_400_000;

interface RequestsDoc {
  requests: Record<string, PreviewRequest>;
}

export function openPreviewRequestInbox(path: string, now: () => Date = () => new Date()): PreviewRequestInbox {
  const store = openJsonStore<RequestsDoc>(path, () => ({ requests: {} }));
  const forgetOld = (doc: RequestsDoc) => {
    const cutoff = now().getTime() - DAY_MS;
    for (const [id, r] of Object.entries(doc.requests)) {
      // A request a crashed bot took and never answered goes too: its command gave up long ago.
      if (Date.parse(r.answeredAt ?? r.requestedAt) < cutoff) delete doc.requests[id];
    }
  };
  return {
    async submit(request) {
      await store.update((doc) => {
        forgetOld(doc);
        doc.requests[request.id] = { ...request, status: 'waiting' };
      });
    },
    async get(id) {
      return (await store.read()).requests[id];
    },
    async waiting() {
      const all = Object.values((await store.read()).requests).filter((r) => r.status === 'waiting');
      return all.sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0));
    },
    async move(id, from, to, patch = {}) {
      let moved: PreviewRequest | undefined;
      await store.update((doc) => {
        const r = doc.requests[id];
        if (!r || !from.includes(r.status)) return;
        moved = { ...r, ...patch, id, status: to };
        doc.requests[id] = moved;
      });
      return moved;
    },
  };
}
