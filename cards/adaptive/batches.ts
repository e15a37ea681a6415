/** The batches card: a page of the batches sagebot has posted, with Show more. */
import type { BatchesView } from '../view-models.ts';
import { headerData, pagedTableData, textData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, header, pager, paragraph, table } from './fragments.ts';
import type { Budget } from './limits.ts';

const template = cardTemplate([
  ...header(),
  table('batches'),
  paragraph('empty', { isSubtle: true }),
  pager('batchesPager', { card: 'batches' }),
]);

function data(v: BatchesView, b: Budget): Record<string, unknown> {
  const { table: batches, pager: batchesPager } = pagedTableData(v.batches, v.paging, 'batches.batches', b);
  return {
    ...headerData(v.title, undefined, b),
    batches,
    batchesPager,
    empty: textData(batches.show ? undefined : 'No batches yet.', b),
  };
}

export const batchesCard: CardSpec<BatchesView> = { name: 'batches', template, data };
