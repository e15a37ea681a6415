/**
 * LedgerError: a refusal by Sage (or by the stand-in that enforces Sage's rules), with a code from
 * `LEDGER_ERRORS`, a message in a finance user's words and the fix. The guide's control-account message is
 * the model: say what is wrong with which document and line, then what to do about it.
 */
import { SagebotError } from '../errors.ts';
import { LEDGER_ERRORS, type LedgerErrorCode } from './ledger.ts';

export interface LedgerErrorInit {
  code: LedgerErrorCode;
  message: string;
  fix?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
  retryable?: boolean;
}

/** Codes where trying again later can succeed (someone else has the company open, Sage is busy). */
const RETRYABLE = new Set<LedgerErrorCode>(['SAGE_IN_USE', 'SAGE_USER_IN_USE', 'SAGE_EXCLUSIVE']);

export class LedgerError extends SagebotError {
  declare readonly code: LedgerErrorCode;

  constructor(init: LedgerErrorInit) {
    super({ ...init, retryable: init.retryable ?? RETRYABLE.has(init.code) });
    this.name = 'LedgerError';
  }
}

export function isLedgerError(e: unknown, code?: LedgerErrorCode): e is LedgerError {
  return e instanceof LedgerError && (code === undefined || e.code === code);
}

export function isLedgerErrorCode(code: string): code is LedgerErrorCode {
  return (LEDGER_ERRORS as readonly string[]).includes(code);
}

/** Shorthand used by the rules: `refuse('SAGE_ZERO_VALUE', 'message', 'fix', { facts })`. */
export function refuse(
  code: LedgerErrorCode,
  message: string,
  fix?: string,
  details?: Record<string, unknown>,
): LedgerError {
  return new LedgerError({ code, message, fix, details });
}

export function notConnected(): LedgerError {
  return refuse(
    'SAGE_NOT_CONNECTED',
    'sagebot is not connected to the Sage company.',
    'Connect to the company first (check SAGE_COMPANY_DIR, SAGE_USER and SAGE_PASSWORD).',
  );
}
