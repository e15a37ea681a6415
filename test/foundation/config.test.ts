import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, parseManageUrl, redact } from '../../core/config.ts';

const remote = {
  MANAGE_URL: 'na.myconnectwise.net',
  MANAGE_COMPANY_ID: 'acme',
  MANAGE_CLIENT_ID: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
  MANAGE_PUBLIC_KEY: 'pubKeyAbcd1234',
  MANAGE_PRIVATE_KEY: 'privKeySecretWXYZ',
  SAGEBOT_DATA_DIR: '/tmp/sagebot-config-test',
};

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('uses the embedded sandbox when MANAGE_URL is absent', () => {
    const c = loadConfig({ SAGEBOT_DATA_DIR: '/tmp/x' });
    expect(c.manage.target).toEqual({ kind: 'sandbox' });
    expect(c.sage.driver).toBe('embedded');
    expect(c.timeZone).toBe('Europe/London');
    expect(c.slack).toBeUndefined();
  });

  it('discovers a site and takes a full base URL as is', () => {
    expect(parseManageUrl('na.myconnectwise.net')).toEqual({ kind: 'site', origin: 'https://na.myconnectwise.net' });
    expect(parseManageUrl('https://cw.example.com/')).toEqual({ kind: 'site', origin: 'https://cw.example.com' });
    expect(parseManageUrl('https://api-eu.myconnectwise.net/v4_6_release/apis/3.0/')).toEqual({
      kind: 'base',
      baseUrl: 'https://api-eu.myconnectwise.net/v4_6_release/apis/3.0',
    });
  });

  it('refuses plain http except on loopback', () => {
    expect(errorOf(() => parseManageUrl('http://cw.example.com')).key).toBe('MANAGE_URL');
    expect(parseManageUrl('http://127.0.0.1:8080/v4_6_release/apis/3.0').kind).toBe('base');
    expect(parseManageUrl('http://localhost:9').kind).toBe('site');
  });

  it('names the missing key and the expected form', () => {
    const { MANAGE_PRIVATE_KEY: _, ...rest } = remote;
    const e = errorOf(() => loadConfig(rest));
    expect(e.key).toBe('MANAGE_PRIVATE_KEY');
    expect(e.message).toMatch(/MANAGE_PRIVATE_KEY is missing/);
  });

  it('names a malformed key without echoing a secret', () => {
    const e = errorOf(() => loadConfig({ ...remote, MANAGE_CLIENT_ID: 'not-a-guid' }));
    expect(e.key).toBe('MANAGE_CLIENT_ID');
    const s = errorOf(() => loadConfig({ ...remote, SLACK_BOT_TOKEN: 'wrong-prefix-token-123456' }));
    expect(s.key).toBe('SLACK_BOT_TOKEN');
    expect(s.message).not.toContain('wrong-prefix-token-123456');
    expect(s.message).toContain('3456');
  });

  it('needs the member impersonation keys when MANAGE_AUTH=member', () => {
    const e = errorOf(() => loadConfig({ ...remote, MANAGE_AUTH: 'member' }));
    expect(e.key).toBe('MANAGE_MEMBER');
    expect(errorOf(() => loadConfig({ ...remote, MANAGE_AUTH: 'oauth' })).key).toBe('MANAGE_AUTH');
  });

  it('refuses the sdo driver off Windows', () => {
    if (process.platform === 'win32') return;
    expect(errorOf(() => loadConfig({ SAGE_DRIVER: 'sdo' })).key).toBe('SAGE_DRIVER');
  });

  it('never shows more than the last 4 characters of a secret', () => {
    const c = loadConfig(remote);
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('privKeySecretWXYZ');
    expect(text).not.toContain('pubKeyAbcd1234');
    expect(text).toContain('****WXYZ');
    expect(redact('short')).toBe('****');
  });

  it('reads approvers, four-eyes and Slack settings', () => {
    const c = loadConfig({
      ...remote,
      SAGEBOT_APPROVERS: 'U123, alice@example.com ,',
      SAGEBOT_FOUR_EYES: 'true',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 's3cr3t',
    });
    expect(c.approvers).toEqual(['U123', 'alice@example.com']);
    expect(c.fourEyes).toBe(true);
    expect(c.slack?.botToken).toBe('xoxb-1-2-abc');
  });

  it('refuses an unknown time zone', () => {
    expect(errorOf(() => loadConfig({ SAGEBOT_TIMEZONE: 'Mars/Olympus' })).key).toBe('SAGEBOT_TIMEZONE');
  });
});

describe('SAGEBOT_DEMO_DATA', () => {
  const ids = (c: ReturnType<typeof loadConfig>) => [c.demoData, c.companies.map((x) => x.id)];

  it('embedded defaults serve the two-company demo: the UK company and an Irish one with EUR books', () => {
    const c = loadConfig({ SAGEBOT_DATA_DIR: '/data' });
    expect(ids(c)).toEqual(['companies', ['uk', 'ie']]);
    expect(c.companies[1]).toMatchObject({ baseCurrency: 'EUR', locations: ['Dublin'] });
    expect(ids(loadConfig({ SAGEBOT_DATA_DIR: '/data', SAGEBOT_DEMO_DATA: '' }))).toEqual(['companies', ['uk', 'ie']]);
  });

  it('walkthrough and full keep one company; a real Manage or Sage, or a company list, no demo companies', () => {
    expect(ids(loadConfig({ SAGEBOT_DEMO_DATA: 'walkthrough' }))).toEqual(['walkthrough', ['default']]);
    expect(ids(loadConfig({ SAGEBOT_DEMO_DATA: 'full' }))).toEqual(['full', ['default']]);
    expect(ids(loadConfig(remote))).toEqual(['walkthrough', ['default']]);
  });
});

describe('SAGEBOT_COMPANIES', () => {
  // One company from SAGE_* (the one-company demo: embedded defaults otherwise add the Irish demo company).
  const base = {
    SAGEBOT_DATA_DIR: '/data',
    SAGE_COMPANY_DIR: '/sage/uk',
    SAGE_USER: 'ALICE',
    SAGE_PASSWORD: 'pw',
    SAGEBOT_DEMO_DATA: 'walkthrough',
  };

  it('without it: exactly one company, the default, from SAGE_* as before', () => {
    const c = loadConfig(base);
    expect(c.companies).toHaveLength(1);
    expect(c.companies[0]).toMatchObject({ id: 'default', isDefault: true, sage: c.sage });
    expect(c.sage).toMatchObject({ companyDir: '/sage/uk', user: 'ALICE', password: 'pw' });
    expect(describeConfig(c)['Sage company']).toBe('/sage/uk');
  });

  it('lists companies (inline JSON): the default inherits SAGE_*, the others their own folder and password variable', () => {
    const c = loadConfig({
      ...base,
      SAGE_PASSWORD_IE: 'secret-ie',
      SAGEBOT_COMPANIES: JSON.stringify([
        {
          id: 'ie',
          name: 'Northwind Ireland Ltd',
          aliases: ['Irish', 'Dublin'],
          locations: ['Dublin'],
          baseCurrency: 'EUR',
          passwordEnv: 'SAGE_PASSWORD_IE',
        },
        { id: 'uk', name: 'Northwind UK Ltd', default: true },
      ]),
    });
    expect(c.companies.map((x) => [x.id, x.isDefault])).toEqual([
      ['uk', true],
      ['ie', false],
    ]);
    expect(c.sage).toEqual(c.companies[0].sage);
    expect(c.companies[0].sage).toMatchObject({ companyDir: '/sage/uk', user: 'ALICE', password: 'pw' });
    expect(c.companies[1]).toMatchObject({
      baseCurrency: 'EUR',
      locations: ['Dublin'],
      sage: { companyDir: '/data/companies/ie/sage-company', user: 'MANAGER', password: 'secret-ie' },
    });
    const shown = describeConfig(c);
    expect(shown['Sage company ie']).toMatch(/EUR, locations Dublin/);
    expect(JSON.stringify(shown)).not.toContain('secret-ie');
  });

  it.each([
    ['[{"id":"uk","name":"UK"},{"id":"ie","name":"IE"}]', /"ie" lists no locations/],
    ['[{"id":"uk","name":"UK","locations":[1]},{"id":"ie","name":"IE","locations":[1]}]', /location "1" is claimed/],
    ['[{"id":"uk","name":"UK"},{"id":"ie","name":"IE","aliases":["uk"],"locations":[2]}]', /alias "uk" is claimed/],
    ['[{"id":"a b","name":"UK"}]', /id/],
    ['{not json', /not valid JSON/],
    ['/no/such/companies.json', /no such file/],
  ])('refuses %s naming SAGEBOT_COMPANIES', (value, why) => {
    let err: unknown;
    try {
      loadConfig({ ...base, SAGEBOT_COMPANIES: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).key).toBe('SAGEBOT_COMPANIES');
    expect((err as Error).message).toMatch(why);
  });
});
