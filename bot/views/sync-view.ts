/** PaymentSyncView from a PaymentSyncResult: what changed in Manage, fully paid invoices, and problems. */

import type { PaymentSyncView } from '../../cards/view-models.ts';
import type { PaymentSyncResult } from '../../core/export/types.ts';
import { describeDate, formatInstant } from '../dates.ts';
import type { OutgoingMessage } from '../events.ts';
import type { FlowCompany } from '../ports.ts';
import { companyFacts, money, paging, plural } from './format.ts';

export function syncMessage(
  flowId: string,
  r: PaymentSyncResult,
  page: number | undefined,
  timeZone: string,
  company?: FlowCompany,
): OutgoingMessage {
  const fully = r.updated.filter((u) => u.fullyPaid).length;
  const view: PaymentSyncView = {
    kind: 'paymentSync',
    flowId,
    title: `Payment sync since ${describeDate(r.since)}`,
    since: describeDate(r.since),
    summary: [
      ...companyFacts(company),
      { title: 'Since', value: describeDate(r.since) },
      { title: 'Invoices checked', value: String(r.checked) },
      { title: 'Updated in Manage', value: String(r.updated.length) },
      { title: 'Fully paid', value: String(fully) },
      { title: 'Unchanged', value: String(r.unchanged) },
      { title: 'Problems', value: String(r.problems.length) },
      { title: 'Finished', value: formatInstant(r.finishedAt, timeZone) },
    ],
    updated: {
      title: 'Invoices updated',
      columns: ['Invoice', 'Was paid', 'Now paid', 'Total', 'Fully paid'],
      rows: r.updated.map((u) => ({
        cells: [
          u.invoiceNumber,
          money(u.previousPaid, u.currency),
          money(u.paid, u.currency),
          money(u.total, u.currency),
          u.fullyPaid ? `yes${u.datePaid ? ` (${u.datePaid})` : ''}` : 'no',
        ],
      })),
    },
    problems: r.problems.map((p) => ({ record: p.record, message: p.message, fix: p.fix })),
    paging: paging(page, r.updated.length),
  };
  const text = `Payment sync since ${r.since}: ${plural(r.updated.length, 'invoice')} updated (${fully} fully paid), ${plural(r.problems.length, 'problem')}.`;
  return { text, card: view };
}
