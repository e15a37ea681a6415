/**
 * Fixture builders for every card view model (overrides merged on top), long lists (5,000 rows), and hostile
 * strings. `hostile(view, s)` replaces every user-visible string of a view with `s`, so each card is drawn
 * with quotes, emoji, `${...}`, 10,000-character names and Slack control sequences in every field.
 */
import type {
  AlertView,
  BatchesView,
  CardView,
  HelpView,
  NoticeView,
  PaymentSyncView,
  PreviewChoices,
  PreviewTxRow,
  PreviewView,
  ProblemItem,
  ProgressView,
  RerunView,
  ResultsView,
  SettingsView,
  StatusView,
  Table,
} from '../../cards/view-models.ts';

export const HOSTILE = {
  quotes: `O'Brien "Quoted" \\ Ltd \\"`,
  emoji: '🧾💷 Café 👩‍👩‍👧‍👦 ✓ 漢字',
  template: '${$root.secret}',
  templateTitle: '${$root.title}',
  templateExpr: "${if(true, 'x', 'y')} ${flowId}",
  huge: '漢'.repeat(10_000),
  hugeAscii: 'A'.repeat(10_000),
  hugeQuotes: '"'.repeat(10_000),
  hugeAmp: '&'.repeat(10_000),
  slack: '<!channel> <!here> <@U123ABC> & <https://evil.example|click me> *bold* _it_ ~s~ `code`',
  markdown: '[click here](https://evil.example) **bold** # heading\n- list',
  control: 'a\u0000b\u0007c\u202Ed\u2066e\r\nf\tg\uD800h',
} as const;

// Fields that are not user text: enums, ids the server makes, numbers.
const KEEP = new Set(['kind', 'state', 'status', 'tone', 'outcome', 'flowId', 'url', 'key']);

/** Every string of `view` (outside KEEP) replaced by `s`. */
export function hostile<V extends CardView>(view: V, s: string): V {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key && KEEP.has(key) ? v : s;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(view) as V;
}

const table = (title: string, columns: string[], n: number, cell: (r: number, c: number) => string): Table => ({
  title,
  columns,
  rows: Array.from({ length: n }, (_, r) => ({ cells: columns.map((_, c) => cell(r, c)) })),
});

export function txRows(n: number): PreviewTxRow[] {
  return Array.from({ length: n }, (_, i) => ({
    manageId: 10_000 + i,
    type: i % 10 === 9 ? 'Credit' : 'Invoice',
    number: `INV${String(4600 + i).padStart(6, '0')}`,
    date: `${String((i % 28) + 1).padStart(2, '0')}/11/2026`,
    party: ['Acme Holdings Ltd', 'Brown & Sons (Leeds) Limited', 'Café Zoë'][i % 3],
    amount: `${i % 4 === 0 ? 'EUR' : 'GBP'} ${(1234.5 + i).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`,
    documents: i % 10 === 9 ? `SC ${4600 + i}` : `SI ${4600 + i}`,
    status: i % 13 === 0 ? 'problem' : i % 17 === 0 ? 'skip' : 'transfer',
    ...(i % 13 === 0
      ? { note: 'No Sage customer mapped for this company' }
      : i % 17 === 0
        ? { note: 'Already in Sage' }
        : {}),
  }));
}

export function problems(n: number): ProblemItem[] {
  return Array.from({ length: n }, (_, i) => ({
    record: `Invoice INV${4600 + i} (Acme Holdings Ltd)`,
    message: `Company "Acme Holdings Ltd" has no Sage customer account (row ${i + 1}).`,
    fix: 'Map the company to a Sage account in Settings → Mappings, then press Re-check.',
  }));
}

const nominal = (n: number) =>
  table(
    'Nominal impact',
    ['Nominal', 'Name', 'Debit', 'Credit'],
    n,
    (r, c) => [`${4000 + r}`, `Sales — product line ${r}`, 'GBP 0.00', `GBP ${(r + 1) * 1000}.00`][c],
  );

export function preview(o: Partial<PreviewView> = {}, rows = 42): PreviewView {
  const transactions = o.transactions ?? txRows(rows);
  return {
    kind: 'preview',
    flowId: 'flow-7f3a9c1e',
    batchKind: 'invoices',
    title: 'Preview: invoices to post',
    throughDate: 'Friday 27 November 2026 (2026-11-27)',
    location: 'Leeds',
    detail: 'Detailed',
    requestedBy: 'Ann Finance',
    summary: [
      { title: 'Transactions', value: String(transactions.length) },
      { title: 'To transfer', value: '38' },
      { title: 'Skipped', value: '1' },
      { title: 'Problems', value: '3' },
      { title: 'Total', value: 'GBP 51,234.50' },
    ],
    transactions,
    paging: { page: 0, pageSize: 15, totalItems: transactions.length },
    totalsByType: table(
      'Totals by type',
      ['Type', 'Count', 'Net', 'VAT', 'Gross'],
      3,
      (r, c) => [['Invoice', 'Credit', 'Down payment'][r], '12', 'GBP 1,000.00', 'GBP 200.00', 'GBP 1,200.00'][c],
    ),
    totalsByCurrency: table(
      'Totals by currency',
      ['Currency', 'Count', 'Gross'],
      2,
      (r, c) => [['GBP', 'EUR'][r], '20', '1,200.00'][c],
    ),
    nominalImpact: nominal(12),
    taxImpact: table(
      'Tax impact',
      ['Tax code', 'Rate', 'Net', 'VAT'],
      3,
      (r, c) => [`T${r}`, `${20 - r * 5}%`, 'GBP 100.00', 'GBP 20.00'][c],
    ),
    creations: [
      { title: 'Customers', value: '2 (Café Zoë, Brown & Sons)' },
      { title: 'Products', value: '1' },
    ],
    problems: [],
    batchId: 'INV-2026-11-27',
    state: 'ready',
    ...o,
  };
}

export const PREVIEW_STATES: PreviewView['state'][] = ['ready', 'blocked', 'stale', 'approved', 'cancelled', 'empty'];

export function previewIn(state: PreviewView['state'], o: Partial<PreviewView> = {}): PreviewView {
  const extra: Partial<PreviewView> =
    state === 'blocked'
      ? { problems: problems(3) }
      : state === 'stale'
        ? {
            staleChanges: [
              '2 invoices added since the preview: INV4700, INV4701',
              'INV4650 total changed from GBP 10.00 to GBP 12.00',
            ],
          }
        : state === 'empty'
          ? { transactions: [], paging: { page: 0, pageSize: 15, totalItems: 0 } }
          : {};
  return preview({ state, ...extra, ...o });
}

export const progress = (o: Partial<ProgressView> = {}): ProgressView => ({
  kind: 'progress',
  flowId: 'flow-7f3a9c1e',
  title: 'Posting invoices',
  done: 1200,
  total: 5000,
  phase: 'Posting to Sage',
  current: 'INV004601 Acme Holdings Ltd',
  startedAt: '27/11/2026 14:02',
  ...o,
});

export function results(o: Partial<ResultsView> = {}, rows = 30): ResultsView {
  return {
    kind: 'results',
    flowId: 'flow-7f3a9c1e',
    title: 'Invoices posted',
    outcome: 'partial',
    batch: 'INV-2026-11-27',
    manageBatchId: '812',
    summary: [
      { title: 'Posted', value: String(rows) },
      { title: 'Failed', value: '2' },
      { title: 'Skipped', value: '1' },
    ],
    totals: table(
      'Totals',
      ['Currency', 'Net', 'VAT', 'Gross'],
      2,
      (r, c) => [['GBP', 'EUR'][r], '1,000.00', '200.00', '1,200.00'][c],
    ),
    posted: table(
      'Posted',
      ['Transaction', 'Sage', 'Party', 'Gross'],
      rows,
      (r, c) => [`INV${4600 + r}`, `SI ${4600 + r}`, 'Acme Holdings Ltd', 'GBP 1,200.00'][c],
    ),
    failed: problems(2),
    skipped: table('Skipped', ['Transaction', 'Reason'], 1, () => 'Already in Sage'),
    paging: { page: 0, pageSize: 15, totalItems: rows },
    links: [
      { title: 'Error list (CSV)', url: 'http://127.0.0.1:3978/files/abc?token=x&y=1' },
      { title: 'Full log', url: 'https://sagebot.example/files/log-1' },
    ],
    ...o,
  };
}

export function rerun(o: Partial<RerunView> = {}, rows = 25): RerunView {
  return {
    kind: 'rerun',
    flowId: 'flow-rerun-1',
    title: 'Rerun batch INV-2026-11-20',
    batch: 'INV-2026-11-20',
    warning: 'Some of these documents are already in Sage. Posting them again creates duplicates.',
    documents: table(
      'Documents',
      ['Transaction', 'Sage', 'In Sage'],
      rows,
      (r, c) => [`INV${4600 + r}`, `SI ${4600 + r}`, r % 3 ? 'No' : 'Yes'][c],
    ),
    paging: { page: 0, pageSize: 15, totalItems: rows },
    alreadyInSage: 9,
    toPost: 16,
    state: 'ready',
    ...o,
  };
}

export function paymentSync(o: Partial<PaymentSyncView> = {}, rows = 25): PaymentSyncView {
  return {
    kind: 'paymentSync',
    flowId: 'flow-pay-1',
    title: 'Payment sync finished',
    since: 'Monday 23 November 2026',
    summary: [
      { title: 'Payments read', value: String(rows) },
      { title: 'Updated in Manage', value: String(rows - 1) },
    ],
    updated: table(
      'Updated invoices',
      ['Invoice', 'Paid', 'Date'],
      rows,
      (r, c) => [`INV${4600 + r}`, 'GBP 120.00', '25/11/2026'][c],
    ),
    problems: problems(1),
    paging: { page: 0, pageSize: 15, totalItems: rows },
    ...o,
  };
}

export function batches(o: Partial<BatchesView> = {}, rows = 25): BatchesView {
  return {
    kind: 'batches',
    title: 'Recent batches',
    batches: table(
      'Batches',
      ['Batch', 'Kind', 'When', 'Outcome', 'Count'],
      rows,
      (r, c) => [`INV-2026-11-${String(r + 1).padStart(2, '0')}`, 'invoices', '27/11/2026 14:02', 'completed', '38'][c],
    ),
    paging: { page: 0, pageSize: 15, totalItems: rows },
    ...o,
  };
}

export const help = (o: Partial<HelpView> = {}): HelpView => ({
  kind: 'help',
  title: 'What I can do',
  intro: 'Ask me in plain words. I always show a preview before anything is posted.',
  commands: [
    { command: 'run invoices through Friday', description: 'Preview and post invoices up to a date' },
    { command: 'sync payments since last week', description: 'Update paid invoices in Manage' },
    { command: 'rerun <batch>', description: 'Post a batch again' },
    { command: 'batches', description: 'Recent batches' },
    { command: 'status', description: 'Connections and last runs' },
    { command: 'alerts here', description: 'Send finish alerts to this channel' },
  ],
  examples: ['run invoices through Friday', 'preview expenses through 30/11 for Leeds', 'sync payments last month'],
  ...o,
});

export const notice = (o: Partial<NoticeView> = {}): NoticeView => ({
  kind: 'notice',
  tone: 'warning',
  title: 'Only approvers can approve',
  text: 'You are not on the approvers list (SAGEBOT_APPROVERS). Ask an approver to press Approve.',
  facts: [{ title: 'Batch', value: 'INV-2026-11-27' }],
  ...o,
});

export const alert = (o: Partial<AlertView> = {}): AlertView => ({
  kind: 'alert',
  tone: 'success',
  title: 'Payment sync finished',
  text: '24 invoices were marked paid in Manage.',
  facts: [
    { title: 'Since', value: 'Monday 23 November 2026' },
    { title: 'Problems', value: '1' },
  ],
  ...o,
});

export const status = (o: Partial<StatusView> = {}): StatusView => ({
  kind: 'status',
  title: 'sagebot status',
  facts: [
    { title: 'Manage', value: 'connected (v2025.1)' },
    { title: 'Sage', value: 'company “Demo Ltd” open' },
    { title: 'Last batch', value: 'INV-2026-11-27 — completed' },
    { title: 'Next payment sync', value: 'tonight 22:00' },
  ],
  ...o,
});

export const settings = (o: Partial<SettingsView> = {}): SettingsView => ({
  kind: 'settings',
  title: 'Settings',
  editable: true,
  settings: [
    { key: 'fourEyes', label: 'Four eyes', value: true, description: 'The requester cannot approve their own batch.' },
    {
      key: 'alerts',
      label: 'Alerts',
      value: false,
      description: 'Post a summary to the alert channels when a run ends.',
    },
  ],
  ...o,
});

/** The choices of an open expenses preview: two claims in, one left out (tickable again). */
export function choices(o: Partial<PreviewChoices> = {}): PreviewChoices {
  return {
    transactions: [
      { value: 'EXP2001', title: 'Expense EXP2001 · Jane Doe · GBP 149.40' },
      { value: 'EXP2004', title: 'Expense EXP2004 · Alex Smith · GBP 76.00' },
      { value: 'EXP2007', title: 'Expense EXP2007 · Sam Lee · GBP 12.00' },
    ],
    selected: ['EXP2001', 'EXP2004'],
    locations: ['Leeds', 'London'],
    location: '',
    detail: 'Default',
    ...o,
  };
}

/** One ordinary fixture per view kind, plus every preview state and the long lists. */
export function catalogue(): Array<[string, CardView]> {
  return [
    ['help', help()],
    ['notice', notice()],
    ['notice-info-nofacts', notice({ tone: 'info', facts: undefined })],
    ['alert', alert()],
    ['alert-error', alert({ tone: 'error' })],
    ...PREVIEW_STATES.map((s): [string, CardView] => [`preview-${s}`, previewIn(s)]),
    ['preview-5000', preview({}, 5000)],
    [
      'preview-choices',
      previewIn('blocked', { choose: choices(), leftOut: ['Expense EXP2007 · Sam Lee · GBP 12.00'] }),
    ],
    ['preview-5000-last', preview({ paging: { page: 333, pageSize: 15, totalItems: 5000 } }, 5000)],
    ['preview-long-problems', previewIn('blocked', { problems: problems(500) })],
    [
      'preview-long-stale',
      previewIn('stale', { staleChanges: Array.from({ length: 300 }, (_, i) => `INV${i} changed`) }),
    ],
    [
      'preview-bad-batch',
      previewIn('ready', { batchIdError: 'Batch INV-2026-11-27 already exists in Manage. Choose another number.' }),
    ],
    ['progress', progress()],
    ['progress-0', progress({ done: 0 })],
    ['progress-done', progress({ done: 5000, current: undefined })],
    ['progress-zero-total', progress({ done: 0, total: 0 })],
    ['results', results()],
    ['results-completed', results({ outcome: 'completed', failed: [] })],
    ['results-failed', results({ outcome: 'failed' })],
    [
      'results-read-back',
      results({
        outcome: 'completed',
        failed: [],
        readBack: {
          table: table(
            'Read back from Sage (per document type and currency)',
            ['Type', 'Sent (count · net + tax = gross)', 'In Sage'],
            2,
            (r, c) =>
              [['SI GBP', 'SC EUR'][r], '3 · GBP 100.00 + GBP 20.00 = GBP 120.00', r ? 'same' : '2 · GBP 80.00'][c],
          ),
          differences: problems(2),
        },
      }),
    ],
    ['results-5000', results({ failed: problems(400) }, 5000)],
    ['rerun', rerun()],
    ['rerun-approved', rerun({ state: 'approved' })],
    ['rerun-cancelled', rerun({ state: 'cancelled' })],
    ['rerun-5000', rerun({}, 5000)],
    ['paymentSync', paymentSync()],
    ['paymentSync-5000', paymentSync({ problems: problems(300) }, 5000)],
    ['batches', batches()],
    ['batches-empty', batches({}, 0)],
    ['batches-5000', batches({}, 5000)],
    ['status', status()],
    [
      'status-many',
      status({ facts: Array.from({ length: 60 }, (_, i) => ({ title: `Fact ${i}`, value: 'x'.repeat(300) })) }),
    ],
    ['settings', settings()],
    ['settings-readonly', settings({ editable: false })],
    [
      'settings-many',
      settings({
        settings: Array.from({ length: 40 }, (_, i) => ({
          key: `k${i}`,
          label: `Setting ${i}`,
          value: i % 2 === 0,
          description: 'd'.repeat(500),
        })),
      }),
    ],
  ];
}

/** Every catalogue fixture with every hostile string in every field. */
export function hostileCatalogue(): Array<[string, CardView]> {
  const out: Array<[string, CardView]> = [];
  for (const [name, view] of catalogue()) {
    if (name.endsWith('5000') || name.endsWith('5000-last')) continue; // the long ones get their own hostile run
    for (const [hname, s] of Object.entries(HOSTILE)) out.push([`${name}/${hname}`, hostile(view, s)]);
  }
  for (const [hname, s] of Object.entries({
    huge: HOSTILE.huge,
    hugeQuotes: HOSTILE.hugeQuotes,
    hugeAmp: HOSTILE.hugeAmp,
  })) {
    out.push([`preview-5000/${hname}`, hostile(preview({}, 5000), s)]);
    out.push([`results-5000/${hname}`, hostile(results({ failed: problems(400) }, 5000), s)]);
  }
  return out;
}
