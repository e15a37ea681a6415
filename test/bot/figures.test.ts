/**
 * Figures that reconcile: the preview headline is what will transfer (skipped and blocked apart), every amount
 * carries its currency, base-currency tables say so with the rate used, inventory totals are split by kind,
 * the alert shows the results card's per-currency totals, and a rerun that posted nothing says so.
 */
import { describe, expect, it } from 'vitest';
import { runAlert, syncAlert } from '../../bot/alerts.ts';
import type { FlowRecord } from '../../bot/ports.ts';
import { buildPreviewView } from '../../bot/views/preview-view.ts';
import { resultsMessage } from '../../bot/views/results-view.ts';
import { syncMessage } from '../../bot/views/sync-view.ts';
import type { CardView, Fact, PreviewView, ResultsView } from '../../cards/view-models.ts';
import { progressLine } from '../../cards/wording.ts';
import type { PaymentSyncResult, Preview, RunResult } from '../../core/export/types.ts';
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

  it('customers and suppliers to create are shown with their names; each skip reason once and whole', () => {
    const reason =
      'Non-reimbursable expense: not transferred to Sage (batch it manually in Manage to clear it from the unposted list).';
    const v = buildPreviewView(
      flow,
      preview({
        transactions: [tx(1), tx(2, { status: 'skip', note: reason }), tx(3, { status: 'skip', note: reason })],
        creations: {
          customers: ['ACME001', 'BRAMB01'],
          suppliers: ['DELL01'],
          products: ['DOCK-WD19'],
          names: { ACME001: 'Acme Holdings Ltd', BRAMB01: 'Bramble Consulting', DELL01: 'Dell UK' },
        },
      }),
      0,
      'Europe/London',
    ) as PreviewView;
    expect(fact(v.creations, 'Customers to create')).toBe('ACME001 (Acme Holdings Ltd), BRAMB01 (Bramble Consulting)');
    expect(fact(v.creations, 'Suppliers to create')).toBe('DELL01 (Dell UK)');
    expect(fact(v.creations, 'Products to create')).toBe('DOCK-WD19');
    const numbers = [2, 3].map((n) => tx(n).number).join(', ');
    expect(v.skipReasons).toEqual([`${numbers}: ${reason}`]);
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

  it('a rerun that posted nothing shows no posted total: what Sage already held is apart, said as such', () => {
    const r = result({
      posted: [],
      skipped: [{ manageId: 1, number: '401', sage: ['SI 4010'], reason: 'already in Sage' }],
      totalsByCurrency: { GBP: { count: 1, net: 100000, tax: 20000, total: 120000 } },
      postedByType: {},
      alreadyByCurrency: { GBP: { count: 1, net: 100000, tax: 20000, total: 120000 } },
    });
    const card = resultsMessage({ ...flow, type: 'rerun', state: 'done' }, r, [], 0, 'Europe/London')
      .card as ResultsView;
    expect(fact(card.summary, 'Total posted')).toBe('nothing new');
    expect(fact(card.summary, 'Already in Sage (not posted now)')).toBe('1 record, GBP 1,200.00');
    // The table never shows the batch's total as a posted one.
    expect(card.totals.rows.map((row) => row.cells[0])).toEqual(['GBP already in Sage']);
    expect(card.totals.title).toMatch(/not posted now/);
    const alert = factsOf(runAlert(r, 'Jane', true).card);
    expect(fact(alert, 'Total posted')).toBe('nothing new');
    expect(fact(alert, 'Already in Sage (not posted now)')).toBe('1 record, GBP 1,200.00');
  });

  it('inventory results and alerts: one total per kind (purchases, adjustments, transfers), each with its currency', () => {
    const gbp = (total: number, count = 1) => ({ GBP: { count, net: total, tax: 0, total } });
    const r = result({
      kind: 'inventory',
      posted: [
        { manageId: 1, number: '102', sage: ['PO 102'] },
        { manageId: 2, number: '103', sage: ['PO 103'] },
        { manageId: 3, number: 'ADJ #1', sage: ['AI ADJ #1/1'] },
        { manageId: 4, number: 'TRF #1', sage: ['AO TRF #1', 'AI TRF #1'] },
      ],
      totalsByCurrency: gbp(13200, 4),
      postedByType: {
        Purchase: { ...gbp(10000, 1), EUR: { count: 1, net: 500, tax: 0, total: 500 } },
        Adjustment: gbp(2500),
        Transfer: gbp(700),
      },
      alreadyByCurrency: {},
    });
    const card = resultsMessage({ ...flow, state: 'done' }, r, [], 0, 'Europe/London').card as ResultsView;
    const alert = factsOf(runAlert(r, 'Jane').card);
    for (const facts of [card.summary, alert]) {
      expect(fact(facts, 'Total posted')).toBeUndefined();
      expect(fact(facts, 'Purchases posted')).toBe('2 transactions, GBP 100.00; EUR 5.00');
      expect(fact(facts, 'Adjustments posted')).toBe('1 transaction, GBP 25.00');
      expect(fact(facts, 'Transfers posted')).toBe('1 transaction, GBP 7.00');
      expect(JSON.stringify(facts)).not.toContain('132.00');
    }
    expect(card.totals.rows.map((row) => row.cells)).toEqual([
      ['Purchases GBP', '1', 'GBP 100.00', 'GBP 0.00', 'GBP 100.00'],
      ['Purchases EUR', '1', 'EUR 5.00', 'EUR 0.00', 'EUR 5.00'],
      ['Adjustments GBP', '1', 'GBP 25.00', 'GBP 0.00', 'GBP 25.00'],
      ['Transfers GBP', '1', 'GBP 7.00', 'GBP 0.00', 'GBP 7.00'],
    ]);
  });

  it('after a forced rerun the advice never suggests rerunning or forcing it again', () => {
    const r = result({
      outcome: 'partial',
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
    const forced = { ...flow, type: 'rerun', state: 'done', options: { force: true } } as FlowRecord;
    const card = resultsMessage(forced, r, [], 0, 'Europe/London').card as ResultsView;
    expect(card.failedTitle).toBeDefined();
    const advice = [card.failedTitle, ...card.failed.map((f) => f.fix)].join(' ');
    expect(advice).not.toMatch(/then rerun|rerun the batch|sending it again|force it again|force the rerun/i);
    expect(card.failed[0].fix).toMatch(/already holds this document/);
    expect(fact(card.summary, 'Rerun')).toMatch(/^forced/);
    // A plain rerun (and a run) keeps the usual advice.
    const plain = resultsMessage({ ...forced, options: {} }, r, [], 0, 'Europe/London').card as ResultsView;
    expect(plain.failedTitle).toBeUndefined();
    expect(plain.failed[0].fix).toMatch(/before sending it again/);
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
      'Every document of batch B-1 is already in Sage, so a rerun would post nothing. To send them again as duplicates on purpose, say "rerun B-1 force".',
    );
    expect(m.text).toBe(v.warning);
    expect(m.card).toMatchObject({ toPost: 0 });
  });
});

/** Amounts ("1,234.50", "-0.03") a reader sees without a currency code right before them. */
function bareAmounts(message: unknown): string[] {
  const text = JSON.stringify(message);
  return [...text.matchAll(/(?<![A-Z]{3} |[\d.,])-?\d{1,3}(?:,\d{3})*\.\d{2}(?![\d])/g)].map((m) =>
    text.slice(Math.max(0, m.index - 30), m.index + m[0].length),
  );
}

describe('every amount a user reads carries its currency', () => {
  const rich = preview({
    transactions: [
      tx(1),
      tx(2, { currency: 'EUR', net: 80000, tax: 8000, total: 88000 }),
      tx(3, { status: 'skip', total: 4500, note: 'no billable lines' }),
      tx(4, { status: 'problem', total: 5000 }),
    ],
    leftOut: [
      {
        manageId: 5,
        type: 'Standard',
        number: '405',
        party: 'Customer 5',
        currency: 'USD',
        total: 155000,
        status: 'problem',
      },
    ],
    totalsByType: {
      Standard: { count: 3, net: 1, tax: 2, total: 3 },
      'Standard (EUR)': { count: 1, net: 4, tax: 5, total: 6 },
    },
    totalsByCurrency: {
      GBP: { count: 3, net: 30000, tax: 6000, total: 36000 },
      EUR: { count: 1, net: 80000, tax: 8000, total: 88000 },
    },
    nominalImpact: [{ key: '4000', name: 'Sales', net: 95000, tax: 0 }],
    taxImpact: [{ key: 'T1', name: 'Standard', net: 95000, tax: 19000 }],
    exchangeRates: { EUR: [1.15] },
  });
  const done = { ...flow, state: 'done' } as FlowRecord;

  it('preview (every state), results, the run alert and a rerun that posted nothing', () => {
    // The check itself: the old alert's "Total 30,304.60" is caught, "GBP 28,331.99" is not.
    expect(bareAmounts({ text: 'Total 30,304.60; GBP 28,331.99; rate 1.1500' })).toEqual(['{"text":"Total 30,304.60']);
    for (const state of ['ready', 'blocked', 'stale', 'empty', 'done', 'cancelled'] as FlowRecord['state'][])
      expect(bareAmounts(buildPreviewView({ ...flow, state }, rich, 0, 'Europe/London'))).toEqual([]);
    const r = result({
      failed: [{ manageId: 2, number: '402', code: 'SAGE_X', message: 'refused' }],
      skipped: [{ manageId: 3, number: '403', sage: ['SI 4030'], reason: 'already in Sage' }],
      postedByType: { Standard: { GBP: { count: 1, net: 100000, tax: 20000, total: 120000 } } },
      alreadyByCurrency: { EUR: { count: 1, net: 1000, tax: 0, total: 1000 } },
    } as Partial<RunResult>);
    expect(bareAmounts(resultsMessage(done, r, [], 0, 'Europe/London'))).toEqual([]);
    expect(bareAmounts(runAlert(r, 'Jane Doe'))).toEqual([]);
    expect(bareAmounts(runAlert(result({ posted: [] }), 'Jane Doe', true))).toEqual([]);
    expect(bareAmounts(resultsMessage({ ...done, type: 'rerun' }, result({ posted: [] }), [], 0, 'UTC'))).toEqual([]);
  });

  it('payment-sync results and alert', () => {
    const r: PaymentSyncResult = {
      since: '2026-11-01',
      checked: 3,
      updated: [
        {
          invoiceNumber: '10001',
          manageInvoiceId: 1,
          previousPaid: 0,
          paid: 120050,
          total: 120050,
          currency: 'GBP',
          fullyPaid: true,
          datePaid: '2026-11-20',
        },
        {
          invoiceNumber: '10003',
          manageInvoiceId: 3,
          previousPaid: 1000,
          paid: 5000,
          total: 88000,
          currency: 'EUR',
          fullyPaid: false,
        },
      ],
      unchanged: 1,
      problems: [],
      manageWrites: 2,
      startedAt: '2026-11-29T10:00:00Z',
      finishedAt: '2026-11-29T10:01:00Z',
    };
    expect(bareAmounts(syncMessage('flow-1', r, 0, 'Europe/London'))).toEqual([]);
    expect(bareAmounts(syncAlert(r, 'Jane Doe'))).toEqual([]);
  });
});
