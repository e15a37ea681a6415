/**
 * The sandbox's reader of Manage `conditions` (the grammar conditions.ts writes): comparisons `= != < <= > >= contains like`,
 * `in (…)` / `not in (…)`, `and` / `or` / `not`, parentheses, "strings" (backslash escapes; 'single'
 * quotes too), [dates], numbers, True/False, null, and nested field paths with `/`. String matching is
 * case-insensitive, as on Manage's SQL Server. A parse error is a 400, as on Manage.
 */
export type Value =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'null' }
  | { t: 'date'; v: number };
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
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: 'p', v: c });
      i++;
      continue;
    }
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
    if (op) {
      out.push({ t: 'op', v: op[1] });
      i += op[1].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'val', v: { t: 'num', v: Number(num[0]) } });
      i += num[0].length;
      continue;
    }
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
    if (t?.t !== 'p' || t.v !== v) throw new ConditionsError(`expected ${v}`);
  };
  const value = (): Value => {
    const t = toks[pos++];
    if (t?.t !== 'val') throw new ConditionsError('expected a value');
    return t.v;
  };
  const primary = (): Node => {
    if (peek()?.t === 'p' && peek()!.v === '(') {
      pos++;
      const e = orExpr();
      expectP(')');
      return e;
    }
    if (isWord('not')) {
      pos++;
      return { k: 'not', e: primary() };
    }
    const f = toks[pos++];
    if (f?.t !== 'word') throw new ConditionsError('expected a field name');
    const field = f.v.split('/');
    let negate = false;
    if (isWord('not')) {
      pos++;
      negate = true;
    }
    if (isWord('in')) {
      pos++;
      expectP('(');
      const values = [value()];
      while (peek()?.t === 'p' && peek()!.v === ',') {
        pos++;
        values.push(value());
      }
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
    while (isWord('and')) {
      pos++;
      l = { k: 'and', l, r: primary() };
    }
    return l;
  };
  const orExpr = (): Node => {
    let l = andExpr();
    while (isWord('or')) {
      pos++;
      l = { k: 'or', l, r: andExpr() };
    }
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
    cur = p in rec ? rec[p] : rec[Object.keys(rec).find((k) => k.toLowerCase() === p.toLowerCase()) ?? ''];
  }
  return cur;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A compiled value: compares an actual field value to it (-1, 0, 1, or undefined when incomparable). */
type Comparer = (actual: unknown) => number | undefined;

function comparer(v: Value): Comparer {
  switch (v.t) {
    case 'null':
      return (a) => (a === undefined || a === null ? 0 : undefined);
    case 'num':
      return (a) =>
        a === undefined || a === null
          ? undefined
          : typeof a === 'number' || NUMERIC.test(String(a))
            ? sign(Number(a) - v.v)
            : undefined;
    case 'bool':
      return (a) => (a === v.v ? 0 : typeof a === 'boolean' ? 1 : undefined);
    case 'date':
      return (a) => {
        if (a === undefined || a === null) return undefined;
        const ms = Date.parse(String(a));
        return Number.isNaN(ms) ? undefined : sign(ms - v.v);
      };
    case 'str': {
      const b = v.v.toLowerCase();
      return (a) => {
        if (a === undefined || a === null) return undefined;
        const x = String(a).toLowerCase();
        return x < b ? -1 : x > b ? 1 : 0;
      };
    }
  }
}

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

type Pred = (record: unknown) => boolean;

function compileIn(field: string[], values: Value[], negate: boolean): Pred {
  // Fast path for the common `field in ("a","b",…)` of strings: one Set lookup per record.
  if (values.every((v) => v.t === 'str')) {
    const set = new Set(values.map((v) => (v as { v: string }).v.toLowerCase()));
    return (r) => {
      const a = get(r, field);
      const hit = a !== undefined && a !== null && set.has(String(a).toLowerCase());
      return negate ? !hit : hit;
    };
  }
  const cs = values.map(comparer);
  return (r) => {
    const a = get(r, field);
    const hit = cs.some((c) => c(a) === 0);
    return negate ? !hit : hit;
  };
}

const ORDER: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

function compileCmp(field: string[], op: string, value: Value): Pred {
  if (op === 'contains' || op === 'like') {
    if (value.t !== 'str') return () => false;
    if (op === 'contains') {
      const needle = value.v.toLowerCase();
      return (r) => {
        const a = get(r, field);
        return a !== undefined && a !== null && String(a).toLowerCase().includes(needle);
      };
    }
    const re = likeRegex(value.v);
    return (r) => {
      const a = get(r, field);
      return a !== undefined && a !== null && re.test(String(a));
    };
  }
  const cmp = comparer(value);
  if (op === '!=') return (r) => cmp(get(r, field)) !== 0;
  const test = ORDER[op];
  return (r) => {
    const c = cmp(get(r, field));
    return c !== undefined && test(c);
  };
}

/** Turn a parsed tree into a predicate (values are prepared once, not per record). */
export function compile(node: Node): Pred {
  switch (node.k) {
    case 'and': {
      const l = compile(node.l);
      const r = compile(node.r);
      return (x) => l(x) && r(x);
    }
    case 'or': {
      const l = compile(node.l);
      const r = compile(node.r);
      return (x) => l(x) || r(x);
    }
    case 'not': {
      const e = compile(node.e);
      return (x) => !e(x);
    }
    case 'in':
      return compileIn(node.field, node.values, node.negate);
    case 'cmp':
      return compileCmp(node.field, node.op, node.value);
  }
}

export function evaluate(node: Node, record: unknown): boolean {
  return compile(node)(record);
}

/** A predicate for `conditions` (undefined or blank = everything). Throws ConditionsError. */
export function compileConditions(src: string | null | undefined): Pred {
  if (!src?.trim()) return () => true;
  return compile(parseConditions(src));
}
