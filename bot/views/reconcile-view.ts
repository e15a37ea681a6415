/**
 * The read-back from Sage as users see it, on the results card, the alert and the "reconcile BATCH" reply:
 * "reconciled" with the figures per document type and currency, or each difference with what to do. Every
 * amount carries its currency.
 */
import type { Fact, ProblemItem, Table } from '../../cards/view-models.ts';
import type { ReconcileFigures, Reconciliation } from '../../core/export/types.ts';
import type { OutgoingMessage } from '../events.ts';
import { money, plural } from './format.ts';
import { noticeMessage } from './info-views.ts';

/** One fact: "reconciled (3 documents)", "2 differences" or "not checked". */
export function readBackFact(r: Reconciliation): Fact {
  const value = !r.checked
    ? 'not checked: Sage could not be read'
    : r.reconciled
      ? `reconciled (${plural(r.documents, 'document')} match)`
      : `${plural(r.differences.length, 'difference')} (see below)`;
  return { title: 'Sage read-back', value };
}

const figures = (f: ReconcileFigures, currency: string) =>
  `${f.count} · ${money(f.net, currency)} + ${money(f.tax, currency)} = ${money(f.gross, currency)}`;

/** Per document type and currency: what the batch sent, what Sage holds (count · net + tax = gross). */
export function readBackTable(r: Reconciliation): Table {
  return {
    title: 'Read back from Sage (per document type and currency)',
    columns: ['Type', 'Sent (count · net + tax = gross)', 'In Sage'],
    rows: r.rows.map((row) => {
      const same = JSON.stringify(row.manage) === JSON.stringify(row.sage);
      return {
        cells: [
          `${row.type} ${row.currency}`,
          figures(row.manage, row.currency),
          r.checked ? (same ? 'same' : figures(row.sage, row.currency)) : 'not read',
        ],
      };
    }),
  };
}

export function readBackProblems(r: Reconciliation): ProblemItem[] {
  if (!r.checked)
    return [
      {
        record: `Batch ${r.batch}`,
        message: r.note ?? 'Sage could not be read back.',
        fix: `Say "reconcile ${r.batch}" when Sage answers.`,
      },
    ];
  return r.differences.map((d) => ({ record: `Sage ${d.label} (${d.record})`, message: d.message, fix: d.fix }));
}

/** The reply to "reconcile BATCH". */
export function reconcileMessage(r: Reconciliation): OutgoingMessage {
  const facts = [
    readBackFact(r),
    ...readBackTable(r).rows.map((row) => ({
      title: row.cells[0],
      value: `sent ${row.cells[1]}; in Sage ${row.cells[2]}`,
    })),
  ];
  if (!r.checked) return noticeMessage('error', `Batch ${r.batch}: not reconciled`, r.note ?? '', facts);
  if (r.reconciled)
    return noticeMessage(
      'success',
      `Batch ${r.batch}: reconciled with Sage`,
      `Sage holds all ${plural(r.documents, 'document')} of batch ${r.batch} as sent: count, net, tax and gross agree per document type and currency.`,
      facts,
    );
  const lines = r.differences.map((d) => `${d.message} Fix: ${d.fix}`);
  return noticeMessage(
    'warning',
    `Batch ${r.batch}: ${plural(r.differences.length, 'difference')} with Sage`,
    lines.join('\n'),
    facts,
  );
}
