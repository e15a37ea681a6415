/**
 * Action verbs and input ids shared by the cards, the bot and the adapters. A card button carries only a verb
 * and `{ flowId, page? }`; everything else is looked up server-side at click time.
 */
export const VERBS = {
  approve: 'sagebot.approve',
  cancel: 'sagebot.cancel',
  recheck: 'sagebot.recheck',
  showMore: 'sagebot.showMore',
  approveRerun: 'sagebot.approveRerun',
  setSetting: 'sagebot.setSetting',
  refresh: 'sagebot.refresh',
  selectAll: 'sagebot.selectAll',
  selectNone: 'sagebot.selectNone',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

export const INPUTS = {
  batchId: 'batchId',
  force: 'force',
  settingKey: 'settingKey',
  settingValue: 'settingValue',
  /** Preview choices: the ticked transaction numbers (comma-separated), the location, the detail level. */
  selected: 'selected',
  location: 'location',
  detail: 'detail',
} as const;

/**
 * The batch numbers a card accepts (the Adaptive Card Input.Text `regex`, the Slack hint): the engine's one rule
 * (core/export/batch-id.ts). A card only helps the user; the engine checks again at approval.
 */
export {
  BATCH_ID_EXAMPLE,
  BATCH_ID_MAX as BATCH_ID_MAX_LENGTH,
  BATCH_ID_PATTERN,
  BATCH_ID_RULE,
} from '../core/export/batch-id.ts';

/** The location choice meaning "all locations" (a choice's value may not be empty). */
export const ALL_LOCATIONS = '*';

export interface ActionData {
  verb: Verb;
  flowId?: string;
  page?: number;
  /** Which card kind the button sits on (`preview`, `results`, `batches`…): routes Show more on cards without a flow. */
  card?: string;
  /** For setSetting: which key and value the button sets. */
  settingKey?: string;
  settingValue?: boolean;
}

export function isVerb(v: unknown): v is Verb {
  return typeof v === 'string' && (Object.values(VERBS) as string[]).includes(v);
}
