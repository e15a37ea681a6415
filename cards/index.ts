/**
 * The cards package: view models (./view-models.ts) drawn as Adaptive Cards 1.5 for Teams and as Block Kit
 * for Slack, plus the plain-text fallback and the size helpers. Adapters import from here only.
 */
export type * from './view-models.ts';
export { VERBS, INPUTS, BATCH_ID_PATTERN, BATCH_ID_MAX_LENGTH, isVerb, type ActionData, type Verb } from './actions.ts';
export { renderAdaptiveCard, ADAPTIVE_PAGE_SIZE, CARD_MAX_BYTES, cardBytes } from './adaptive/index.ts';
export {
  renderBlockKit, renderBatchModal, slackText, checkBlockKit, escapeMrkdwn, parseButtonValue, readBatchId, readForce,
  verbFromActionId, SLACK_ACTION_ID_PATTERN, SLACK_BLOCK_IDS, SLACK_CALLBACK_IDS, SLACK_LIMITS, SLACK_PAGE_SIZE,
  type SlackMessage,
} from './slack/index.ts';
export { fallbackText, FALLBACK_MAX } from './fallback.ts';
export { pageWindow, type PageWindow } from './paging.ts';

/** Characters of a Block Kit message's blocks as sent (the measure behind msg_blocks_too_long). */
export function blocksChars(blocks: unknown[]): number {
  return JSON.stringify(blocks).length;
}
