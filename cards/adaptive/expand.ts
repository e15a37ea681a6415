/**
 * The templating pipeline every Adaptive Card goes through: neutralise the data (so user text cannot become
 * an expression or a markdown link), expand the template with adaptivecards-templating, refuse any output that
 * still holds `${...}` or a null (missing data), and pick the first size budget under which the card fits.
 */
import { Template } from 'adaptivecards-templating';
import { SagebotError } from '../../core/errors.ts';
import { cleanText } from '../text.ts';
import type { CardView } from '../view-models.ts';
import type { Json } from './fragments.ts';
import { BUDGETS, type Budget, CARD_MAX_BYTES, cardBytes } from './limits.ts';

/** One card: its template and the function from its view model to the template's data. */
export interface CardSpec<V extends CardView> {
  name: string;
  template: Json;
  data(view: V, budget: Budget): Record<string, unknown>;
}

const ZWSP = '\u200B';

/** User text as inert display text: `${` cannot start an expression, `](` cannot close a markdown link. */
export function neutraliseText(s: string): string {
  return cleanText(s, true).replace(/\$\{/g, `$${ZWSP}{`).replace(/\]\(/g, `]${ZWSP}(`);
}

function neutralise(value: unknown): unknown {
  if (typeof value === 'string') return neutraliseText(value);
  if (Array.isArray(value)) return value.map(neutralise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutralise(v);
    return out;
  }
  return value;
}

function unresolved(card: string, expression: string, path: string): SagebotError {
  return new SagebotError({
    code: 'CARD_TEMPLATE_UNRESOLVED',
    message: `The ${card} card could not be drawn: ${expression} has no data (at ${path}).`,
    fix: 'This is a bug in sagebot; the details are in the log.',
    details: { card, expression, path },
  });
}

/** Throws CARD_TEMPLATE_UNRESOLVED for any `${...}` left in the output, or a null/undefined value. */
export function assertResolved(card: string, value: unknown, path = '$'): void {
  if (typeof value === 'string') {
    const at = value.indexOf('${');
    if (at >= 0) throw unresolved(card, value.slice(at, value.indexOf('}', at) + 1 || undefined), path);
  } else if (value === null || value === undefined) {
    throw unresolved(card, 'a value', path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertResolved(card, v, `${path}[${i}]`));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertResolved(card, v, `${path}.${k}`);
  }
}

/** Expand one template with (neutralised) data and check the result. */
export function expandTemplate(card: string, template: Json, data: Record<string, unknown>): Json {
  const out = new Template(template).expand({ $root: neutralise(data) }) as Json;
  assertResolved(card, out);
  return out;
}

/** Draw a card with the first budget that fits; CARD_TOO_LARGE if even the smallest does not. */
export function renderSpec<V extends CardView>(spec: CardSpec<V>, view: V): Json {
  let bytes = 0;
  for (const budget of BUDGETS) {
    const card = expandTemplate(spec.name, spec.template, spec.data(view, budget));
    bytes = cardBytes(card);
    if (bytes < CARD_MAX_BYTES) return card;
  }
  throw new SagebotError({
    code: 'CARD_TOO_LARGE',
    message: `The ${spec.name} card is too large to send (${bytes} bytes).`,
    fix: 'This is a bug in sagebot; the details are in the log.',
    details: { card: spec.name, bytes },
  });
}
