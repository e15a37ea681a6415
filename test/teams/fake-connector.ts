/**
 * A loopback fake of the Bot Framework Connector (the `/v3/conversations/...` routes botbuilder calls), for driving the real Teams
 * adapter over HTTP: it serves the conversation routes botbuilder calls, hands out activity ids, keeps each
 * conversation's messages (replaced in place on PUT, as Teams does) and records every call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: any;
  at: number;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  activity: any;
  /** How many times it was replaced by PUT. */
  updates: number;
  /** When it was first sent (ms since the epoch). */
  sentAt: number;
}

export interface FakeConnector {
  url: string;
  calls: RecordedCall[];
  /** Messages by id, in the order they were first sent. */
  messages: Map<string, StoredMessage>;
  /** Members returned by the roster routes (id -> member). */
  members: Map<string, Record<string, unknown>>;
  /** Waits until `predicate` holds over the calls (polling), or throws after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number, what?: string): Promise<T>;
  close(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations(?:\/([^/]+)(?:\/(activities|members|pagedmembers)(?:\/([^/]+))?)?)?\/?$/;

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: RecordedCall[] = [];
  const messages = new Map<string, StoredMessage>();
  const members = new Map<string, Record<string, unknown>>();
  let seq = 0;

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const m = ROUTE.exec(url.pathname.replace(/^\/+/, '/'));
    const conversationId = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    const activityId = m?.[3] ? decodeURIComponent(m[3]) : undefined;
    calls.push({ method: req.method ?? '', path: url.pathname, conversationId, activityId, body, at: Date.now() });
    if (!m) return reply(res, 404, { error: { code: 'NotFound', message: 'no such route' } });
    if (m[2] === 'members' || m[2] === 'pagedmembers') {
      if (req.method !== 'GET') return reply(res, 405, {});
      if (activityId) {
        const member = members.get(activityId);
        return member
          ? reply(res, 200, member)
          : reply(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
      }
      return reply(res, 200, m[2] === 'pagedmembers' ? { members: [...members.values()] } : [...members.values()]);
    }
    if (!conversationId) {
      if (req.method === 'POST') return reply(res, 201, { id: `conv-${++seq}` });
      return reply(res, 405, {});
    }
    if (req.method === 'POST' && m[2] === 'activities') {
      const id = `msg-${++seq}`;
      messages.set(id, { id, conversationId, activity: { ...body, id }, updates: 0, sentAt: Date.now() });
      return reply(res, 201, { id });
    }
    if (req.method === 'PUT' && m[2] === 'activities' && activityId) {
      const existing = messages.get(activityId);
      if (!existing || existing.conversationId !== conversationId) {
        return reply(res, 404, {
          error: { code: 'ActivityNotFoundInConversation', message: 'The activity is not in this conversation' },
        });
      }
      existing.activity = { ...body, id: activityId };
      existing.updates += 1;
      return reply(res, 200, { id: activityId });
    }
    if (req.method === 'DELETE' && activityId) {
      messages.delete(activityId);
      return reply(res, 200, {});
    }
    return reply(res, 405, { error: { code: 'MethodNotAllowed', message: 'not supported by the fake' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    messages,
    members,
    async waitFor(predicate, timeoutMs = 15_000, what = 'condition') {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = predicate();
        if (v) return v as never;
        if (Date.now() > until) throw new Error(`fake connector: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
