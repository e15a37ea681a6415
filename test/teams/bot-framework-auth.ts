/**
 * A loopback stand-in for the Bot Framework's token service, so the adapter runs authenticated (with
 * MicrosoftAppId) offline: an OpenID metadata document and a signing key set (JWKS) that botbuilder fetches
 * over HTTP, tokens signed with that key the way the Bot Connector signs them (issuer
 * https://api.botframework.com, audience = the app id, the activity's serviceUrl as a claim), and outbound
 * credentials that stamp a fixed bearer token instead of asking Azure AD. Like Microsoft's real keys, the key
 * is endorsed for several channels, so channel checks must come from sagebot, not from the key.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthOverrides } from '../../adapters/teams/index.ts';

export const APP_ID = '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f';
export const ISSUER = 'https://api.botframework.com';
export const OUTBOUND_TOKEN = 'fake-outbound-token';

export interface FakeBotFrameworkAuth {
  overrides: AuthOverrides;
  /** `Bearer <jwt>` for an activity to this app, as the Bot Connector would send it. */
  header(serviceUrl: string, claims?: Record<string, unknown>): string;
  /** A token signed by a key the metadata does not list (a forger's). */
  forged(serviceUrl: string): string;
  close(): Promise<void>;
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function sign(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256').update(head).sign(key).toString('base64url');
  return `${head}.${signature}`;
}

function claimsFor(serviceUrl: string, extra: Record<string, unknown>): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...extra };
}

/** Outbound calls: a fixed token on every request (what MSAL would fetch from Azure AD). */
function credentialsFactory(): NonNullable<AuthOverrides['credentialsFactory']> {
  return {
    isValidAppId: async (appId: string) => appId === APP_ID,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => ({
      signRequest: async (webResource: { headers: { set(name: string, value: string): void } }) => {
        webResource.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return webResource;
      },
    }),
  } as unknown as NonNullable<AuthOverrides['credentialsFactory']>;
}

export async function startFakeBotFrameworkAuth(): Promise<FakeBotFrameworkAuth> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const kid = 'sagebot-test-key';
  let base = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: ISSUER,
          jwks_uri: `${base}/v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/v1/keys') {
      const endorsements = ['msteams', 'directline', 'webchat', 'emulator', 'slack'];
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    overrides: {
      openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
      credentialsFactory: credentialsFactory(),
    },
    header: (serviceUrl, claims = {}) => `Bearer ${sign(privateKey, kid, claimsFor(serviceUrl, claims))}`,
    forged: (serviceUrl) => `Bearer ${sign(forger, kid, claimsFor(serviceUrl, {}))}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
