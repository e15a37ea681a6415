/**
 * A loopback fake of the Slack Web API for the real @slack/bolt client: POST /api/<method> with form-urlencoded
 * (or JSON) bodies, `Authorization: Bearer <token>`, answers `{ ok, ... }`. Records every call, keeps the
 * messages it was given (so tests read the latest version of a card), can answer 429 with Retry-After, and
 * serves response_url paths (/respond/<id>). Enforces the Block Kit limits a real workspace would reject.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  status: number;
  /** `error` of an `{ ok: false }` answer. */
  error?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Array<Record<string, unknown>>;
  thread_ts?: string;
  /** Every version, oldest first (post, then each update). */
  versions: Array<{ text: string; blocks: Array<Record<string, unknown>> }>;
}

export interface FakeSlack {
  /** Base URL for `slackApiUrl` (ends with /api/). */
  apiUrl: string;
  origin: string;
  token: string;
  botUserId: string;
  botId: string;
  calls: FakeCall[];
  messages: Map<string, FakeMessage>;
  responses: Array<{ id: string; body: Record<string, unknown> }>;
  callsOf(method: string): FakeCall[];
  /** Messages posted to a channel, oldest first. */
  messagesIn(channel: string): FakeMessage[];
  message(channel: string, ts: string): FakeMessage | undefined;
  /** The next `times` calls of `method` get HTTP 429 with Retry-After `seconds`. */
  rateLimit(method: string, seconds: number, times?: number): void;
  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times?: number): void;
  /** Answer `method` with `fn` (extra methods, e.g. apps.connections.open); `tokens` also accepted for it. */
  handle(method: string, fn: (args: Record<string, unknown>) => Record<string, unknown>, tokens?: string[]): void;
  server: Server;
  /** A response_url the fake serves. */
  responseUrl(id: string): string;
  /** Resolves once `predicate` holds (polls), or rejects after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  token?: string;
  users?: Record<string, string>;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const token = opts.token ?? 'xoxb-fake';
  const users = opts.users ?? {};
  const calls: FakeCall[] = [];
  const messages = new Map<string, FakeMessage>();
  const responses: FakeSlack['responses'] = [];
  const limits = new Map<string, { seconds: number; times: number }>();
  const failures = new Map<string, { error: string; times: number }>();
  const handlers = new Map<
    string,
    { fn: (args: Record<string, unknown>) => Record<string, unknown>; tokens: string[] }
  >();
  let seq = 0;

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/respond/')) {
      const body = parseJson(raw);
      responses.push({ id: url.pathname.slice('/respond/'.length), body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(req, raw);
    const call: FakeCall = { method, args, at: Date.now(), status: 200 };
    calls.push(call);
    const limit = limits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      call.status = 429;
      res
        .writeHead(429, { 'retry-after': String(limit.seconds), 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const auth = req.headers.authorization ?? (typeof args.token === 'string' ? `Bearer ${args.token}` : '');
    const extra = handlers.get(method);
    const allowed = [token, ...(extra?.tokens ?? [])].map((t) => `Bearer ${t}`);
    if (!allowed.includes(auth)) {
      call.error = 'invalid_auth';
      return send(res, { ok: false, error: 'invalid_auth' });
    }
    const failure = failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      call.error = failure.error;
      return send(res, { ok: false, error: failure.error });
    }
    const out = extra ? extra.fn(args) : answer(method, args);
    if (out.ok === false) call.error = String(out.error);
    send(res, out);
  });

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake Finance',
          user: 'sagebot',
          team_id: 'T0FAKE',
          user_id: 'UBOT0001',
          bot_id: 'BBOT0001',
        };
      case 'chat.postMessage': {
        const problem = checkMessage(args);
        if (problem) return { ok: false, error: problem };
        const channel = String(args.channel);
        const posted = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
        seq += 1;
        const ts = `${1_800_000_000 + seq}.${String(seq).padStart(6, '0')}`;
        const text = String(args.text ?? '');
        const blocks = (args.blocks as FakeMessage['blocks']) ?? [];
        const m: FakeMessage = {
          channel: posted,
          ts,
          text,
          blocks,
          versions: [{ text, blocks }],
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
        };
        messages.set(`${posted}:${ts}`, m);
        return { ok: true, channel: posted, ts, message: { type: 'message', text, ts, blocks, bot_id: 'BBOT0001' } };
      }
      case 'chat.update': {
        const m = messages.get(`${String(args.channel)}:${String(args.ts)}`);
        if (!m) return { ok: false, error: 'message_not_found' };
        const problem = checkMessage(args);
        if (problem) return { ok: false, error: problem };
        m.text = String(args.text ?? '');
        m.blocks = (args.blocks as FakeMessage['blocks']) ?? m.blocks;
        m.versions.push({ text: m.text, blocks: m.blocks });
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.postEphemeral':
        if (!args.user || !args.channel) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, message_ts: `${1_800_000_000 + ++seq}.000000` };
      case 'views.open':
        if (!args.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { id: `V${++seq}`, ...(args.view as object) } };
      case 'users.info': {
        const id = String(args.user ?? '');
        const name = users[id];
        if (!name) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            name: name.toLowerCase().replace(/\s+/g, '.'),
            real_name: name,
            profile: { display_name: name, real_name: name },
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${origin}/api/`,
    origin,
    token,
    botUserId: 'UBOT0001',
    botId: 'BBOT0001',
    calls,
    messages,
    responses,
    callsOf: (method) => calls.filter((c) => c.method === method),
    messagesIn: (channel) => [...messages.values()].filter((m) => m.channel === channel),
    message: (channel, ts) => messages.get(`${channel}:${ts}`),
    rateLimit: (method, seconds, times = 1) => void limits.set(method, { seconds, times }),
    failNext: (method, error, times = 1) => void failures.set(method, { error, times }),
    handle: (method, fn, tokens = []) => void handlers.set(method, { fn, tokens }),
    server,
    responseUrl: (id) => `${origin}/respond/${id}`,
    async waitFor(predicate, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = predicate();
        if (v) return v as never;
        if (Date.now() > until) throw new Error('fake-slack: timed out waiting for a condition');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    reset() {
      calls.length = 0;
      messages.clear();
      responses.length = 0;
      limits.clear();
      failures.clear();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** What a real workspace rejects: no text and no blocks, >50 blocks, section text >3000, bad block JSON. */
function checkMessage(args: Record<string, unknown>): string | undefined {
  if (!args.channel) return 'channel_not_found';
  const blocks = args.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return 'invalid_blocks_format';
  const list = (blocks as Array<Record<string, unknown>> | undefined) ?? [];
  if (!args.text && !list.length) return 'no_text';
  if (list.length > 50) return 'invalid_blocks';
  for (const b of list) {
    if (typeof b?.type !== 'string') return 'invalid_blocks';
    const text = (b.text as { text?: unknown } | undefined)?.text;
    if (b.type === 'section' && typeof text === 'string' && text.length > 3000) return 'invalid_blocks';
    if (typeof b.block_id === 'string' && b.block_id.length > 255) return 'invalid_blocks';
  }
  return undefined;
}

function parseArgs(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return parseJson(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        out[k] = v;
        continue;
      }
    }
    out[k] = v;
  }
  return out;
}

function parseJson(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, body: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
