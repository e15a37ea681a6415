/**
 * The conversations that receive alerts ("alerts here" / "alerts off"), keyed by the neutral conversation key
 * so Teams channels, Slack channels and the web chat sit side by side in one small JSON document.
 */

import type { AlertChannel, AlertChannelStore } from '../bot/ports.ts';
import { openJsonStore } from './json-file.ts';

interface AlertsDoc {
  channels: Record<string, AlertChannel>;
}

export function openAlertChannelStore(path: string, now: () => Date = () => new Date()): AlertChannelStore {
  const store = openJsonStore<AlertsDoc>(path, () => ({ channels: {} }));
  return {
    async add(conversation, by) {
      let added = false;
      await store.update((doc) => {
        if (doc.channels[conversation.key]) return;
        doc.channels[conversation.key] = { conversation, registeredBy: by, registeredAt: now().toISOString() };
        added = true;
      });
      return added;
    },
    async remove(conversationKey) {
      let removed = false;
      await store.update((doc) => {
        if (!doc.channels[conversationKey]) return;
        delete doc.channels[conversationKey];
        removed = true;
      });
      return removed;
    },
    async list() {
      return Object.values((await store.read()).channels);
    },
  };
}
