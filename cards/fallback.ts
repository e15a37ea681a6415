/**
 * The plain-text summary of a view: the message `text` next to a card (notifications, screen readers, Slack's
 * required fallback, hosts that cannot draw cards). Tolerant by design: it never throws on odd data.
 */

import { cleanText, formatCount, plural, truncate } from './text.ts';
import type { CardView, Fact } from './view-models.ts';
import {
  OUTCOME_LABEL,
  PREVIEW_STATE_LINE,
  previewFinalText,
  progressLine,
  RERUN_FINAL,
  rerunApproval,
} from './wording.ts';

export const FALLBACK_MAX = 1000;

const s = (v: unknown): string => (v === undefined || v === null ? '' : cleanText(v));
const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

function factLine(facts: Fact[] | undefined, max = 6): string {
  return list(facts)
    .slice(0, max)
    .map((f) => `${s(f?.title)}: ${s(f?.value)}`)
    .join('; ');
}

function join(...parts: string[]): string {
  return parts.filter((p) => p.trim()).join(' — ');
}

function previewText(v: Extract<CardView, { kind: 'preview' }>): string {
  const head = `${s(v.title)}, through ${s(v.throughDate)}`;
  const final = previewFinalText(v);
  if (final) return join(head, s(final));
  const count = plural(v.paging?.totalItems ?? list(v.transactions).length, 'transaction');
  const problems = v.state === 'blocked' ? plural(list(v.problems).length, 'problem') + ' to fix' : '';
  return join(head, count, problems, PREVIEW_STATE_LINE[v.state] ?? '');
}

function body(v: CardView): string {
  switch (v.kind) {
    case 'help':
      return join(s(v.title), s(v.intro), `Try: ${list(v.examples).slice(0, 3).map(s).join(', ')}`);
    case 'notice':
    case 'alert':
      return join(s(v.title), s(v.text), factLine(v.facts));
    case 'preview':
      return previewText(v);
    case 'progress':
      return join(s(v.title), v.total > 0 ? progressLine(v.done, v.total) : '', s(v.phase));
    case 'results':
      return join(s(v.title), OUTCOME_LABEL[v.outcome] ?? s(v.outcome), `batch ${s(v.batch)}`, factLine(v.summary));
    case 'rerun':
      return join(
        s(v.title),
        `batch ${s(v.batch)}`,
        `${formatCount(v.alreadyInSage)} already in Sage, ${formatCount(v.toPost)} to post`,
        v.state !== 'ready'
          ? (RERUN_FINAL[v.state] ?? '')
          : rerunApproval(v).canApprove
            ? 'Approve the rerun or cancel.'
            : 'A rerun would post nothing.',
      );
    case 'paymentSync':
      return join(s(v.title), `since ${s(v.since)}`, factLine(v.summary));
    case 'batches':
      return join(s(v.title), plural(v.paging?.totalItems ?? list(v.batches?.rows).length, 'batch', 'batches'));
    case 'status':
      return join(s(v.title), factLine(v.facts));
    case 'settings':
      return join(
        s(v.title),
        list(v.settings)
          .slice(0, 8)
          .map((x) => `${s(x?.label)}: ${x?.value ? 'on' : 'off'}`)
          .join('; '),
      );
    default:
      return 'sagebot';
  }
}

/** A one-paragraph plain-text summary of any view (at most FALLBACK_MAX characters, never empty). */
export function fallbackText(view: CardView): string {
  let text = '';
  try {
    text = body(view);
  } catch {
    text = '';
  }
  return truncate(text.trim() || 'sagebot', FALLBACK_MAX);
}
