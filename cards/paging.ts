/**
 * Paging of long lists inside one card. View models normally carry the whole list (all 5,000 rows) and
 * `paging.page`; each renderer cuts the page with its own maximum page size, and its "Show more" button asks
 * for `page + 1` in that same page size. A view that carries only one page (rows.length < totalItems) is
 * shown as that page. Page numbers arrive from button clicks, so they are clamped, never trusted.
 */

import { formatCount } from './text.ts';
import type { Paging } from './view-models.ts';

export interface PageWindow<T> {
  items: T[];
  /** 0-based page shown. */
  page: number;
  pageSize: number;
  totalItems: number;
  pageCount: number;
  /** 1-based index of the first and last item shown (0 when empty). */
  first: number;
  last: number;
  hasPrev: boolean;
  hasNext: boolean;
}

function wholeNumber(n: unknown, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.floor(n) : fallback;
}

/** The page of `rows` to show, with at most `maxPageSize` items. */
export function pageWindow<T>(rows: T[], paging: Paging | undefined, maxPageSize: number): PageWindow<T> {
  const asked = wholeNumber(paging?.pageSize, maxPageSize);
  const pageSize = Math.min(Math.max(asked, 1), maxPageSize);
  const totalItems = Math.max(wholeNumber(paging?.totalItems, rows.length), rows.length);
  const requested = Math.max(wholeNumber(paging?.page, 0), 0);
  if (rows.length >= totalItems) {
    const pageCount = Math.max(1, Math.ceil(totalItems / pageSize));
    const page = Math.min(requested, pageCount - 1);
    const items = rows.slice(page * pageSize, page * pageSize + pageSize);
    const first = items.length ? page * pageSize + 1 : 0;
    return {
      items,
      page,
      pageSize,
      totalItems,
      pageCount,
      first,
      last: first ? first + items.length - 1 : 0,
      hasPrev: page > 0,
      hasNext: page < pageCount - 1,
    };
  }
  // The caller sent one page already: number it with the caller's page size.
  const callerSize = Math.max(asked, 1);
  const items = rows.slice(0, pageSize);
  const first = items.length ? requested * callerSize + 1 : 0;
  const last = first ? first + items.length - 1 : 0;
  return {
    items,
    page: requested,
    pageSize: callerSize,
    totalItems,
    pageCount: Math.max(1, Math.ceil(totalItems / callerSize)),
    first,
    last,
    hasPrev: requested > 0,
    hasNext: requested * callerSize + rows.length < totalItems,
  };
}

/** "Rows 21–40 of 5,000" / "No rows". */
export function rangeText(w: PageWindow<unknown>, noun = 'Rows'): string {
  if (!w.items.length) return `No ${noun.toLowerCase()}`;
  return `${noun} ${formatCount(w.first)}–${formatCount(w.last)} of ${formatCount(w.totalItems)}`;
}
