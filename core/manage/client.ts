/**
 * createManageClient: the HTTP implementation of the ManageApi port (axios underneath, see http.ts).
 * This file wires the transport, the authenticator and the base URL; the endpoints live in
 * client-accounting.ts (unposted, export, batches) and client-records.ts (invoices, payments, lookups).
 */

import type { z } from 'zod';
import type { ManageConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { ManageClient } from './api.ts';
import { createAuthenticator } from './auth.ts';
import { accountingEndpoints } from './client-accounting.ts';
import { recordEndpoints } from './client-records.ts';
import { resolveBaseUrl } from './codebase.ts';
import { type RetryPolicy, Transport } from './http.ts';
import { listAll, MAX_PAGE_SIZE, parseItem } from './paging.ts';

export interface ManageClientOptions {
  retry?: Partial<RetryPolicy>;
  /** Injectable delay (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Page size for lists, 1..1000 (default 1000; tests use small pages to exercise paging). */
  pageSize?: number;
  /** Longest request URL the client builds when chunking `in (...)` lists (default 2000, reference §3). */
  maxUrlLength?: number;
  /** Parallel requests for chunked look-ups (default 4). */
  concurrency?: number;
  /** Clock for token expiry (tests). */
  clock?: () => number;
}

/** What the endpoint modules share: typed GET list/one and JSON writes relative to the base URL. */
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

export function createManageClient(config: ManageConfig, logger: Logger, opts: ManageClientOptions = {}): ManageClient {
  const transport = new Transport({
    clientId: config.clientId,
    apiVersion: config.apiVersion,
    timeoutMs: config.timeoutMs,
    logger,
    retry: opts.retry,
    sleep: opts.sleep,
    random: opts.random,
  });
  let base: Promise<string> | undefined;
  const baseUrl = () => {
    base ??= resolveBaseUrl(config.target, config.companyId, transport, logger).catch((e: unknown) => {
      base = undefined;
      throw e;
    });
    return base;
  };
  transport.authenticator = createAuthenticator(config, transport, baseUrl, opts.clock);
  const ctx = endpointContext(transport, baseUrl, opts);
  return {
    ...accountingEndpoints(ctx),
    ...recordEndpoints(ctx),
    stats: transport.stats,
    get requestCount() {
      return transport.stats.requestCount;
    },
    baseUrl,
  };
}

function endpointContext(
  transport: Transport,
  baseUrl: () => Promise<string>,
  opts: ManageClientOptions,
): EndpointContext {
  const pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.trunc(opts.pageSize ?? MAX_PAGE_SIZE)));
  return {
    transport,
    baseUrl,
    pageSize,
    maxUrlLength: opts.maxUrlLength ?? 2000,
    concurrency: Math.max(1, opts.concurrency ?? 4),
    async list(path, schema, conditions, extra) {
      const query = { ...extra, ...(conditions ? { conditions } : {}) };
      return listAll(transport, { url: `${await baseUrl()}/${path}`, query, schema, pageSize });
    },
    async get(path, schema) {
      const res = await transport.request({ method: 'GET', url: `${await baseUrl()}/${path}`, idempotent: true });
      return parseItem(schema, res.body, path);
    },
    async send(method, path, body, schema, idempotent) {
      const res = await transport.request({ method, url: `${await baseUrl()}/${path}`, body, idempotent });
      return schema ? parseItem(schema, res.body, path, method) : undefined;
    },
  };
}

/** Run `fn` over `items` with at most `n` in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
