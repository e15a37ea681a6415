/**
 * View model pieces -> the template data shapes read by ./fragments.ts, cut to a Budget: clipped strings,
 * summary lists cut to top N with "and N more", paged lists cut to one page. Every card's data function is
 * built from these.
 */

import { pageWindow, rangeText } from '../paging.ts';
import { andMore, clip, listOf, missingData, topN } from '../text.ts';
import type { Fact, Paging, ProblemItem, Row, Table } from '../view-models.ts';
import { ADAPTIVE_PAGE_SIZE, type Budget } from './limits.ts';

export const MAX_COLUMNS = 6;

export interface TextData {
  show: boolean;
  text: string;
  color: string;
}
export interface FactsData {
  show: boolean;
  hasTitle: boolean;
  title: string;
  facts: Fact[];
  hasMore: boolean;
  more: string;
}
export interface TableData {
  show: boolean;
  title: string;
  columns: Array<{ title: string; width: number }>;
  rows: Array<{ style: string; cells: string[] }>;
  hasMore: boolean;
  more: string;
}
export interface ItemsData {
  show: boolean;
  title: string;
  items: Array<{ text: string }>;
  hasMore: boolean;
  more: string;
}
export interface ProblemsData {
  show: boolean;
  title: string;
  items: Array<{ heading: string; message: string; fix: string }>;
  hasMore: boolean;
  more: string;
}
export interface PagerData {
  hasPager: boolean;
  hasPrev: boolean;
  hasNext: boolean;
  prevPage: number;
  nextPage: number;
}

export function headerData(title: unknown, subtitle: string | undefined, b: Budget): Record<string, unknown> {
  return { title: clip(title, b.title), hasSubtitle: !!subtitle, subtitle: clip(subtitle ?? '', b.text) };
}

export function textData(text: string | undefined, b: Budget, color = 'Default', multiline = true): TextData {
  return { show: !!text, text: clip(text ?? '', b.text, multiline), color };
}

export function factsData(
  list: Fact[] | undefined,
  where: string,
  b: Budget,
  o: { title?: string; max?: number; valueMax?: number } = {},
): FactsData {
  const title = o.title ?? '';
  const { items, more } = topN(listOf(list, where), o.max ?? b.facts);
  return {
    show: items.length > 0,
    hasTitle: !!title,
    title,
    facts: items.map((f) => ({
      title: clip(f.title, Math.min(b.title, 40)),
      value: clip(f.value, o.valueMax ?? b.cell * 2),
    })),
    hasMore: more > 0,
    more: andMore(more),
  };
}

function columnsOf(t: Table, widths: number[] | undefined, b: Budget): TableData['columns'] {
  return listOf(t.columns, 'table columns')
    .slice(0, MAX_COLUMNS)
    .map((c, i) => ({ title: clip(c, Math.min(b.title, 30)), width: widths?.[i] ?? 1 }));
}

/** A row with an optional container style ('default', 'attention', 'emphasis'…). */
export type StyledRow = Row & { style?: string };

function rowOf(r: StyledRow, n: number, b: Budget): TableData['rows'][number] {
  const cells = listOf(r?.cells, 'table row cells')
    .slice(0, n)
    .map((c) => clip(c ?? '', b.cell));
  while (cells.length < n) cells.push('');
  return { style: r.style ?? 'default', cells };
}

export interface TableOptions {
  widths?: number[];
}

/** A summary table: top `b.rows` rows and "and N more rows". */
export function tableData(t: Table | undefined, where: string, b: Budget, o: TableOptions = {}): TableData {
  if (!t) throw missingData(where);
  const columns = columnsOf(t, o.widths, b);
  const { items, more } = topN(listOf(t.rows, `${where}.rows`), b.rows);
  return {
    show: items.length > 0,
    title: clip(t.title, b.title),
    columns,
    rows: items.map((r) => rowOf(r, columns.length, b)),
    hasMore: more > 0,
    more: andMore(more, more === 1 ? 'more row' : 'more rows'),
  };
}

/** One page of a long table plus its pager (Previous / Show more). */
export function pagedTableData(
  t: Table | undefined,
  paging: Paging | undefined,
  where: string,
  b: Budget,
  o: TableOptions = {},
): { table: TableData; pager: PagerData } {
  if (!t) throw missingData(where);
  const columns = columnsOf(t, o.widths, b);
  const w = pageWindow<StyledRow>(listOf(t.rows, `${where}.rows`), paging, ADAPTIVE_PAGE_SIZE);
  return {
    table: {
      show: w.items.length > 0,
      title: clip(t.title, b.title),
      columns,
      rows: w.items.map((r) => rowOf(r, columns.length, b)),
      hasMore: w.items.length > 0,
      more: rangeText(w),
    },
    pager: pagerData(w),
  };
}

export function pagerData(w: { hasPrev: boolean; hasNext: boolean; page: number }): PagerData {
  return {
    hasPager: w.hasPrev || w.hasNext,
    hasPrev: w.hasPrev,
    hasNext: w.hasNext,
    prevPage: Math.max(0, w.page - 1),
    nextPage: w.page + 1,
  };
}

export function itemsData(title: string, lines: string[] | undefined, where: string, b: Budget): ItemsData {
  const { items, more } = topN(listOf(lines, where), b.items);
  return {
    show: items.length > 0,
    title,
    items: items.map((text) => ({ text: clip(text, b.text) })),
    hasMore: more > 0,
    more: andMore(more),
  };
}

export function problemsData(title: string, list: ProblemItem[] | undefined, where: string, b: Budget): ProblemsData {
  const { items, more } = topN(listOf(list, where), b.items);
  return {
    show: items.length > 0,
    title,
    items: items.map((p) => ({
      heading: clip(p.record, b.title),
      message: clip(p.message, b.text),
      fix: p.fix ? clip(`Fix: ${p.fix}`, b.text) : 'Fix: see the log for details.',
    })),
    hasMore: more > 0,
    more: andMore(more, more === 1 ? 'more problem' : 'more problems'),
  };
}

/** Adaptive Card colours of the four tones. */
export const TONE_COLOR = { info: 'Accent', success: 'Good', warning: 'Warning', error: 'Attention' } as const;
export const TONE_STYLE = { info: 'emphasis', success: 'good', warning: 'warning', error: 'attention' } as const;
