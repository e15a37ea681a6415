/**
 * Preview: what a batch would do, without writing anything anywhere. Reads the unposted records and their GL
 * export from Manage (the export does not batch), reads Sage's setup and which accounts, products and
 * documents exist, and returns the planned Sage documents, totals, nominal and tax impact, creations,
 * problems with their fixes, a suggested batch id and the fingerprint of the selected set.
 */
import type { ManageApi } from '../manage/api.ts';
import { like } from '../manage/conditions.ts';
import { conventionalBatchId, nextFreeBatchId } from './batch-id.ts';
import { type ExportEngineDeps, todayOf, withLedger } from './deps.ts';
import { impactOf, totalsBy } from './impact.ts';
import { lineTexts } from './line-text.ts';
import type { PlannedRecord } from './plan-types.ts';
import { type Prepared, prepare } from './prepare.ts';
import { ratesUsed } from './rates.ts';
import { prefetchReference, type Selection, selectAndExport, withLocationsOnce } from './select.ts';
import { locationsWithTransactions, namesOf } from './select-by-number.ts';
import type { Kind, Preview, PreviewOptions, PreviewTransaction, Requester } from './types.ts';

/** The guide's batch id for today and this user, made unique against Manage's batches. */
export function suggestBatchId(
  deps: ExportEngineDeps,
  kind: Kind,
  user: Requester | undefined,
  today: string,
): Promise<string> {
  return firstFreeBatchId(deps, conventionalBatchId(today, user?.name ?? 'sagebot', kind) + companySuffix(deps));
}

/**
 * Several companies: the suggestion of a company other than the default ends in its id (20250430JD-I-IE), so two
 * companies' batches of one day differ by more than -1 and each says where it went. The default's is unchanged.
 */
function companySuffix(deps: ExportEngineDeps): string {
  const r = deps.routing;
  const company = r && r.companies.length > 1 ? r.companies.find((c) => c.id === r.companyId) : undefined;
  return company && !company.isDefault ? `-${company.id.toUpperCase()}` : '';
}

/** `base` if Manage has no such batch, else the first free base-1, base-2, ... */
export async function firstFreeBatchId(deps: ExportEngineDeps, base: string): Promise<string> {
  try {
    const taken = await deps.manage.listBatches(like('batchIdentifier', `${base}*`));
    return nextFreeBatchId(
      base,
      taken.map((b) => b.batchIdentifier ?? ''),
    );
  } catch (e) {
    deps.logger.warn({ err: e }, 'listing batches by prefix failed; checking ids one by one');
    for (let n = 0; ; n++) {
      const candidate = n === 0 ? base : `${base}-${n}`;
      if (!(await deps.manage.findBatch(candidate))) return candidate;
    }
  }
}

export function previewTransaction(r: PlannedRecord, blocked: boolean): PreviewTransaction {
  return {
    manageId: r.manageId,
    recordIds: r.recordIds,
    type: r.type,
    number: r.number,
    date: r.date,
    party: r.party,
    currency: r.currency,
    net: r.net,
    tax: r.tax,
    total: r.total,
    documents: r.documents.map((d) => ({
      label: d.label,
      type: d.type,
      account: d.account,
      currency: d.currency,
      net: d.net,
      tax: d.tax,
    })),
    status: blocked ? 'problem' : r.status,
    ...(noteOf(r) ? { note: noteOf(r) } : {}),
    ...(lineTexts(r).length ? { lines: lineTexts(r) } : {}),
  };
}

function noteOf(r: PlannedRecord): string | undefined {
  const already = r.documents.filter((d) => d.alreadyInSage).map((d) => d.label);
  const parts = [
    r.note,
    already.length ? `Already in Sage (not posted again): ${already.join(', ')}` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join('. ') : undefined;
}

/** "Standard" for base-currency records, "Standard (EUR)" for foreign ones. */
export function typeKey(r: PlannedRecord, baseCurrency: string): string {
  const currency = r.currency || baseCurrency;
  return currency === baseCurrency ? r.type : `${r.type} (${currency})`;
}

export function buildPreview(
  sel: Selection,
  prepared: Prepared,
  suggestedBatchId: string,
  generatedAt: string,
): Preview {
  const { records, sink } = prepared;
  return {
    kind: sel.kind,
    throughDate: sel.throughDate,
    ...(sel.location ? { location: sel.location.name } : {}),
    detail: sel.detail,
    generatedAt,
    fingerprint: sel.fingerprint,
    transactions: records.map((r) => previewTransaction(r, sink.blocks(r.manageId))),
    // Amounts in different currencies are never added together: a foreign record gets its own row per type.
    totalsByType: totalsBy(records, (r) => typeKey(r, prepared.setup.baseCurrency)),
    totalsByCurrency: totalsBy(records, (r) => r.currency || prepared.setup.baseCurrency),
    ...impactOf(records, prepared.setup),
    creations: prepared.creations,
    problems: prepared.problems,
    suggestedBatchId,
    baseCurrency: prepared.setup.baseCurrency,
    exchangeRates: ratesUsed(records, prepared.setup.baseCurrency),
  };
}

export async function runPreview(
  deps: ExportEngineDeps,
  kind: Kind,
  opts: PreviewOptions,
  offer: { locations?: boolean } = {},
): Promise<Preview> {
  const today = todayOf(deps);
  const manage = withLocationsOnce(deps.manage);
  // What does not depend on the selection is asked for while it is read: each is a round trip a user waits on.
  const early = prefetchReference(manage);
  const suggestion = suggestBatchId(deps, kind, opts.user, today);
  suggestion.catch(() => undefined);
  const names = offer.locations ? manage.listLocations() : undefined;
  names?.catch(() => undefined);
  const settings = await deps.settings.read();
  const { selection, glExport } = await selectAndExport(manage, kind, opts, today, deps.routing, early);
  const prepared = await withLedger(deps, (ledger) =>
    prepare(deps, ledger, { kind, glExport, selection, settings, today, early }),
  );
  const suggested = await suggestion;
  const preview = buildPreview(selection, prepared, suggested, (deps.now?.() ?? new Date()).toISOString());
  if (!names) return preview;
  const locations = await offeredLocations(deps, manage, selection, names).catch(() => undefined);
  return locations ? { ...preview, locations } : preview;
}

/**
 * The locations a card offers: those of the records the selection was read from, named from Manage's list.
 * A selection narrowed to one location saw only that one, so the records of every location are listed again.
 */
async function offeredLocations(
  deps: ExportEngineDeps,
  manage: ManageApi,
  selection: Selection,
  names: Promise<Array<{ id: number; name?: string }>>,
): Promise<string[]> {
  if (!selection.locationIds)
    return locationsWithTransactions(manage, selection.kind, selection.throughDate, deps.routing, names);
  const used = new Set(selection.locationIds);
  return namesOf(await names, used);
}
