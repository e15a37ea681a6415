/**
 * What the endpoint modules (client-accounting.ts, client-records.ts) share, built once per client by
 * client.ts: typed GET list/one and JSON writes relative to the base URL.
 */
import type { z } from 'zod';
import type { Transport } from './http.ts';
import { listAll, MAX_PAGE_SIZE, parseItem } from './paging.ts';

export interface EndpointContext {
  transport: Transport;
  baseUrl(): Promise<string>;
  pageSize: number;
  maxUrlLength: number;
  concurrency: number;
  list<S extends z.ZodType>(
    path: string,
    schema: S,
    conditions?: string,
    extra?: Record<string, string>,
  ): Promise<z.output<S>[]>;
  get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>>;
  send<S extends z.ZodType>(
    method: 'POST' | 'DELETE',
    path: string,
    body: unknown,
    schema: S | undefined,
    idempotent: boolean,
  ): Promise<z.output<S> | undefined>;
}

/** Requests of one fan-out at once when the caller names no other number (MANAGE_CONCURRENCY's default). */
export const DEFAULT_CONCURRENCY = 4;

export function endpointContext(
  transport: Transport,
  baseUrl: () => Promise<string>,
  opts: { pageSize?: number; maxUrlLength?: number; concurrency?: number },
): EndpointContext {
  const pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.trunc(opts.pageSize ?? MAX_PAGE_SIZE)));
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  return {
    transport,
    baseUrl,
    pageSize,
    maxUrlLength: opts.maxUrlLength ?? 2000,
    concurrency,
    async list(path, schema, conditions, extra) {
      const query = { ...extra, ...(conditions ? { conditions } : {}) };
      const url = `${await baseUrl()}/${path}`;
      return listAll(transport, { url, query, schema, pageSize, concurrency });
    },
    async get(path, schema) {
      const res = await transport.request({ method: 'GET', url: `${await baseUrl()}/${path}`, idempotent: true });
      return parseItem(schema, res.body, path);
    },
    async send(method, path, body, schema, idempotent) {
      const url = `${await baseUrl()}/${path}`;
      const res = await transport.request({ method, url, body, idempotent, discardBody: !schema });
      return schema ? parseItem(schema, res.body, path, method) : undefined;
    },
  };
}
