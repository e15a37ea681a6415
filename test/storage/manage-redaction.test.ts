/**
 * A Manage (or a proxy in front of it) that echoes the request's headers in its error text, over real HTTP on
 * loopback: the credentials it echoes (Authorization, clientId, cookies) never reach the error message shown
 * on a card, the error's details and body, or the log.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { createLogger } from '../../core/logger.ts';
import { createManageClient } from '../../core/manage/client.ts';
import { isManageError } from '../../core/manage/errors.ts';

const CLIENT_ID = '3f6c2a1e-7b4d-4e9a-9c2b-1d5e8f0a6b7c';
const PUBLIC = 'pubKEY12345';
const PRIVATE = 'privSECRET67890';
const COOKIE = 'ASP.NET_SessionId=sess0123456789abcdef';
let server: Server;
let url: string;

beforeAll(async () => {
  // Answers companyinfo (which needs no credentials), then every request with 400 and an error body that repeats the headers it received, in two forms.
  server = createServer((req, res) => {
    if (req.url?.includes('/login/companyinfo/')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const info = { Codebase: 'v4_6_release/', VersionCode: 'v2025.1', VersionNumber: 'v4.6.0', CompanyID: 'acme' };
      return res.end(JSON.stringify({ ...info, IsCloud: false, SiteUrl: '127.0.0.1' }));
    }
    const h = req.headers;
    const echoed = `Authorization: ${h.authorization}\r\nclientId: ${h.clientid}\r\nCookie: ${COOKIE}`;
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        code: 'InvalidObject',
        message: `Request rejected. Headers received: ${echoed}`,
        errors: [
          {
            code: 'Echo',
            message: JSON.stringify({ Authorization: h.authorization, clientId: h.clientid }),
            field: 'header',
          },
          { code: 'Token', message: `credential ${h.authorization} is not valid` },
        ],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('Manage error texts that echo request headers', () => {
  it('are redacted in the message, the details, the body and the log', async () => {
    const config = loadConfig({
      MANAGE_URL: url,
      MANAGE_COMPANY_ID: 'acme',
      MANAGE_CLIENT_ID: CLIENT_ID,
      MANAGE_PUBLIC_KEY: PUBLIC,
      MANAGE_PRIVATE_KEY: PRIVATE,
      SAGEBOT_DATA_DIR: '/tmp/sagebot-unused',
    });
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'debug', destination: sink });
    const client = createManageClient(config.manage, logger, { retry: { maxAttempts: 1 } });
    const err = await client.systemInfo().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isManageError(err)).toBe(true);
    if (!isManageError(err)) return;
    logger.error({ err }, 'preview failed'); // what a flow does with a failure
    await new Promise((r) => setImmediate(r));

    const basic = Buffer.from(`acme+${PUBLIC}:${PRIVATE}`).toString('base64');
    const everything = [err.message, err.userMessage, JSON.stringify(err.details), JSON.stringify(err.body), ...lines];
    for (const text of everything) {
      for (const secret of [basic, PRIVATE, PUBLIC, CLIENT_ID, 'sess0123456789abcdef'])
        expect(text).not.toContain(secret);
    }
    expect(err.message).toMatch(/Authorization: \[redacted\]/);
    expect(err.message).toMatch(/clientId: \[redacted\]/);
    expect(err.message).toMatch(/Cookie: \[redacted\]/);
    expect(err.message).toMatch(/credential Basic \[redacted\] is not valid/);
  });
});
