/**
 * The line text a record's Sage documents will carry, so a preview shows what the chosen detail level
 * (Default, Condensed, Detailed) produces before anything is posted. Only the first few lines: enough to see
 * the difference, small enough for a card.
 */
import type { PlannedRecord, SageOperation } from './plan-types.ts';

const MAX_LINES = 5;

function textsOf(op: SageOperation): string[] {
  switch (op.op) {
    case 'invoice':
      return op.doc.lines.map((l) => l.description);
    case 'transaction':
      return op.tx.splits.map((s) => s.details ?? op.tx.details ?? '');
    case 'journal':
      return op.journal.lines.map((l) => l.details ?? op.journal.details ?? '');
    case 'purchaseOrder':
      return op.po.lines.map((l) => l.description);
    case 'stock':
      return [op.adj.details ?? ''];
  }
}

export function lineTexts(r: PlannedRecord): string[] {
  const all = r.documents.flatMap((d) => textsOf(d.operation)).filter((t) => t.trim());
  return all.slice(0, MAX_LINES);
}
