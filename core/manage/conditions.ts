/**
 * Builder of Manage `conditions` strings (the `conditions` query parameter of every list). Values are never pasted in raw: strings are
 * double-quoted with `\` and `"` backslash-escaped, dates are bracketed ISO datetimes that are validated,
 * numbers must be finite, booleans are True/False, and field names must be plain (nested) identifiers.
 * The sandbox's parser reads the same grammar, so a hostile company name is matched exactly, never parsed.
 */

/** A value that is written as a bracketed datetime: `[2025-04-30T00:00:00Z]`. */
export interface DateValue {
  readonly kind: 'date';
  readonly iso: string;
}

export type CondValue = string | number | boolean | null | Date | DateValue;
export type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'like';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A date for a condition: 'YYYY-MM-DD' (midnight UTC), a full ISO datetime, or a Date. */
export function date(value: string | Date): DateValue {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError('conditions: invalid Date');
    return { kind: 'date', iso: value.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }
  if (!ISO.test(value) || Number.isNaN(Date.parse(value)))
    throw new RangeError(`conditions: not an ISO date: ${JSON.stringify(value)}`);
  return { kind: 'date', iso: value.length === 10 ? `${value}T00:00:00Z` : value };
}

/** A string literal: `"..."` with backslash and double quote escaped. */
export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function field(name: string): string {
  if (!FIELD.test(name)) throw new RangeError(`conditions: not a field name: ${JSON.stringify(name)}`);
  return name;
}

/** One value as Manage expects it. */
export function literal(v: CondValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`conditions: not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Date) return `[${date(v).iso}]`;
  if (v && v.kind === 'date') return `[${date(v.iso).iso}]`;
  throw new RangeError('conditions: unsupported value');
}

export function compare(name: string, op: Op, value: CondValue): string {
  if ((op === 'contains' || op === 'like') && typeof value !== 'string')
    throw new RangeError(`conditions: ${op} needs a string`);
  return `${field(name)} ${op} ${literal(value)}`;
}

export const eq = (f: string, v: CondValue) => compare(f, '=', v);
export const ne = (f: string, v: CondValue) => compare(f, '!=', v);
export const lt = (f: string, v: CondValue) => compare(f, '<', v);
export const le = (f: string, v: CondValue) => compare(f, '<=', v);
export const gt = (f: string, v: CondValue) => compare(f, '>', v);
export const ge = (f: string, v: CondValue) => compare(f, '>=', v);
export const contains = (f: string, v: string) => compare(f, 'contains', v);
/** `like` with Manage's `*` wildcard; the value's own characters are quoted, `*` stays a wildcard. */
export const like = (f: string, v: string) => compare(f, 'like', v);

/** `field in (v1,v2)`; an empty list matches nothing, so callers should skip the request instead. */
export function inList(name: string, values: readonly CondValue[]): string {
  if (values.length === 0) throw new RangeError('conditions: in () needs at least one value');
  return `${field(name)} in (${values.map(literal).join(',')})`;
}

type Part = string | undefined | null | false;
function join(word: 'and' | 'or', parts: Part[]): string {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  if (kept.length === 0) return '';
  if (kept.length === 1) return kept[0];
  return kept.map((p) => `(${p})`).join(` ${word} `);
}

/** `(a) and (b)`; empty parts are dropped, so optional filters can be passed as `cond && eq(...)`. */
export const and = (...parts: Part[]) => join('and', parts);
export const or = (...parts: Part[]) => join('or', parts);

/**
 * Encode a query value for the URL: everything but letters, digits and `-_.~,/:` is percent-encoded,
 * including `& " ' * % + ( ) !`, so conditions survive proxies and keep URLs short.
 */
export function encodeQueryValue(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2C/g, ',')
    .replace(/%2F/g, '/')
    .replace(/%3A/g, ':');
}
