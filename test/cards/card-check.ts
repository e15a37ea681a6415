/** The checks every Adaptive Card must pass whatever its data (shared by the adaptive test files). */
import { expect } from 'vitest';
import { INPUTS, VERBS } from '../../cards/actions.ts';
import { CARD_MAX_BYTES, cardBytes, renderAdaptiveCard } from '../../cards/index.ts';
import type { CardView } from '../../cards/view-models.ts';
import { actionsOf, adaptiveCardIssues, executesOf, inputsOf, textOf } from './helpers.ts';

const verbs = Object.values(VERBS) as string[];
const inputIds = Object.values(INPUTS) as string[];

/** Everything a card must satisfy whatever its data. */
export function checkCard(view: CardView): Record<string, unknown> {
  const card = renderAdaptiveCard(view);
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  expect(adaptiveCardIssues(card)).toEqual([]);
  expect(cardBytes(card)).toBeLessThan(CARD_MAX_BYTES);
  expect(CARD_MAX_BYTES).toBeLessThanOrEqual(28_000);
  expect(textOf(card)).not.toContain('${');
  for (const a of executesOf(card)) {
    expect(verbs).toContain(a.verb);
    const fb = a.fallback as Record<string, any>;
    expect(fb.type).toBe('Action.Submit');
    expect(fb.data.verb).toBe(a.verb);
  }
  for (const a of actionsOf(card)) expect(['Action.Execute', 'Action.Submit', 'Action.OpenUrl']).toContain(a.type);
  for (const i of inputsOf(card)) expect(inputIds).toContain(i.id);
  return card;
}
