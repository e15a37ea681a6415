/**
 * The outbox of alerts the command line leaves for the running bot (`sagebot run`, `rerun`, `resume`,
 * `sync-payments`, `reconcile`): one small JSON document (storage/json-file.ts: a cross-process lock, atomic
 * writes). The bot takes them all in one step under that lock, so each is sent once. Alerts older than a day
 * are dropped: a bot started days later would only report old news.
 */
import type { AlertOutbox, QueuedAlert } from '../bot/ports.ts';
import { openJsonStore } from './json-file.ts';

const DAY_MS = 86_400_000;

interface OutboxDoc {
  alerts: QueuedAlert[];
}

export function openAlertOutboxStore(path: string, now: () => Date = () => new Date()): AlertOutbox {
  const store = openJsonStore<OutboxDoc>(path, () => ({ alerts: [] }));
  const fresh = (a: QueuedAlert) => Date.parse(a.queuedAt) >= now().getTime() - DAY_MS;
  return {
    async submit(alert) {
      await store.update((doc) => {
        doc.alerts = [...doc.alerts.filter(fresh), alert];
      });
    },
    async takeAll() {
      let taken: QueuedAlert[] = [];
      await store.update((doc) => {
        taken = doc.alerts.filter(fresh);
        doc.alerts = [];
      });
      return taken;
    },
  };
}
