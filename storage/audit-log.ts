/**
 * Append-only audit log as JSON Lines: one entry per line, appended and fsync'd, so recording never rewrites
 * earlier entries and a crash can lose at most the line being written (a torn last line is skipped on read).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry, AuditLog } from '../core/audit.ts';

export function openAuditLog(path: string): AuditLog {
  mkdirSync(dirname(path), { recursive: true });
  return {
    async record(entry) {
      const line = `${JSON.stringify({ ...entry, at: entry.at ?? new Date().toISOString() })}\n`;
      const fd = openSync(path, 'a');
      try {
        writeSync(fd, line);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    async list(opts = {}) {
      if (!existsSync(path)) return [];
      const entries: AuditEntry[] = [];
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          entries.push(JSON.parse(line) as AuditEntry);
        } catch {
          // A torn final line from a crash mid-append: skip it rather than lose the whole log.
        }
      }
      const filtered = entries.filter(
        (e) => (!opts.action || e.action === opts.action) && (!opts.since || e.at >= opts.since),
      );
      return opts.limit ? filtered.slice(-opts.limit) : filtered;
    },
  };
}
