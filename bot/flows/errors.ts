/**
 * Turning a thrown value into a reply: expected failures (SagebotError) show their message and fix; anything
 * else is a bug, logged with its stack and shown as a generic line, never as a stack trace.
 */
import { isSagebotError, safeMessage } from '../../core/errors.ts';
import type { BotContext } from '../context.ts';
import type { OutgoingMessage } from '../events.ts';
import { noticeMessage } from '../views/info-views.ts';

export function errorNotice(ctx: BotContext, err: unknown, title: string): OutgoingMessage {
  if (!isSagebotError(err)) ctx.logger.error({ err }, title || 'unexpected error');
  const msg = noticeMessage(
    'error',
    title || 'Error',
    safeMessage(err),
    isSagebotError(err) ? [{ title: 'Code', value: err.code }] : undefined,
  );
  return title ? msg : { ...msg, text: safeMessage(err) };
}

export function errorCode(err: unknown): string | undefined {
  return isSagebotError(err) ? err.code : undefined;
}
