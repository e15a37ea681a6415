/**
 * Member impersonation (not yet confirmed against a real Manage): the integrator login mints API keys for a member
 * with `POST system/members/{member}/tokens`, and those keys are then used as ordinary API keys. The
 * wire details live in `requestMemberKeys` alone, so they can be corrected in one place; the rest
 * (caching, renewal before expiry or after a 401, one renewal in flight at a time) is in the authenticator.
 */
import type { ManageAuth } from '../config.ts';
import type { AuthHint } from './errors.ts';
import type { Authenticator, Transport } from './http.ts';
import { badResponse } from './http-errors.ts';
import { MemberTokenSchema } from './models.ts';

type MemberAuth = Extract<ManageAuth, { kind: 'member' }>;

export interface MemberKeys {
  publicKey: string;
  privateKey: string;
  /** Epoch ms after which the keys must not be used. */
  expiresAt: number;
  /** Epoch ms when they were obtained. */
  obtainedAt: number;
}

/** Keys are renewed this long (at most a quarter of their lifetime) before they expire, so a request in flight does not meet the deadline. */
export const RENEW_MARGIN_MS = 60_000;
/** Assumed lifetime when Manage gives no (readable) expiration. */
export const DEFAULT_LIFETIME_MS = 15 * 60_000;

export function basic(companyId: string, user: string, secret: string): string {
  return `Basic ${Buffer.from(`${companyId}+${user}:${secret}`, 'utf8').toString('base64')}`;
}

/** THE replaceable function: how one member's keys are obtained. */
export async function requestMemberKeys(
  transport: Transport,
  baseUrl: string,
  companyId: string,
  auth: MemberAuth,
  now = Date.now(),
): Promise<MemberKeys> {
  const url = `${baseUrl}/system/members/${encodeURIComponent(auth.member)}/tokens`;
  const res = await transport.request({
    method: 'POST',
    url,
    idempotent: true,
    noAuth: true,
    body: { memberIdentifier: auth.member },
    headers: {
      Authorization: basic(companyId, auth.integratorUser, auth.integratorPassword),
      'x-cw-usertype': 'integrator',
    },
    authHint: {
      kind: 'member',
      companyId,
      member: auth.member,
      integratorUser: auth.integratorUser,
      stage: 'integrator',
    },
  });
  const parsed = MemberTokenSchema.safeParse(res.body);
  if (!parsed.success)
    throw badResponse(
      'the member token answer has no publicKey/privateKey',
      { method: 'POST', path: `system/members/${auth.member}/tokens` },
      res.status,
    );
  const exp = parsed.data.expiration ? Date.parse(parsed.data.expiration) : NaN;
  const expiresAt = Number.isFinite(exp) ? exp : now + DEFAULT_LIFETIME_MS;
  return { publicKey: parsed.data.publicKey, privateKey: parsed.data.privateKey, expiresAt, obtainedAt: now };
}

/** Authenticator for MANAGE_AUTH=member: mints keys lazily, renews them before expiry and after a 401. */
export function memberAuthenticator(
  transport: Transport,
  baseUrl: () => Promise<string>,
  companyId: string,
  auth: MemberAuth,
  clock: () => number = Date.now,
): Authenticator {
  let keys: MemberKeys | undefined;
  let inFlight: Promise<MemberKeys> | undefined;
  const mint = () => {
    inFlight ??= baseUrl()
      .then((b) => requestMemberKeys(transport, b, companyId, auth, clock()))
      .then((k) => {
        keys = k;
        return k;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const hint: AuthHint = {
    kind: 'member',
    companyId,
    member: auth.member,
    integratorUser: auth.integratorUser,
    stage: 'member',
  };
  return {
    async headers() {
      const fresh = (k: MemberKeys) =>
        k.expiresAt - Math.min(RENEW_MARGIN_MS, (k.expiresAt - k.obtainedAt) / 4) > clock();
      const k = keys && fresh(keys) ? keys : await mint();
      return { Authorization: basic(companyId, k.publicKey, k.privateKey) };
    },
    async renew() {
      keys = undefined;
      await mint();
      return true;
    },
    hint: () => hint,
  };
}
