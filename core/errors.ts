/**
 * Errors that carry a stable code, a message safe to show a finance user, an optional fix, and the cause.
 * Expected failures (bad mapping, unknown nominal code, Manage refusing a request) are `SagebotError`s the
 * flows report; anything else is a bug and is thrown as is. Never put secrets into `details`: it is logged.
 */
export interface ErrorInit {
  code: string;
  message: string;
  fix?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
  /** Whether repeating the same operation later may succeed (network, busy, rate limit). */
  retryable?: boolean;
}

export class SagebotError extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly details?: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(init: ErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SagebotError';
    this.code = init.code;
    this.fix = init.fix;
    this.details = init.details;
    this.retryable = init.retryable ?? false;
  }

  /** The user-facing line: the message, then the fix when there is one. */
  get userMessage(): string {
    return this.fix ? `${this.message} ${this.fix}` : this.message;
  }

  toJSON(): { code: string; message: string; fix?: string } {
    return { code: this.code, message: this.message, ...(this.fix ? { fix: this.fix } : {}) };
  }
}

export function isSagebotError(e: unknown): e is SagebotError {
  return e instanceof SagebotError;
}

/** The message to show for any thrown value: coded errors as they are, bugs as a generic line. */
export function safeMessage(e: unknown): string {
  if (isSagebotError(e)) return e.userMessage;
  return 'Something went wrong inside sagebot. The details are in the log.';
}
