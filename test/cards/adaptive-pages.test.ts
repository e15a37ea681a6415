/**
 * Adaptive Cards: every page of the 5,000-transaction preview (and long results / reruns) parsed, validated
 * and under the size limit, with Show more / Previous carrying the right page. Its own file so the two test
 * workers share the load.
 */
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { ADAPTIVE_PAGE_SIZE } from '../../cards/index.ts';
import { checkCard } from './card-check.ts';
import { preview, rerun, results, txRows } from './fixtures.ts';
import { executesOf, textOf } from './helpers.ts';

describe('adaptive cards: the 5,000-transaction preview', () => {
  const rows = txRows(5000);
  const pages = Math.ceil(5000 / ADAPTIVE_PAGE_SIZE);

  // One test per page: each is checked on its own and none carries the whole 334-page minute on a loaded machine.
  it.each(Array.from({ length: pages }, (_, page) => page))(
    'page %i parses, fits, and pages with Show more / Previous',
    (page) => {
      const card = checkCard(preview({ transactions: rows, paging: { page, pageSize: 15, totalItems: 5000 } }));
      const text = textOf(card);
      const first = page * ADAPTIVE_PAGE_SIZE + 1;
      expect(text).toContain(`Rows ${first.toLocaleString('en-GB')}–`);
      expect(text).toContain(rows[page * ADAPTIVE_PAGE_SIZE].number);
      const more = executesOf(card).filter((a) => a.verb === VERBS.showMore);
      const next = more.find((a) => a.title === 'Show more');
      const prev = more.find((a) => a.title === 'Previous');
      if (page < pages - 1) expect(next?.data).toEqual({ flowId: 'flow-7f3a9c1e', card: 'preview', page: page + 1 });
      else expect(next).toBeUndefined();
      if (page > 0) expect(prev?.data).toMatchObject({ page: page - 1 });
      else expect(prev).toBeUndefined();
    },
  );

  it('every page starts on a transaction of its own', () => {
    expect(new Set(Array.from({ length: pages }, (_, page) => rows[page * ADAPTIVE_PAGE_SIZE].number)).size).toBe(
      pages,
    );
  });

  it('a page number from a forged click is clamped', () => {
    const card = checkCard(preview({ transactions: rows, paging: { page: 99_999, pageSize: 15, totalItems: 5000 } }));
    expect(textOf(card)).toContain(rows[4999].number);
    const neg = checkCard(
      preview({ transactions: rows, paging: { page: -5, pageSize: Number.NaN, totalItems: 5000 } }),
    );
    expect(textOf(neg)).toContain(rows[0].number);
  });

  it('a view that carries only one page is shown as that page', () => {
    const card = checkCard(
      preview({ transactions: rows.slice(30, 45), paging: { page: 2, pageSize: 15, totalItems: 5000 } }),
    );
    expect(textOf(card)).toContain('Rows 31–45 of 5,000');
    expect(executesOf(card).find((a) => a.title === 'Show more')?.data).toMatchObject({ page: 3 });
  });

  it('5,000-row results, documents and updated lists page too', () => {
    for (const page of [0, 1, 166, 333]) {
      checkCard(results({ paging: { page, pageSize: 15, totalItems: 5000 } }, 5000));
      checkCard(rerun({ paging: { page, pageSize: 15, totalItems: 5000 } }, 5000));
    }
  });
});
