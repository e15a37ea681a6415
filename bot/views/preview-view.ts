/**
 * PreviewView from an engine Preview plus the flow's server-side state (batch id, staleness, cancellation).
 * The resolved through date is always on the card, so a wrong guess is seen before anything is posted.
 */

import type { PreviewTxRow, PreviewView } from '../../cards/view-models.ts';
import type { Preview } from '../../core/export/types.ts';
import { describeDate, formatInstant } from '../dates.ts';
import type { OutgoingMessage } from '../events.ts';
import type { FlowRecord } from '../ports.ts';
import { companyFacts, kindNoun, money, paging, plural, reasonLines, shortList, totalsTable } from './format.ts';
import { leftOutLines, previewChoices } from './preview-choices.ts';
import { headlineFacts, impactTable, transferTotals, typeTable } from './preview-figures.ts';

const STATE: Record<FlowRecord['state'], PreviewView['state']> = {
  ready: 'ready',
  blocked: 'blocked',
  stale: 'stale',
  empty: 'empty',
  rechecking: 'blocked',
  checking: 'approved',
  posting: 'approved',
  done: 'approved',
  failed: 'approved',
  cancelled: 'cancelled',
};

/** A stale outcome's reasons stay on the fresh preview whatever it became (still postable, blocked, or empty). */
const SHOWS_CHANGES = new Set<PreviewView['state']>(['stale', 'blocked', 'empty']);

/** Blocked by a problem of the whole batch; a record held back by its own problem leaves the rest postable. */
export function previewState(p: Preview): 'ready' | 'blocked' | 'empty' {
  const held = new Set(p.problems.filter((x) => x.blocks === 'record').map((x) => x.manageId));
  const rows = new Set(p.transactions.map((t) => t.manageId));
  if (p.problems.some((x) => x.blocks !== 'record' || !rows.has(x.manageId ?? Number.NaN))) return 'blocked';
  if (p.transactions.some((t) => t.status === 'problem' && !held.has(t.manageId))) return 'blocked';
  if (!p.transactions.some((t) => t.status === 'transfer')) return 'empty';
  return 'ready';
}

export function buildPreviewView(
  flow: FlowRecord,
  p: Preview,
  page: number | undefined,
  timeZone: string,
): PreviewView {
  const state = STATE[flow.state];
  const open = state === 'ready' || state === 'blocked' || state === 'stale' || state === 'empty';
  return {
    kind: 'preview',
    flowId: flow.id,
    batchKind: p.kind,
    title: `Unposted ${kindNoun(p.kind)} through ${describeDate(p.throughDate)}`,
    throughDate: describeDate(p.throughDate),
    location: p.location,
    detail: p.detail,
    requestedBy: flow.requester.name,
    summary: [
      ...companyFacts(flow.company),
      { title: 'Through', value: describeDate(p.throughDate) },
      { title: 'Location', value: p.location ?? 'All locations' },
      { title: 'Detail', value: p.detail },
      ...headlineFacts(p),
      { title: 'Requested by', value: flow.requester.name },
      { title: 'Checked at', value: formatInstant(p.generatedAt, timeZone) },
    ],
    transactions: p.transactions.map(txRow),
    paging: paging(page, p.transactions.length),
    totalsByType: typeTable(p),
    totalsByCurrency: totalsTable('Totals per currency', 'Currency', p.totalsByCurrency, true),
    nominalImpact: impactTable('Impact per nominal code', 'Nominal', p.nominalImpact, p),
    taxImpact: impactTable('Impact per tax code', 'Tax code', p.taxImpact, p),
    creations: [
      ...(p.creations.customers.length
        ? [{ title: 'Customers to create', value: shortList(named(p.creations.customers, p.creations.names)) }]
        : []),
      ...(p.creations.suppliers.length
        ? [{ title: 'Suppliers to create', value: shortList(named(p.creations.suppliers, p.creations.names)) }]
        : []),
      ...(p.creations.products.length ? [{ title: 'Products to create', value: shortList(p.creations.products) }] : []),
    ],
    problems: p.problems.map((x) => ({ record: x.record, message: x.message, fix: x.fix })),
    batchId: flow.batchId ?? p.suggestedBatchId,
    ...(flow.batchIdError ? { batchIdError: flow.batchIdError } : {}),
    state,
    ...(flow.staleChanges?.length && SHOWS_CHANGES.has(state) ? { staleChanges: flow.staleChanges } : {}),
    ...(noteFor(flow, p, state) ? { note: noteFor(flow, p, state) } : {}),
    ...(leftOutLines(p.leftOut) ? { leftOut: leftOutLines(p.leftOut) } : {}),
    ...skipReasonsOf(p),
    ...(open && flow.state !== 'rechecking' ? { choose: previewChoices(flow, p) } : {}),
  };
}

function skipReasonsOf(p: Preview): { skipReasons?: string[] } {
  const lines = reasonLines(
    p.transactions.filter((t) => t.status === 'skip').map((t) => ({ number: t.number, reason: t.note })),
  );
  return lines.length ? { skipReasons: lines } : {};
}

/** "ACME001 (Acme Holdings Ltd)": the account code Sage will use and the name it will carry. */
function named(refs: string[], names: Record<string, string> | undefined): string[] {
  return refs.map((ref) => (names?.[ref] && names[ref] !== ref ? `${ref} (${names[ref]})` : ref));
}

function noteFor(flow: FlowRecord, p: Preview, state: PreviewView['state']): string | undefined {
  if (flow.state === 'rechecking') return 'Re-checking the mappings…';
  if (flow.state === 'cancelled' && flow.replacedBy)
    return `Replaced by a newer preview (${flow.replacedBy}). Nothing was posted from this one.`;
  if (flow.state === 'cancelled') return `Cancelled by ${flow.cancelledBy?.name ?? 'someone'}. Nothing was posted.`;
  if (state === 'approved') return `Approved by ${flow.approvedBy?.name ?? 'an approver'}.`;
  if (state === 'stale' && !flow.note)
    return 'The unposted set changed since this preview was taken. Check the differences, then approve again.';
  if (flow.note) return flow.note;
  if (state === 'blocked')
    return `Fix the ${plural(p.problems.length, 'problem')} below in Manage or Sage, or untick the transactions with problems to leave them out, then press Re-check.`;
  if (state === 'empty' && flow.staleChanges?.length)
    return `Nothing was posted: the unposted ${kindNoun(p.kind)} changed since the preview, and none are left to post.`;
  if (state === 'empty')
    return `Nothing to post: there are no unposted ${kindNoun(p.kind)} through ${describeDate(p.throughDate)}.`;
  return flow.note;
}

function txRow(t: Preview['transactions'][number]): PreviewTxRow {
  return {
    manageId: t.manageId,
    type: t.type,
    number: t.number,
    date: t.date,
    party: t.party,
    amount: money(t.total, t.currency),
    documents: t.documents.map((d) => d.label).join(', '),
    status: t.status,
    ...(t.note ? { note: t.note } : {}),
    ...(t.lines?.length ? { lines: t.lines.join('; ') } : {}),
  };
}

/** The message for a preview: the card and a plain-text line for notifications and screen readers. */
export function previewMessage(
  flow: FlowRecord,
  p: Preview,
  page: number | undefined,
  timeZone: string,
): OutgoingMessage {
  const view = buildPreviewView(flow, p, page, timeZone);
  const n = p.transactions.filter((t) => t.status === 'transfer').length;
  const text = {
    ready: `Preview: ${plural(n, kindNoun(p.kind).replace(/s$/, ''))} through ${describeDate(p.throughDate)}, ${transferTotals(p)} to transfer. Batch number ${view.batchId}. Approve to post.`,
    blocked: `Preview of ${kindNoun(p.kind)} through ${describeDate(p.throughDate)}: ${plural(p.problems.length, 'problem')} to fix before posting.`,
    stale: `The unposted ${kindNoun(p.kind)} changed since the preview: check the differences and approve again.`,
    empty: `No unposted ${kindNoun(p.kind)} through ${describeDate(p.throughDate)}.`,
    approved: `Batch ${view.batchId} approved by ${flow.approvedBy?.name ?? 'an approver'}.`,
    cancelled: `Preview of ${kindNoun(p.kind)} through ${describeDate(p.throughDate)} cancelled.`,
  }[view.state];
  return { text, card: view };
}
