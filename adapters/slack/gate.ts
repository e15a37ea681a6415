/**
 * The front door, in front of bolt's own processing: drops redeliveries of an event already taken (same
 * `event_id`, whatever X-Slack-Retry-Num says) and answers anything no listener acknowledged (unknown payload
 * types, stray interactions) with an empty 200 at once, instead of bolt's 404 after 3 seconds.
 * It replaces `app.processEvent` on our own App instance: that is the one call every receiver (HTTP and
 * Socket Mode) makes for each request, so both transports get the same front door.
 */
import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import type { SeenKeys } from './dedup.ts';

export function installGate(
  app: App,
  seen: SeenKeys,
  logger: Logger,
  track: <T>(work: Promise<T>) => Promise<T>,
): void {
  const process = app.processEvent.bind(app);
  // Tracked from the moment the receiver hands the request over (before the ack goes out), so
  // `settled()` cannot miss work that the HTTP response has already acknowledged.
  app.processEvent = (event: ReceiverEvent): Promise<void> => track(gate(event));
  const gate = async (event: ReceiverEvent): Promise<void> => {
    let acked = false;
    const ack = (response?: unknown) => {
      acked = true;
      return event.ack(response as never);
    };
    const body = (event.body ?? {}) as { type?: unknown; event_id?: unknown };
    if (
      body.type === 'event_callback' &&
      typeof body.event_id === 'string' &&
      !seen.firstTime(`event:${body.event_id}`)
    ) {
      logger.debug(
        { eventId: body.event_id, retryNum: event.retryNum, retryReason: event.retryReason },
        'slack: dropped a repeated event delivery',
      );
      await ack();
      return;
    }
    try {
      await process({ ...event, ack });
    } finally {
      if (!acked) {
        logger.debug(
          { type: typeof body.type === 'string' ? body.type.slice(0, 40) : typeof body.type },
          'slack: nothing handled this request; acknowledged it empty',
        );
        await ack().catch(() => undefined);
      }
    }
  };
}
