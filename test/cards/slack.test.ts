/**
 * Block Kit: every view model (ordinary, long, hostile) within every Slack limit, action ids that are the
 * shared verbs, user text escaped so it cannot ping, the batch number input the adapter reads, and the modal.
 */
import { describe, expect, it } from 'vitest';
import { INPUTS, VERBS } from '../../cards/actions.ts';
import {
  blocksChars,
  checkBlockKit,
  parseButtonValue,
  readBatchId,
  readForce,
  renderBatchModal,
  renderBlockKit,
  SLACK_ACTION_ID_PATTERN,
  SLACK_BLOCK_IDS,
  SLACK_CALLBACK_IDS,
  SLACK_PAGE_SIZE,
  verbFromActionId,
} from '../../cards/index.ts';
import type { CardView } from '../../cards/view-models.ts';
import {
  catalogue,
  HOSTILE,
  hostile,
  hostileCatalogue,
  preview,
  previewIn,
  rerun,
  results,
  settings,
  txRows,
} from './fixtures.ts';
import { objects } from './helpers.ts';

const verbs = Object.values(VERBS) as string[];
type Obj = Record<string, any>;

/** The limits, checked here independently of checkBlockKit (which is checked too). */
function checkMessage(view: CardView): { text: string; blocks: Obj[] } {
  const m = renderBlockKit(view);
  expect(checkBlockKit(m)).toEqual([]);
  expect(m.text.trim().length).toBeGreaterThan(0);
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  expect(blocksChars(m.blocks)).toBeLessThanOrEqual(12_000);
  const actionIds = new Set<string>();
  for (const b of m.blocks as Obj[]) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(10);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
    if (b.type === 'actions') expect(b.elements.length).toBeLessThanOrEqual(25);
  }
  for (const o of objects(m.blocks)) {
    if (o.type === 'button') {
      expect(o.text.text.length).toBeLessThanOrEqual(75);
      expect(o.action_id.length).toBeLessThanOrEqual(255);
      expect(o.action_id).toMatch(SLACK_ACTION_ID_PATTERN);
      expect(verbs).toContain(verbFromActionId(o.action_id));
      expect(actionIds.has(o.action_id)).toBe(false);
      actionIds.add(o.action_id);
      expect(o.value.length).toBeLessThanOrEqual(2000);
      expect(JSON.parse(o.value)).toEqual(parseButtonValue(o.value));
    }
    if (o.type === 'plain_text_input') expect(o.action_id).toBe(INPUTS.batchId);
    if (o.type === 'checkboxes') expect(o.action_id).toBe(INPUTS.force);
  }
  return m as { text: string; blocks: Obj[] };
}

/** All mrkdwn strings, and the message text, minus the links the renderer made itself. */
function mrkdwnTexts(m: { text: string; blocks: Obj[] }): string[] {
  const texts = objects(m.blocks)
    .filter((o) => o.type === 'mrkdwn')
    .map((o) => o.text as string);
  return [m.text, ...texts].map((t) => t.replace(/<https?:\/\/[^\s|<>]+\|[^<>]+>/g, ''));
}

describe('block kit: every view model within the limits', () => {
  it.each(catalogue())('%s', (_name, view) => {
    checkMessage(view);
  });

  it('every hostile variant stays within the limits and cannot ping', () => {
    for (const [name, view] of hostileCatalogue()) {
      try {
        const m = checkMessage(view);
        for (const t of mrkdwnTexts(m)) expect(t).not.toMatch(/[<>]/);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
    }
  });

  it('escapes & < > in user text', () => {
    const m = checkMessage(hostile(preview(), HOSTILE.slack));
    // Slack parses mentions in mrkdwn and in the message text; plain_text (header, input value) is shown as typed.
    const parsed = mrkdwnTexts(m).join('\n');
    expect(parsed).not.toContain('<!channel>');
    expect(parsed).not.toContain('<@U123ABC>');
    expect(parsed).toContain('&lt;!channel&gt;');
    expect(parsed).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('unknown kinds and missing data fail loudly', () => {
    expect(() => renderBlockKit({ kind: 'nope' } as unknown as CardView)).toThrow(
      expect.objectContaining({ code: 'CARD_UNKNOWN_KIND' }),
    );
    const v = preview();
    delete (v as Partial<typeof v>).throughDate;
    expect(() => renderBlockKit(v)).toThrow(
      expect.objectContaining({ code: 'CARD_DATA_MISSING', message: expect.stringContaining('preview.throughDate') }),
    );
  });
});

describe('block kit: the 5,000-transaction preview', () => {
  const rows = txRows(5000);
  const pages = Math.ceil(5000 / SLACK_PAGE_SIZE);

  it('every page is within the limits and pages with Show more', () => {
    for (let page = 0; page < pages; page += 1) {
      const m = checkMessage(preview({ transactions: rows, paging: { page, pageSize: 15, totalItems: 5000 } }));
      const all = JSON.stringify(m.blocks);
      expect(all).toContain(rows[page * SLACK_PAGE_SIZE].number);
      const buttons = objects(m.blocks).filter(
        (o) => o.type === 'button' && verbFromActionId(o.action_id) === VERBS.showMore,
      );
      const next = buttons.find((b) => b.text.text === 'Show more');
      if (page < pages - 1)
        expect(JSON.parse(next!.value)).toEqual({ flowId: 'flow-7f3a9c1e', card: 'preview', page: page + 1 });
      else expect(next).toBeUndefined();
      if (page > 0) expect(buttons.find((b) => b.text.text === 'Previous')).toBeDefined();
    }
  });

  it('long results, reruns and problem lists stay within the limits', () => {
    for (const page of [0, 250, 499]) {
      checkMessage(results({ paging: { page, pageSize: 10, totalItems: 5000 } }, 5000));
      checkMessage(rerun({ paging: { page, pageSize: 10, totalItems: 5000 } }, 5000));
    }
    const m = checkMessage(
      previewIn('blocked', {
        problems: Array.from({ length: 800 }, (_, i) => ({
          record: `R${i}`,
          message: 'm'.repeat(900),
          fix: 'f'.repeat(900),
        })),
      }),
    );
    expect(JSON.stringify(m.blocks)).toMatch(/and 79\d more problems/);
  });
});

describe('block kit: buttons and inputs', () => {
  const buttonsOf = (v: CardView) =>
    objects(checkMessage(v).blocks)
      .filter((o) => o.type === 'button')
      .map((o) => verbFromActionId(o.action_id))
      .filter((x) => x !== VERBS.showMore);

  it('preview states carry the right buttons', () => {
    expect(buttonsOf(previewIn('ready'))).toEqual([VERBS.approve, VERBS.cancel]);
    expect(buttonsOf(previewIn('stale'))).toEqual([VERBS.approve, VERBS.cancel]);
    expect(buttonsOf(previewIn('blocked'))).toEqual([VERBS.recheck, VERBS.cancel]);
    for (const s of ['approved', 'cancelled', 'empty'] as const) expect(buttonsOf(previewIn(s))).toEqual([]);
    expect(buttonsOf(rerun())).toEqual([VERBS.approveRerun, VERBS.cancel]);
    expect(buttonsOf(rerun({ state: 'cancelled' }))).toEqual([]);
  });

  it('the batch number input is where the adapter reads it', () => {
    const m = checkMessage(previewIn('ready'));
    const input = m.blocks.find((b) => b.type === 'input');
    expect(input).toMatchObject({
      block_id: SLACK_BLOCK_IDS.batchId,
      element: { type: 'plain_text_input', action_id: INPUTS.batchId, initial_value: 'INV-2026-11-27', max_length: 50 },
    });
    expect(input!.dispatch_action).toBeUndefined();
    const state = { [SLACK_BLOCK_IDS.batchId]: { [INPUTS.batchId]: { type: 'plain_text_input', value: ' INV-9 ' } } };
    expect(readBatchId(state)).toBe('INV-9');
    expect(readBatchId({ other: { [INPUTS.batchId]: { value: 'INV-8' } } })).toBe('INV-8');
    expect(readBatchId(undefined)).toBeUndefined();
    expect(checkMessage(previewIn('blocked')).blocks.find((b) => b.type === 'input')).toBeUndefined();
  });

  it('the rerun Force checkbox is read from state', () => {
    const m = checkMessage(rerun());
    expect(m.blocks.find((b) => b.type === 'input')).toMatchObject({
      block_id: SLACK_BLOCK_IDS.force,
      element: { action_id: INPUTS.force },
    });
    expect(readForce({ [SLACK_BLOCK_IDS.force]: { [INPUTS.force]: { selected_options: [{ value: 'true' }] } } })).toBe(
      true,
    );
    expect(readForce({ [SLACK_BLOCK_IDS.force]: { [INPUTS.force]: { selected_options: [] } } })).toBe(false);
  });

  it('repeated verbs get unique suffixed action ids', () => {
    const m = checkMessage(settings());
    const ids = objects(m.blocks)
      .filter((o) => o.type === 'button')
      .map((o) => o.action_id);
    expect(ids).toEqual(['sagebot.setSetting', 'sagebot.setSetting:s1']);
    const paged = checkMessage(preview({ paging: { page: 1, pageSize: 10, totalItems: 42 } }));
    const more = objects(paged.blocks)
      .filter((o) => o.type === 'button')
      .map((o) => o.action_id);
    expect(more).toEqual(['sagebot.showMore', 'sagebot.showMore:next', 'sagebot.approve', 'sagebot.cancel']);
  });

  it('click values and action ids from outside are parsed defensively', () => {
    expect(verbFromActionId('sagebot.showMore:next')).toBe(VERBS.showMore);
    expect(verbFromActionId('sagebot.nope')).toBeUndefined();
    expect(verbFromActionId(42)).toBeUndefined();
    expect(parseButtonValue('not json')).toEqual({});
    expect(parseButtonValue('[1]')).toEqual({});
    expect(
      parseButtonValue(JSON.stringify({ flowId: 'f', page: -1, card: 'x'.repeat(99), settingValue: 'yes' })),
    ).toEqual({ flowId: 'f' });
    expect(parseButtonValue('x'.repeat(3000))).toEqual({});
  });
});

describe('block kit: the batch number modal', () => {
  it('is a valid modal with the same input', () => {
    for (const v of [
      previewIn('ready'),
      previewIn('ready', { batchIdError: 'Exists' }),
      hostile(preview(), HOSTILE.huge),
      hostile(preview(), HOSTILE.slack),
    ]) {
      const modal = renderBatchModal(v) as Obj;
      expect(modal.type).toBe('modal');
      expect(modal.callback_id).toBe(SLACK_CALLBACK_IDS.batchModal);
      for (const k of ['title', 'submit', 'close']) expect(modal[k].text.length).toBeLessThanOrEqual(24);
      expect(JSON.parse(modal.private_metadata)).toEqual({ flowId: v.flowId });
      expect(modal.blocks.length).toBeLessThanOrEqual(100);
      expect(checkBlockKit({ text: 'x', blocks: modal.blocks }, 100)).toEqual([]);
      expect(modal.blocks.find((b: Obj) => b.type === 'input')).toMatchObject({
        block_id: SLACK_BLOCK_IDS.batchId,
        element: { action_id: INPUTS.batchId },
      });
      const mrkdwn = objects(modal.blocks)
        .filter((o) => o.type === 'mrkdwn')
        .map((o) => o.text)
        .join('\n');
      expect(mrkdwn).not.toContain('<!channel>');
    }
  });
});
