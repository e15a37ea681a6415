/** Reading Block Kit messages the fake received: buttons by verb, the batch input, all text. */
import type { FakeMessage } from './fake-slack.ts';

type Block = Record<string, any>;

export interface FoundButton {
  action_id: string;
  value?: string;
  text: string;
  block_id?: string;
}

export function buttons(blocks: Block[] | undefined): FoundButton[] {
  const out: FoundButton[] = [];
  for (const b of blocks ?? []) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements ?? [])
      if (e.type === 'button')
        out.push({ action_id: e.action_id, value: e.value, text: e.text?.text ?? '', block_id: b.block_id });
  }
  return out;
}

export function button(m: FakeMessage | undefined, verb: string): FoundButton | undefined {
  return buttons(m?.blocks).find((b) => b.action_id === verb || b.action_id.startsWith(`${verb}:`));
}

/** The batch-number input block: its block id, action id and prefilled value. */
export function batchInput(
  m: FakeMessage | undefined,
): { blockId: string; actionId: string; initial?: string } | undefined {
  for (const b of (m?.blocks ?? []) as Block[]) {
    if (b.type === 'input' && b.element?.type === 'plain_text_input')
      return { blockId: b.block_id, actionId: b.element.action_id, initial: b.element.initial_value };
  }
  return undefined;
}

/** `state.values` as Slack sends it on a click, with the batch number typed (or the prefilled one). */
export function batchState(m: FakeMessage | undefined, typed?: string): Record<string, Record<string, unknown>> {
  const input = batchInput(m);
  if (!input) return {};
  return { [input.blockId]: { [input.actionId]: { type: 'plain_text_input', value: typed ?? input.initial ?? null } } };
}

/** Every text in the message (fallback text and all blocks), for "contains" assertions. */
export function allText(m: FakeMessage | undefined): string {
  return m ? `${m.text}\n${JSON.stringify(m.blocks)}` : '';
}
