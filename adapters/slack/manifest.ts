/**
 * What the Slack app must be granted, in one place: messages.ts registers one listener per bot event listed
 * here, and the repository's slack-manifest.yml must declare exactly these (test/slack/manifest.test.ts).
 */

/** The slash command. */
export const SLACK_COMMAND = '/sagebot';

/** Bot events the adapter listens to (Event Subscriptions). */
export const SLACK_BOT_EVENTS = ['app_mention', 'message.im'] as const;
export type SlackBotEvent = (typeof SLACK_BOT_EVENTS)[number];

/**
 * Bot token scopes, each for a call or event the adapter uses:
 * app_mentions:read (app_mention), chat:write (chat.postMessage/update/postEphemeral), commands (/sagebot),
 * im:history + im:read (message.im),
 * users:read (users.info: display names for the audit log and "requested by").
 */
export const SLACK_BOT_SCOPES = [
  'app_mentions:read',
  'chat:write',
  'commands',
  'im:history',
  'im:read',
  'users:read',
] as const;

/** Web API methods the adapter calls (a fake must answer these). */
export const SLACK_API_METHODS = [
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'users.info',
] as const;
