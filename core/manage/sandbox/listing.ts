/**
 * How the sandbox answers GET lists like Manage: `conditions` filter, `orderBy`, navigable paging
 * (`page` from 1, `pageSize` default 25, max 1000) with a `Link` header (first/prev/next/last,
 * absolute URLs; no "next" on the last page), `/count`, and by-id reads.
 */
import { compileConditions } from './conditions-parser.ts';
import { notFound } from './state.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ListContext {
  query: URLSearchParams;
  /** Absolute URL of the request without its query (for Link headers). */
  selfUrl: string;
}

function orderBy<T>(items: T[], spec: string | null): T[] {
  if (!spec) return items;
  const keys = spec
    .split(',')
    .map((s) => s.trim().split(/\s+/))
    .filter((k) => k[0]);
  const get = (o: unknown, path: string) =>
    path
      .split('/')
      .reduce<unknown>((c, p) => (c && typeof c === 'object' ? (c as Record<string, unknown>)[p] : undefined), o);
  return [...items].sort((a, b) => {
    for (const [field, dir] of keys) {
      const x = get(a, field);
      const y = get(b, field);
      if (x === y) continue;
      const c = x === undefined ? -1 : y === undefined ? 1 : (x as number | string) < (y as number | string) ? -1 : 1;
      return dir?.toLowerCase() === 'desc' ? -c : c;
    }
    return 0;
  });
}

export function filtered<T>(items: T[], ctx: ListContext): T[] {
  const pred = compileConditions(ctx.query.get('conditions'));
  return orderBy(items.filter(pred), ctx.query.get('orderBy') ?? ctx.query.get('orderby'));
}

const intParam = (v: string | null, def: number) => {
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : def;
};

export function listReply<T>(items: T[], ctx: ListContext): Reply {
  const all = filtered(items, ctx);
  const pageSize = Math.min(1000, intParam(ctx.query.get('pageSize') ?? ctx.query.get('pagesize'), 25));
  const page = intParam(ctx.query.get('page'), 1);
  const last = Math.max(1, Math.ceil(all.length / pageSize));
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.delete('pagesize');
    q.set('pageSize', String(pageSize));
    q.set('page', String(p));
    return `<${ctx.selfUrl}?${q.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(link(page + 1, 'next'));
  links.push(link(last, 'last'));
  return { status: 200, body: all.slice((page - 1) * pageSize, page * pageSize), headers: { Link: links.join(', ') } };
}

export function countReply<T>(items: T[], ctx: ListContext): Reply {
  return { status: 200, body: { count: filtered(items, ctx).length } };
}

export function byIdReply<T extends { id?: number }>(items: T[], id: number, what: string): Reply {
  const found = items.find((i) => i.id === id);
  if (!found) throw notFound(`${what} ${id}`);
  return { status: 200, body: found };
}
