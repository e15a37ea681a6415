/**
 * The transport under the Manage client: one axios instance, the common headers, request counting, and the
 * retry policy: 429 waits for Retry-After; 500/502/503/504 and dropped connections are
 * retried with capped exponential backoff and jitter (a 503's Retry-After is honoured), but only when
 * repeating cannot apply a write twice; other 4xx never retry; a 401 lets the authenticator renew its keys
 * once. Delays are injectable.
 *
 * A 429, or a 503 that names a Retry-After, is the server asking this client to stop for a while, so the
 * pause is shared: one gate in the transport holds back every request (new ones and retries alike) until it
 * has passed, instead of the parallel requests each retrying on its own clock and keeping the limit tripped.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Logger } from '../logger.ts';
import type { ManageStats } from './api.ts';
import { encodeQueryValue } from './conditions.ts';
import { type AuthHint, isManageError } from './errors.ts';
import {
  badResponse,
  type FailureContext,
  httpFailure,
  networkFailure,
  permanentNetworkFailure,
  surelyNotSent,
} from './http-errors.ts';
import { type ItemSink, JsonItems, JsonItemsError } from './json-items.ts';

export interface RetryPolicy {
  /** Attempts in all, first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After sagebot is willing to wait (longer ones are capped to this). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

/** Supplies the Authorization header; `renew` (member impersonation) gets fresh keys after a 401. */
export interface Authenticator {
  headers(): Promise<Record<string, string>>;
  renew?(): Promise<boolean>;
  hint(): AuthHint;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL (a path joined to the base URL, or a Link header's URL). */
  url: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** True when repeating the request cannot change anything twice (GET, DELETE, export). */
  idempotent: boolean;
  /** Headers that replace the authenticator's (token minting, codebase discovery). */
  headers?: Record<string, string>;
  /** Skip the authenticator (codebase discovery needs no auth; token minting brings its own). */
  noAuth?: boolean;
  authHint?: AuthHint;
  /**
   * Read a 2xx body as it arrives into a fresh sink per attempt (json-items.ts): the body then is what the
   * sink's `done` answers. Without it the body is read whole and parsed as JSON.
   */
  sink?: () => ItemSink<unknown>;
  /**
   * The caller has no use for a 2xx body (it reads back what it needs): the body is read to its end and
   * dropped. A batch POST answers with the batch's whole GL export, which is never held for nothing.
   */
  discardBody?: boolean;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

export interface TransportOptions {
  clientId: string;
  apiVersion: string;
  timeoutMs: number;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Clock for the shared pause (default Date.now). */
  now?: () => number;
  /** Requests in flight at most, all together (default 8); more wait for a connection. */
  maxInFlight?: number;
}

const RETRY_STATUSES = new Set([500, 502, 503, 504]);
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Transport {
  readonly stats: ManageStats = { requestCount: 0, retryCount: 0 };
  readonly policy: RetryPolicy;
  private readonly axios: AxiosInstance;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  /** The shared pause after a 429 / 503 Retry-After: when it ends, and the wait every request joins. */
  private pausedUntil = 0;
  private pause?: Promise<void>;
  authenticator?: Authenticator;

  constructor(private readonly opts: TransportOptions) {
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
    const maxSockets = opts.maxInFlight ?? 8;
    this.axios = axios.create({
      timeout: opts.timeoutMs,
      // A stream: a large answer is read as it arrives, never held as chunks, a joined buffer and a string.
      responseType: 'stream',
      validateStatus: () => true,
      maxRedirects: 0,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
    });
  }

  /** Send a request, retrying per the policy; returns the 2xx answer or throws a ManageError. */
  async request(spec: RequestSpec): Promise<HttpResult> {
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const ctx = this.context(spec, attempt);
      await this.pauseOver();
      this.stats.requestCount++;
      if (attempt > 1) this.stats.retryCount++;
      // Outside the try: an authenticator failure (e.g. minting member keys) is its own error, not a network one.
      const headers = await this.headersFor(spec);
      let res: Received;
      try {
        res = await this.send(spec, headers, ctx);
      } catch (err) {
        // A record or body sagebot cannot read is the answer, not the connection: never retried.
        if (isManageError(err)) throw err;
        const code = errorCode(err);
        const notSent = surelyNotSent(code);
        const again =
          attempt < this.policy.maxAttempts && !permanentNetworkFailure(code) && (notSent || spec.idempotent);
        this.opts.logger.debug({ method: spec.method, path: ctx.path, code, attempt, again }, 'manage request failed');
        if (again) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw networkFailure(code, err, { ...ctx, mayHaveApplied: !notSent && !spec.idempotent });
      }
      const status = res.status;
      this.opts.logger.debug({ method: spec.method, path: ctx.path, status, attempt }, 'manage request');
      if (status >= 200 && status < 300)
        return { status, headers: flatHeaders(res.headers), body: res.streamed ? res.body : parseBody(res, ctx) };
      if (status >= 300 && status < 400) {
        const to = String(res.headers.location ?? '(no location)').split('?')[0];
        throw badResponse(
          `a redirect (${status}) to ${to}; MANAGE_URL should name the API host itself (https, and the api- host on Manage cloud)`,
          ctx,
          status,
        );
      }
      const retryAfter = res.headers['retry-after'];
      if (status === 429 || (status === 503 && retryAfter !== undefined)) {
        // Paused even when this request gives up: the others should still leave the server alone for a while.
        const paused = this.pauseAll(this.retryAfter(retryAfter, attempt), ctx.path, status);
        if (attempt < this.policy.maxAttempts && (status === 429 || spec.idempotent)) {
          await paused;
          continue;
        }
      }
      if (status === 401 && !renewed && !spec.noAuth && this.authenticator?.renew) {
        renewed = true;
        if (await this.authenticator.renew()) continue;
      }
      if (RETRY_STATUSES.has(status) && spec.idempotent && attempt < this.policy.maxAttempts) {
        await this.sleep(this.backoff(attempt));
        continue;
      }
      throw httpFailure(status, tryJson(res.data), {
        ...ctx,
        mayHaveApplied: RETRY_STATUSES.has(status) && !spec.idempotent,
      });
    }
  }

  private async headersFor(spec: RequestSpec): Promise<Record<string, string>> {
    const auth = spec.noAuth || spec.headers?.Authorization ? {} : await this.authenticator?.headers();
    const headers: Record<string, string> = {
      Accept: `application/vnd.connectwise.com+json; version=${this.opts.apiVersion}`,
      clientId: this.opts.clientId,
      ...auth,
      ...spec.headers,
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /** Send, and read the whole answer (a cut connection mid-body throws here, like one that never answered). */
  private async send(spec: RequestSpec, headers: Record<string, string>, ctx: FailureContext): Promise<Received> {
    const res = await this.axios.request<Readable>({
      method: spec.method,
      url: withQuery(spec.url, spec.query),
      headers,
      data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
    });
    const base = { status: res.status, headers: res.headers };
    const ok = res.status >= 200 && res.status < 300;
    if (spec.discardBody && ok) {
      await finished(res.data.resume()); // a cut connection mid-body still throws
      return { ...base, streamed: true, data: '', body: undefined };
    }
    if (spec.sink && ok && res.status !== 204) {
      const reader = new JsonItems(spec.sink());
      try {
        for await (const chunk of res.data) reader.write(chunk as Buffer);
        return { ...base, streamed: true, data: '', body: reader.end() };
      } catch (e) {
        if (!(e instanceof JsonItemsError)) throw e;
        const type = String(res.headers['content-type'] ?? 'no content type');
        const looks = /^\s*</.test(e.text) ? 'an HTML/XML page' : 'text';
        throw badResponse(`${looks} (${type}): ${e.message}`, ctx, res.status, e);
      }
    }
    const chunks: Buffer[] = [];
    for await (const chunk of res.data) chunks.push(chunk as Buffer);
    return { ...base, streamed: false, data: Buffer.concat(chunks).toString('utf8') };
  }

  private context(spec: RequestSpec, attempt: number): FailureContext {
    const url = new URL(spec.url);
    const path = url.pathname.replace(/^.*?\/apis\/3\.0\//, '');
    return {
      method: spec.method,
      path,
      origin: url.origin,
      attempts: attempt,
      timeoutMs: this.opts.timeoutMs,
      hint: spec.authHint ?? this.authenticator?.hint() ?? { kind: 'apikey', companyId: '?', publicKeyTail: '?' },
      mayHaveApplied: false,
    };
  }

  /**
   * Start (or lengthen) the pause every request waits out. A pause that already ends later is kept, so a
   * burst of 429s from the requests that were in flight together makes one pause, not one each.
   */
  private pauseAll(ms: number, path: string, status: number): Promise<void> {
    const until = this.now() + ms;
    if (this.pause && until <= this.pausedUntil) return this.pause;
    this.opts.logger.info({ path, status, ms }, 'manage asked us to wait; pausing every request');
    this.pausedUntil = until;
    const pause: Promise<void> = this.sleep(ms).then(() => {
      if (this.pause === pause) this.pause = undefined;
    });
    this.pause = pause;
    return pause;
  }

  /** Wait until no pause is in force (a pause lengthened meanwhile is waited out too). */
  private async pauseOver(): Promise<void> {
    while (this.pause) await this.pause;
  }

  /** The injectable delay, for callers that run their own retry protocol (createBatch). */
  wait(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  /** Capped exponential backoff with "equal jitter": half fixed, half random. */
  backoff(attempt: number): number {
    const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(cap / 2 + this.random() * (cap / 2));
  }

  private retryAfter(header: unknown, attempt: number): number {
    const text = typeof header === 'string' ? header.trim() : '';
    let ms = NaN;
    if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
    else if (text) ms = Date.parse(text) - Date.now();
    if (!Number.isFinite(ms) || ms < 0) return this.backoff(attempt);
    return Math.min(ms, this.policy.maxRetryAfterMs);
  }
}

export function withQuery(url: string, query?: Record<string, string | number | undefined>): string {
  if (!query) return url;
  const parts = Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeQueryValue(String(v))}`);
  if (parts.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const causeCode = typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  if (code === 'ERR_NETWORK' || code === undefined) return causeCode ?? code;
  return code;
}

function flatHeaders(h: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

function tryJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An answer read to its end: its text, or (streamed) what the request's sink made of it. */
interface Received {
  status: number;
  headers: AxiosResponse['headers'];
  streamed: boolean;
  data: string;
  body?: unknown;
}

function parseBody(res: Received, ctx: FailureContext): unknown {
  const text = res.data;
  if (res.status === 204 || typeof text !== 'string' || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    const type = String(res.headers['content-type'] ?? 'no content type');
    const looks = /^\s*</.test(text) ? 'an HTML/XML page' : 'text';
    throw badResponse(`${looks} (${type}, ${text.length} characters) instead of JSON`, ctx, res.status, e);
  }
}
