/**
 * createManageClient: the HTTP implementation of the ManageApi port (axios underneath, see http.ts).
 * This file wires the transport, the authenticator and the base URL; the endpoints live in
 * client-accounting.ts (unposted, export, batches) and client-records.ts (invoices, payments, lookups).
 */

import type { ManageConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { ManageClient } from './api.ts';
import { createAuthenticator } from './auth.ts';
import { accountingEndpoints } from './client-accounting.ts';
import { recordEndpoints } from './client-records.ts';
import { resolveBaseUrl } from './codebase.ts';
import { DEFAULT_CONCURRENCY, endpointContext } from './endpoint-context.ts';
import { type RetryPolicy, Transport } from './http.ts';

export interface ManageClientOptions {
  retry?: Partial<RetryPolicy>;
  /** Injectable delay (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Page size for lists, 1..1000 (default 1000; tests use small pages to exercise paging). */
  pageSize?: number;
  /** Longest request URL the client builds when chunking `in (...)` lists (default 2000: proxies and IIS refuse much longer). */
  maxUrlLength?: number;
  /**
   * Requests of one fan-out at once, the pages of a list or the chunks of a look-up (default 4); twice that in
   * flight in all, so two fan-outs that do not depend on each other (pages and look-ups) run side by side.
   */
  concurrency?: number;
  /** Clock for token expiry (tests). */
  clock?: () => number;
}

export function createManageClient(config: ManageConfig, logger: Logger, opts: ManageClientOptions = {}): ManageClient {
  const concurrency = Math.max(1, opts.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY);
  const transport = new Transport({
    clientId: config.clientId,
    apiVersion: config.apiVersion,
    timeoutMs: config.timeoutMs,
    logger,
    retry: opts.retry,
    sleep: opts.sleep,
    random: opts.random,
    maxInFlight: 2 * concurrency,
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
  const ctx = endpointContext(transport, baseUrl, { ...opts, concurrency });
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
