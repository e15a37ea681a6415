/**
 * Selecting what a batch holds, read-only on Manage: the unposted list of a kind (by location and through
 * date), narrowed by the include / exclude lists, then the GL export of exactly that selection
 * (`POST finance/accounting/export` does not batch anything) and the reference data the mapping checks need
 * (the tax codes it names with their levels, product types, catalog items of the products used). Also the
 * fingerprint of the selected set, which approval re-checks to spot a stale preview.
 */
import { createHash } from 'node:crypto';
import { mapLimit } from '../concurrency.ts';
import { SagebotError } from '../errors.ts';
import type { ManageApi } from '../manage/api.ts';
import { inList } from '../manage/conditions.ts';
import type {
  CatalogItem,
  GLExport,
  ProductType,
  TaxCode,
  TaxCodeLevel,
  TaxCodeWithLevels,
  UnpostedExpense,
  UnpostedInvoice,
  UnpostedProcurement,
} from '../manage/models.ts';
import { EXPORT_FLAG, exportedRecords, exportSelection } from '../manage/record-ids.ts';
import { type CompanyRouting, checkLocationBelongs, routeByLocation, type Unrouted } from './routing.ts';
import type { DetailLevel, Kind, PreviewOptions } from './types.ts';

export type Unposted = UnpostedInvoice | UnpostedExpense | UnpostedProcurement;

export interface Selection {
  kind: Kind;
  /** The batch a run will record (sent to Manage as batchIdentifier and glInterfaceIdentifier); none in a preview. */
  batchId?: string;
  throughDate: string;
  location?: { id: number; name: string };
  detail: DetailLevel;
  unposted: Unposted[];
  fingerprint: string;
  /** Several companies: selected records whose location belongs to no company (held back, see routing.ts). */
  unrouted?: Unrouted;
  /**
   * Without a location filter: the location ids of every record of the kind through the date that this company
   * takes (before numbers are included or excluded), the locations a preview card offers to narrow to.
   */
  locationIds?: number[];
}

export interface ManageReference {
  taxCodes: TaxCodeWithLevels[];
  productTypes: ProductType[];
  catalog: CatalogItem[];
}

export const EMPTY_EXPORT: GLExport = {
  vendors: [],
  customers: [],
  transactions: [],
  expenses: [],
  expenseBills: [],
  purchaseTransactions: [],
  adjustmentTransactions: [],
  inventoryTransfers: [],
};

async function resolveLocation(
  manage: ManageApi,
  location: string | undefined,
): Promise<{ id: number; name: string } | undefined> {
  if (!location?.trim()) return undefined;
  const all = await manage.listLocations();
  const want = location.trim().toLowerCase();
  const found = all.find((l) => (l.name ?? '').toLowerCase() === want) ?? all.find((l) => String(l.id) === want);
  if (!found) {
    throw new SagebotError({
      code: 'USAGE_UNKNOWN_LOCATION',
      message: `Manage has no location "${location}".`,
      fix: `Use one of: ${
        all
          .map((l) => l.name)
          .filter(Boolean)
          .join(', ') || '(none)'
      }; or leave the location out for all locations.`,
    });
  }
  return { id: found.id, name: found.name ?? String(found.id) };
}

export function listUnposted(
  manage: ManageApi,
  kind: Kind,
  f: { locationId?: number; throughDate: string },
): Promise<Unposted[]> {
  if (kind === 'invoices') return manage.listUnpostedInvoices(f);
  if (kind === 'expenses') return manage.listUnpostedExpenses(f);
  return manage.listUnpostedProcurement(f);
}

export function fingerprintOf(kind: Kind, unposted: Unposted[]): string {
  const rows = unposted
    .map((u) => [u.id, u.total ?? null, String(u._info?.lastUpdated ?? '')] as const)
    .sort((a, b) => a[0] - b[0]);
  return createHash('sha256')
    .update(JSON.stringify([kind, rows]))
    .digest('hex')
    .slice(0, 20);
}

/** The unposted records a preview or run covers. */
export async function selectUnposted(
  manage: ManageApi,
  kind: Kind,
  opts: PreviewOptions,
  today: string,
  resolved?: { id: number; name: string },
  routing?: CompanyRouting,
): Promise<Selection> {
  const throughDate = opts.throughDate ?? today;
  const location = resolved ?? (await resolveLocation(manage, opts.location));
  if (location) checkLocationBelongs(routing, location);
  const routed = await routeByLocation(
    manage,
    routing,
    listUnposted(manage, kind, { locationId: location?.id, throughDate }),
  );
  let unposted = routed.unposted;
  const locationIds = location ? undefined : locationIdsOf(unposted);
  if (opts.include?.length) {
    const want = new Set(opts.include);
    unposted = unposted.filter((u) => want.has(u.id));
  }
  if (opts.exclude?.length) {
    const drop = new Set(opts.exclude);
    unposted = unposted.filter((u) => !drop.has(u.id));
  }
  unposted.sort((a, b) => a.id - b.id);
  const batchId = (opts as { batchId?: string }).batchId;
  return {
    kind,
    ...(batchId ? { batchId } : {}),
    throughDate,
    location,
    detail: opts.detail ?? 'Default',
    unposted,
    fingerprint: fingerprintOf(kind, unposted),
    ...(routed.unrouted.size ? { unrouted: routed.unrouted } : {}),
    ...(locationIds ? { locationIds } : {}),
  };
}

function locationIdsOf(unposted: Unposted[]): number[] {
  const ids = new Set<number>();
  for (const u of unposted) if (u.locationId !== undefined) ids.add(u.locationId);
  return [...ids];
}

/** The GL export of the selection (nothing is batched). Empty selection = empty export, no request. */
export async function exportSelectionOf(manage: ManageApi, sel: Selection): Promise<GLExport> {
  if (sel.unposted.length === 0) return EMPTY_EXPORT;
  return manage.exportAccounting({
    ...exportSelection(sel.kind, sel.unposted),
    ...identifiers(sel.batchId),
    thruDate: `${sel.throughDate}T23:59:59Z`,
    ...(sel.location ? { locationId: sel.location.id } : {}),
    summarizeInvoices: sel.detail,
  });
}

/** The batch's identifiers on an export request, as shipped integrations send them (none in a preview). */
function identifiers(batchId: string | undefined) {
  return batchId ? { batchIdentifier: batchId, glInterfaceIdentifier: batchId } : {};
}

/**
 * The request for everything a filter selects (no inclusion list; exclusions as given). Procurement exclusions
 * are left out: Manage names those records by `unpostedProductId`, unknown before the list is read, and an
 * export wider than the selection is asked again with the explicit list anyway.
 */
function filteredRequest(
  kind: Kind,
  f: { locationId?: number; throughDate: string; detail: DetailLevel; exclude?: number[]; batchId?: string },
) {
  const flag = { [EXPORT_FLAG[kind]]: true };
  const excl = f.exclude?.length
    ? kind === 'invoices'
      ? { excludedInvoiceIds: f.exclude }
      : kind === 'expenses'
        ? { excludedExpenseIds: f.exclude }
        : {}
    : {};
  return {
    ...flag,
    ...excl,
    ...identifiers(f.batchId),
    thruDate: `${f.throughDate}T23:59:59Z`,
    ...(f.locationId !== undefined ? { locationId: f.locationId } : {}),
    summarizeInvoices: f.detail,
  };
}

/**
 * Whether an export covers exactly the selected records (expense exports leave non-reimbursable ones out):
 * every selected record is in it, and every document in it belongs to the selection.
 */
function coversExactly(kind: Kind, glExport: GLExport, sel: Selection): boolean {
  const records = exportedRecords(glExport, kind, sel.unposted);
  const want = new Set(
    sel.unposted
      .filter((u) => kind !== 'expenses' || (u as UnpostedExpense).classification === 'Reimbursable')
      .map((u) => u.id),
  );
  const got = new Set(records.flatMap((r) => r.recordIds));
  return (
    records.every((r) => r.recordIds.length > 0 && r.recordIds.every((id) => want.has(id))) && got.size === want.size
  );
}

/**
 * The selection and its GL export. Without an inclusion list the export of the same filter is asked for while
 * the unposted list is read (one round trip less for a large batch); if it does not cover exactly the
 * selected records, the export is asked again with the explicit list, which is what counts.
 */
export async function selectAndExport(
  manage: ManageApi,
  kind: Kind,
  opts: PreviewOptions,
  today: string,
  routing?: CompanyRouting,
  /** Given: what the speculative export needs from Manage is asked for as soon as it is in. */
  early?: EarlyReference,
): Promise<{ selection: Selection; glExport: GLExport }> {
  if (opts.include?.length) {
    const selection = await selectUnposted(manage, kind, opts, today, undefined, routing);
    return { selection, glExport: await exportSelectionOf(manage, selection) };
  }
  const throughDate = opts.throughDate ?? today;
  const location = await resolveLocation(manage, opts.location);
  if (location) checkLocationBelongs(routing, location);
  const detail = opts.detail ?? 'Default';
  const batchId = (opts as { batchId?: string }).batchId;
  const speculative = manage
    .exportAccounting(
      filteredRequest(kind, { locationId: location?.id, throughDate, detail, exclude: opts.exclude, batchId }),
    )
    .then((x) => {
      if (early) fetchReference(manage, x, early);
      return x;
    })
    .catch(() => undefined);
  const selection = await selectUnposted(
    manage,
    kind,
    { ...opts, location: location ? String(location.id) : undefined },
    today,
    location,
    routing,
  );
  const guessed = await speculative;
  if (guessed && coversExactly(kind, guessed, selection)) return { selection, glExport: guessed };
  return { selection, glExport: await exportSelectionOf(manage, selection) };
}

/**
 * `manage` with its locations list read at most once: a preview or run may need it for a named location, for
 * routing between companies and for the card's offer, all at the same moment.
 */
export function withLocationsOnce(manage: ManageApi): ManageApi {
  let once: ReturnType<ManageApi['listLocations']> | undefined;
  return Object.assign(Object.create(manage) as ManageApi, {
    listLocations: () => {
      once ??= manage.listLocations();
      return once;
    },
  });
}

/** Item identifiers used on an export (invoice product lines and procurement). */
export function itemIdentifiers(glExport: GLExport): string[] {
  const ids = new Set<string>();
  for (const t of glExport.transactions)
    for (const d of t.detail ?? []) if (d.item?.identifier) ids.add(d.item.identifier);
  for (const p of glExport.purchaseTransactions)
    for (const d of p.purchaseDetail ?? []) if (d.item?.identifier) ids.add(d.item.identifier);
  for (const a of glExport.adjustmentTransactions)
    for (const d of a.adjustmentDetail ?? []) if (d.item?.identifier) ids.add(d.item.identifier);
  for (const t of glExport.inventoryTransfers) if (t.item?.identifier) ids.add(t.item.identifier);
  return [...ids];
}

/** Reference lists asked for while the unposted records are read. */
export interface EarlyReference {
  /** Need nothing from the selection: asked for at once. */
  taxCodes: Promise<TaxCode[]>;
  productTypes: Promise<ProductType[]>;
  /** Each tax code's levels, asked for once, when an export or a selection names the code. */
  levels: Map<number, Promise<TaxCodeLevel[]>>;
  /** What an export needs (its tax codes' levels, its catalogue items), asked for as soon as that export is in. */
  byExport: WeakMap<GLExport, Promise<ManageReference>>;
}

export function prefetchReference(manage: ManageApi): EarlyReference {
  const early: EarlyReference = {
    taxCodes: manage.listTaxCodes(),
    productTypes: manage.listProductTypes(),
    levels: new Map(),
    byExport: new WeakMap(),
  };
  // Awaited by fetchReference, or never when the selection fails first: no unhandled rejection either way.
  early.taxCodes.catch(() => undefined);
  early.productTypes.catch(() => undefined);
  return early;
}

/**
 * The reference an export needs; with `early`, asked for once per export, whoever asks first. `unposted`
 * (the selection's records) may name tax codes the export does not: their levels are read too.
 */
export async function fetchReference(
  manage: ManageApi,
  glExport: GLExport,
  early: EarlyReference = prefetchReference(manage),
  unposted: readonly object[] = [],
): Promise<ManageReference> {
  let asked = early.byExport.get(glExport);
  if (!asked) {
    asked = readReference(manage, glExport, early);
    early.byExport.set(glExport, asked);
    asked.catch(() => undefined); // awaited by prepare, or never when the selection fails first
  }
  if (!unposted.length) return asked;
  const [reference, more] = await Promise.all([asked, taxCodesWithLevels(manage, early, taxCodeRefs(unposted))]);
  const known = new Set(reference.taxCodes.map((t) => t.id));
  return { ...reference, taxCodes: [...reference.taxCodes, ...more.filter((t) => !known.has(t.id))] };
}

async function readReference(manage: ManageApi, glExport: GLExport, early: EarlyReference): Promise<ManageReference> {
  const items = itemIdentifiers(glExport);
  const [taxCodes, productTypes, catalog] = await Promise.all([
    taxCodesWithLevels(manage, early, taxCodeRefs(documentsOf(glExport))),
    items.length ? early.productTypes : Promise.resolve([]),
    fetchCatalog(manage, items),
  ]);
  return { taxCodes, productTypes, catalog };
}

/** The export's documents and their lines; its parties (vendors, customers) post nothing with a tax code. */
function documentsOf(x: GLExport): unknown[] {
  const { vendors: _v, customers: _c, exportSettings: _s, ...documents } = x;
  return Object.values(documents).flat();
}

/** A reference to a Manage tax code as records carry it. */
interface TaxCodeRef {
  id?: number;
  name?: string;
}

/**
 * The tax code references on records: each record's own `taxCode` and those of its lines (any list of objects
 * it holds), wherever the mapping checks look.
 */
function taxCodeRefs(records: readonly unknown[]): TaxCodeRef[] {
  const refs: TaxCodeRef[] = [];
  const own = (o: unknown) => {
    const ref = (o as { taxCode?: TaxCodeRef } | null)?.taxCode;
    if (ref && typeof ref === 'object') refs.push(ref);
  };
  for (const r of records) {
    if (!r || typeof r !== 'object') continue;
    own(r);
    for (const v of Object.values(r)) if (Array.isArray(v)) for (const line of v) own(line);
  }
  return refs;
}

/**
 * The tax codes `refs` name (by id or identifier, as the mapping checks match them), each with its levels:
 * one request per code named, not per code in Manage.
 */
async function taxCodesWithLevels(
  manage: ManageApi,
  early: EarlyReference,
  refs: TaxCodeRef[],
): Promise<TaxCodeWithLevels[]> {
  if (!refs.length) return [];
  const ids = new Set(refs.map((r) => r.id));
  const names = new Set(refs.map((r) => (r.name ?? '').toLowerCase()).filter(Boolean));
  const named = (await early.taxCodes).filter((c) => ids.has(c.id) || names.has((c.identifier ?? '').toLowerCase()));
  return Promise.all(
    named.map(async (code) => {
      let levels = early.levels.get(code.id);
      if (!levels) {
        levels = manage.listTaxCodeLevels(code.id);
        early.levels.set(code.id, levels);
      }
      return { ...code, levels: await levels };
    }),
  );
}

/** The catalogue items by identifier, 40 to a request, the requests at once (the client bounds how many). */
async function fetchCatalog(manage: ManageApi, identifiers: string[]): Promise<CatalogItem[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < identifiers.length; i += 40) chunks.push(identifiers.slice(i, i + 40));
  const pages = await mapLimit(chunks, 4, (c) => manage.listCatalogItems(inList('identifier', c)));
  return pages.flat();
}
