import type { Principal, SandboxAuth } from './auth.ts';
import { batchEntries } from './batch-entries.ts';
import { buildGlExport } from './gl-export.ts';
import { byIdReply, countReply, type ListContext, listReply, type Reply } from './listing.ts';
import { batchSelection, createBatch, deleteBatch, exported, selectForExport } from './operations.ts';
import { addPayment, findPayment, patchPayment } from './payments.ts';
import { notFound, SandboxHttpError, type SandboxState } from './state.ts';
import {
  batchView,
  financeInvoiceView,
  paymentView,
  unpostedExpenseView,
  unpostedInvoiceView,
  unpostedProcurementView,
} from './views.ts';

export interface RouteContext extends ListContext {
  st: SandboxState;
  auth: SandboxAuth;
  principal: Principal;
  params: Record<string, string>;
  body: unknown;
  today: string;
}

type Handler = (c: RouteContext) => Reply;
interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

const routes: Route[] = [];
function route(method: string, pattern: string, handler: Handler): void {
  routes.push({ method, segments: pattern.toLowerCase().split('/'), handler });
}

/** Parameters when `path` (split) fits the route's segments (`:name` matches any one segment). */
function fit(r: Route, parts: string[]): Record<string, string> | undefined {
  if (r.segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = r.segments[i];
    if (seg.startsWith(':')) params[seg.slice(1)] = parts[i];
    else if (seg !== parts[i].toLowerCase()) return undefined;
  }
  return params;
}

const num = (c: RouteContext, name: string) => {
  const n = Number(c.params[name]);
  if (!Number.isInteger(n)) throw notFound(`${name} ${c.params[name]}`);
  return n;
};

/** list + /count + /{id} for a collection computed from the state (cached until the state changes). */
function resource<T extends { id?: number }>(path: string, what: string, compute: (c: RouteContext) => T[]): void {
  const items = (c: RouteContext) => c.st.cached(path, () => withOddValues(c, path, compute(c)));
  route('GET', `${path}/count`, (c) => countReply(items(c), c));
  route('GET', `${path}/:id`, (c) => byIdReply(items(c), num(c, 'id'), what));
  route('GET', path, (c) => listReply(items(c), c));
}

/** Live Manage data strays from its documented models: the scenario's odd values replace fields of listed records. */
function withOddValues<T extends { id?: number }>(c: RouteContext, path: string, rows: T[]): T[] {
  const odd = c.st.settings.oddValues.filter((o) => o.path.toLowerCase() === path.toLowerCase());
  if (!odd.length) return rows;
  return rows.map((r) => {
    const mine = odd.filter((o) => o.id === r.id);
    if (!mine.length) return r;
    const copy: Record<string, unknown> = { ...r };
    for (const o of mine) {
      if (o.value === undefined) delete copy[o.field];
      else copy[o.field] = o.value;
    }
    return copy as T;
  });
}

route('GET', 'system/info', () => ({
  status: 200,
  body: {
    version: 'v2025.1.sandbox',
    isCloud: false,
    serverTimeZone: 'GMT Standard Time',
    cloudRegion: 'NA',
    licenseBits: [],
    maxWorkFlowRecordsAllowed: 10000,
  },
}));

route('POST', 'system/members/:member/tokens', (c) => {
  const member = decodeURIComponent(c.params.member);
  if (c.principal.kind === 'member')
    throw new SandboxHttpError(403, {
      code: 'Forbidden',
      message: 'A member cannot impersonate another member.',
      errors: null,
    });
  if (![...c.st.members.values()].some((m) => m.identifier?.toLowerCase() === member.toLowerCase()))
    throw notFound(`Member ${member}`);
  return { status: 200, body: c.auth.mint(member) };
});

const A = 'finance/accounting';
resource(`${A}/unpostedinvoices`, 'Unposted invoice', (c) =>
  c.st.unpostedInvoices().map((i) => unpostedInvoiceView(c.st, i)),
);
resource(`${A}/unpostedexpenses`, 'Unposted expense', (c) =>
  c.st.unpostedExpenses().map((e) => unpostedExpenseView(c.st, e)),
);
resource(`${A}/unpostedprocurement`, 'Unposted procurement', (c) =>
  c.st.unpostedProcurement().map((p) => unpostedProcurementView(c.st, p)),
);

route('POST', `${A}/export`, (c) => {
  const { req, sel } = selectForExport(c.st, c.body, c.today);
  return {
    status: 200,
    body: buildGlExport(c.st, exported(c.st, sel), {
      batchIdentifier: req.batchIdentifier,
      thruDate: req.thruDate,
      locationId: req.locationId,
    }),
  };
});

const batch = (c: RouteContext) => {
  const b = c.st.batches.get(num(c, 'id'));
  if (!b) throw notFound(`Batch ${c.params.id}`);
  return b;
};
resource(`${A}/batches`, 'Batch', (c) => [...c.st.batches.values()].map(batchView));
route('POST', `${A}/batches`, (c) => {
  const { batch: b, sel } = createBatch(c.st, c.body);
  return { status: 201, body: buildGlExport(c.st, sel, { batchIdentifier: b.batchIdentifier }) };
});
route('DELETE', `${A}/batches/:id`, (c) => {
  deleteBatch(c.st, num(c, 'id'));
  return { status: 204 };
});
route('POST', `${A}/batches/:id/export`, (c) => {
  const b = batch(c);
  return {
    status: 200,
    body: buildGlExport(c.st, batchSelection(c.st, b), { batchIdentifier: b.batchIdentifier, rerun: true }),
  };
});
route('GET', `${A}/batches/:id/entries/count`, (c) => countReply(batchEntries(c.st, batch(c)), c));
route('GET', `${A}/batches/:id/entries`, (c) => listReply(batchEntries(c.st, batch(c)), c));

const financeInvoice = (c: RouteContext) => {
  const inv = c.st.invoicesByFinanceId.get(num(c, 'id'));
  if (!inv) throw notFound(`Invoice ${c.params.id}`);
  return inv;
};
route('GET', 'finance/invoices/:id/payments/count', (c) => countReply(c.st.paymentsOf(financeInvoice(c).invoiceId), c));
route('GET', 'finance/invoices/:id/payments', (c) =>
  listReply(
    c.st.paymentsOf(financeInvoice(c).invoiceId).map((p) => paymentView(c.st, p)),
    c,
  ),
);
route('POST', 'finance/invoices/:id/payments', (c) => ({
  status: 201,
  body: paymentView(c.st, addPayment(c.st, num(c, 'id'), c.body)),
}));
route('GET', 'finance/invoices/:id/payments/:pid', (c) => ({
  status: 200,
  body: paymentView(c.st, findPayment(c.st, num(c, 'id'), num(c, 'pid'))),
}));
route('PATCH', 'finance/invoices/:id/payments/:pid', (c) => ({
  status: 200,
  body: paymentView(c.st, patchPayment(c.st, num(c, 'id'), num(c, 'pid'), c.body)),
}));
resource('finance/invoices', 'Invoice', (c) => c.st.scenario.invoices.map((i) => financeInvoiceView(c.st, i)));

route('GET', 'finance/taxCodes/:id/taxCodeLevels', (c) => {
  const t = c.st.taxCodes.get(num(c, 'id'));
  if (!t) throw notFound(`Tax code ${c.params.id}`);
  return listReply(t.levels, c);
});
resource('finance/taxCodes', 'Tax code', (c) => c.st.scenario.taxCodes.map(({ levels: _levels, ...t }) => t));
// Live records carry fields sagebot does not model (custom fields, links): the client must ignore them.
resource('company/companies', 'Company', (c) =>
  c.st.scenario.companies.map((co) => ({
    ...co,
    customFields: [],
    _info: { company_href: `${c.selfUrl.replace(/\/company\/companies.*$/, '')}/company/companies/${co.id}` },
  })),
);
resource('system/members', 'Member', (c) => c.st.scenario.members);
resource('finance/glAccounts', 'GL account', (c) => c.st.scenario.glAccounts);
resource('procurement/types', 'Product type', (c) => c.st.scenario.productTypes);
resource('procurement/catalog', 'Catalog item', (c) => c.st.scenario.catalog);
resource('procurement/purchaseorders', 'Purchase order', (c) => c.st.scenario.purchaseOrders);
resource('system/locations', 'Location', (c) => c.st.scenario.locations);
resource('finance/currencies', 'Currency', (c) => c.st.scenario.currencies);

/** Find the route for METHOD and a path below /apis/3.0/; a known path with another method is a 405. */
export function matchRoute(method: string, path: string): { handler: Handler; params: Record<string, string> } {
  const parts = path.replace(/\/+$/, '').split('/');
  let pathKnown = false;
  for (const r of routes) {
    const params = fit(r, parts);
    if (!params) continue;
    pathKnown = true;
    if (r.method === method) return { handler: r.handler, params };
  }
  if (pathKnown)
    throw new SandboxHttpError(405, {
      code: 'MethodNotAllowed',
      message: `${method} is not allowed on ${path}`,
      errors: null,
    });
  throw new SandboxHttpError(404, { code: 'NotFound', message: `No resource at ${path}`, errors: null });
}
