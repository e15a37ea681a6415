/**
 * The smaller Slack messages: help, notice, alert, progress, payment sync, batches, status and settings.
 * Each is a function (view, budget, action ids) -> blocks, like the preview, results and rerun files.
 */

import { VERBS } from '../actions.ts';
import { andMore, listOf, missingData } from '../text.ts';
import type {
  AlertView,
  BatchesView,
  HelpView,
  NoticeView,
  PaymentSyncView,
  ProgressView,
  SettingsView,
  StatusView,
} from '../view-models.ts';
import { percent, progressLine, textBar } from '../wording.ts';
import {
  actions,
  type Block,
  bulletSection,
  button,
  context,
  factFields,
  header,
  pagedList,
  problemsSection,
  rowLine,
  section,
  TONE_EMOJI,
} from './blocks.ts';
import type { ActionIds } from './ids.ts';
import type { SlackBudget } from './limits.ts';
import { md, mdOpt } from './mrkdwn.ts';

export function helpBlocks(v: HelpView, b: SlackBudget): Block[] {
  const commands = listOf(v.commands, 'help.commands');
  const max = b.facts * 2;
  const lines = commands
    .slice(0, max)
    .map(
      (c, i) =>
        `• \`${md(c?.command, b.text, `help.commands[${i}].command`)}\` — ${md(c?.description, b.text, `help.commands[${i}].description`)}`,
    );
  if (commands.length > max) lines.push(`_${andMore(commands.length - max)}_`);
  return [
    header(v.title, 'help.title', b),
    ...(v.intro ? [section(mdOpt(v.intro, b.text * 2, true))] : []),
    ...(lines.length ? [section(lines.join('\n'))] : []),
    ...bulletSection(
      'Examples',
      listOf(v.examples, 'help.examples').map((e) => `“${e}”`),
      'help.examples',
      b,
    ),
  ];
}

export function tonedBlocks(v: NoticeView | AlertView, b: SlackBudget): Block[] {
  return [
    section(
      `${TONE_EMOJI[v.tone] ?? ''} *${md(v.title, b.title, `${v.kind}.title`)}*\n${md(v.text, b.text * 3, `${v.kind}.text`, true)}`,
    ),
    ...factFields(v.facts ?? (v.kind === 'alert' ? undefined : []), `${v.kind}.facts`, b),
  ];
}

export function progressBlocks(v: ProgressView, b: SlackBudget, ids: ActionIds): Block[] {
  const facts = [
    { title: 'Phase', value: v.phase },
    ...(v.current ? [{ title: 'Now', value: v.current }] : []),
    { title: 'Started', value: v.startedAt },
  ];
  return [
    header(v.title, 'progress.title', b),
    section(
      v.total > 0
        ? `*${progressLine(v.done, v.total)}*\n\`${textBar(v.done, v.total)}\` ${percent(v.done, v.total)}%`
        : `*${mdOpt(progressLine(v.done, v.total, v.phase), 200)}*`,
    ),
    ...factFields(facts, 'progress', b),
    ...actions([button(ids, VERBS.refresh, 'Refresh', { flowId: v.flowId, card: 'progress' })]),
  ];
}

export function paymentSyncBlocks(v: PaymentSyncView, b: SlackBudget, ids: ActionIds): Block[] {
  if (!v.updated) throw missingData('paymentSync.updated');
  return [
    header(v.title, 'paymentSync.title', b),
    context(`Since ${md(v.since, b.title, 'paymentSync.since')}`),
    ...factFields(v.summary, 'paymentSync.summary', b),
    ...problemsSection(':warning: Problems', v.problems, 'paymentSync.problems', b),
    ...pagedList(
      md(v.updated.title, b.title, 'paymentSync.updated.title'),
      listOf(v.updated.rows, 'paymentSync.updated.rows'),
      v.paging,
      (r, i) => rowLine(r?.cells, b, `paymentSync.updated.rows[${i}]`),
      { flowId: v.flowId, card: 'paymentSync' },
      ids,
      b,
    ).blocks,
  ];
}

export function batchesBlocks(v: BatchesView, b: SlackBudget, ids: ActionIds): Block[] {
  if (!v.batches) throw missingData('batches.batches');
  const list = pagedList(
    md(v.batches.title, b.title, 'batches.batches.title'),
    listOf(v.batches.rows, 'batches.batches.rows'),
    v.paging,
    (r, i) => rowLine(r?.cells, b, `batches.batches.rows[${i}]`),
    { card: 'batches' },
    ids,
    b,
  );
  const columns = `_${rowLine(listOf(v.batches.columns, 'batches.batches.columns'), b, 'batches.batches.columns')}_`;
  return [
    header(v.title, 'batches.title', b),
    ...(list.shown ? [context(columns), ...list.blocks] : [section('No batches yet.')]),
  ];
}

export function statusBlocks(v: StatusView, b: SlackBudget): Block[] {
  return [header(v.title, 'status.title', b), ...factFields(v.facts, 'status.facts', b)];
}

export function settingsBlocks(v: SettingsView, b: SlackBudget, ids: ActionIds): Block[] {
  const all = listOf(v.settings, 'settings.settings');
  const shown = all.slice(0, b.facts);
  const rows = shown.map((s, i) => {
    const text = `*${md(s?.label, b.title, `settings[${i}].label`)}* — ${s?.value ? 'On' : 'Off'}\n${mdOpt(s?.description, b.text)}`;
    const block: Block = section(text);
    if (v.editable) {
      block.accessory = button(
        ids,
        VERBS.setSetting,
        s?.value ? 'Turn off' : 'Turn on',
        { settingKey: String(s?.key ?? '').slice(0, 100), settingValue: !s?.value, card: 'settings' },
        { hint: `s${i}` },
      );
    }
    return block;
  });
  if (all.length > shown.length) rows.push(context(andMore(all.length - shown.length, 'more settings')));
  if (!v.editable) rows.push(context('Only operators and approvers can change settings.'));
  return [header(v.title, 'settings.title', b), ...rows];
}
