/** A Manage (or stand-in) that ignores `conditions` still cannot widen a batch beyond its location and through date. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import { createManageClient } from '../../core/manage/client.ts';

const rows = [
  { id: 1, invoiceNumber: 'A1', invoiceDate: '2025-04-01T00:00:00Z', locationId: 1 },
  { id: 2, invoiceNumber: 'A2', invoiceDate: '2025-04-20T00:00:00Z', locationId: 1 },
  { id: 3, invoiceNumber: 'A3', invoiceDate: '2025-04-02T00:00:00Z', locationId: 2 },
];
let server: http.Server;
let baseUrl: string;
let lastConditions: string | null = null;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    lastConditions = new URL(req.url ?? '/', 'http://x').searchParams.get('conditions');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(rows)); // answers everything, whatever the conditions say
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v4_6_release/apis/3.0`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('unposted lists', () => {
  it('send the filter as conditions and apply it to the answer too', async () => {
    const client = createManageClient(
      {
        target: { kind: 'base', baseUrl },
        companyId: 'acme',
        clientId: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
        auth: { kind: 'apikey', publicKey: 'pub', privateKey: 'priv' },
        apiVersion: '2025.8',
        timeoutMs: 5_000,
      },
      silentLogger(),
    );
    const got = await client.listUnpostedInvoices({ locationId: 1, throughDate: '2025-04-10' });
    expect(lastConditions).toMatch(/locationId *= *1/);
    expect(lastConditions).toMatch(/invoiceDate *<= *\[2025-04-10/);
    expect(got.map((r) => r.id)).toEqual([1]);
    expect((await client.listUnpostedInvoices({})).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
