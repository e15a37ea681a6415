/**
 * The sandbox's reader of Manage `conditions` (reference §3): comparisons `= != < <= > >= contains like`,
 * `in (…)` / `not in (…)`, `and` / `or` / `not`, parentheses, "strings" (backslash escapes; 'single'
 * quotes too), [dates], numbers, True/False, null, and nested field paths with `/`. String matching is
 * case-insensitive, as on Manage's SQL Server. A parse error is a 400, as on Manage.
 */
export type Value = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'bool'; v: boolean } | { t: 'null' } | { t: 'date'; v: number };
export type Node =
  | { k: 'and' | 'or'; l: Node; r: Node }
  | { k: 'not'; e: Node }
  | { k: 'cmp'; field: string[]; op: string; value: Value }
  | { k: 'in'; field: string[]; values: Value[]; negate: boolean };

type Tok = { t: 'word'; v: string } | { t: 'op'; v: string } | { t: 'val'; v: Value } | { t: 'p'; v: '(' | ')' | ',' };

export class ConditionsError extends Error {}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === ',') { out.push({ t: 'p', v: c }); i++; continue; }
    if (c === '"' || c === "'") {
      let s = '';
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < src.length) i++;
        s += src[i++];
      }
      if (src[i] !== c) throw new ConditionsError('unterminated string');
      i++;
      out.push({ t: 'val', v: { t: 'str', v: s } });
      continue;
    }
    if (c === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) throw new ConditionsError('unterminated date');
      const ms = Date.parse(src.slice(i + 1, end));
      if (Number.isNaN(ms)) throw new ConditionsError(`not a date: ${src.slice(i + 1, end)}`);
      out.push({ t: 'val', v: { t: 'date', v: ms } });
      i = end + 1;
      continue;
    }
    const op = /^(!=|<=|>=|=|<|>)/.exec(src.slice(i));
    if (op) { out.push({ t: 'op', v: op[1] }); i += op[1].length; continue; }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'val', v: { t: 'num', v: Number(num[0]) } }); i += num[0].length; continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_/]*/.exec(src.slice(i));
    if (!word) throw new ConditionsError(`unexpected character ${JSON.stringify(c)} at ${i}`);
    const w = word[0];
    const lw = w.toLowerCase();
    if (lw === 'true' || lw === 'false') out.push({ t: 'val', v: { t: 'bool', v: lw === 'true' } });
    else if (lw === 'null') out.push({ t: 'val', v: { t: 'null' } });
    else out.push({ t: 'word', v: w });
    i += w.length;
  }
  return out;
}

export function parseConditions(src: string): Node {
  const toks = tokenize(src);
  let pos = 0;
  const peek = () => toks[pos];
  const isWord = (w: string) => peek()?.t === 'word' && (peek() as { v: string }).v.toLowerCase() === w;
  const expectP = (v: string) => {
    const t = toks[pos++];
    if (!t || t.t !== 'p' || t.v !== v) throw new ConditionsError(`expected ${v}`);
  };
  const value = (): Value => {
    const t = toks[pos++];
    if (!t || t.t !== 'val') throw new ConditionsError('expected a value');
    return t.v;
  };
  const primary = (): Node => {
    if (peek()?.t === 'p' && peek()!.v === '(') {
      pos++;
      const e = orExpr();
      expectP(')');
      return e;
    }
    if (isWord('not')) { pos++; return { k: 'not', e: primary() }; }
    const f = toks[pos++];
    if (!f || f.t !== 'word') throw new ConditionsError('expected a field name');
    const field = f.v.split('/');
    let negate = false;
    if (isWord('not')) { pos++; negate = true; }
    if (isWord('in')) {
      pos++;
      expectP('(');
      const values = [value()];
      while (peek()?.t === 'p' && peek()!.v === ',') { pos++; values.push(value()); }
      expectP(')');
      return { k: 'in', field, values, negate };
    }
    const o = toks[pos++];
    let op: string | undefined;
    if (o?.t === 'op') op = o.v;
    else if (o?.t === 'word' && ['contains', 'like'].includes(o.v.toLowerCase())) op = o.v.toLowerCase();
    if (!op) throw new ConditionsError(`expected an operator after ${f.v}`);
    const node: Node = { k: 'cmp', field, op, value: value() };
    return negate ? { k: 'not', e: node } : node;
  };
  const andExpr = (): Node => {
    let l = primary();
    while (isWord('and')) { pos++; l = { k: 'and', l, r: primary() }; }
    return l;
  };
  const orExpr = (): Node => {
    let l = andExpr();
    while (isWord('or')) { pos++; l = { k: 'or', l, r: andExpr() }; }
    return l;
  };
  const tree = orExpr();
  if (pos !== toks.length) throw new ConditionsError('unexpected text after the end');
  return tree;
}

function get(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const rec = cur as Record<string, unknown>;
    const key = p in rec ? p : Object.keys(rec).find((k) => k.toLowerCase() === p.toLowerCase());
    cur = key === undefined ? undefined : rec[key];
  }
  return cur;
}

/** -1, 0, 1, or undefined when the two cannot be compared. */
function compareTo(actual: unknown, v: Value): number | undefined {
  if (v.t === 'null') return actual === undefined || actual === null ? 0 : undefined;
  if (actual === undefined || actual === null) return undefined;
  const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
  if (v.t === 'num') return typeof actual === 'number' || /^-?\d+(\.\d+)?$/.test(String(actual)) ? sign(Number(actual) - v.v) : undefined;
  if (v.t === 'bool') return actual === v.v ? 0 : typeof actual === 'boolean' ? 1 : undefined;
  if (v.t === 'date') {
    const ms = Date.parse(String(actual));
    return Number.isNaN(ms) ? undefined : sign(ms - v.v);
  }
  const a = String(actual).toLowerCase();
  const b = v.v.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'is');
}

export function evaluate(node: Node, record: unknown): boolean {
  switch (node.k) {
    case 'and': return evaluate(node.l, record) && evaluate(node.r, record);
    case 'or': return evaluate(node.l, record) || evaluate(node.r, record);
    case 'not': return !evaluate(node.e, record);
    case 'in': {
      const actual = get(record, node.field);
      const hit = node.values.some((v) => compareTo(actual, v) === 0);
      return node.negate ? !hit : hit;
    }
    case 'cmp': {
      const actual = get(record, node.field);
      if (node.op === 'contains') return actual !== undefined && node.value.t === 'str' && String(actual).toLowerCase().includes(node.value.v.toLowerCase());
      if (node.op === 'like') return actual !== undefined && node.value.t === 'str' && likeRegex(node.value.v).test(String(actual));
      const c = compareTo(actual, node.value);
      if (node.op === '!=') return c !== 0;
      if (c === undefined) return false;
      return { '=': c === 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[node.op] ?? false;
    }
  }
}

/** A predicate for `conditions` (undefined or blank = everything). Throws ConditionsError. */
export function compileConditions(src: string | null | undefined): (record: unknown) => boolean {
  if (!src || !src.trim()) return () => true;
  const tree = parseConditions(src);
  return (r) => evaluate(tree, r);
}
