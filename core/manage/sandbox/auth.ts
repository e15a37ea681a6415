/**
 * The sandbox's authentication, as Manage checks it: a clientId header on every request; Basic
 * `companyId+publicKey:privateKey` with the API keys or with member keys minted by
 * `POST system/members/{id}/tokens` (which expire); the integrator login (x-cw-usertype: integrator)
 * only mints tokens. Failures answer 401 with a Manage error body.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SANDBOX_CREDENTIALS } from '../../config.ts';
import { SandboxHttpError } from './state.ts';

export interface SandboxCredentials {
  companyId: string;
  clientId: string;
  publicKey: string;
  privateKey: string;
  integratorUser: string;
  integratorPassword: string;
}

export const defaultCredentials = (): SandboxCredentials => ({
  companyId: SANDBOX_CREDENTIALS.companyId,
  clientId: SANDBOX_CREDENTIALS.clientId,
  publicKey: SANDBOX_CREDENTIALS.publicKey,
  privateKey: SANDBOX_CREDENTIALS.privateKey,
  integratorUser: SANDBOX_CREDENTIALS.integratorUser,
  integratorPassword: SANDBOX_CREDENTIALS.integratorPassword,
});

export type Principal = { kind: 'apikey' } | { kind: 'member'; member: string } | { kind: 'integrator' };

interface MemberToken {
  privateKey: string;
  member: string;
  expiresAt: number;
}

const unauthorized = (message: string) => new SandboxHttpError(401, { code: 'Unauthorized', message, errors: null });

export class SandboxAuth {
  private tokens = new Map<string, MemberToken>();
  /** Tokens minted so far (tests check renewals). */
  tokensIssued = 0;

  constructor(
    public credentials: SandboxCredentials,
    public tokenLifetimeMs: number,
    private clock: () => number,
  ) {}

  /** Who is calling, or a 401 the way Manage answers it. */
  authenticate(req: IncomingMessage): Principal {
    const clientId = header(req, 'clientid');
    if (!clientId) throw unauthorized('A clientId header is required. See https://developer.connectwise.com/ClientID');
    if (clientId.toLowerCase() !== this.credentials.clientId.toLowerCase())
      throw unauthorized('The clientId is not valid.');
    const auth = header(req, 'authorization');
    const m = auth ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth) : null;
    if (!m) throw unauthorized('The Authorization header is missing or is not Basic authentication.');
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const parsed = /^([^+:]+)\+([^:]*):(.*)$/s.exec(decoded);
    if (!parsed) throw unauthorized('The Authorization header must be companyId+publicKey:privateKey.');
    const [, company, user, secret] = parsed;
    if (company.toLowerCase() !== this.credentials.companyId.toLowerCase()) throw unauthorized('Invalid credentials.');
    const userType = header(req, 'x-cw-usertype')?.toLowerCase();
    if (userType === 'integrator') {
      if (user === this.credentials.integratorUser && secret === this.credentials.integratorPassword)
        return { kind: 'integrator' };
      throw unauthorized('Invalid integrator credentials.');
    }
    if (user === this.credentials.publicKey && secret === this.credentials.privateKey) return { kind: 'apikey' };
    const token = this.tokens.get(user);
    if (token && token.privateKey === secret) {
      if (token.expiresAt <= this.clock()) throw unauthorized('The member token has expired.');
      return { kind: 'member', member: token.member };
    }
    throw unauthorized('Invalid credentials.');
  }

  /** POST system/members/{member}/tokens: new keys for the member. */
  mint(member: string): { publicKey: string; privateKey: string; expiration: string } {
    const publicKey = `mbr${randomBytes(8).toString('hex')}`;
    const privateKey = randomBytes(16).toString('hex');
    const expiresAt = this.clock() + this.tokenLifetimeMs;
    this.tokens.set(publicKey, { privateKey, member, expiresAt });
    this.tokensIssued++;
    return { publicKey, privateKey, expiration: new Date(expiresAt).toISOString() };
  }

  /** Make every token minted so far expire now (tests of renewal on 401). */
  expireAllTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
