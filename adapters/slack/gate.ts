/**
 * The front door, in front of bolt's own processing: recognises Slack's redeliveries (X-Slack-Retry-Num, or
 * Socket Mode's retry_attempt) and lets them through (the listeners give a redelivery the eventId of the first
 * delivery, so the bot does the work once: bot/dedupe.ts), and answers anything no listener acknowledged
 * (unknown payload types, stray interactions) with an empty 200 at once, instead of bolt's 404 after 3 seconds.
 * It replaces `app.processEvent` on our own App instance: that is the one call every receiver (HTTP and
 * Socket Mode) makes for each request, so both transports get the same front door.
 */
import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

export function installGate(app: App, logger: Logger, track: <T>(work: Promise<T>) => Promise<T>): void {
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
    if (event.retryNum)
      logger.debug(
        { eventId: body.event_id, retryNum: event.retryNum, retryReason: event.retryReason },
        'slack: a redelivery; the bot answers it once',
      );
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
