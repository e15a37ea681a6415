/**
 * The payment sync results card: since when, the summary facts, a page of the payments updated in Manage
 * (Show more), and the problems with their fixes.
 */

import { missingData } from '../text.ts';
import type { PaymentSyncView } from '../view-models.ts';
import { factsData, headerData, pagedTableData, problemsData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, facts, header, pager, problems, table } from './fragments.ts';
import type { Budget } from './limits.ts';

const template = cardTemplate([
  ...header(),
  facts('summary'),
  problems('problems'),
  table('updated'),
  pager('updatedPager', { flowId: '${flowId}', card: 'paymentSync' }),
]);

function missing(where: string): never {
  throw missingData(where);
}

function data(v: PaymentSyncView, b: Budget): Record<string, unknown> {
  const { table: updated, pager: updatedPager } = pagedTableData(v.updated, v.paging, 'paymentSync.updated', b);
  return {
    ...headerData(v.title, `Since ${v.since ?? missing('paymentSync.since')}`, b),
    flowId: v.flowId,
    summary: factsData(v.summary, 'paymentSync.summary', b),
    problems: problemsData('Problems', v.problems, 'paymentSync.problems', b),
    updated,
    updatedPager,
  };
}

export const paymentSyncCard: CardSpec<PaymentSyncView> = { name: 'paymentSync', template, data };
