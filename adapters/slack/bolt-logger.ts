/**
 * Bolt and the Slack Web API client log through this adapter into our pino logger, so their lines carry the
 * same redaction and destination as ours (bolt's default ConsoleLogger would write to stdout).
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

/** The bolt level matching a pino level (bolt has no trace/fatal/silent). */
export function fromPino(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

function line(parts: unknown[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : safeJson(p))).join(' ');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A bolt/web-api `Logger` writing to `logger` (a child tagged `slack`). */
export function boltLogger(logger: Logger): BoltLogger {
  let log = logger.child({ component: 'slack' });
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.info(line(m)),
    warn: (...m: unknown[]) => log.warn(line(m)),
    error: (...m: unknown[]) => log.error(line(m)),
    // Our pino level governs; bolt would otherwise reset it to INFO at construction.
    setLevel: () => undefined,
    getLevel: () => fromPino(log.level),
    setName: (name: string) => {
      log = log.child({ slackLogger: name });
    },
  };
}
