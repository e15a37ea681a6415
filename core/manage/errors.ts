/**
 * ManageError: every failure talking to ConnectWise Manage, with a stable code, a message a finance user
 * can act on (which credential or security-role setting to check), Manage's own error body kept for the
 * log, and whether retrying later may help. Never holds a credential.
 */
import { SagebotError } from '../errors.ts';
import type { ManageErrorBody } from './models.ts';

export type ManageErrorCode =
  | 'MANAGE_UNAUTHORIZED'
  | 'MANAGE_FORBIDDEN'
  | 'MANAGE_NOT_FOUND'
  | 'MANAGE_RATE_LIMITED'
  | 'MANAGE_UNAVAILABLE'
  | 'MANAGE_BAD_RESPONSE'
  | 'MANAGE_INVALID_OBJECT'
  | 'MANAGE_BATCH_EXISTS'
  | 'MANAGE_NETWORK'
  | 'MANAGE_CONFLICT'
  | 'MANAGE_BAD_REQUEST'
  | 'MANAGE_AMBIGUOUS';

export interface ManageErrorInit {
  code: ManageErrorCode;
  message: string;
  fix?: string;
  cause?: unknown;
  status?: number;
  /** Manage's error body, when it sent one. */
  body?: ManageErrorBody;
  method?: string;
  /** The request path below the base URL (no query: conditions may hold customer names). */
  path?: string;
  retryable?: boolean;
  /** True when a write may have been applied although no answer came back (dropped, timed out, 5xx). */
  mayHaveApplied?: boolean;
  /** How many attempts were made. */
  attempts?: number;
}

export class ManageError extends SagebotError {
  override readonly code: ManageErrorCode;
  readonly status?: number;
  readonly body?: ManageErrorBody;
  readonly mayHaveApplied: boolean;
  readonly attempts: number;

  constructor(init: ManageErrorInit) {
    super({
      code: init.code,
      message: init.message,
      fix: init.fix,
      cause: init.cause,
      retryable: init.retryable,
      details: {
        status: init.status,
        method: init.method,
        path: init.path,
        attempts: init.attempts,
        manageCode: init.body?.code,
        manageMessage: init.body?.message,
      },
    });
    this.name = 'ManageError';
    this.code = init.code;
    this.status = init.status;
    this.body = init.body;
    this.mayHaveApplied = init.mayHaveApplied ?? false;
    this.attempts = init.attempts ?? 1;
  }

  /** The codes of Manage's child errors, e.g. ["ObjectExists"]. */
  get childCodes(): string[] {
    return (this.body?.errors ?? []).map((e) => e.code ?? '').filter(Boolean);
  }
}

export function isManageError(e: unknown, code?: ManageErrorCode): e is ManageError {
  return e instanceof ManageError && (code === undefined || e.code === code);
}

/** What the client knows about the credentials in use, so a 401 can name the one to check. */
export type AuthHint =
  | { kind: 'apikey'; companyId: string; publicKeyTail: string }
  | { kind: 'member'; companyId: string; member: string; integratorUser: string; stage: 'integrator' | 'member' };

export function unauthorizedFix(hint: AuthHint): string {
  if (hint.kind === 'apikey') {
    return (
      `Check MANAGE_COMPANY_ID ("${hint.companyId}"), MANAGE_PUBLIC_KEY (${hint.publicKeyTail}) and MANAGE_PRIVATE_KEY: ` +
      'they must be a key pair from the API Keys tab of the API member in Manage (System > Members), and MANAGE_CLIENT_ID must be your clientId from the ConnectWise developer portal.'
    );
  }
  if (hint.stage === 'integrator') {
    return (
      `Check MANAGE_INTEGRATOR_USER ("${hint.integratorUser}") and MANAGE_INTEGRATOR_PASSWORD against System > Setup Tables > Integrator Login ` +
      `(Access Level "All records", "Member API" enabled), and MANAGE_COMPANY_ID ("${hint.companyId}").`
    );
  }
  return (
    `Manage refused the impersonation keys of member "${hint.member}" (MANAGE_MEMBER): check the member exists and is active, ` +
    'and that the Integrator Login has "Member API" enabled.'
  );
}

export const FORBIDDEN_FIX =
  'The Manage member lacks a security-role permission. In System > Security Roles, the member\'s role needs "All" for ' +
  'Add, Edit, Delete and Inquire Level on "Accounting Interface" (Finance module) and "All" for Inquire Level on ' +
  '"API Reports" (System module); the default Finance, Executive and Admin roles have these.';

/** A short user-safe text of Manage's error body (its messages describe the request, not secrets). */
export function describeBody(body: ManageErrorBody | undefined): string {
  if (!body) return '';
  const main = body.message ?? body.error ?? body.code ?? '';
  const children = (body.errors ?? [])
    .map((e) => [e.code, e.field, e.message].filter(Boolean).join(' '))
    .filter(Boolean);
  return [main, ...children].filter(Boolean).join('; ');
}
