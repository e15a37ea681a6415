/**
 * A stale preview, explained: what changed between the preview an approver saw and the unposted set a run read.
 * Records gone from Manage's unposted list are traced to the batch that took them through the engine's own
 * journal of runs (which batch, from which door, by whom); the rest are gone, new or changed in amount. The run
 * decides staleness once (run.ts) and hands this report, with the fresh preview, to every door.
 */
import { formatMoney } from '../money.ts';
import type { ExportEngineDeps } from './deps.ts';
import type { ApprovedPreview, Door, Preview, StaleReport, StaleRow, StaleTaken } from './types.ts';

type Row = ApprovedPreview['transactions'][number];

/** How many finished runs, newest first, are looked at for the batch that took a record. */
const RUNS_LOOKED_AT = 100;
/** Records named per line before "and n more". */
const NAMED_PER_LINE = 10;

const DOOR_WORDS: Record<Door, string> = {
  cli: 'run from the command line',
  teams: 'run from Teams',
  slack: 'run from Slack',
  webchat: 'run from the web chat',
  schedule: 'run by the schedule',
};

export function staleRow(t: Row): StaleRow {
  return { manageId: t.manageId, type: t.type, number: t.number, party: t.party, currency: t.currency, total: t.total };
}

const idsOf = (t: Row): number[] => (t.recordIds?.length ? t.recordIds : [t.manageId]);

/** The approved rows no longer in the unposted set (taken by a batch, or gone from Manage). */
export function missingRows(approved: ApprovedPreview | undefined, fresh: Preview): Row[] {
  const now = new Set(fresh.transactions.map((t) => t.manageId));
  return (approved?.transactions ?? []).filter((t) => !now.has(t.manageId));
}

export async function explainStale(
  deps: ExportEngineDeps,
  approved: ApprovedPreview | undefined,
  approvedFingerprint: string,
  fresh: Preview,
): Promise<StaleReport> {
  return staleReport(approved, approvedFingerprint, fresh, await takersOf(deps, missingRows(approved, fresh)));
}

/** The report from the approved preview, the fresh one and the batches found to have taken missing records. */
export function staleReport(
  approved: ApprovedPreview | undefined,
  approvedFingerprint: string,
  fresh: Preview,
  taken: StaleTaken[],
): StaleReport {
  const base = { approvedFingerprint, fingerprint: fresh.fingerprint, preview: fresh };
  if (!approved) {
    const report = { ...base, explained: false, taken: [], gone: [], added: [], changed: [] };
    return { ...report, lines: staleLines(report) };
  }
  const before = new Map(approved.transactions.map((t) => [t.manageId, t]));
  const tookIds = new Set(taken.flatMap((t) => t.records.map((r) => r.manageId)));
  const changed: StaleReport['changed'] = [];
  for (const t of fresh.transactions) {
    const o = before.get(t.manageId);
    if (o && (o.total !== t.total || o.currency !== t.currency))
      changed.push({ ...staleRow(t), was: o.total, wasCurrency: o.currency });
  }
  const report = {
    ...base,
    explained: true,
    taken,
    gone: missingRows(approved, fresh)
      .filter((t) => !tookIds.has(t.manageId))
      .map(staleRow),
    added: fresh.transactions.filter((t) => !before.has(t.manageId)).map(staleRow),
    changed,
  };
  return { ...report, lines: staleLines(report) };
}

/** The batches (newest first) whose runs planned and batched the given records, from the journal. */
async function takersOf(deps: ExportEngineDeps, rows: Row[]): Promise<StaleTaken[]> {
  if (!rows.length) return [];
  const runs = (await deps.journal.list())
    .filter((r) => r.mode === 'run' && r.manageBatchId !== undefined)
    .slice(-RUNS_LOOKED_AT)
    .reverse();
  const left = new Map(rows.map((t) => [t.manageId, t]));
  const taken: StaleTaken[] = [];
  for (const run of runs) {
    if (!left.size) break;
    const plan = (await deps.journal.load(run.runId))?.plan;
    if (!plan) continue;
    const planned = new Set(plan.records.flatMap((r) => r.recordIds));
    const took = [...left.values()].filter((t) => idsOf(t).some((id) => planned.has(id)));
    if (!took.length) continue;
    for (const t of took) left.delete(t.manageId);
    taken.push({
      batch: run.batch,
      ...(run.manageBatchId !== undefined ? { manageBatchId: run.manageBatchId } : {}),
      ...(run.user.door ? { door: run.user.door } : {}),
      by: run.user.name,
      at: run.finishedAt ?? run.startedAt,
      records: took.map(staleRow),
    });
  }
  return taken;
}

const named = (r: StaleRow) => `${r.type} ${r.number}${r.party ? ` (${r.party})` : ''}`;
const withAmount = (r: StaleRow) => `${named(r)} ${formatMoney(r.total, r.currency)}`;

/** "GBP 1,150.00" or "GBP 100.00 + EUR 20.00": never adding amounts of different currencies. */
function totalOf(rows: StaleRow[]): string {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.currency, (by.get(r.currency) ?? 0) + r.total);
  return [...by].map(([c, t]) => formatMoney(t, c)).join(' + ');
}

/** One line per record (at most NAMED_PER_LINE), the rest counted with their total. */
function rowLines(prefix: string, rows: StaleRow[]): string[] {
  const shown = rows.slice(0, NAMED_PER_LINE).map((r) => `${prefix}${withAmount(r)}.`);
  const rest = rows.slice(NAMED_PER_LINE);
  return rest.length ? [...shown, `${prefix}${rest.length} more, ${totalOf(rest)}.`] : shown;
}

export function staleLines(r: Omit<StaleReport, 'lines'>): string[] {
  if (!r.explained) return ['The unposted records changed since the preview was made.'];
  const lines: string[] = [];
  for (const t of r.taken) {
    const head = `Batch ${t.batch}${t.door ? `, ${DOOR_WORDS[t.door]}` : ''}, took these (${t.by})`;
    if (t.records.length === 1) lines.push(`${head}: ${withAmount(t.records[0])}.`);
    else
      lines.push(
        `${head}: ${t.records.length} records, ${totalOf(t.records)} in all.`,
        ...rowLines('Taken: ', t.records),
      );
  }
  lines.push(...rowLines('No longer unposted in Manage (no sagebot batch took it): ', r.gone));
  lines.push(...rowLines('New since the preview: ', r.added));
  for (const c of r.changed)
    lines.push(
      `Amount changed: ${named(c)} ${formatMoney(c.was, c.wasCurrency)} -> ${formatMoney(c.total, c.currency)}.`,
    );
  if (!lines.length)
    lines.push(
      'The transactions are the same but their details changed in Manage (for example a date, a line or a mapping).',
    );
  return lines;
}
