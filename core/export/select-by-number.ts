/**
 * Choosing records by the numbers users read on a preview (invoice 460, expense claim EXP2007, PO 102,
 * adjustment ADJ-7), for chat and the CLI alike. A number stands for its whole row: excluding an expense
 * claim or a PO leaves out every Manage record behind it, never just the first line. The numbers are turned
 * into Manage record ids against the preview of the same filter without them, then the ordinary include /
 * exclude ids do the rest. Also lists the locations that have transactions, for the card's location choice.
 */
import { SagebotError } from '../errors.ts';
import type { ManageApi } from '../manage/api.ts';
import { type CompanyRouting, routeByLocation } from './routing.ts';
import { listUnposted } from './select.ts';
import type { ApprovedPreview, Kind, LeftOutRow, PreviewOptions, PreviewTransaction } from './types.ts';

/** A preview row as far as choosing by number needs it (a whole PreviewTransaction will do). */
export type NumberedRow = Pick<
  PreviewTransaction,
  'manageId' | 'recordIds' | 'type' | 'number' | 'party' | 'currency' | 'total' | 'status'
>;

const MAX_NUMBERS = 200;

function norm(s: string): string {
  return s.toUpperCase().replace(/[\s#]/g, '');
}

/** The rows a token names: the same number first; else digits meaning a record id or a number's digits. */
export function rowsNamed<R extends NumberedRow>(token: string, rows: R[]): R[] {
  const want = norm(token);
  if (!want) return [];
  const exact = rows.filter((t) => norm(t.number) === want);
  if (exact.length || !/^\d+$/.test(want)) return exact;
  const id = Number(want);
  return rows.filter(
    (t) => t.manageId === id || (t.recordIds ?? []).includes(id) || norm(t.number).replace(/^[A-Z]+-?/, '') === want,
  );
}

function idsOf(rows: NumberedRow[]): number[] {
  return [...new Set(rows.flatMap((t) => (t.recordIds?.length ? t.recordIds : [t.manageId])))];
}

function leftOutRow(t: NumberedRow): LeftOutRow {
  return {
    manageId: t.manageId,
    ...(t.recordIds?.length ? { recordIds: t.recordIds } : {}),
    number: t.number,
    type: t.type,
    party: t.party,
    currency: t.currency,
    total: t.total,
    status: t.status,
  };
}

/**
 * The rows an approved preview chose from (its transactions and those it left out by number), or undefined when
 * a left-out row does not carry its ids (a preview made before they were kept) and a fresh preview must decide.
 */
export function approvedRows(a: ApprovedPreview): { transactions: NumberedRow[] } | undefined {
  const left: NumberedRow[] = [];
  for (const l of a.leftOut ?? []) {
    if (l.manageId === undefined) return undefined;
    left.push({ ...l, manageId: l.manageId });
  }
  return { transactions: [...a.transactions, ...left] };
}

function unknownNumbers(kind: Kind, missing: string[], rows: NumberedRow[]): SagebotError {
  const known = rows.map((t) => t.number);
  const shown = known.slice(0, 15).join(', ') + (known.length > 15 ? `, and ${known.length - 15} more` : '');
  return new SagebotError({
    code: 'USAGE_UNKNOWN_NUMBER',
    message: `The ${kind} preview has no ${missing.length > 1 ? 'numbers' : 'number'} ${missing.map((m) => `"${m}"`).join(', ')}.`,
    fix: known.length ? `Numbers in this preview: ${shown}.` : `There are no unposted ${kind} in this selection.`,
  });
}

function cleanList(list: string[] | undefined): string[] {
  const out = (list ?? []).map((s) => String(s).trim()).filter(Boolean);
  if (out.length > MAX_NUMBERS)
    throw new SagebotError({
      code: 'USAGE_TOO_MANY_NUMBERS',
      message: `That is ${out.length} numbers; sagebot takes at most ${MAX_NUMBERS} at a time.`,
      fix: 'Narrow the selection by through date or location instead.',
    });
  return out;
}

export interface NumberResolution {
  options: PreviewOptions;
  leftOut: LeftOutRow[];
}

/**
 * Turns `includeNumbers` / `excludeNumbers` into record ids. `previewOf` is the engine's preview of the same
 * filter (called without numbers). Unknown numbers are refused with the list of numbers there are.
 */
export async function resolveNumbers(
  kind: Kind,
  opts: PreviewOptions,
  previewOf: (o: PreviewOptions) => Promise<{ transactions: NumberedRow[] }>,
): Promise<NumberResolution> {
  const only = cleanList(opts.includeNumbers);
  const drop = cleanList(opts.excludeNumbers);
  const { includeNumbers: _i, excludeNumbers: _e, ...rest } = opts;
  if (!only.length && !drop.length) return { options: rest, leftOut: [] };
  const all = (await previewOf(rest)).transactions;
  const missing: string[] = [];
  const pick = (tokens: string[]) =>
    tokens.flatMap((tok) => {
      const found = rowsNamed(tok, all);
      if (!found.length) missing.push(tok);
      return found;
    });
  const kept = only.length ? new Set(pick(only)) : new Set(all);
  const dropped = new Set(pick(drop));
  if (missing.length) throw unknownNumbers(kind, missing, all);
  const chosen = all.filter((t) => kept.has(t) && !dropped.has(t));
  const left = all.filter((t) => !chosen.includes(t));
  if (!chosen.length)
    throw new SagebotError({
      code: 'USAGE_NOTHING_LEFT',
      message: `That leaves no ${kind} in the batch.`,
      fix: 'Leave fewer out, or choose at least one transaction.',
    });
  const options: PreviewOptions = { ...rest };
  if (only.length) options.include = [...new Set([...(rest.include ?? []), ...idsOf(chosen)])];
  if (left.length) options.exclude = [...new Set([...(rest.exclude ?? []), ...idsOf(left)])];
  return { options, leftOut: left.map(leftOutRow) };
}

/** Names of the Manage locations with unposted transactions of a kind through the date (for the card). */
export async function locationsWithTransactions(
  manage: ManageApi,
  kind: Kind,
  throughDate: string,
  routing?: CompanyRouting,
  names: Promise<Array<{ id: number; name?: string }>> = manage.listLocations(),
): Promise<string[]> {
  // Several companies: only the locations of this company's records (and of records of no company).
  const [{ unposted }, locations] = await Promise.all([
    routeByLocation(manage, routing, listUnposted(manage, kind, { throughDate })),
    names,
  ]);
  return namesOf(locations, new Set(unposted.map((u) => u.locationId).filter((id) => id !== undefined)));
}

/** The names of the locations whose ids are `used`, sorted. */
export function namesOf(locations: Array<{ id: number; name?: string }>, used: Set<number>): string[] {
  return locations
    .filter((l) => used.has(l.id) && l.name)
    .map((l) => l.name as string)
    .sort((a, b) => a.localeCompare(b));
}
