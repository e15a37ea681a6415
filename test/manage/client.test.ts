/**
 * The real client against the sandbox over HTTP: headers and auth (both modes), codebase discovery,
 * paging, conditions end-to-end, models that ignore extra fields and accept missing ones, and errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from '../../core/manage/conditions.ts';
import { isManageError } from '../../core/manage/errors.ts';
import { CompanySchema, UnpostedInvoiceSchema } from '../../core/manage/models.ts';
import { demoScenario } from '../../core/manage/sandbox/index.ts';
import { type Harness, harness, hits } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isManageError(e)) return e;
    throw e;
  }
  throw new Error('expected a ManageError');
}

describe('raw HTTP against the sandbox', () => {
  const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  it('answers 401 with a Manage error body without credentials or clientId', async () => {
    const c = h.sandbox.credentials;
    const noAuth = await fetch(`${h.sandbox.url}/system/info`, { headers: { clientId: c.clientId } });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ code: 'Unauthorized' });
    const noClient = await fetch(`${h.sandbox.url}/system/info`, {
      headers: { Authorization: basic(`${c.companyId}+${c.publicKey}:${c.privateKey}`) },
    });
    expect(noClient.status).toBe(401);
    expect(((await noClient.json()) as { message: string }).message).toMatch(/clientId/);
    const ok = await fetch(`${h.sandbox.url}/system/info`, {
      headers: { clientId: c.clientId, Authorization: basic(`${c.companyId}+${c.publicKey}:${c.privateKey}`) },
    });
    expect(ok.status).toBe(200);
    const info = await fetch(`${h.sandbox.siteUrl}/login/companyinfo/${c.companyId}`);
    expect(await info.json()).toMatchObject({ Codebase: 'v4_6_release/' });
  });
});

describe('authentication', () => {
  it('works with API keys', async () => {
    const info = await h.client().systemInfo();
    expect(info.version).toBeTruthy();
  });

  it('works with member impersonation (one token for many requests)', async () => {
    const before = h.sandbox.auth.tokensIssued;
    const c = h.client({ auth: 'member' });
    expect((await c.listCompanies()).length).toBe(30);
    expect((await c.listMembers()).length).toBe(5);
    expect(h.sandbox.auth.tokensIssued - before).toBe(1);
  });

  it('discovers the codebase from login/companyinfo for a site URL', async () => {
    const c = h.client({ config: { target: { kind: 'site', origin: h.sandbox.siteUrl } } });
    expect(await c.baseUrl()).toBe(h.sandbox.url);
    expect((await c.systemInfo()).version).toBeTruthy();
  });

  it('a wrong key gives MANAGE_UNAUTHORIZED naming the credentials to check, without the secret', async () => {
    const c = h.client({
      config: { auth: { kind: 'apikey', publicKey: 'wrongPublicKeyABCD', privateKey: 'topSecretPrivate99' } },
    });
    const e = await failure(c.systemInfo());
    expect(e.code).toBe('MANAGE_UNAUTHORIZED');
    expect(e.status).toBe(401);
    expect(e.fix).toMatch(/MANAGE_PUBLIC_KEY \(\*\*\*\*ABCD\)/);
    expect(e.fix).toMatch(/MANAGE_PRIVATE_KEY/);
    expect(JSON.stringify({ m: e.message, f: e.fix, d: e.details })).not.toMatch(
      /topSecretPrivate99|wrongPublicKeyABCD/,
    );
  });

  it('a wrong integrator password names the integrator login', async () => {
    const c = h.client({
      auth: 'member',
      config: {
        auth: { kind: 'member', member: 'jdoe', integratorUser: 'sagebot-integrator', integratorPassword: 'nope' },
      },
    });
    const e = await failure(c.listLocations());
    expect(e.code).toBe('MANAGE_UNAUTHORIZED');
    expect(e.fix).toMatch(/MANAGE_INTEGRATOR_PASSWORD/);
  });

  it('a wrong clientId names MANAGE_CLIENT_ID', async () => {
    const e = await failure(h.client({ config: { clientId: '11111111-1111-4111-8111-111111111111' } }).systemInfo());
    expect(e.code).toBe('MANAGE_UNAUTHORIZED');
    expect(e.fix).toMatch(/MANAGE_CLIENT_ID/);
  });
});

describe('paging', () => {
  it('follows Link rel="next" across pages: one request per page', async () => {
    const before = hits(h.sandbox, 'GET', 'finance/accounting/unpostedinvoices');
    const invoices = await h.client({ pageSize: 9 }).listUnpostedInvoices();
    expect(invoices).toHaveLength(40);
    expect(new Set(invoices.map((i) => i.id)).size).toBe(40);
    expect(hits(h.sandbox, 'GET', 'finance/accounting/unpostedinvoices') - before).toBe(5);
  });

  it('keeps the conditions on every page it follows', async () => {
    const c = h.client();
    const london = await c.listUnpostedInvoices({ locationId: 1, throughDate: '2025-04-20' });
    const paged = await h.client({ pageSize: 4 }).listUnpostedInvoices({ locationId: 1, throughDate: '2025-04-20' });
    expect(london.length).toBeGreaterThan(8);
    expect(paged.map((i) => i.id)).toEqual(london.map((i) => i.id));
  });

  it('filters the unposted lists by location and through-date', async () => {
    const c = h.client();
    const all = await c.listUnpostedInvoices();
    const london = await c.listUnpostedInvoices({ locationId: 1 });
    expect(london.length).toBeGreaterThan(0);
    expect(london.every((i) => i.locationId === 1)).toBe(true);
    const early = await c.listUnpostedInvoices({ throughDate: '2025-04-05' });
    expect(early.every((i) => (i.invoiceDate ?? '') <= '2025-04-05T23:59:59Z')).toBe(true);
    expect(early.length).toBeLessThan(all.length);
    expect(early.length).toBe(all.filter((i) => (i.invoiceDate ?? '').slice(0, 10) <= '2025-04-05').length);
  });
});

describe('conditions end to end', () => {
  const names = [
    'Plain & Simple Ltd',
    'Quote "Q" Ltd',
    'x" or name != "y',
    'Brackets (and) [or] Ltd',
    'Back\\slash \\" Ltd',
    "Apostrophe's Ltd",
    'name = "x" or id > 0',
  ];
  let hostile: Harness;
  beforeAll(async () => {
    const s = demoScenario();
    hostile = await harness({
      data: {
        ...s,
        companies: [...s.companies, ...names.map((name, i) => ({ id: 900 + i, identifier: `H${i}`, name }))],
      },
    });
  });
  afterAll(async () => {
    await hostile.close();
  });

  it.each(names)('finds exactly the company named %j', async (name) => {
    const found = await hostile.client().listCompanies(eq('name', name));
    expect(found.map((c) => c.name)).toEqual([name]);
  });

  it('the demo company with quotes and brackets is found too', async () => {
    const name = `O'Neill & Sons "The Joiners" (North) Ltd`;
    expect((await h.client().listCompanies(eq('name', name))).map((c) => c.id)).toEqual([18]);
  });
});

describe('models', () => {
  it('ignore extra fields and accept missing and null ones', async () => {
    const companies = await h.client().listCompanies();
    expect(companies[0]).not.toHaveProperty('customFields');
    expect(CompanySchema.parse({ id: 1, brandNew: { x: 1 }, name: null })).toEqual({ id: 1 });
    expect(UnpostedInvoiceSchema.parse({ id: 5, total: 1.5, company: null, currency: { id: 1, extra: true } })).toEqual(
      { id: 5, total: 1.5, currency: { id: 1 } },
    );
  });

  it('a scenario company with only an id and a name comes back parsed', async () => {
    const sparse = await harness({ data: { companies: [{ id: 1, name: 'Only a name' }] } });
    try {
      expect(await sparse.client().listCompanies()).toEqual([
        { id: 1, name: 'Only a name', _info: expect.any(Object) },
      ]);
    } finally {
      await sparse.close();
    }
  });
});

describe('errors', () => {
  it('a non-JSON answer is MANAGE_BAD_RESPONSE saying what came back', async () => {
    h.sandbox.setFaults({ nonJsonNext: 1, nonJsonPath: 'system/info' });
    const e = await failure(h.client().systemInfo());
    expect(e.code).toBe('MANAGE_BAD_RESPONSE');
    expect(e.message).toMatch(/HTML/);
    expect(e.fix).toMatch(/MANAGE_URL/);
  });

  it('a wrong codebase is MANAGE_NOT_FOUND (404 HTML page)', async () => {
    const e = await failure(
      h.client({ config: { target: { kind: 'base', baseUrl: `${h.sandbox.siteUrl}/wrong/apis/3.0` } } }).systemInfo(),
    );
    expect(e.code).toBe('MANAGE_NOT_FOUND');
    expect(e.fix).toMatch(/MANAGE_URL/);
  });

  it('an unknown company id at a site is MANAGE_NOT_FOUND naming MANAGE_COMPANY_ID', async () => {
    const e = await failure(
      h.client({ config: { companyId: 'nobody', target: { kind: 'site', origin: h.sandbox.siteUrl } } }).systemInfo(),
    );
    expect(e.code).toBe('MANAGE_NOT_FOUND');
    expect(e.fix).toMatch(/MANAGE_COMPANY_ID/);
  });

  it('a 403 names the security-role settings', async () => {
    h.sandbox.setFaults({ forbidPath: 'finance/accounting' });
    try {
      const e = await failure(h.client().listUnpostedInvoices());
      expect(e.code).toBe('MANAGE_FORBIDDEN');
      expect(e.fix).toMatch(/Accounting Interface/);
      expect(e.fix).toMatch(/API Reports/);
    } finally {
      h.sandbox.setFaults({ reset: true });
    }
  });

  it('a 404 for a record is MANAGE_NOT_FOUND and is not retried', async () => {
    const before = h.sandbox.requestCount;
    const e = await failure(h.client().getInvoice(999999));
    expect(e.code).toBe('MANAGE_NOT_FOUND');
    expect(h.sandbox.requestCount - before).toBe(1);
  });
});
