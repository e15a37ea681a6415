/**
 * The export module switches (split invoicing, service-type invoicing, expenses as a journal) in a small JSON
 * document, with the guide's defaults. Unknown keys in the file are ignored; only known booleans are kept.
 */
import type { SettingsStore } from '../core/export/ports.ts';
import type { Settings } from '../core/export/types.ts';
import { openJsonStore } from './json-file.ts';

export const DEFAULT_SETTINGS: Settings = { splitInvoicing: true, serviceInvoicing: false, expensesAsJournal: false };

function clean(doc: Partial<Settings> | undefined): Settings {
  const out = { ...DEFAULT_SETTINGS };
  for (const k of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
    if (typeof doc?.[k] === 'boolean') out[k] = doc[k] as boolean;
  }
  return out;
}

export function openSettingsStore(path: string): SettingsStore {
  const store = openJsonStore<Partial<Settings>>(path, () => ({ ...DEFAULT_SETTINGS }));
  return {
    async read() {
      return clean(await store.read());
    },
    async update(change) {
      const doc = await store.update((d) => clean({ ...clean(d), ...change }));
      return clean(doc);
    },
  };
}
