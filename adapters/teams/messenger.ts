/**
 * The Messenger for Teams and the local web chat: sends and updates messages outside a turn with
 * CloudAdapter.continueConversationAsync and a stored conversation reference (Teams) or one rebuilt from the
 * conversation key (web chat, whose connector is this very server).
 */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Conversation, MessageRef, Messenger, OutgoingMessage } from '../../bot/events.ts';
import { SagebotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { type CardRenderer, toActivity } from './activity-out.ts';
import type { ReferenceStore } from './conversation-store.ts';

export interface MessengerDeps {
  adapter: CloudAdapter;
  /** MicrosoftAppId, or '' when anonymous. */
  appId: string;
  references: ReferenceStore;
  /** Rebuilds web-chat references (undefined when the web chat is off). */
  webchatReference?: (conversationId: string) => Partial<ConversationReference> | undefined;
  render: CardRenderer;
  logger: Logger;
}

export class TeamsMessenger implements Messenger {
  constructor(private readonly deps: MessengerDeps) {}

  async send(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    const platform = conversation.platform === 'webchat' ? 'webchat' : 'teams';
    let id: string | undefined;
    await this.continueIn(conversation.key, async (ctx) => {
      const sent = await ctx.sendActivity(toActivity(message, this.deps.render));
      id = sent?.id;
    });
    if (!id) {
      throw new SagebotError({
        code: 'TEAMS_NO_MESSAGE_ID',
        message: 'Teams accepted the message but returned no id, so it cannot be updated later.',
        retryable: true,
      });
    }
    return { platform, conversationKey: conversation.key, messageId: id };
  }

  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    await this.continueIn(ref.conversationKey, async (ctx) => {
      await ctx.updateActivity({ ...toActivity(message, this.deps.render), id: ref.messageId });
    });
  }

  private async resolve(key: string): Promise<Partial<ConversationReference>> {
    const webchat = key.startsWith('webchat:') ? this.deps.webchatReference?.(key.slice('webchat:'.length)) : undefined;
    const ref = webchat ?? (await this.deps.references.get(key));
    if (!ref?.serviceUrl || !ref.conversation?.id) {
      throw new SagebotError({
        code: 'TEAMS_UNKNOWN_CONVERSATION',
        message: 'sagebot has not talked in that conversation yet, so it cannot post there.',
        fix: 'Mention @sagebot once in that chat or channel (for example "@sagebot status"), then try again.',
        details: { key },
      });
    }
    return ref;
  }

  private async continueIn(key: string, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const ref = await this.resolve(key);
    try {
      await this.deps.adapter.continueConversationAsync(this.deps.appId, ref, logic);
    } catch (e) {
      this.deps.logger.warn({ err: e, key }, 'teams: proactive send/update failed');
      const status = (e as { statusCode?: number }).statusCode;
      throw new SagebotError({
        code: 'TEAMS_SEND_FAILED',
        message: 'Teams did not accept a message from sagebot.',
        fix:
          status === 401 || status === 403
            ? 'Check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId match the Azure bot registration.'
            : 'It is retried on the next update; check the log if it keeps happening.',
        cause: e,
        retryable: status === undefined || status >= 500 || status === 429,
        details: { key, status },
      });
    }
  }
}
