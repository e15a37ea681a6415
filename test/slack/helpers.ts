/** Shared test setup: the fake Slack, a config pointing at it, bounded client retries, a recording stub bot. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecent } from '../../bot/dedupe.ts';
import type { ActionEvent, ActionResponse, Bot, MessageEvent, Messenger, Replier } from '../../bot/events.ts';
import { type Config, type Env, loadConfig } from '../../core/config.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

/** Bounded so a failing fake cannot hang CI: one quick retry (a 429 still waits its Retry-After once). */
export const TEST_CLIENT_OPTIONS = {
  retryConfig: { retries: 1, factor: 1, minTimeout: 50, maxTimeout: 100 },
  timeout: 5000,
};

export function slackConfig(apiUrl: string, extra: Env = {}): Config {
  return loadConfig({
    SAGEBOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'sagebot-slack-')),
    SLACK_BOT_TOKEN: 'xoxb-fake',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    SAGEBOT_APPROVERS: 'UAPPROVER1',
    ...extra,
  });
}

/**
 * A Bot that records what it is given; behaviour is swappable per test. Like the real bot it takes each eventId
 * once, with the bot's own dedupe memory (bot/dedupe.ts), so "reaches the bot once" means the adapter gave every
 * redelivery the first delivery's eventId; `deliveries` holds everything the adapter handed over.
 */
export class StubBot implements Bot {
  messages: MessageEvent[] = [];
  actions: ActionEvent[] = [];
  deliveries: Array<MessageEvent | ActionEvent> = [];
  messenger?: Messenger;
  private seen = createRecent<true>();
  onMessageImpl: (e: MessageEvent, r: Replier) => Promise<void> = async (e, r) => {
    await r.reply({ text: `You said: ${e.text}` });
  };
  onActionImpl: (e: ActionEvent) => Promise<ActionResponse> = async () => ({ toast: 'ok' });

  async onMessage(e: MessageEvent, r: Replier): Promise<void> {
    this.deliveries.push(e);
    if (!this.seen.firstTime(`${e.conversation.key}|${e.eventId}`, true)) return;
    this.messages.push(e);
    await this.onMessageImpl(e, r);
  }

  async onAction(e: ActionEvent): Promise<ActionResponse> {
    this.deliveries.push(e);
    if (!this.seen.firstTime(`${e.conversation.key}|${e.actor.id}|${e.eventId}`, true)) return { repeated: true };
    this.actions.push(e);
    return this.onActionImpl(e);
  }
}
