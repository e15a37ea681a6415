/**
 * Navigable paging: ask for `page=1&pageSize=N`, then follow the `Link` header's
 * rel="next" until it is absent. A Link URL on another origin is refused (it would receive credentials).
 * Without any Link header, a full page is followed by `page+1` so a proxy that drops headers still works.
 * When the first page's rel="last" names its page number, the pages between are asked for at once (at most
 * `concurrency` in flight): against a cloud Manage each page is a slow round trip, and waiting for one
 * before asking for the next is what a user would feel. The last page's own rel="next" is still followed, so
 * records added while paging are not lost.
 */
import type { z } from 'zod';
import { mapLimit } from '../concurrency.ts';
import { type Transport, withQuery } from './http.ts';
import { badResponse } from './http-errors.ts';
import type { ItemSink } from './json-items.ts';
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
  /** Pages asked for at once once the first page names the last (default 1: one after another). */
  concurrency?: number;
}

/** The URLs of pages 2..last, when the first page's `next` and `last` links differ only in `page`. */
export function pagesBetween(next: string | undefined, last: string | undefined, origin: string): string[] {
  if (!next || !last) return [];
  const n = new URL(next);
  const l = new URL(last);
  if (n.origin !== origin || l.origin !== origin) return [];
  const from = Number(n.searchParams.get('page'));
  const to = Number(l.searchParams.get('page'));
  if (!Number.isInteger(from) || !Number.isInteger(to) || from !== 2 || to < from) return [];
  const sameQuery = (u: URL) => {
    const q = new URLSearchParams(u.searchParams);
    q.delete('page');
    q.sort();
    return `${u.pathname}?${q}`;
  };
  if (sameQuery(n) !== sameQuery(l)) return [];
  return Array.from({ length: to - from + 1 }, (_, i) => {
    const u = new URL(n);
    u.searchParams.set('page', String(from + i));
    return u.href;
  });
}

export async function listAll<S extends z.ZodType>(transport: Transport, req: ListRequest<S>): Promise<z.output<S>[]> {
  const origin = new URL(req.url).origin;
  const path = new URL(req.url).pathname.replace(/^.*?\/apis\/3\.0\//, '');
  const out: z.output<S>[] = [];
  const seen = new Set<string>();
  // Each page is read as it arrives and each record parsed as it comes: the page's text is never held whole.
  const fetchPage = async (url: string) => {
    const res = await transport.request({
      method: 'GET',
      url,
      idempotent: true,
      sink: () => listSink(req.schema, path),
    });
    return { ...res, body: res.body as z.output<S>[] };
  };
  let page = 1;
  let next: string | undefined = withQuery(req.url, { ...req.query, page, pageSize: req.pageSize });
  let first = true;
  while (next) {
    seen.add(next);
    let res = await fetchPage(next);
    const links = res.headers.link !== undefined ? absoluteLinks(res.headers.link, req.url, origin, path) : undefined;
    const between = first && links && (req.concurrency ?? 1) > 1 ? pagesBetween(links.next, links.last, origin) : [];
    first = false;
    if (between.length > 0) {
      for (const item of res.body) out.push(item);
      for (const url of between) seen.add(url);
      const pages = await mapLimit(between, req.concurrency ?? 1, fetchPage);
      for (const p of pages.slice(0, -1)) for (const item of p.body) out.push(item);
      res = pages[pages.length - 1];
    }
    for (const item of res.body) out.push(item);
    if (res.headers.link !== undefined) {
      next = absoluteLinks(res.headers.link, req.url, origin, path).next;
    } else {
      page = between.length > 0 ? page + between.length + 1 : page + 1;
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

/** The `next` and `last` links made absolute; a link to another host is refused (it would get credentials). */
function absoluteLinks(header: string, base: string, origin: string, path: string): { next?: string; last?: string } {
  const links = parseLinkHeader(header);
  const out: { next?: string; last?: string } = {};
  for (const rel of ['next', 'last'] as const) {
    if (!links[rel]) continue;
    const url = new URL(links[rel], base);
    if (url.origin !== origin) {
      if (rel === 'next') throw badResponse('a paging link points at another host', { method: 'GET', path });
      continue;
    }
    out[rel] = url.href;
  }
  return out;
}

/** A page of a list, each record parsed (leniently) as it arrives; anything but a list is refused. */
export function listSink<S extends z.ZodType>(schema: S, path: string): ItemSink<z.output<S>[]> {
  const rows: z.output<S>[] = [];
  return {
    item: (_key, value) => rows.push(parseItem(schema, value, path)),
    done(body) {
      if (body.root !== 'array') throw badResponse('expected a list', { method: 'GET', path }, 200);
      return rows;
    },
  };
}

/** One record (or answer) parsed leniently: an odd value is noted on its record (lenient.ts), not fatal. */
export function parseItem<S extends z.ZodType>(
  schema: S,
  item: unknown,
  path: string,
  method = 'GET',
  notesOn: 'lists' | 'record' = 'lists',
): z.output<S> {
  const r = parseLeniently(schema, item, notesOn);
  if (r.ok) return r.data;
  const issue = r.issue;
  const id = item && typeof item === 'object' && 'id' in item ? ` (id ${String((item as { id: unknown }).id)})` : '';
  throw badResponse(`a record${id} has ${issue?.path.join('.') || 'a field'} ${issue?.message ?? 'invalid'}`, {
    method,
    path,
  });
}
