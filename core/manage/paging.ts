/**
 * Navigable paging: ask for `page=1&pageSize=N`, then follow the `Link` header's
 * rel="next" until it is absent. A Link URL on another origin is refused (it would receive credentials).
 * Without any Link header, a full page is followed by `page+1` so a proxy that drops headers still works.
 */
import type { z } from 'zod';
import { type Transport, withQuery } from './http.ts';
import { badResponse } from './http-errors.ts';
import { parseLeniently } from './lenient.ts';

export const MAX_PAGE_SIZE = 1000;

/** Links of a `Link` header by rel: `<url>; rel="next", <url>; rel="last"`. */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const m of header.matchAll(/<([^>]*)>\s*;\s*rel\s*=\s*"?([^";,]+)"?/g)) out[m[2].trim().toLowerCase()] = m[1];
  return out;
}

export interface ListRequest<S extends z.ZodType> {
  url: string;
  query?: Record<string, string | number | undefined>;
  schema: S;
  pageSize: number;
}

export async function listAll<S extends z.ZodType>(transport: Transport, req: ListRequest<S>): Promise<z.output<S>[]> {
  const origin = new URL(req.url).origin;
  const path = new URL(req.url).pathname.replace(/^.*?\/apis\/3\.0\//, '');
  const out: z.output<S>[] = [];
  const seen = new Set<string>();
  let page = 1;
  let next: string | undefined = withQuery(req.url, { ...req.query, page, pageSize: req.pageSize });
  while (next) {
    seen.add(next);
    const res = await transport.request({ method: 'GET', url: next, idempotent: true });
    if (!Array.isArray(res.body)) throw badResponse('expected a list', { method: 'GET', path }, res.status);
    for (const item of res.body) out.push(parseItem(req.schema, item, path));
    const link = res.headers.link;
    if (link !== undefined) {
      next = parseLinkHeader(link).next;
      if (next && new URL(next, req.url).origin !== origin)
        throw badResponse('a paging link points at another host', { method: 'GET', path });
      if (next) next = new URL(next, req.url).href;
    } else {
      page++;
      next =
        res.body.length >= req.pageSize
          ? withQuery(req.url, { ...req.query, page, pageSize: req.pageSize })
          : undefined;
    }
    if (next && seen.has(next)) throw badResponse('paging links go round in a circle', { method: 'GET', path });
    if (res.body.length === 0) break;
  }
  return out;
}

/** One record (or answer) parsed leniently: an odd value is noted on its record (lenient.ts), not fatal. */
export function parseItem<S extends z.ZodType>(schema: S, item: unknown, path: string, method = 'GET'): z.output<S> {
  const r = parseLeniently(schema, item);
  if (r.ok) return r.data;
  const issue = r.issue;
  const id = item && typeof item === 'object' && 'id' in item ? ` (id ${String((item as { id: unknown }).id)})` : '';
  throw badResponse(`a record${id} has ${issue?.path.join('.') || 'a field'} ${issue?.message ?? 'invalid'}`, {
    method,
    path,
  });
}
