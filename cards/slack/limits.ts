/**
 * Block Kit limits (the values below are Slack's published maxima) and a checker that lists every violation of a message or modal.
 * The renderer draws with the first budget whose output passes the checker; tests run it on every fixture.
 */
import { INPUTS, isVerb } from '../actions.ts';
import type { Budget } from '../budget.ts';
import { verbFromActionId } from './ids.ts';

export const SLACK_LIMITS = {
  blocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  buttonValue: 2000,
  url: 3000,
  messageText: 40_000,
  /** `msg_blocks_too_long` appears near 13 K characters across blocks: keep the JSON of all blocks under this. */
  totalChars: 12_000,
  optionText: 75,
  inputLabel: 2000,
  placeholder: 150,
  modalTitle: 24,
  privateMetadata: 3000,
} as const;

/** Rows per page of the paged lists in Slack. */
export const SLACK_PAGE_SIZE = 10;

/** How much of each kind of text and list a message may show (shrinks until the message fits): the card budget plus a line. */
export interface SlackBudget extends Budget {
  /** One line of a paged list. */
  line: number;
}

export const SLACK_BUDGETS: readonly SlackBudget[] = [
  { cell: 48, text: 300, title: 80, rows: 6, facts: 10, items: 8, line: 220 },
  { cell: 32, text: 160, title: 60, rows: 4, facts: 8, items: 5, line: 140 },
  { cell: 20, text: 80, title: 40, rows: 3, facts: 6, items: 3, line: 90 },
  { cell: 10, text: 40, title: 30, rows: 2, facts: 4, items: 2, line: 50 },
];

type Obj = Record<string, any>;

function textLen(t: Obj | undefined): number {
  return typeof t?.text === 'string' ? t.text.length : 0;
}

function checkText(t: Obj | undefined, max: number, where: string, out: string[], plainOnly = false): void {
  if (!t || typeof t.text !== 'string' || !t.text.length) out.push(`${where}: text missing or empty`);
  else if (t.text.length > max) out.push(`${where}: text ${t.text.length} > ${max}`);
  if (plainOnly && t && t.type !== 'plain_text') out.push(`${where}: must be plain_text`);
}

function checkElement(e: Obj, where: string, ids: Set<string>, out: string[]): void {
  const id = e.action_id;
  if (typeof id === 'string') {
    if (id.length > SLACK_LIMITS.actionId) out.push(`${where}: action_id too long`);
    if (ids.has(id)) out.push(`${where}: duplicate action_id ${id}`);
    ids.add(id);
  }
  if (e.type === 'button') {
    checkText(e.text, SLACK_LIMITS.buttonText, `${where}.text`, out, true);
    if (!isVerb(verbFromActionId(id))) out.push(`${where}: action_id ${id} is not a shared verb`);
    if (typeof e.value === 'string' && e.value.length > SLACK_LIMITS.buttonValue) out.push(`${where}: value too long`);
    if (typeof e.url === 'string' && e.url.length > SLACK_LIMITS.url) out.push(`${where}: url too long`);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') out.push(`${where}: bad style`);
  } else if (e.type === 'plain_text_input') {
    if (id !== INPUTS.batchId) out.push(`${where}: input action_id ${id} is not a shared input id`);
    if (typeof e.initial_value === 'string' && e.initial_value.length > (e.max_length ?? 3000))
      out.push(`${where}: initial_value too long`);
    if (e.placeholder) checkText(e.placeholder, SLACK_LIMITS.placeholder, `${where}.placeholder`, out, true);
  } else if (e.type === 'checkboxes') {
    if (id !== INPUTS.force) out.push(`${where}: checkboxes action_id ${id} is not a shared input id`);
    for (const [i, o] of (e.options ?? []).entries())
      checkText(o.text, SLACK_LIMITS.optionText, `${where}.options[${i}]`, out);
  }
}

function checkBlock(b: Obj, where: string, ids: Set<string>, out: string[]): void {
  if (typeof b.block_id === 'string' && b.block_id.length > SLACK_LIMITS.blockId)
    out.push(`${where}: block_id too long`);
  switch (b.type) {
    case 'header':
      checkText(b.text, SLACK_LIMITS.header, `${where}.text`, out, true);
      break;
    case 'section':
      if (!b.text && !b.fields) out.push(`${where}: section without text or fields`);
      if (b.text) checkText(b.text, SLACK_LIMITS.sectionText, `${where}.text`, out);
      if (b.fields) {
        if (b.fields.length > SLACK_LIMITS.fields)
          out.push(`${where}: ${b.fields.length} fields > ${SLACK_LIMITS.fields}`);
        b.fields.forEach((f: Obj, i: number) => checkText(f, SLACK_LIMITS.fieldText, `${where}.fields[${i}]`, out));
      }
      if (b.accessory) checkElement(b.accessory, `${where}.accessory`, ids, out);
      break;
    case 'context':
      if (!b.elements?.length || b.elements.length > SLACK_LIMITS.contextElements)
        out.push(`${where}: context elements`);
      b.elements?.forEach(
        (e: Obj, i: number) => textLen(e) > SLACK_LIMITS.fieldText && out.push(`${where}.elements[${i}] too long`),
      );
      break;
    case 'actions':
      if (!b.elements?.length || b.elements.length > SLACK_LIMITS.actionsElements)
        out.push(`${where}: actions elements`);
      b.elements?.forEach((e: Obj, i: number) => checkElement(e, `${where}.elements[${i}]`, ids, out));
      break;
    case 'input':
      checkText(b.label, SLACK_LIMITS.inputLabel, `${where}.label`, out, true);
      checkElement(b.element ?? {}, `${where}.element`, ids, out);
      break;
    case 'divider':
      break;
    default:
      out.push(`${where}: unexpected block type ${b.type}`);
  }
}

/** Every limit a message (`{ text, blocks }`) breaks; empty when it is fine to send. */
export function checkBlockKit(
  message: { text?: string; blocks: Obj[] },
  maxBlocks: number = SLACK_LIMITS.blocks,
): string[] {
  const out: string[] = [];
  if (typeof message.text !== 'string' || !message.text.trim()) out.push('text: fallback text missing');
  else if (message.text.length > SLACK_LIMITS.messageText) out.push('text: too long');
  if (!Array.isArray(message.blocks)) return [...out, 'blocks: missing'];
  if (message.blocks.length > maxBlocks) out.push(`blocks: ${message.blocks.length} > ${maxBlocks}`);
  const total = JSON.stringify(message.blocks).length;
  if (total > SLACK_LIMITS.totalChars) out.push(`blocks: ${total} characters > ${SLACK_LIMITS.totalChars}`);
  const ids = new Set<string>();
  message.blocks.forEach((b, i) => checkBlock(b, `blocks[${i}]`, ids, out));
  return out;
}
