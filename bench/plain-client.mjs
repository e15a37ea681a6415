// The plain client of the preview benchmark (bench/preview.ts): a Node process that only fetches what a preview
// of the invoices reads from Manage (the unposted list, the GL export of the same selection, the tax codes, then
// the product types and catalogue items the export names), with the built Manage client and nothing else: no
// validation, no Sage, no bot. Usage: node bench/plain-client.mjs <MANAGE base URL>; prints the counts.
import { SANDBOX_CREDENTIALS } from '../dist/core/config.js';
import { fetchReference } from '../dist/core/export/select.js';
import { silentLogger } from '../dist/core/logger.js';
import { createManageClient } from '../dist/core/manage/client.js';

const c = SANDBOX_CREDENTIALS;
const client = createManageClient(
  {
    target: { kind: 'base', baseUrl: process.argv[2] },
    companyId: c.companyId,
    clientId: c.clientId,
    auth: { kind: 'apikey', publicKey: c.publicKey, privateKey: c.privateKey },
    apiVersion: '2025.8',
    timeoutMs: 120_000,
  },
  silentLogger(),
);
const today = new Date().toISOString().slice(0, 10);
const [unposted, glExport] = await Promise.all([
  client.listUnpostedInvoices({ throughDate: today }),
  client.exportAccounting({ exportInvoicesFlag: true, thruDate: `${today}T23:59:59Z`, summarizeInvoices: 'Default' }),
]);
const reference = await fetchReference(client, glExport);
process.stdout.write(
  `${JSON.stringify({ unposted: unposted.length, transactions: glExport.transactions.length, taxCodes: reference.taxCodes.length, requests: client.requestCount })}\n`,
);
