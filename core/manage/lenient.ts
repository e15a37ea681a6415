/**
 * Lenient parsing of what Manage answers. Live Manage data strays from the documented models (an enum value
 * outside the published set, a field of an unexpected type), and a strict parse of a list would fail every
 * record for one odd value. Instead the odd value is dropped, the record parses, and the record carries a note
 * ("not understood: invoiceType 'Progress2'") that the export engine turns into a problem on that record
 * alone. Only a record whose key (`id`) is unusable still fails: it cannot be named.
 */
import type { z } from 'zod';

/** Notes per parsed record; a WeakMap so the notes never leak into JSON, journals or copies. */
const NOTES = new WeakMap<object, string[]>();

/** What sagebot did not understand on a record Manage sent, if anything ("invoiceType 'Progress2'"). */
export function notUnderstood(record: unknown): string[] {
  return record && typeof record === 'object' ? (NOTES.get(record) ?? []) : [];
}

/** Mark a record as carrying values sagebot did not understand (used by parsing, and by tests' fixtures). */
export function markNotUnderstood(record: object, notes: string[]): void {
  if (notes.length) NOTES.set(record, [...(NOTES.get(record) ?? []), ...notes]);
}

type Path = PropertyKey[];
export type LenientResult<T> = { ok: true; data: T } | { ok: false; issue: z.core.$ZodIssue | undefined };

/** Passes of repair at most; each drops every odd value zod reported, so one pass is the usual. */
const MAX_REPAIRS = 3;

/**
 * Parse `input`; on failure drop every offending value (never a key `id`) at once and parse again, noting what
 * went. Only the record in hand is copied (the Manage client parses each record of a list or export on its own),
 * and a record with several odd values is parsed twice, not once per value.
 */
export function parseLeniently<S extends z.ZodType>(
  schema: S,
  input: unknown,
  /** 'record': every note goes on the parsed object itself (one document of an export, parsed on its own). */
  notesOn: 'lists' | 'record' = 'lists',
): LenientResult<z.output<S>> {
  let r = schema.safeParse(input);
  if (r.success) return { ok: true, data: r.data };
  const copy = structuredClone(input);
  const notes: { path: Path; text: string }[] = [];
  for (let i = 0; i < MAX_REPAIRS && !r.success; i++) {
    const issues = r.error.issues;
    let changed = false;
    if (issues.some((i) => i.path.length === 1 && i.path[0] === 'id') && numericKey(copy)) {
      // Understood, not odd: a key sent as text is the same record.
      (copy as { id: unknown }).id = Number((copy as { id: string }).id);
      changed = true;
    }
    for (const issue of issues) {
      if (!repairable(issue)) continue;
      const target = dropAt(copy, issue.path);
      if (!target) continue; // gone with an earlier drop (an array taken whole), or never there
      notes.push({ path: target.path, text: `${target.path.map(String).join('.')} ${shown(target.value)}` });
      changed = true;
    }
    if (!changed) return { ok: false, issue: issues.find((i) => !repairable(i)) ?? issues[0] };
    r = schema.safeParse(copy);
  }
  if (!r.success) return { ok: false, issue: r.error.issues[0] };
  for (const n of notes) markNotUnderstood(notesOn === 'record' ? (r.data as object) : owner(r.data, n.path), [n.text]);
  return { ok: true, data: r.data };
}

/** A record key sent as a number in text ("871429"), which is read as the number. */
function numericKey(record: unknown): boolean {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^\s*\d+\s*$/.test(id);
}

/** An issue on a field that can be dropped: not the record itself, not a key. */
function repairable(issue: z.core.$ZodIssue): boolean {
  const last = issue.path.at(-1);
  return issue.path.length > 0 && last !== 'id' && !(typeof last === 'number' && issue.path.at(-2) === 'id');
}

/** Remove the value at `path` (an array element takes its whole array with it); undefined if nothing is there. */
function dropAt(root: unknown, path: Path): { path: Path; value: unknown } | undefined {
  let p = path;
  if (typeof p.at(-1) === 'number') p = p.slice(0, -1);
  // A whole top-level list (all of an export's invoices, say) is never dropped for one bad element.
  if (p.length < (p === path ? 1 : 2)) return undefined;
  let parent = root as Record<PropertyKey, unknown> | undefined;
  for (const k of p.slice(0, -1)) {
    parent = parent?.[k] as Record<PropertyKey, unknown> | undefined;
    if (!parent || typeof parent !== 'object') return undefined;
  }
  const key = p.at(-1)!;
  if (!parent || !(key in parent)) return undefined;
  const value = parent[key];
  delete parent[key];
  return { path: p, value };
}

function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The record a note belongs to: for a GL export (lists of documents) the document at `list[index]`, for
 * anything else the parsed object itself.
 */
function owner(parsed: unknown, path: Path): object {
  const [list, index] = path;
  const root = parsed as Record<PropertyKey, unknown>;
  const items = typeof index === 'number' ? root?.[list] : undefined;
  const item = Array.isArray(items) ? items[index as number] : undefined;
  return item && typeof item === 'object' ? item : (root as object);
}
