/**
 * The cards package: view models (./view-models.ts) drawn as Adaptive Cards 1.5 for Teams and as Block Kit
 * for Slack, plus the plain-text fallback and the size helpers. Adapters import from here only.
 */

export { type ActionData, BATCH_ID_MAX_LENGTH, BATCH_ID_PATTERN, INPUTS, isVerb, VERBS, type Verb } from './actions.ts';
export { ADAPTIVE_PAGE_SIZE, CARD_MAX_BYTES, cardBytes, renderAdaptiveCard } from './adaptive/index.ts';
export { FALLBACK_MAX, fallbackText } from './fallback.ts';
export { type PageWindow, pageWindow } from './paging.ts';
export {
  checkBlockKit,
  escapeMrkdwn,
  parseButtonValue,
  readBatchId,
  readChoices,
  readForce,
  renderBatchModal,
  renderBlockKit,
  SLACK_ACTION_ID_PATTERN,
  SLACK_BLOCK_IDS,
  SLACK_CALLBACK_IDS,
  SLACK_LIMITS,
  SLACK_PAGE_SIZE,
  type SlackMessage,
  slackText,
  verbFromActionId,
} from './slack/index.ts';
export type * from './view-models.ts';

/** Characters of a Block Kit message's blocks as sent (the measure behind msg_blocks_too_long). */
export function blocksChars(blocks: unknown[]): number {
  return JSON.stringify(blocks).length;
}
