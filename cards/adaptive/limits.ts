/**
 * Size budgets of the Adaptive Cards. A card is drawn with the first budget under which it fits in
 * CARD_MAX_BYTES; budgets shrink strings and summary lists, never the page sizes, so "Show more" pages stay
 * the same whichever budget drew them.
 */
import type { Budget } from '../budget.ts';

export type { Budget };

/** Teams' smallest documented limit is ~28 KB; stay strictly under 28,000 bytes of UTF-8 JSON. */
export const CARD_MAX_BYTES = 28_000;
export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** Rows per page of the paged lists (transactions, posted, documents, updated payments, batches). */
export const ADAPTIVE_PAGE_SIZE = 15;

export const BUDGETS: readonly Budget[] = [
  { cell: 60, text: 400, title: 100, rows: 8, facts: 12, items: 10 },
  { cell: 36, text: 200, title: 70, rows: 5, facts: 8, items: 6 },
  { cell: 20, text: 100, title: 50, rows: 3, facts: 6, items: 4 },
  { cell: 10, text: 50, title: 30, rows: 2, facts: 4, items: 2 },
];

/** UTF-8 bytes of the card as it is sent (JSON). */
export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
