/**
 * Slack identifiers: action ids are the shared VERBS (suffixed `:<hint>` when a verb appears twice in one
 * message), block ids of the inputs the adapter reads from `state.values`, the modal's callback id, and the
 * parsing of what comes back (action id -> verb, button value, input values). Everything parsed here is
 * untrusted and validated; approval rights are checked server-side, never from these values.
 */
import { INPUTS, isVerb, type Verb } from '../actions.ts';

export const SLACK_BLOCK_IDS = {
  /** `state.values[SLACK_BLOCK_IDS.batchId][INPUTS.batchId].value` holds the batch number. */
  batchId: 'sagebot.batchId',
  /** `state.values[SLACK_BLOCK_IDS.force][INPUTS.force].selected_options` is non-empty when Force is ticked. */
  force: 'sagebot.force',
  /** Preview choices: the ticked transactions, the location and the detail level. */
  selected: 'sagebot.selected',
  location: 'sagebot.location',
  detail: 'sagebot.detail',
} as const;

export const SLACK_CALLBACK_IDS = { batchModal: 'sagebot.batchModal' } as const;

export const ACTION_ID_SEPARATOR = ':';

/** Matches every action id the renderer emits (for `app.action(SLACK_ACTION_ID_PATTERN, …)`). */
export const SLACK_ACTION_ID_PATTERN = /^sagebot\.[A-Za-z]+(?::[A-Za-z0-9_.-]+)?$/;

/** Hands out unique action ids within one message: the verb itself first, then `verb:hint`. */
export class ActionIds {
  private readonly used = new Set<string>();

  next(verb: Verb, hint?: string): string {
    const tag = hint && /^[A-Za-z0-9_-]{1,40}$/.test(hint) ? hint : 'n';
    let id: string = verb;
    if (this.used.has(id)) id = `${verb}${ACTION_ID_SEPARATOR}${tag}`;
    for (let n = 2; this.used.has(id); n += 1) id = `${verb}${ACTION_ID_SEPARATOR}${tag}.${n}`;
    this.used.add(id);
    return id;
  }
}

/** The verb of an action id from a click (`sagebot.showMore:prev` -> `sagebot.showMore`), or undefined. */
export function verbFromActionId(actionId: unknown): Verb | undefined {
  if (typeof actionId !== 'string' || actionId.length > 255) return undefined;
  const verb = actionId.split(ACTION_ID_SEPARATOR, 1)[0];
  return isVerb(verb) ? verb : undefined;
}

/** What a button's `value` carries (JSON). */
export interface ButtonValue {
  flowId?: string;
  page?: number;
  card?: string;
  settingKey?: string;
  settingValue?: boolean;
}

/** Parse and validate a button value; anything malformed gives `{}`. */
export function parseButtonValue(value: unknown): ButtonValue {
  if (typeof value !== 'string' || value.length > 2000) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const out: ButtonValue = {};
  if (typeof r.flowId === 'string' && r.flowId.length <= 200) out.flowId = r.flowId;
  if (Number.isSafeInteger(r.page) && (r.page as number) >= 0) out.page = r.page as number;
  if (typeof r.card === 'string' && r.card.length <= 40) out.card = r.card;
  if (typeof r.settingKey === 'string' && r.settingKey.length <= 100) out.settingKey = r.settingKey;
  if (typeof r.settingValue === 'boolean') out.settingValue = r.settingValue;
  return out;
}

type StateValues =
  | Record<string, Record<string, { value?: string | null; selected_options?: unknown[]; selected_option?: unknown }>>
  | undefined;

function findInput(state: StateValues, blockId: string, actionId: string) {
  if (!state || typeof state !== 'object') return undefined;
  const direct = state[blockId]?.[actionId];
  if (direct) return direct;
  for (const block of Object.values(state))
    if (block && typeof block === 'object' && block[actionId]) return block[actionId];
  return undefined;
}

/** The batch number typed in the message or modal (`body.state.values` / `view.state.values`). */
export function readBatchId(state: StateValues): string | undefined {
  const v = findInput(state, SLACK_BLOCK_IDS.batchId, INPUTS.batchId)?.value;
  return typeof v === 'string' ? v.trim() : undefined;
}

/** Whether the Force checkbox of a rerun is ticked. */
export function readForce(state: StateValues): boolean {
  const o = findInput(state, SLACK_BLOCK_IDS.force, INPUTS.force)?.selected_options;
  return Array.isArray(o) && o.length > 0;
}

const optionValue = (o: unknown): string | undefined => {
  const v = o && typeof o === 'object' ? (o as { value?: unknown }).value : undefined;
  return typeof v === 'string' ? v.slice(0, 150) : undefined;
};

/** A preview's choices as the bot reads them from card inputs: ticked numbers (comma-joined), location, detail. */
export function readChoices(state: StateValues): Record<string, string> {
  const out: Record<string, string> = {};
  const ticked = findInput(state, SLACK_BLOCK_IDS.selected, INPUTS.selected)?.selected_options;
  if (Array.isArray(ticked))
    out[INPUTS.selected] = ticked
      .slice(0, 100)
      .map(optionValue)
      .filter((v): v is string => !!v)
      .join(',');
  for (const [block, id] of [
    [SLACK_BLOCK_IDS.location, INPUTS.location],
    [SLACK_BLOCK_IDS.detail, INPUTS.detail],
  ] as const) {
    const v = optionValue(findInput(state, block, id)?.selected_option);
    if (v !== undefined) out[id] = v;
  }
  return out;
}
