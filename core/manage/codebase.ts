/**
 * Where the API lives: a fixed base URL is used as is; for a site, the codebase is read
 * from `GET {origin}/login/companyinfo/{companyId}` (no auth), falling back to `v4_6_release/` — which
 * every client uses and cloud and on-premises accept — when that page does not answer JSON.
 */
import type { ManageTarget } from '../config.ts';
import type { Logger } from '../logger.ts';
import { isManageError, ManageError } from './errors.ts';
import type { Transport } from './http.ts';
import { badResponse } from './http-errors.ts';
import { CompanyInfoSchema } from './models.ts';

export const DEFAULT_CODEBASE = 'v4_6_release/';

export async function resolveBaseUrl(
  target: ManageTarget,
  companyId: string,
  transport: Transport,
  logger: Logger,
): Promise<string> {
  if (target.kind === 'base') return target.baseUrl.replace(/\/+$/, '');
  if (target.kind === 'sandbox') {
    throw new ManageError({
      code: 'MANAGE_NOT_FOUND',
      message: 'The Manage target is the embedded sandbox, which must be started first.',
      fix: 'Start it with createSandbox() (or `sagebot sandbox`) and use its URL as the base URL.',
    });
  }
  const codebase = await discoverCodebase(target.origin, companyId, transport, logger);
  return `${target.origin}/${codebase}apis/3.0`;
}

async function discoverCodebase(
  origin: string,
  companyId: string,
  transport: Transport,
  logger: Logger,
): Promise<string> {
  const url = `${origin}/login/companyinfo/${encodeURIComponent(companyId)}`;
  let body: unknown;
  try {
    body = (await transport.request({ method: 'GET', url, idempotent: true, noAuth: true })).body;
  } catch (e) {
    if (isManageError(e) && (e.code === 'MANAGE_NOT_FOUND' || e.code === 'MANAGE_BAD_RESPONSE')) {
      logger.warn({ origin }, `login/companyinfo did not answer; using codebase ${DEFAULT_CODEBASE}`);
      return DEFAULT_CODEBASE;
    }
    throw e;
  }
  const info = CompanyInfoSchema.safeParse(body);
  const codebase = info.success ? info.data.Codebase : undefined;
  if (!codebase) {
    throw new ManageError({
      code: 'MANAGE_NOT_FOUND',
      message: `The Manage site ${origin} does not know the company id "${companyId}".`,
      fix: 'Check MANAGE_COMPANY_ID (the company you type at the Manage login) and MANAGE_URL.',
    });
  }
  const clean = codebase.replace(/^\/+/, '');
  if (!/^[A-Za-z0-9_.]+\/?$/.test(clean) || clean.startsWith('.')) {
    throw badResponse(`login/companyinfo gave an unusable codebase ${JSON.stringify(codebase.slice(0, 40))}`, {
      method: 'GET',
      path: 'login/companyinfo',
    });
  }
  return clean.endsWith('/') ? clean : `${clean}/`;
}
