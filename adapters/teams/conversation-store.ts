/**
 * Teams conversation references, kept so the bot can post progress, results and alerts outside a turn
 * (proactive messages need the serviceUrl, conversation, bot and user of an earlier activity).
 * Stored at the data folder's teamsConversations (core/data-folder.ts); written only when a reference changed. Web-chat references
 * are not stored: they are rebuilt from the key because the local connector is always this server.
 */
import type { ConversationReference } from 'botbuilder';
import { type JsonStore, openJsonStore } from '../../storage/json-file.ts';

interface StoredReference {
  reference: Partial<ConversationReference>;
  updatedAt: string;
}

interface ReferenceDoc {
  version: 1;
  conversations: Record<string, StoredReference>;
}

/** Conversation references by conversation key (`teams:<id>`). */
export interface ReferenceStore {
  get(key: string): Promise<Partial<ConversationReference> | undefined>;
  /** Remember the reference; a no-op when nothing but the activity id changed. */
  remember(key: string, reference: Partial<ConversationReference>): Promise<void>;
}

/** What is worth keeping: the activity id changes with every message and is not needed to continue. */
function essentials(ref: Partial<ConversationReference>): Partial<ConversationReference> {
  const { activityId: _drop, ...rest } = ref;
  return JSON.parse(JSON.stringify(rest)) as Partial<ConversationReference>;
}

export function openReferenceStore(file: string): ReferenceStore {
  const store: JsonStore<ReferenceDoc> = openJsonStore<ReferenceDoc>(file, () => ({
    version: 1,
    conversations: {},
  }));
  const cache = new Map<string, string>();
  let loaded: Promise<void> | undefined;

  async function load(): Promise<void> {
    loaded ??= store.read().then((doc) => {
      for (const [key, value] of Object.entries(doc.conversations)) cache.set(key, JSON.stringify(value.reference));
    });
    await loaded;
  }

  return {
    async get(key) {
      await load();
      const hit = cache.get(key);
      if (hit) return JSON.parse(hit) as Partial<ConversationReference>;
      // Another process (or an older run) may have written it since we loaded.
      const doc = await store.read();
      const stored = doc.conversations[key];
      if (!stored) return undefined;
      cache.set(key, JSON.stringify(stored.reference));
      return stored.reference;
    },
    async remember(key, reference) {
      await load();
      const kept = essentials(reference);
      const serialised = JSON.stringify(kept);
      if (cache.get(key) === serialised) return;
      cache.set(key, serialised);
      await store.update((doc) => {
        doc.conversations[key] = { reference: kept, updatedAt: new Date().toISOString() };
      });
    },
  };
}
