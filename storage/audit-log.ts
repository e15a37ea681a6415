/**
 * Append-only audit log as JSON Lines, one entry per line, each carrying the sha256 of the line before it.
 * An append happens under a cross-process lock (the bot and the command line share the file): it reads the
 * last line, starts a new line if that one was torn by a crash (so the torn line stays a line of its own and
 * the new entry is never glued onto it), links to it, writes and fsyncs, then records the newest entry's hash in
 * `<log>.head`. Nothing earlier is ever rewritten.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AUDIT_GENESIS, type AuditEntry, type AuditLog, type AuditVerification } from '../core/audit.ts';
import { SagebotError } from '../core/errors.ts';
import { withOsLock } from '../core/os-lock.ts';
import { ensurePrivateDir, PRIVATE_FILE, writeFileAtomic } from './private-files.ts';

/** The link: sha256 (hex) of a line's bytes, without its newline. */
export const sha256 = (line: Buffer | string): string => createHash('sha256').update(line).digest('hex');

/** The last line of the open file (without its newline) and whether the file ends with a newline. */
function lastLine(fd: number): { bytes: Buffer; terminated: boolean } | undefined {
  const size = fstatSync(fd).size;
  if (size === 0) return undefined;
  const chunks: Buffer[] = [];
  let end = size;
  let terminated = false;
  while (end > 0) {
    const start = Math.max(0, end - 65_536);
    const buf = Buffer.alloc(end - start);
    readSync(fd, buf, 0, buf.length, start);
    let scan = buf;
    if (end === size && buf[buf.length - 1] === 0x0a) {
      terminated = true;
      scan = buf.subarray(0, buf.length - 1);
    }
    const nl = scan.lastIndexOf(0x0a);
    if (nl >= 0) {
      chunks.unshift(scan.subarray(nl + 1));
      break;
    }
    chunks.unshift(scan);
    end = start;
  }
  return { bytes: Buffer.concat(chunks), terminated };
}

/**
 * Beside the log, `<log>.head` names the newest entry (its hash): a chain cannot show entries cut off its end,
 * the head can. Written after the entry, so after a crash in between it names the one before, which still
 * verifies.
 */
const headOf = (path: string) => `${path}.head`;

function readHead(path: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(headOf(path), 'utf8')) as { last?: string }).last;
  } catch {
    return undefined;
  }
}

function append(path: string, entry: AuditEntry): void {
  const fd = openSync(path, 'a+', PRIVATE_FILE);
  let line: string;
  try {
    const last = lastLine(fd);
    const prev = last ? sha256(last.bytes) : AUDIT_GENESIS;
    const lead = last && !last.terminated ? '\n' : '';
    line = JSON.stringify({ ...entry, prev });
    writeSync(fd, `${lead}${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  writeFileAtomic(headOf(path), JSON.stringify({ last: sha256(line), at: entry.at }));
}

function parseEntry(line: Buffer): AuditEntry | undefined {
  try {
    const e = JSON.parse(line.toString('utf8')) as AuditEntry;
    return e && typeof e === 'object' && typeof e.action === 'string' && typeof e.at === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}

/** The log's lines; a last line without its newline is included (it may be a torn write). */
function linesOf(path: string): Buffer[] {
  if (!existsSync(path)) return [];
  const bytes = readFileSync(path);
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

export function verifyLines(lines: Buffer[], head?: string): AuditVerification {
  const malformed: AuditVerification['malformed'] = [];
  let expected = AUDIT_GENESIS;
  let entries = 0;
  let headSeen = head === undefined;
  for (const [i, line] of lines.entries()) {
    const entry = parseEntry(line);
    if (!entry) {
      malformed.push({ line: i + 1, linkedOver: false });
    } else {
      entries++;
      if (entry.prev !== expected) {
        const reason =
          entry.prev === undefined
            ? 'the entry has no link to the line before it (written before the chain, or edited)'
            : i === 0
              ? 'the first entry does not start the chain: earlier entries were removed'
              : `the line before it is not the one this entry was linked to: line ${i} was changed, or entries were removed or inserted here`;
        return { ok: false, entries, broken: { line: i + 1, reason }, malformed };
      }
      for (const m of malformed) m.linkedOver = true;
    }
    expected = sha256(line);
    if (expected === head) headSeen = true;
  }
  if (!headSeen) {
    const reason = 'the log ends before the newest entry it recorded: entries were cut off the end';
    return { ok: false, entries, broken: { line: lines.length + 1, reason }, malformed };
  }
  return { ok: malformed.every((m) => m.linkedOver), entries, malformed };
}

export function openAuditLog(path: string): AuditLog {
  ensurePrivateDir(dirname(path));
  const busy = () =>
    new SagebotError({
      code: 'AUDIT_BUSY',
      message: `Another sagebot process kept the audit log ${path} locked for more than 10 s.`,
      retryable: true,
    });
  return {
    async record(entry) {
      const full: AuditEntry = { ...entry, at: entry.at ?? new Date().toISOString() };
      withOsLock(`${path}.lock`, 10_000, busy, () => append(path, full));
    },
    async list(opts = {}) {
      const entries = linesOf(path)
        .map(parseEntry)
        .filter((e): e is AuditEntry => !!e);
      const filtered = entries.filter(
        (e) => (!opts.action || e.action === opts.action) && (!opts.since || e.at >= opts.since),
      );
      return opts.limit ? filtered.slice(-opts.limit) : filtered;
    },
    async verify() {
      return verifyLines(linesOf(path), readHead(path));
    },
  };
}
