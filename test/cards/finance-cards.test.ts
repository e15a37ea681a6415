/**
 * What a finance team reads on the cards, in both renderings: no "Approve rerun" when a rerun would
 * post nothing, a forced rerun approved as such, results and alerts that split inventory by kind with the
 * currency on every amount and never show what Sage already held as posted, advice after a forced rerun that
 * never asks for it again, help lines shown whole, skip reasons shown whole, new customers named.
 */
import { describe, expect, it } from 'vitest';
import { runAlert } from '../../bot/alerts.ts';
import type { FlowRecord } from '../../bot/ports.ts';
import { helpMessage } from '../../bot/views/info-views.ts';
import { resultsMessage } from '../../bot/views/results-view.ts';
import { INPUTS, VERBS } from '../../cards/actions.ts';
import { checkBlockKit, renderBlockKit, verbFromActionId } from '../../cards/index.ts';
import type { CardView } from '../../cards/view-models.ts';
import type { RunResult } from '../../core/export/types.ts';
import { checkCard } from './card-check.ts';
import { preview, rerun } from './fixtures.ts';
import { executesOf, inputsOf, objects, textOf } from './helpers.ts';

type Obj = Record<string, any>;

function slack(view: CardView): { text: string; blocks: Obj[]; all: string } {
  const m = renderBlockKit(view);
  expect(checkBlockKit(m)).toEqual([]);
  return { ...m, blocks: m.blocks as Obj[], all: JSON.stringify(m.blocks) };
}

const adaptiveVerbs = (v: CardView) =>
  executesOf(checkCard(v))
    .map((a) => a.verb)
    .filter((x) => x !== VERBS.showMore);
const slackButtons = (v: CardView) =>
  objects(slack(v).blocks)
    .filter((o) => o.type === 'button')
    .filter((o) => verbFromActionId(o.action_id) !== VERBS.showMore);

describe('rerun card: approval only when something would be posted', () => {
  const nothing = rerun({ alreadyInSage: 25, toPost: 0, warning: 'Every document is already in Sage.' });

  it('a rerun that would post nothing has no Approve rerun and no Force toggle, only Cancel', () => {
    expect(adaptiveVerbs(nothing)).toEqual([VERBS.cancel]);
    expect(inputsOf(checkCard(nothing))).toEqual([]);
    expect(textOf(checkCard(nothing))).not.toContain('Approve rerun');
    expect(slackButtons(nothing).map((b) => verbFromActionId(b.action_id))).toEqual([VERBS.cancel]);
    expect(objects(slack(nothing).blocks).some((o) => o.type === 'checkboxes')).toBe(false);
    expect(slack(nothing).text).not.toMatch(/Approve/);
  });

  it('a rerun with something to post keeps Approve rerun and the Force toggle', () => {
    expect(adaptiveVerbs(rerun())).toEqual([VERBS.approveRerun, VERBS.cancel]);
    expect(inputsOf(checkCard(rerun())).map((i) => i.id)).toEqual([INPUTS.force]);
  });

  it('a forced rerun says so on its button, needs no toggle, and asks to confirm duplicates in Slack', () => {
    const forced = rerun({ forced: true, toPost: 25 });
    const approve = executesOf(checkCard(forced)).find((a) => a.verb === VERBS.approveRerun);
    expect(approve?.title).toBe('Approve forced rerun');
    expect(inputsOf(checkCard(forced))).toEqual([]);
    const [button] = slackButtons(forced);
    expect(button.text.text).toBe('Approve forced rerun');
    expect(button.confirm.text.text).toMatch(/duplicates/);
    expect(objects(slack(forced).blocks).some((o) => o.type === 'checkboxes')).toBe(false);
  });
});

const flow = {
  id: 'flow-123456',
  type: 'preview',
  state: 'done',
  conversation: { platform: 'teams', id: 'c', key: 'teams:c', isChannel: false },
  requester: { platform: 'teams', id: 'u', name: 'Jane Doe' },
  approvedBy: { platform: 'teams', id: 'b', name: 'Bea Boss' },
  options: {},
  createdAt: '2026-11-29T10:00:00Z',
  updatedAt: '2026-11-29T10:00:00Z',
} as FlowRecord;

const NON_REIMBURSABLE =
  'Non-reimbursable expense: not transferred to Sage (batch it manually in Manage to clear it from the unposted list).';

function run(o: Partial<RunResult>): RunResult {
  return {
    runId: 'r',
    batch: 'B-1',
    kind: 'invoices',
    outcome: 'completed',
    manageBatchId: 7,
    posted: [],
    skipped: [],
    failed: [],
    problems: [],
    totalsByCurrency: {},
    totals: { count: 0, net: 0, tax: 0, total: 0 },
    postedByType: {},
    alreadyByCurrency: {},
    startedAt: '2026-11-29T10:00:00Z',
    finishedAt: '2026-11-29T10:01:00Z',
    ...o,
  };
}

const t = (total: number, count = 1) => ({ count, net: total, tax: 0, total });

describe('results and alert cards: inventory split by kind, currency on every amount', () => {
  const inventory = run({
    kind: 'inventory',
    posted: [
      { manageId: 1, number: '102', sage: ['PO 102'] },
      { manageId: 2, number: 'ADJ #1', sage: ['AI ADJ #1/1'] },
      { manageId: 3, number: 'TRF #1', sage: ['AO TRF #1', 'AI TRF #1'] },
    ],
    totalsByCurrency: { GBP: t(13200, 3) },
    postedByType: { Purchase: { GBP: t(10000) }, Adjustment: { GBP: t(2500) }, Transfer: { GBP: t(700) } },
  });
  const kinds = ['Purchases posted', 'Adjustments posted', 'Transfers posted'];

  it('the results card (Teams and Slack) shows a total per kind and no single sum', () => {
    const view = resultsMessage(flow, inventory, [], 0, 'Europe/London').card as CardView;
    const teams = textOf(checkCard(view));
    const blocks = slack(view).all;
    for (const text of [teams, blocks]) {
      for (const k of kinds) expect(text).toContain(k);
      expect(text).toContain('1 transaction, GBP 100.00');
      expect(text).toContain('1 transaction, GBP 25.00');
      expect(text).toContain('1 transaction, GBP 7.00');
      expect(text).not.toContain('132.00');
      expect(text).not.toContain('Total posted');
    }
  });

  it('the alert card (Teams and Slack) shows the same split', () => {
    const view = runAlert(inventory, 'Bea Boss').card as CardView;
    for (const text of [textOf(checkCard(view)), slack(view).all]) {
      for (const k of kinds) expect(text).toContain(k);
      expect(text).toContain('GBP 7.00');
      expect(text).not.toContain('132.00');
    }
  });

  it('a rerun that posted nothing shows no posted total on either card', () => {
    const nothing = run({
      skipped: [{ manageId: 1, number: '401', sage: ['SI 4010'], reason: 'already in Sage' }],
      totalsByCurrency: { GBP: t(120000) },
      alreadyByCurrency: { GBP: t(120000) },
    });
    const rerunFlow = { ...flow, type: 'rerun' } as FlowRecord;
    const view = resultsMessage(rerunFlow, nothing, [], 0, 'Europe/London').card as CardView;
    for (const text of [textOf(checkCard(view)), slack(view).all]) {
      expect(text).toContain('nothing new');
      expect(text).toContain('Already in Sage (not posted now)');
      expect(text).toContain('GBP already in Sage');
      expect(text).not.toMatch(/Totals per currency/);
    }
  });
});

describe('results card after a forced rerun', () => {
  it('never advises rerunning or forcing the batch again', () => {
    const r = run({
      outcome: 'partial',
      posted: [{ manageId: 2, number: '402', sage: ['SI 4020'] }],
      postedByType: { Invoice: { GBP: t(5000) } },
      failed: [
        {
          manageId: 1,
          number: '401',
          code: 'SAGE_DUPLICATE_NUMBER',
          message: 'Invoice 4010 already exists in Sage.',
          fix: 'It was probably transferred before: check Invoices and credits in Sage before sending it again.',
        },
      ],
    });
    const forced = { ...flow, type: 'rerun', options: { force: true } } as FlowRecord;
    const view = resultsMessage(forced, r, [], 0, 'Europe/London').card as CardView;
    for (const text of [textOf(checkCard(view)), slack(view).all]) {
      expect(text).not.toMatch(/then rerun the batch|before sending it again/);
      expect(text).toContain('do not force this batch again');
      expect(text).toContain('already holds this document');
    }
    const plain = resultsMessage({ ...forced, options: {} }, r, [], 0, 'Europe/London').card as CardView;
    expect(textOf(checkCard(plain))).toContain('Failed — fix these, then rerun the batch');
  });
});

describe('text shown whole', () => {
  it('help: every command and its description in full (Teams and Slack)', () => {
    const view = helpMessage().card as CardView;
    const teams = textOf(checkCard(view));
    const blocks = slack(view).all;
    for (const text of [teams, blocks]) {
      expect(text).toContain('run | preview invoices | expenses | inventory');
      expect(text).toContain('sync payments [since last run | last week | two weeks | last month |');
      expect(text).toContain('detail default|condensed|detailed');
      expect(text).not.toContain('…');
    }
  });

  it('the reason a claim is skipped, in the preview and the results (Teams and Slack)', () => {
    const p = preview({ skipReasons: [`EXP2005, EXP2006: ${NON_REIMBURSABLE}`] });
    for (const text of [textOf(checkCard(p)), slack(p).all]) expect(text).toContain(NON_REIMBURSABLE);
    const r = run({
      kind: 'expenses',
      skipped: [{ manageId: 5, number: 'EXP2005', sage: [], reason: NON_REIMBURSABLE }],
    });
    const view = resultsMessage(flow, r, [], 0, 'Europe/London').card as CardView;
    for (const text of [textOf(checkCard(view)), slack(view).all])
      expect(text).toContain(`EXP2005: ${NON_REIMBURSABLE}`);
  });

  it('customers to be created are listed with their names, not cut (Teams and Slack)', () => {
    const value = 'ACME001 (Acme Holdings Ltd), BRAMB01 (Bramble Consulting Ltd), CAVEN01 (Cavendish Dental Group)';
    const p = preview({ creations: [{ title: 'Customers to create', value }] });
    for (const text of [textOf(checkCard(p)), slack(p).all]) expect(text).toContain(value);
  });
});
