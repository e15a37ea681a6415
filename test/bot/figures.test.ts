/**
 * Figures that reconcile: the preview headline is what will transfer (skipped and blocked apart), every amount
 * carries its currency, base-currency tables say so with the rate used, inventory totals are split by kind,
 * the alert shows the results card's per-currency totals, and a rerun that posted nothing says so.
 */
import { describe, expect, it } from 'vitest';
import { runAlert } from '../../bot/alerts.ts';
import type { FlowRecord } from '../../bot/ports.ts';
import { buildPreviewView } from '../../bot/views/preview-view.ts';
import { resultsMessage } from '../../bot/views/results-view.ts';
import type { CardView, Fact, PreviewView } from '../../cards/view-models.ts';
import { progressLine } from '../../cards/wording.ts';
import type { Preview, RunResult } from '../../core/export/types.ts';
import { tx } from './fakes.ts';

const flow = {
  id: 'flow-123456',
  type: 'preview',
  state: 'ready',
  conversation: { platform: 'teams', id: 'c', key: 'teams:c', isChannel: false },
  requester: { platform: 'teams', id: 'u', name: 'Jane Doe' },
  options: {},
  createdAt: '2026-11-29T10:00:00Z',
  updatedAt: '2026-11-29T10:00:00Z',
} as FlowRecord;

function preview(o: Partial<Preview>): Preview {
  return {
    kind: 'invoices',
    throughDate: '2026-11-27',
    detail: 'Default',
    generatedAt: '2026-11-29T10:00:00Z',
    fingerprint: 'f',
    transactions: [],
    totalsByType: {},
    totalsByCurrency: {},
    nominalImpact: [],
    taxImpact: [],
    creations: { customers: [], suppliers: [], products: [] },
    problems: [],
    suggestedBatchId: '20261129JD-I',
    baseCurrency: 'GBP',
    ...o,
  };
}

const fact = (facts: Fact[], title: string) => facts.find((f) => f.title === title)?.value;

describe('preview figures', () => {
  it('the headline is what transfers; skipped and blocked rows are counted apart with their own totals', () => {
    const v = buildPreviewView(
      flow,
      preview({
        transactions: [
          tx(1),
          tx(2, { currency: 'EUR', net: 80000, tax: 8000, total: 88000 }),
          tx(3, { status: 'skip', total: 4500 }),
          tx(4, { status: 'problem', total: 5000 }),
        ],
        totalsByType: {
          Standard: { count: 3, net: 1, tax: 2, total: 3 },
          'Standard (EUR)': { count: 1, net: 4, tax: 5, total: 6 },
        },
        nominalImpact: [{ key: '4000', name: 'Sales', net: 95000, tax: 0 }],
        taxImpact: [{ key: 'T1', name: 'Standard', net: 95000, tax: 19000 }],
        exchangeRates: { EUR: [1.15] },
      }),
      0,
      'Europe/London',
    ) as PreviewView;
    expect(fact(v.summary, 'To transfer')).toBe('2 transactions');
    expect(fact(v.summary, 'Total to transfer')).toBe('GBP 120.00; EUR 880.00');
    expect(fact(v.summary, 'Not transferred')).toBe('1 transaction (GBP 45.00, not in the total)');
    expect(fact(v.summary, 'With problems')).toBe('1 transaction (GBP 50.00, not in the total)');
    expect(fact(v.summary, 'Exchange rates')).toBe('EUR 1.1500 = GBP 1 (used for the GBP figures)');
    expect(v.totalsByType.rows.map((r) => r.cells[4])).toEqual(['GBP 0.03', 'EUR 0.06']);
    expect(v.nominalImpact.title).toBe('Impact per nominal code (GBP, the base currency, foreign documents converted)');
    expect(v.nominalImpact.rows[0].cells.slice(2)).toEqual(['GBP 950.00', 'GBP 0.00']);
    expect(v.taxImpact.title).toMatch(/\(GBP, the base currency/);
  });

  it('inventory totals are split into purchases, adjustments and transfers', () => {
    const v = buildPreviewView(
      flow,
      preview({
        kind: 'inventory',
        transactions: [
          tx(1, { type: 'Purchase', total: 10000 }),
          tx(2, { type: 'Adjustment', total: 2500 }),
          tx(3, { type: 'Transfer', total: 700 }),
        ],
      }),
      0,
      'Europe/London',
    ) as PreviewView;
    expect(fact(v.summary, 'Total to transfer')).toBeUndefined();
    expect(fact(v.summary, 'Purchases to transfer')).toBe('1 transaction, GBP 100.00');
    expect(fact(v.summary, 'Adjustments to transfer')).toBe('1 transaction, GBP 25.00');
    expect(fact(v.summary, 'Transfers to transfer')).toBe('1 transaction, GBP 7.00');
  });
});

function result(o: Partial<RunResult>): RunResult {
  return {
    runId: 'r',
    batch: 'B-1',
    kind: 'invoices',
    outcome: 'completed',
    manageBatchId: 7,
    posted: [{ manageId: 1, number: '401', sage: ['SI 4010'] }],
    skipped: [],
    failed: [],
    problems: [],
    totalsByCurrency: {
      GBP: { count: 1, net: 1, tax: 1, total: 2833199 },
      EUR: { count: 1, net: 1, tax: 1, total: 88000 },
      USD: { count: 1, net: 1, tax: 1, total: 155000 },
    },
    totals: { count: 3, net: 1, tax: 1, total: 3030460 },
    startedAt: '2026-11-29T10:00:00Z',
    finishedAt: '2026-11-29T10:01:00Z',
    ...o,
  };
}

const factsOf = (card: CardView | undefined) =>
  (card && 'facts' in card ? card.facts : card && 'summary' in card ? card.summary : []) as Fact[];

describe('results and alerts', () => {
  it('the alert shows the same per-currency figures as the results card, each with its currency', () => {
    const r = result({});
    const results = factsOf(resultsMessage({ ...flow, state: 'done' }, r, [], 0, 'Europe/London').card);
    const alert = factsOf(runAlert(r, 'Jane Doe').card);
    expect(fact(results, 'Total posted')).toBe('GBP 28,331.99; EUR 880.00; USD 1,550.00');
    expect(fact(alert, 'Total posted')).toBe(fact(results, 'Total posted'));
    expect(JSON.stringify(alert)).not.toContain('30,304.60');
  });

  it('a rerun that posted nothing does not show the batch total as posted', () => {
    const r = result({
      posted: [],
      skipped: [{ manageId: 1, number: '401', sage: ['SI 4010'], reason: 'already in Sage' }],
    });
    const results = factsOf(resultsMessage({ ...flow, state: 'done' }, r, [], 0, 'Europe/London').card);
    expect(fact(results, 'Total posted')).toBe('nothing new (1 record already in Sage)');
    expect(fact(factsOf(runAlert(r, 'Jane', true).card), 'Total posted')).toBe(
      'nothing new (1 record already in Sage)',
    );
  });

  it('progress before anything is counted shows the phase, never "0 of 0 (0%)"', () => {
    expect(progressLine(0, 0, 'Checking nothing changed since the preview')).toBe(
      'Checking nothing changed since the preview…',
    );
    expect(progressLine(3, 10)).toBe('3 of 10 (30%)');
  });
});

describe('rerun wording', () => {
  it('one warning; a batch wholly in Sage says a rerun would post nothing', async () => {
    const { rerunMessage } = await import('../../bot/views/rerun-view.ts');
    const plan = {
      batch: 'B-1',
      kind: 'invoices' as const,
      manageBatchId: 7,
      warning: 'Rerunning can create duplicates.',
      documents: [{ manageId: 1, number: '401', sage: ['SI 4010'], alreadyInSage: true }],
    };
    const m = rerunMessage({ ...flow, type: 'rerun', state: 'ready' }, plan, 0);
    const v = m.card as { warning: string };
    expect(v.warning).toBe(
      'Every document of batch B-1 is already in Sage, so a rerun would post nothing (unless duplicates are asked for).',
    );
    expect(m.text).toBe(v.warning);
  });
});
