/**
 * Refused requests go into the audit log (where one is wired) and the log, so an attempt to drive the bot
 * from outside leaves a trace. Bounded per minute: a flood must not grow the audit without limit.
 */
import type { AuditLog } from '../../core/audit.ts';
import type { Logger } from '../../core/logger.ts';
import type { Refusal, RequestFacts } from './trust.ts';

export interface RefusalAudit {
  refused(req: RequestFacts & { url?: string }, refusal: Refusal): void;
}

const PER_MINUTE = 30;

export function refusalAudit(
  audit: () => Pick<AuditLog, 'record'> | undefined,
  logger: Logger,
  platform: 'teams' | 'webchat',
): RefusalAudit {
  let windowStart = 0;
  let count = 0;
  return {
    refused(req, refusal) {
      const details = {
        code: refusal.code,
        status: refusal.status,
        path: String(req.url ?? '')
          .split('?')[0]
          .slice(0, 100),
        remoteAddress: req.socket.remoteAddress ?? '',
        host: String(req.headers.host ?? '').slice(0, 100),
      };
      logger.warn(details, 'teams: request refused');
      const now = Date.now();
      if (now - windowStart > 60_000) {
        windowStart = now;
        count = 0;
      }
      count += 1;
      const sink = audit();
      if (!sink || count > PER_MINUTE) return;
      void sink
        .record({
          action: 'refuse-request',
          actor: { id: 'unknown', name: 'unauthenticated request', platform },
          details,
        })
        .catch((e: unknown) => logger.warn({ err: e }, 'teams: could not audit a refused request'));
    },
  };
}
