/**
 * Turning what came back from Manage (a status and body, or a network failure) into a ManageError with a
 * message and fix a user can act on. Used only by the transport (http.ts).
 */
import { type AuthHint, describeBody, FORBIDDEN_FIX, ManageError, unauthorizedFix } from './errors.ts';
import { type ManageErrorBody, ManageErrorBodySchema } from './models.ts';

export interface FailureContext {
  method: string;
  /** Path below the base URL, without the query. */
  path: string;
  origin: string;
  hint: AuthHint;
  attempts: number;
  timeoutMs: number;
  mayHaveApplied: boolean;
}

/**
 * Some Manage servers and the proxies in front of them echo the request's headers in an error text. Those
 * carry the credentials (Authorization: Basic base64(company+public:private), the clientId, session cookies),
 * and an error text ends up on a chat card and in the log: so the value after any such header name, and any
 * Basic/Bearer credential on its own, is replaced before the text is used anywhere.
 */
const ECHOED_HEADER =
  /\b((?:proxy-)?authorization|client[-_ ]?id|(?:set-)?cookie|x-api-key|api[-_]?key)(["']?\s*[:=]\s*["']?)([^"'\r\n,&]+)/gi;
const CREDENTIAL = /\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{6,}/gi;

export function redactEchoedHeaders(text: string): string {
  return text.replace(ECHOED_HEADER, '$1$2[redacted]').replace(CREDENTIAL, '$1 [redacted]');
}

function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactEchoedHeaders(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}

/** Manage's error body, with echoed credentials redacted (see redactEchoedHeaders). */
export function readErrorBody(body: unknown): ManageErrorBody | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const parsed = ManageErrorBodySchema.safeParse(body);
  return parsed.success ? redactDeep(parsed.data) : undefined;
}

/** A non-2xx answer (after retries, if any) as a ManageError. */
export function httpFailure(status: number, rawBody: unknown, ctx: FailureContext): ManageError {
  const body = readErrorBody(rawBody);
  const said = describeBody(body);
  const base = {
    status,
    body,
    method: ctx.method,
    path: ctx.path,
    attempts: ctx.attempts,
    mayHaveApplied: ctx.mayHaveApplied,
  };
  const what = `${ctx.method} ${ctx.path}`;
  if (body?.code === 'Security') {
    return new ManageError({
      ...base,
      code: 'MANAGE_FORBIDDEN',
      message: `Manage refused the connection: ${said}.`,
      fix: 'Use https and, for Manage cloud, the api- host (api-na, api-eu or api-au.myconnectwise.net) in MANAGE_URL.',
    });
  }
  if (status === 401) {
    const fix = /client\s*id/i.test(said)
      ? 'Check MANAGE_CLIENT_ID: it must be the clientId GUID of your integration from the ConnectWise developer portal (https://developer.connectwise.com/ClientID).'
      : unauthorizedFix(ctx.hint);
    return new ManageError({
      ...base,
      code: 'MANAGE_UNAUTHORIZED',
      message: `Manage did not accept the credentials (401${said ? `: ${said}` : ''}).`,
      fix,
    });
  }
  if (status === 403) {
    return new ManageError({
      ...base,
      code: 'MANAGE_FORBIDDEN',
      message: `Manage refused ${what} (403${said ? `: ${said}` : ''}).`,
      fix: FORBIDDEN_FIX,
    });
  }
  if (status === 404) {
    return new ManageError({
      ...base,
      code: 'MANAGE_NOT_FOUND',
      message: `Manage has no ${ctx.path} (404${said ? `: ${said}` : ''}).`,
      fix: 'If this happens for every request, check MANAGE_URL (site and codebase) and MANAGE_COMPANY_ID; on Manage cloud a 404 can also mean the keys belong to another company.',
    });
  }
  if (status === 429) {
    return new ManageError({
      ...base,
      code: 'MANAGE_RATE_LIMITED',
      retryable: true,
      message: `Manage is rate-limiting sagebot (429) and still was after ${ctx.attempts} attempts.`,
      fix: 'Wait a minute and try again.',
    });
  }
  if (status >= 500) {
    return new ManageError({
      ...base,
      code: 'MANAGE_UNAVAILABLE',
      retryable: true,
      message: `Manage failed on ${what} (${status}${said ? `: ${said}` : ''}) after ${ctx.attempts} attempt(s).`,
      fix: ctx.mayHaveApplied
        ? 'The change may or may not have been made: check in Manage before trying again.'
        : 'Try again in a few minutes.',
    });
  }
  if (status === 400 && body?.code === 'InvalidObject') {
    return new ManageError({
      ...base,
      code: 'MANAGE_INVALID_OBJECT',
      message: `Manage refused ${what}: ${said || 'invalid object'}.`,
    });
  }
  if (status === 409) {
    return new ManageError({
      ...base,
      code: 'MANAGE_CONFLICT',
      message: `Manage refused ${what}: the record is in use (409${said ? `: ${said}` : ''}).`,
    });
  }
  return new ManageError({
    ...base,
    code: 'MANAGE_BAD_REQUEST',
    message: `Manage refused ${what} (${status}${said ? `: ${said}` : ''}).`,
  });
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const TLS = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/;

/** Whether the request surely never reached the server (safe to repeat even for a POST). */
export function surelyNotSent(code: string | undefined): boolean {
  return !!code && (NOT_SENT.has(code) || TLS.test(code));
}

/** Failures that repeating will not fix (a wrong host name, an untrusted certificate). */
export function permanentNetworkFailure(code: string | undefined): boolean {
  return code === 'ENOTFOUND' || (!!code && TLS.test(code));
}

export function networkFailure(code: string | undefined, cause: unknown, ctx: FailureContext): ManageError {
  const host = new URL(ctx.origin).host;
  const base = {
    code: 'MANAGE_NETWORK' as const,
    cause,
    method: ctx.method,
    path: ctx.path,
    attempts: ctx.attempts,
    mayHaveApplied: ctx.mayHaveApplied,
    retryable: !permanentNetworkFailure(code),
  };
  const maybe = ctx.mayHaveApplied
    ? ' The change may or may not have been made: check in Manage before trying again.'
    : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ManageError({
      ...base,
      message: `Cannot find the Manage host ${host} (DNS lookup failed: ${code}).`,
      fix: "Check MANAGE_URL, e.g. api-eu.myconnectwise.net for Manage cloud in Europe, and this machine's DNS.",
    });
  }
  if (code === 'ECONNREFUSED') {
    return new ManageError({
      ...base,
      message: `Nothing answers at ${ctx.origin} (connection refused).`,
      fix: 'Check the host and port in MANAGE_URL and that Manage (or the sandbox) is running.',
    });
  }
  if (code && TLS.test(code)) {
    return new ManageError({
      ...base,
      message: `The TLS certificate of ${host} is not accepted (${code}).`,
      fix: "Check MANAGE_URL names the right host. For an on-premises Manage with a private certificate authority, set NODE_EXTRA_CA_CERTS to that CA's file.",
    });
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new ManageError({
      ...base,
      message: `Manage did not answer ${ctx.method} ${ctx.path} within ${ctx.timeoutMs} ms.${maybe}`,
      fix: 'Try again later, or raise MANAGE_TIMEOUT_MS.',
    });
  }
  return new ManageError({
    ...base,
    message: `The connection to Manage was lost during ${ctx.method} ${ctx.path} (${code ?? 'network error'}).${maybe}`,
    fix: 'Check the network connection to Manage and try again.',
  });
}

export function badResponse(
  message: string,
  ctx: Pick<FailureContext, 'method' | 'path'>,
  status?: number,
  cause?: unknown,
): ManageError {
  return new ManageError({
    code: 'MANAGE_BAD_RESPONSE',
    status,
    method: ctx.method,
    path: ctx.path,
    cause,
    message: `Manage sent an answer sagebot cannot read for ${ctx.method} ${ctx.path}: ${message}.`,
    fix: 'Check MANAGE_URL points at the Manage API (a proxy or login page may be answering instead).',
  });
}
