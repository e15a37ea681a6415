/**
 * Socket Mode on the fake: `apps.connections.open` (app-level token) hands out a ws:// URL on the same
 * loopback server, and a minimal RFC 6455 server (text frames, ping -> pong, close) speaks Slack's envelope
 * protocol: `hello`, then `{ envelope_id, type, payload }`, which the app acknowledges with `{ envelope_id }`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { FakeSlack } from './fake-slack.ts';

export interface FakeSocket {
  /** Acks received from the app, by envelope id. */
  acks: Map<string, Record<string, unknown>>;
  connected(): Promise<void>;
  /** Push an envelope; resolves with the app's ack. */
  push(
    type: 'events_api' | 'slash_commands' | 'interactive',
    payload: Record<string, unknown>,
    extra?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  close(): void;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function attachSocketMode(fake: FakeSlack, appToken: string): FakeSocket {
  const sockets = new Set<Duplex>();
  const acks = new Map<string, Record<string, unknown>>();
  const waiting = new Map<string, (ack: Record<string, unknown>) => void>();
  let onConnect: Array<() => void> = [];
  let current: Duplex | undefined;

  fake.handle(
    'apps.connections.open',
    () => ({ ok: true, url: `${fake.origin.replace('http', 'ws')}/link/?ticket=${randomUUID()}` }),
    [appToken],
  );
  fake.server.on('upgrade', (req, socket: Duplex) => {
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    current = socket;
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const frame = readFrame(buf);
        if (!frame) break;
        buf = buf.subarray(frame.size);
        if (frame.opcode === 0x9) socket.write(encode(0xa, frame.payload));
        else if (frame.opcode === 0x8) socket.end(encode(0x8, Buffer.alloc(0)));
        else if (frame.opcode === 0x1) onText(frame.payload.toString('utf8'));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.write(
      encode(
        0x1,
        Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKE' } })),
      ),
    );
    onConnect.splice(0).forEach((f) => f());
  });

  function onText(text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    const id = String(msg.envelope_id ?? '');
    acks.set(id, msg);
    waiting.get(id)?.(msg);
    waiting.delete(id);
  }

  return {
    acks,
    connected: () => (current ? Promise.resolve() : new Promise<void>((r) => onConnect.push(r))),
    push(type, payload, extra = {}) {
      const envelopeId = randomUUID();
      const ack = new Promise<Record<string, unknown>>((r) => waiting.set(envelopeId, r));
      current?.write(
        encode(
          0x1,
          Buffer.from(
            JSON.stringify({
              envelope_id: envelopeId,
              type,
              payload,
              accepts_response_payload: type !== 'events_api',
              retry_attempt: 0,
              retry_reason: '',
              ...extra,
            }),
          ),
        ),
      );
      return ack;
    },
    close() {
      onConnect = [];
      for (const s of sockets) s.destroy();
    },
  };
}

function readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buf.length < 2) return undefined;
  const opcode = buf[0] & 0x0f;
  const masked = (buf[1] & 0x80) !== 0;
  let len = buf[1] & 0x7f;
  let off = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    off = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    len = Number(buf.readBigUInt64BE(2));
    off = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < off + maskLen + len) return undefined;
  const mask = masked ? buf.subarray(off, off + 4) : undefined;
  const payload = Buffer.from(buf.subarray(off + maskLen, off + maskLen + len));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
  return { opcode, payload, size: off + maskLen + len };
}

function encode(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}
