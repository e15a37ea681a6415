/**
 * Block Kit for every view model: `{ text, blocks }` for chat.postMessage / chat.update, drawn with the first
 * budget under which checkBlockKit finds nothing wrong (50 blocks, 3,000-character sections, ~12 K characters
 * in all…). Also the batch-number modal for adapters that prefer views.open.
 */
import { SagebotError } from '../../core/errors.ts';
import { fallbackText } from '../fallback.ts';
import { clip } from '../text.ts';
import type { CardView, PreviewView } from '../view-models.ts';
import { type Block, context, factFields, section } from './blocks.ts';
import { ActionIds, SLACK_CALLBACK_IDS } from './ids.ts';
import { checkBlockKit, SLACK_BUDGETS, SLACK_LIMITS, type SlackBudget } from './limits.ts';
import { escapeMrkdwn, md, truncateMrkdwn } from './mrkdwn.ts';
import { batchIdInput, previewBlocks } from './preview.ts';
import { rerunBlocks } from './rerun.ts';
import { resultsBlocks } from './results.ts';
import {
  batchesBlocks,
  helpBlocks,
  paymentSyncBlocks,
  progressBlocks,
  settingsBlocks,
  statusBlocks,
  tonedBlocks,
} from './simple.ts';

export interface SlackMessage {
  /** Fallback text (notifications, screen readers); escaped mrkdwn. */
  text: string;
  blocks: Block[];
}

function blocksFor(view: CardView, b: SlackBudget, ids: ActionIds): Block[] {
  switch (view.kind) {
    case 'help':
      return helpBlocks(view, b);
    case 'notice':
    case 'alert':
      return tonedBlocks(view, b);
    case 'preview':
      return previewBlocks(view, b, ids);
    case 'progress':
      return progressBlocks(view, b, ids);
    case 'results':
      return resultsBlocks(view, b, ids);
    case 'rerun':
      return rerunBlocks(view, b, ids);
    case 'paymentSync':
      return paymentSyncBlocks(view, b, ids);
    case 'batches':
      return batchesBlocks(view, b, ids);
    case 'status':
      return statusBlocks(view, b);
    case 'settings':
      return settingsBlocks(view, b, ids);
    default:
      throw new SagebotError({
        code: 'CARD_UNKNOWN_KIND',
        message: 'sagebot tried to draw a card it does not know.',
        fix: 'This is a bug in sagebot; the details are in the log.',
        details: { kind: String((view as CardView)?.kind) },
      });
  }
}

/** The message's fallback `text`: the plain summary, escaped so it cannot ping or link. */
export function slackText(view: CardView): string {
  return truncateMrkdwn(escapeMrkdwn(fallbackText(view)), 3000);
}

function tooLarge(kind: string, problems: string[]): SagebotError {
  return new SagebotError({
    code: 'CARD_TOO_LARGE',
    message: `The ${kind} message is too large for Slack.`,
    fix: 'This is a bug in sagebot; the details are in the log.',
    details: { card: kind, problems: problems.slice(0, 5) },
  });
}

/** Block Kit for any view, inside every Slack limit. */
export function renderBlockKit(view: CardView): SlackMessage {
  const text = slackText(view);
  let problems: string[] = [];
  for (const budget of SLACK_BUDGETS) {
    const message = { text, blocks: blocksFor(view, budget, new ActionIds()) };
    problems = checkBlockKit(message);
    if (!problems.length) return message;
  }
  throw tooLarge(String(view?.kind), problems);
}

/** A views.open modal to confirm the batch number: submit = Approve, close = Cancel. */
export function renderBatchModal(view: PreviewView): Record<string, unknown> {
  const b = SLACK_BUDGETS[1];
  const blocks: Block[] = [
    section(
      `*${md(view.title, b.title, 'preview.title')}*\n:calendar: Through *${md(view.throughDate, b.title, 'preview.throughDate')}*`,
    ),
    ...factFields(view.summary, 'preview.summary', b),
    batchIdInput(view),
  ];
  if (view.batchIdError) blocks.push(context(`:warning: ${md(view.batchIdError, 500, 'preview.batchIdError')}`));
  const problems = checkBlockKit({ text: 'modal', blocks }, SLACK_LIMITS.modalBlocks);
  if (problems.length) throw tooLarge('batch modal', problems);
  return {
    type: 'modal',
    callback_id: SLACK_CALLBACK_IDS.batchModal,
    private_metadata: JSON.stringify({ flowId: clip(view.flowId, 200) }),
    title: { type: 'plain_text', text: 'Approve batch' },
    submit: { type: 'plain_text', text: 'Approve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

export {
  parseButtonValue,
  readBatchId,
  readChoices,
  readForce,
  SLACK_ACTION_ID_PATTERN,
  SLACK_BLOCK_IDS,
  SLACK_CALLBACK_IDS,
  verbFromActionId,
} from './ids.ts';
export { checkBlockKit, SLACK_LIMITS, SLACK_PAGE_SIZE } from './limits.ts';
export { escapeMrkdwn } from './mrkdwn.ts';
