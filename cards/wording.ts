/**
 * Words shared by the Adaptive Card, Block Kit and plain-text renderings, so Teams and Slack users read the
 * same sentences: final-state lines, outcome labels, the transaction row cells, the progress bar.
 */

import { formatCount } from './text.ts';
import type { PreviewTxRow, PreviewView, RerunView, ResultsView } from './view-models.ts';

/** The final line of a preview in a state without buttons (undefined for ready/blocked/stale). */
export function previewFinalText(v: PreviewView): string | undefined {
  switch (v.state) {
    case 'approved':
      return v.note || 'Approved. Posting has started.';
    case 'cancelled':
      return v.note || 'Cancelled. Nothing was posted.';
    case 'empty':
      return v.note || `There is nothing unposted through ${v.throughDate}.`;
    default:
      return undefined;
  }
}

export const PREVIEW_STATE_LINE: Record<PreviewView['state'], string> = {
  ready: 'Check the batch number, then approve to post.',
  blocked: 'Some records cannot be posted yet. Fix the problems below, then press Re-check.',
  stale: 'The unposted transactions changed since this preview. Check the changes, then approve again.',
  approved: 'Approved.',
  cancelled: 'Cancelled.',
  empty: 'Nothing to post.',
};

export const OUTCOME_LABEL: Record<ResultsView['outcome'], string> = {
  completed: 'Completed',
  partial: 'Partly completed',
  failed: 'Failed',
};

/** The heading over a result's failures unless the view brings its own advice. */
export const FAILED_TITLE = 'Failed — fix these, then rerun the batch';

export const RERUN_FINAL: Record<Exclude<RerunView['state'], 'ready'>, string> = {
  approved: 'Rerun approved. Posting has started.',
  cancelled: 'Rerun cancelled. Nothing was posted.',
};

/** Approve only when an approval would post something; the toggle only on a rerun not already forced. */
export function rerunApproval(v: RerunView): { canApprove: boolean; showForce: boolean; approveTitle: string } {
  const canApprove = v.state === 'ready' && v.toPost > 0;
  return {
    canApprove,
    showForce: canApprove && !v.forced,
    approveTitle: v.forced ? 'Approve forced rerun' : 'Approve rerun',
  };
}

export const TX_COLUMNS = ['Transaction', 'Date', 'Party', 'Amount', 'Sage / status'];

/** "Transfer: SI 4600, SC 4601" / "Skip — already in Sage" / "Problem — no customer mapping". */
export function txStatusText(r: PreviewTxRow): string {
  const word = r.status === 'transfer' ? 'Transfer' : r.status === 'skip' ? 'Skip' : 'Problem';
  const docs = r.status === 'transfer' && r.documents ? `: ${r.documents}` : '';
  return `${word}${docs}${r.note ? ` — ${r.note}` : ''}${r.lines ? ` · Lines: ${r.lines}` : ''}`;
}

/** The five display cells of a preview transaction row. */
export function txCells(r: PreviewTxRow): string[] {
  return [`${r.type} ${r.number}`.trim(), r.date, r.party, r.amount, txStatusText(r)];
}

/** 0–100, safe for any counts. */
export function percent(done: number, total: number): number {
  if (!Number.isFinite(done) || !Number.isFinite(total) || total <= 0) return done > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** "██████░░░░" with `width` cells. */
export function textBar(done: number, total: number, width = 20): string {
  const filled = Math.round((percent(done, total) / 100) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** "1,200 of 5,000 (24%)"; before anything is counted (total 0) the phase alone, never "0 of 0 (0%)". */
export function progressLine(done: number, total: number, phase = 'Getting ready'): string {
  if (!(total > 0)) return `${phase}…`;
  return `${formatCount(done)} of ${formatCount(total)} (${percent(done, total)}%)`;
}
