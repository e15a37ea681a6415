/**
 * The preview schedules ("every weekday at 8:00 preview invoices here", `sagebot schedules add`) in one small
 * JSON document keyed by schedule id, shared by the running bot and the command line (storage/json-file.ts).
 */
import type { PreviewSchedule, PreviewScheduleStore } from '../bot/ports.ts';
import { openJsonStore } from './json-file.ts';

interface SchedulesDoc {
  schedules: Record<string, PreviewSchedule>;
}

export function openPreviewScheduleStore(path: string): PreviewScheduleStore {
  const store = openJsonStore<SchedulesDoc>(path, () => ({ schedules: {} }));
  return {
    async put(schedule) {
      let replaced: PreviewSchedule | undefined;
      await store.update((doc) => {
        replaced = doc.schedules[schedule.id];
        doc.schedules[schedule.id] = schedule;
      });
      return replaced;
    },
    async remove(ids) {
      const removed: PreviewSchedule[] = [];
      await store.update((doc) => {
        for (const id of ids) {
          const s = doc.schedules[id];
          if (!s) continue;
          removed.push(s);
          delete doc.schedules[id];
        }
      });
      return removed;
    },
    async list() {
      const all = Object.values((await store.read()).schedules);
      return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
  };
}
