/**
 * Structured logging (pino). A logger is created at the entry point and passed in; library code never
 * calls console.*. Anything that may carry a credential is redacted by path, and raw payloads are logged
 * only at debug level by the callers.
 */
import { type DestinationStream, destination, type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;

const REDACT = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'password',
  '*.password',
  'privateKey',
  '*.privateKey',
  'publicKey',
  '*.publicKey',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'appPassword',
  '*.appPassword',
  'botToken',
  '*.botToken',
  'signingSecret',
  '*.signingSecret',
  'integratorPassword',
  '*.integratorPassword',
];

export interface LoggerOptions {
  level?: string;
  name?: string;
  destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    { level: opts.level ?? 'info', name: opts.name ?? 'sagebot', redact: { paths: REDACT, censor: '[redacted]' } },
    opts.destination ?? destination({ fd: 2, sync: false }),
  );
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
