/**
 * What changed between the preview a user looked at and the unposted set now: added, gone and changed
 * transactions in plain lines, so approving a stale preview is never blind.
 */
import type { Preview, PreviewTransaction } from '../../core/export/types.ts';
import { money } from './format.ts';

const MAX_LINES = 30;

export function staleChanges(before: Preview, after: Preview): string[] {
  const old = new Map(before.transactions.map((t) => [t.manageId, t]));
  const now = new Map(after.transactions.map((t) => [t.manageId, t]));
  const lines: string[] = [];
  for (const t of after.transactions) {
    const o = old.get(t.manageId);
    if (!o) lines.push(`New: ${label(t)} ${money(t.total, t.currency)}`);
    else if (o.total !== t.total || o.currency !== t.currency)
      lines.push(`Changed: ${label(t)} ${money(o.total, o.currency)} -> ${money(t.total, t.currency)}`);
    else if (o.status !== t.status)
      lines.push(
        `Changed: ${label(t)} now ${t.status === 'problem' ? 'has a problem' : t.status === 'skip' ? 'not transferred' : 'will transfer'}`,
      );
  }
  for (const o of before.transactions)
    if (!now.has(o.manageId)) lines.push(`No longer unposted: ${label(o)} ${money(o.total, o.currency)}`);
  if (lines.length === 0)
    lines.push(
      'The transactions are the same but their details changed in Manage (for example a date, a line or a mapping).',
    );
  if (lines.length > MAX_LINES) return [...lines.slice(0, MAX_LINES), `…and ${lines.length - MAX_LINES} more changes`];
  return lines;
}

function label(t: PreviewTransaction): string {
  return `${t.type} ${t.number}${t.party ? ` (${t.party})` : ''}`;
}
