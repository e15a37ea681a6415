/**
 * Block Kit builders used by every Slack card: header, sections, field sections, context lines, buttons whose
 * action ids are the shared verbs, tables drawn as mrkdwn lines (one field or section per table), and the
 * Previous / Show more pager. Text given to these is already escaped mrkdwn unless the name says plain.
 */

import type { Verb } from '../actions.ts';
import { VERBS } from '../actions.ts';
import { pageWindow, rangeText } from '../paging.ts';
import { andMore, listOf, topN } from '../text.ts';
import type { Paging, Table } from '../view-models.ts';
import type { ActionIds } from './ids.ts';
import { SLACK_LIMITS, SLACK_PAGE_SIZE, type SlackBudget } from './limits.ts';
import { md, mdOpt, plain, truncateMrkdwn } from './mrkdwn.ts';

export type Block = Record<string, unknown>;

export function header(text: unknown, where: string, b: SlackBudget): Block {
  return { type: 'header', text: plain(text, Math.min(b.title * 2, SLACK_LIMITS.header), where) };
}

/** A mrkdwn section (the text is cut to the section limit). */
export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text || ' ', SLACK_LIMITS.sectionText) } };
}

/** A section of up to ten mrkdwn fields. */
export function fields(items: string[]): Block {
  return {
    type: 'section',
    fields: items
      .slice(0, SLACK_LIMITS.fields)
      .map((t) => ({ type: 'mrkdwn', text: truncateMrkdwn(t || ' ', SLACK_LIMITS.fieldText) })),
  };
}

export function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(text || ' ', SLACK_LIMITS.fieldText) }] };
}

export const divider = (): Block => ({ type: 'divider' });

export interface ButtonOptions {
  style?: 'primary' | 'danger';
  hint?: string;
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

/** A button: action id = the verb (unique within the message), value = JSON of `value`. */
export function button(
  ids: ActionIds,
  verb: Verb,
  text: string,
  value: Record<string, unknown>,
  o: ButtonOptions = {},
): Block {
  return {
    type: 'button',
    action_id: ids.next(verb, o.hint),
    text: { type: 'plain_text', text, emoji: true },
    value: JSON.stringify(value),
    ...(o.style ? { style: o.style } : {}),
    ...(o.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: o.confirm.title },
            text: { type: 'plain_text', text: o.confirm.text },
            confirm: { type: 'plain_text', text: o.confirm.confirm },
            deny: { type: 'plain_text', text: o.confirm.deny },
          },
        }
      : {}),
  };
}

export function actions(elements: Block[]): Block[] {
  return elements.length ? [{ type: 'actions', elements }] : [];
}

/** `label: value` facts as fields (ten at most; the tenth says how many more there are). */
export function factFields(
  facts: Array<{ title: string; value: string }> | undefined,
  where: string,
  b: SlackBudget,
  o: { max?: number } = {},
): Block[] {
  const all = listOf(facts, where);
  const max = o.max ?? Math.min(b.facts, SLACK_LIMITS.fields);
  const shown = all.length > max ? all.slice(0, max - 1) : all;
  const items = shown.map(
    (f, i) => `*${md(f?.title, b.title, `${where}[${i}].title`)}*\n${md(f?.value, b.cell * 2, `${where}[${i}].value`)}`,
  );
  if (all.length > max) items.push(`_${andMore(all.length - shown.length)}_`);
  // A section holds at most SLACK_LIMITS.fields fields: a longer list takes several sections.
  const blocks: Block[] = [];
  for (let i = 0; i < items.length; i += SLACK_LIMITS.fields)
    blocks.push(fields(items.slice(i, i + SLACK_LIMITS.fields)));
  return blocks;
}

/** One table row as a mrkdwn line: cells joined with " · ". */
export function rowLine(cells: unknown[], b: SlackBudget, where: string): string {
  const text = listOf(cells, where)
    .slice(0, 6)
    .map((c) => mdOpt(c ?? '', b.cell))
    .filter(Boolean)
    .join(' · ');
  return truncateMrkdwn(text || '–', b.line);
}

/** A summary table as the text of one field: bold title, top rows, "and N more rows". */
export function tableText(t: Table | undefined, where: string, b: SlackBudget): string {
  if (!t) return md(undefined, 1, where);
  const { items, more } = topN(listOf(t.rows, `${where}.rows`), b.rows);
  if (!items.length) return '';
  const headerLine = `_${rowLine(listOf(t.columns, `${where}.columns`), b, `${where}.columns`)}_`;
  const lines = items.map((r, i) => rowLine(r?.cells, b, `${where}.rows[${i}]`));
  if (more) lines.push(`_${andMore(more, more === 1 ? 'more row' : 'more rows')}_`);
  return [`*${md(t.title, b.title, `${where}.title`)}*`, headerLine, ...lines].join('\n');
}

/** Summary tables side by side as fields of one section (empty tables left out). */
export function tableFields(tables: Array<[Table | undefined, string]>, b: SlackBudget): Block[] {
  const texts = tables.map(([t, where]) => tableText(t, where, b)).filter(Boolean);
  return texts.length ? [fields(texts)] : [];
}

export interface PagedList {
  blocks: Block[];
  shown: number;
}

/**
 * One page of a long list as a section of lines ("*Title* · Rows 11–20 of 5,000") and its pager buttons.
 * `line` turns one item into escaped mrkdwn.
 */
export function pagedList<T>(
  title: string,
  rows: T[],
  paging: Paging | undefined,
  line: (r: T, i: number) => string,
  pagerValue: Record<string, unknown>,
  ids: ActionIds,
  b: SlackBudget,
): PagedList {
  const w = pageWindow(rows, paging, SLACK_PAGE_SIZE);
  if (!w.items.length) return { blocks: [], shown: 0 };
  const lines = w.items.map((r, i) => truncateMrkdwn(line(r, i), b.line));
  const blocks: Block[] = [section([`*${title}* · ${rangeText(w)}`, ...lines].join('\n'))];
  const buttons: Block[] = [];
  if (w.hasPrev)
    buttons.push(button(ids, VERBS.showMore, 'Previous', { ...pagerValue, page: w.page - 1 }, { hint: 'prev' }));
  if (w.hasNext)
    buttons.push(button(ids, VERBS.showMore, 'Show more', { ...pagerValue, page: w.page + 1 }, { hint: 'next' }));
  blocks.push(...actions(buttons));
  return { blocks, shown: w.items.length };
}

/**
 * Section text from a title, item lines and an "and N more" tail: as many whole lines as fit in a section,
 * the rest counted in the tail, so the tail is never cut off.
 */
export function fitLines(title: string, lines: string[], hidden: number, noun: (n: number) => string): string {
  const max = SLACK_LIMITS.sectionText;
  const tail = (n: number) => (n > 0 ? `\n_${andMore(n, noun(n))}_` : '');
  let text = title;
  let used = 0;
  for (const line of lines) {
    const next = `${text}\n${line}`;
    if (next.length + tail(hidden + lines.length - used - 1).length > max) break;
    text = next;
    used += 1;
  }
  return truncateMrkdwn(text + tail(hidden + lines.length - used), max);
}

/** Problems with their fixes as one section: "• *record* — message\n   _Fix: …_". */
export function problemsSection(
  title: string,
  list: Array<{ record: string; message: string; fix: string }> | undefined,
  where: string,
  b: SlackBudget,
): Block[] {
  const { items, more } = topN(listOf(list, where), b.items);
  if (!items.length) return [];
  const lines = items.map(
    (p, i) =>
      `• *${md(p?.record, b.title, `${where}[${i}].record`)}* — ${md(p?.message, b.text, `${where}[${i}].message`)}` +
      `\n    _Fix: ${mdOpt(p?.fix, b.text) || 'see the log for details.'}_`,
  );
  return [section(fitLines(`*${title}*`, lines, more, (n) => (n === 1 ? 'more problem' : 'more problems')))];
}

/** A bulleted list of plain lines. */
export function bulletSection(title: string, list: string[] | undefined, where: string, b: SlackBudget): Block[] {
  const { items, more } = topN(listOf(list, where), b.items);
  if (!items.length) return [];
  const lines = items.map((t, i) => `• ${md(t, b.text, `${where}[${i}]`)}`);
  return [section(fitLines(`*${title}*`, lines, more, () => 'more'))];
}

export const TONE_EMOJI = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  error: ':x:',
} as const;
