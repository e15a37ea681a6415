/** The small cards: help, notices, batches, status, settings and alerts. */

import type { AlertView, Fact, HelpView, NoticeView, SettingsView } from '../../cards/view-models.ts';
import type { BatchSummary, Settings } from '../../core/export/types.ts';
import { formatInstant } from '../dates.ts';
import type { OutgoingMessage } from '../events.ts';
import { COMMANDS } from './commands.ts';
import { paging } from './format.ts';

export const EXAMPLES = [
  'run invoices through friday',
  'preview expenses through yesterday for London',
  'run inventory through 27 November detail condensed',
  'rerun 20261127-JD-I',
  'sync payments last week',
  'alerts here',
];

export function helpMessage(intro?: string): OutgoingMessage {
  const view: HelpView = {
    kind: 'help',
    title: 'What sagebot can do',
    ...(intro ? { intro } : {}),
    commands: COMMANDS.map(({ command, description }) => ({ command, description })),
    examples: EXAMPLES,
  };
  return {
    text: `${intro ? `${intro} ` : ''}Try: ${EXAMPLES.slice(0, 3)
      .map((e) => `"${e}"`)
      .join(', ')}.`,
    card: view,
  };
}

export function noticeMessage(tone: NoticeView['tone'], title: string, text: string, facts?: Fact[]): OutgoingMessage {
  const view: NoticeView = { kind: 'notice', tone, title, text, ...(facts?.length ? { facts } : {}) };
  return { text: `${title}: ${text}`, card: view };
}

/**
 * `flowId` is extra to BatchesView (it lets "Show more" find the list again); renderers that know it can use it.
 */
export function batchesMessage(
  batches: BatchSummary[],
  page: number | undefined,
  timeZone: string,
  flowId?: string,
): OutgoingMessage {
  const sorted = [...batches].sort((a, b) => (b.ranAt ?? '').localeCompare(a.ranAt ?? '') || b.id - a.id);
  return {
    text: batches.length ? `${batches.length} batches; the newest is ${sorted[0].batch}.` : 'No batches yet.',
    card: {
      kind: 'batches',
      title: 'Batches',
      ...(flowId ? { flowId } : {}),
      batches: {
        title: 'Manage batches',
        columns: ['Batch', 'Kind', 'Ran by', 'Ran at', 'Outcome', 'Records', 'Closed'],
        rows: sorted.map((b) => ({
          cells: [
            b.batch,
            b.kinds.join(', '),
            b.ranBy ?? '',
            formatInstant(b.ranAt, timeZone),
            b.outcome ?? '',
            b.count === undefined ? '' : String(b.count),
            b.closed ? 'yes' : 'no',
          ],
        })),
      },
      paging: paging(page, batches.length),
    },
  };
}

export const SETTING_INFO: Record<keyof Settings, { label: string; description: string }> = {
  splitInvoicing: {
    label: 'Split invoicing',
    description: 'Positive lines become Sage invoice <number>0 and negative lines credit note <number>1 (the default).',
  },
  serviceInvoicing: {
    label: 'Service-type invoicing',
    description: 'Service-format invoices with GL accounts as nominal codes and no product references.',
  },
  expensesAsJournal: {
    label: 'Expenses as journal',
    description: 'Post reimbursable expenses as a balanced nominal journal instead of supplier invoices.',
  },
};

/**
 * The settings card. With several companies it names its company, and each button's key carries the company id
 * ("splitInvoicing@ie") so the click changes that company's settings.
 */
export function settingsMessage(
  settings: Settings,
  editable: boolean,
  note?: string,
  company?: { id: string; name: string },
): OutgoingMessage {
  const view: SettingsView = {
    kind: 'settings',
    title: company ? `Settings of ${company.name}` : 'Settings',
    settings: (Object.keys(SETTING_INFO) as Array<keyof Settings>).map((key) => ({
      key: company ? `${key}@${company.id}` : key,
      ...SETTING_INFO[key],
      value: Boolean(settings[key]),
    })),
    editable,
  };
  const line = view.settings.map((s) => `${s.label}: ${s.value ? 'on' : 'off'}`).join(', ');
  return { text: `${note ? `${note} ` : ''}${line}.`, card: view };
}

export function alertMessage(view: Omit<AlertView, 'kind'>): OutgoingMessage {
  return { text: `${view.title}: ${view.text}`, card: { kind: 'alert', ...view } };
}
