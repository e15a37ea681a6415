/**
 * The choices on an open preview card: Select all / Select none tick or untick every listed transaction
 * (kept server-side until Re-check, no engine call), and Re-check turns what the card sends (ticked numbers,
 * location, detail level) into the flow's options, so the next preview and the run take exactly that.
 */
import { ALL_LOCATIONS, INPUTS } from '../../cards/actions.ts';
import type { DetailLevel, Preview } from '../../core/export/types.ts';
import type { BotContext } from '../context.ts';
import type { ActionEvent, ActionResponse } from '../events.ts';
import type { FlowOptions, FlowRecord } from '../ports.ts';
import { previewMessage } from '../views/preview-view.ts';
import { busyLine, cardRef, loadFlow, updateCard } from './common.ts';
import { OPEN_PREVIEW } from './supersede.ts';

const DETAILS: DetailLevel[] = ['Default', 'Condensed', 'Detailed'];

/** Select all (`all` true) or none on the card's transaction list. */
export async function selectAllOrNone(ctx: BotContext, event: ActionEvent, all: boolean): Promise<ActionResponse> {
  const loaded = await loadFlow(ctx, event, ['preview']);
  if (!loaded.ok) return loaded.response;
  if (!OPEN_PREVIEW.includes(loaded.flow.state) || loaded.flow.state === 'rechecking')
    return { toast: busyLine(loaded.flow) };
  const { preview } = await ctx.stores.flows.loadPayload(loaded.flow.id);
  if (!preview) return { toast: 'This card is no longer active.' };
  const numbers = all ? [...preview.transactions, ...(preview.leftOut ?? [])].map((t) => t.number) : [];
  const flow = await ctx.stores.flows.patch(loaded.flow.id, { selection: numbers });
  if (!flow) return { toast: 'This card is no longer active.' };
  const message = previewMessage(flow, preview, 0, ctx.config.timeZone);
  await updateCard(ctx, cardRef(flow, event), message);
  return { message };
}

/** Numbers from a multi-select value ("EXP2001,EXP2004") or a list; undefined when the card sent none. */
export function tickedNumbers(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').map((v) => v.trim());
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .slice(0, 500);
}

/** The flow's options after the card's choices: a changed location or detail starts a fresh selection. */
export function optionsFromChoices(flow: FlowRecord, preview: Preview | undefined, data: ActionEvent['data']) {
  const options: FlowOptions = { ...flow.options };
  const picked = data[INPUTS.location];
  const location = picked === ALL_LOCATIONS ? '' : picked;
  const detail = DETAILS.find((d) => d === data[INPUTS.detail]);
  let reset = false;
  if (typeof location === 'string' && location.length <= 100 && (location || undefined) !== options.location) {
    options.location = location || undefined;
    reset = true;
  }
  if (detail && detail !== options.detail) options.detail = detail;
  const ticked = tickedNumbers(data[INPUTS.selected]);
  if (reset || !preview || ticked === undefined) {
    if (reset) options.includeNumbers = options.excludeNumbers = undefined;
    return options;
  }
  const rows = [...preview.transactions, ...(preview.leftOut ?? [])].map((t) => t.number);
  const keep = new Set(ticked);
  const dropped = rows.filter((n) => !keep.has(n));
  options.includeNumbers = undefined;
  options.excludeNumbers = dropped.length ? dropped : undefined;
  return options;
}
