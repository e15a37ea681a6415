/**
 * Chooses the authenticator for the configured auth mode: static API keys, or member impersonation
 * (impersonation.ts). Keys never leave this module except inside the Authorization header.
 */
import type { ManageConfig } from '../config.ts';
import { redact } from '../config.ts';
import type { Authenticator, Transport } from './http.ts';
import { basic, memberAuthenticator } from './impersonation.ts';

export function createAuthenticator(
  config: ManageConfig,
  transport: Transport,
  baseUrl: () => Promise<string>,
  clock?: () => number,
): Authenticator {
  const auth = config.auth;
  if (auth.kind === 'member') return memberAuthenticator(transport, baseUrl, config.companyId, auth, clock);
  const header = { Authorization: basic(config.companyId, auth.publicKey, auth.privateKey) };
  const hint = { kind: 'apikey' as const, companyId: config.companyId, publicKeyTail: redact(auth.publicKey) };
  return { headers: async () => header, hint: () => hint };
}
