/**
 * A second (third...) process writing to the same data folder as the test: `n` updates of one JSON store and
 * `n` audit entries, all started at once. Run as `node --import tsx writer-child.ts <dir> <prefix> <n>`.
 */
import { join } from 'node:path';
import { openAuditLog } from '../../storage/audit-log.ts';
import { openJsonStore } from '../../storage/json-file.ts';

const [dir, prefix, count] = process.argv.slice(2);
const store = openJsonStore<{ items: Record<string, number> }>(join(dir, 'bot', 'flows.json'), () => ({ items: {} }));
const audit = openAuditLog(join(dir, 'audit.jsonl'));
const n = Number(count);
await Promise.all(
  Array.from({ length: n }, async (_, i) => {
    await store.update((doc) => {
      doc.items[`${prefix}-${i}`] = i;
    });
    await audit.record({ action: 'request', actor: { id: prefix, name: prefix }, details: { i } });
  }),
);
