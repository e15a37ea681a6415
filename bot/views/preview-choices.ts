/**
 * The parts of a preview card a user acts on before approving: which transactions go in (ticked by the
 * numbers the card shows, with the ones left out listed so they can be ticked back), the location (only those
 * with transactions) and the detail level.
 */
import type { PreviewChoices } from '../../cards/view-models.ts';
import type { LeftOutRow, Preview, PreviewTransaction } from '../../core/export/types.ts';
import type { FlowRecord } from '../ports.ts';
import { money } from './format.ts';

/** More than this and the card asks for numbers to be typed instead of ticking boxes. */
export const MAX_CHOICES = 50;

type Row = Pick<PreviewTransaction, 'number' | 'type' | 'party' | 'currency' | 'total'>;

export function rowTitle(r: Row): string {
  return `${r.type} ${r.number} · ${r.party} · ${money(r.total, r.currency)}`;
}

export function leftOutLines(rows: LeftOutRow[] | undefined): string[] | undefined {
  return rows?.length ? rows.map(rowTitle) : undefined;
}

export function previewChoices(flow: FlowRecord, p: Preview): PreviewChoices {
  const rows: Row[] = [...p.transactions, ...(p.leftOut ?? [])];
  const shown = rows.slice(0, MAX_CHOICES);
  const current = new Set(p.transactions.map((t) => t.number));
  const selected = (flow.selection ?? [...current]).filter((n) => shown.some((r) => r.number === n));
  return {
    transactions: shown.map((r) => ({ value: r.number, title: rowTitle(r) })),
    selected,
    ...(rows.length > MAX_CHOICES
      ? {
          tooMany: `${rows.length} transactions: too many to tick here. Type the numbers to leave out instead, e.g. "run ${p.kind} except ${rows[0].number}".`,
        }
      : {}),
    locations: p.locations ?? (p.location ? [p.location] : []),
    location: p.location ?? '',
    detail: p.detail,
  };
}
