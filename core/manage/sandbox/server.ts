/**
 * createSandbox: a stand-in ConnectWise Manage on loopback (node:http). Serves the API under
 * /v4_6_release/apis/3.0/ (any vYYYY_N codebase too), GET /login/companyinfo/{companyId} (no auth), and an
 * admin API under /__sandbox/ (faults, reset, state, requests). Every request is counted and logged.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManageConfig } from '../../config.ts';
import { defaultCredentials, SandboxAuth, type SandboxCredentials } from './auth.ts';
import { ConditionsError } from './conditions-parser.ts';
import { demoScenario, withExtraInvoices } from './demo.ts';
import { FaultState, type Faults } from './faults.ts';
import type { Reply } from './listing.ts';
import { matchRoute } from './routes.ts';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario.ts';
import { SandboxHttpError, SandboxState } from './state.ts';

export interface SandboxOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  /** The scenario to serve (default: the demo data). */
  data?: Scenario | ScenarioInput;
  /** Generate this many extra invoices (benchmarks). */
  extraInvoices?: number;
  faults?: Faults;
  /** Lifetime of minted member tokens (default 1 hour). */
  tokenLifetimeMs?: number;
  credentials?: Partial<SandboxCredentials>;
  clock?: () => number;
  /** Called with a snapshot after anything changed the state (an API write, load, reset): for persistence. */
  onChange?: (snapshot: Scenario) => void;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: number;
  /** When the answer was sent (tests count round trips that had to wait for one another). */
  endedAt?: number;
  /** The JSON body of a POST to the accounting interface (export, batches), for tests to read. */
  body?: unknown;
}

export interface Sandbox {
  /** Base URL ending in /apis/3.0 (MANAGE_URL in "base" form). */
  url: string;
  /** Site origin (MANAGE_URL in "site" form: the codebase is discovered). */
  siteUrl: string;
  port: number;
  credentials: SandboxCredentials;
  state: SandboxState;
  auth: SandboxAuth;
  faults: FaultState;
  /** The latest requests (at most 50,000), oldest first. */
  requests: RequestLogEntry[];
  readonly requestCount: number;
  setFaults(f: Faults & { reset?: boolean }): void;
  /** Back to the scenario the sandbox started with; faults cleared. */
  reset(): void;
  load(s: Scenario | ScenarioInput): void;
  /** A ManageConfig that points at this sandbox. */
  config(auth?: 'apikey' | 'member', overrides?: Partial<ManageConfig>): ManageConfig;
  close(): Promise<void>;
}

const API = /^\/([^/]+)\/apis\/3\.0\/(.*)$/;
const CODEBASE = /^(v4_6_release|v20\d\d_\d+)$/i;
const MAX_BODY = 20 * 1024 * 1024;

export async function createSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const clock = opts.clock ?? Date.now;
  const initial = () =>
    withExtraInvoices(opts.data ? parseScenario(structuredClone(opts.data)) : demoScenario(), opts.extraInvoices ?? 0);
  const first = initial();
  const credentials = {
    ...defaultCredentials(),
    ...(first.companyId ? { companyId: first.companyId } : {}),
    ...opts.credentials,
  };
  const state = new SandboxState(first);
  const auth = new SandboxAuth(credentials, opts.tokenLifetimeMs ?? 3_600_000, clock);
  const faults = new FaultState(opts.faults);
  const requests: RequestLogEntry[] = [];
  let count = 0;
  const log = (e: RequestLogEntry) => {
    count++;
    requests.push(e);
    if (requests.length > 50_000) requests.splice(0, requests.length - 50_000);
  };

  let savedVersion = state.version;
  const notify = () => {
    if (!opts.onChange || state.version === savedVersion) return;
    savedVersion = state.version;
    opts.onChange(state.snapshot());
  };
  const server = http.createServer((req, res) => {
    handle(req, res)
      .catch((e: unknown) =>
        send(res, { status: 500, body: { code: 'ServerError', message: String(e), errors: null } }),
      )
      .finally(notify);
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Before the body is read: on a busy event loop that can take a while, and the log's times should say
    // when the request arrived (round trips are counted from them).
    const arrived = clock();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${host}`}`);
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (url.pathname.startsWith('/__sandbox/')) return send(res, admin(method, url.pathname, body));
    const info = /^\/login\/companyinfo\/([^/]+)\/?$/i.exec(url.pathname);
    if (info && method === 'GET') return send(res, companyInfo(decodeURIComponent(info[1]), url.origin));
    const m = API.exec(url.pathname);
    if (!m || !CODEBASE.test(m[1]))
      return send(res, {
        status: 404,
        body: '<html><body><h1>404 - Not Found</h1></body></html>',
        headers: { 'Content-Type': 'text/html' },
      });
    const path = m[2];
    const entry: RequestLogEntry = {
      method,
      path,
      status: 0,
      at: arrived,
      ...(method === 'POST' && /^finance\/accounting\//i.test(path) ? { body: body.json } : {}),
    };
    log(entry);
    if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const reply = (r: Reply) => {
      entry.status = r.status;
      entry.endedAt = clock();
      send(res, r);
    };
    let principal;
    try {
      principal = auth.authenticate(req);
    } catch (e) {
      return reply(errorReply(e));
    }
    const fault = faults.decide(`${method} ${path}`);
    if (fault.kind === 'drop' && fault.mode === 'before-apply') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'rateLimit') {
      return reply({
        status: 429,
        headers: { 'Retry-After': String(fault.retryAfterSeconds) },
        body: {
          error: 'ConnectWiseAPI',
          message: `Too many requests. Please try again in ${fault.retryAfterSeconds} seconds.`,
        },
      });
    }
    if (fault.kind === 'error')
      return reply({
        status: fault.status,
        ...(fault.retryAfterSeconds !== undefined
          ? { headers: { 'Retry-After': String(fault.retryAfterSeconds) } }
          : {}),
        body: { code: 'ServerError', message: 'An unexpected error occurred (sandbox fault).', errors: null },
      });
    if (fault.kind === 'forbidden')
      return reply({
        status: 403,
        body: {
          code: 'Forbidden',
          message: 'You do not have access to this resource. Check the security role.',
          errors: null,
        },
      });
    if (fault.kind === 'nonJson')
      return reply({
        status: 200,
        body: '<html><head><title>Sign in</title></head><body>Please sign in</body></html>',
        headers: { 'Content-Type': 'text/html' },
      });
    let result: Reply;
    try {
      if (body.invalid)
        throw new SandboxHttpError(400, {
          code: 'InvalidJson',
          message: 'The request body is not valid JSON.',
          errors: null,
        });
      const { handler, params } = matchRoute(method, path);
      result = handler({
        st: state,
        auth,
        principal,
        params,
        body: body.json,
        query: url.searchParams,
        selfUrl: `${url.origin}${url.pathname}`,
        today: new Date(clock()).toISOString().slice(0, 10),
      });
    } catch (e) {
      result = errorReply(e);
    }
    if (fault.kind === 'drop') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'cut') {
      entry.status = -2;
      return cut(res, result);
    }
    reply(result);
  }

  function companyInfo(id: string, origin: string): Reply {
    if (id.toLowerCase() !== credentials.companyId.toLowerCase()) return { status: 200, body: null };
    return {
      status: 200,
      body: {
        CompanyName: 'Northwind IT Services Ltd (sandbox)',
        Codebase: 'v4_6_release/',
        VersionCode: 'v2025.1',
        VersionNumber: 'v4.6.2025.1',
        CompanyID: credentials.companyId,
        IsCloud: false,
        SiteUrl: origin,
      },
    };
  }

  function admin(method: string, path: string, body: { json?: unknown }): Reply {
    if (path === '/__sandbox/faults' && method === 'POST')
      return { status: 200, body: faults.set((body.json ?? {}) as Faults) };
    if (path === '/__sandbox/faults') return { status: 200, body: faults.current };
    if (path === '/__sandbox/reset' && method === 'POST') {
      sandbox.reset();
      return { status: 204 };
    }
    if (path === '/__sandbox/state' && method === 'GET') return { status: 200, body: state.snapshot() };
    // The request log without bodies (a bench in another process counts round trips from it); DELETE empties it.
    if (path === '/__sandbox/requests' && method === 'GET')
      return { status: 200, body: requests.map(({ body: _body, ...e }) => e) };
    if (path === '/__sandbox/requests' && method === 'DELETE') {
      requests.splice(0);
      return { status: 204 };
    }
    if (path === '/__sandbox/state' && method === 'PUT') {
      sandbox.load(body.json as ScenarioInput);
      return { status: 204 };
    }
    return { status: 404, body: { code: 'NotFound', message: 'Unknown sandbox admin path', errors: null } };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const siteUrl = `http://${host}:${port}`;
  state.apiBase = `${siteUrl}/v4_6_release/apis/3.0`;
  const sandbox: Sandbox = {
    url: `${siteUrl}/v4_6_release/apis/3.0`,
    siteUrl,
    port,
    credentials,
    state,
    auth,
    faults,
    requests,
    get requestCount() {
      return count;
    },
    setFaults: (f) => {
      faults.set(f);
    },
    reset() {
      state.load(initial());
      faults.set({ reset: true });
      notify();
    },
    load(s) {
      state.load(parseScenario(structuredClone(s)));
      notify();
    },
    config(mode = 'apikey', overrides = {}) {
      return {
        target: { kind: 'base', baseUrl: sandbox.url },
        companyId: credentials.companyId,
        clientId: credentials.clientId,
        auth:
          mode === 'member'
            ? {
                kind: 'member',
                member: 'jdoe',
                integratorUser: credentials.integratorUser,
                integratorPassword: credentials.integratorPassword,
              }
            : { kind: 'apikey', publicKey: credentials.publicKey, privateKey: credentials.privateKey },
        apiVersion: '2025.8',
        timeoutMs: 30_000,
        ...overrides,
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sandbox;
}

function errorReply(e: unknown): Reply {
  if (e instanceof SandboxHttpError) return { status: e.status, body: e.body };
  if (e instanceof ConditionsError)
    return {
      status: 400,
      body: {
        code: 'InvalidObject',
        message: `The conditions are not valid: ${e.message}`,
        errors: [{ code: 'InvalidConditions', message: e.message, resource: 'conditions', field: 'conditions' }],
      },
    };
  throw e;
}

function readBody(req: IncomingMessage): Promise<{ json?: unknown; invalid?: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(new Error('request body too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) return resolve({});
      try {
        resolve({ json: JSON.parse(text) });
      } catch {
        resolve({ invalid: true });
      }
    });
    req.on('error', reject);
  });
}

/** The answer's headers (with its full Content-Length) and the first half of its body, then the connection cut. */
function cut(res: ServerResponse, r: Reply): void {
  const payload = Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? null));
  res.writeHead(r.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
}

function send(res: ServerResponse, r: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const isText = typeof r.body === 'string';
  const payload = r.status === 204 || r.body === undefined ? '' : isText ? (r.body as string) : JSON.stringify(r.body);
  res.writeHead(r.status, {
    'Content-Type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'api-current-version': '2025.8',
    ...r.headers,
    ...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}),
  });
  res.end(payload);
}
