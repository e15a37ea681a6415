/**
 * Routing by location: with several Sage companies, each engine takes from Manage's unposted list only
 * the records whose location belongs to its company. A record whose location belongs to no company is kept in
 * every company's selection so that it is seen, and held back there as a record problem naming the fix: it is
 * never posted to a guess. With one company there is no routing at all (today's behaviour).
 */
import { type CompanyConfig, companyOfLocation } from '../companies.ts';
import { SagebotError } from '../errors.ts';
import type { ManageApi } from '../manage/api.ts';
import type { PlannedRecord } from './plan-types.ts';
import type { Problem } from './types.ts';

/** Which company an engine posts to, among all the configured ones. */
export interface CompanyRouting {
  companyId: string;
  companies: readonly CompanyConfig[];
}

/** An unposted record as routing sees it. */
interface Located {
  id: number;
  locationId?: number;
  location?: { id?: number; name?: string };
}

/** Record id -> the location it came from (as users know it), for records that belong to no company. */
export type Unrouted = Map<number, string>;

const routes = (r: CompanyRouting | undefined): r is CompanyRouting => r !== undefined && r.companies.length > 1;

/** Location names by id, read once only when some company lists a location by name. */
async function locationNames(manage: ManageApi, routing: CompanyRouting): Promise<Map<number, string>> {
  const byName = routing.companies.some((c) => (c.locations ?? []).some((l) => typeof l === 'string'));
  if (!byName) return new Map();
  const all = await manage.listLocations();
  return new Map(all.map((l) => [l.id, l.name ?? String(l.id)]));
}

/** The records of this company, plus those of no company (in `unrouted`); other companies' records left out. */
export async function routeByLocation<T extends Located>(
  manage: ManageApi,
  routing: CompanyRouting | undefined,
  listing: Promise<T[]>,
): Promise<{ unposted: T[]; unrouted: Unrouted }> {
  // The location names (when routing needs them) are asked for beside the list, not after it: a round trip.
  const named = routes(routing) ? locationNames(manage, routing) : undefined;
  named?.catch(() => undefined);
  const unposted = await listing;
  const unrouted: Unrouted = new Map();
  if (!routes(routing) || unposted.length === 0) return { unposted, unrouted };
  const names = await named!;
  const kept = unposted.filter((u) => {
    const id = u.locationId ?? u.location?.id;
    const name = (id !== undefined ? names.get(id) : undefined) ?? u.location?.name;
    const owner = companyOfLocation(routing.companies, { id, name });
    if (!owner) unrouted.set(u.id, name ?? (id !== undefined ? `id ${id}` : '(none)'));
    return !owner || owner.id === routing.companyId;
  });
  return { unposted: kept, unrouted };
}

/** A location asked for by name or id that belongs to another company: refused, naming the company to ask. */
export function checkLocationBelongs(routing: CompanyRouting | undefined, location: { id: number; name: string }) {
  if (!routes(routing)) return;
  const owner = companyOfLocation(routing.companies, location);
  if (!owner || owner.id === routing.companyId) return;
  const mine = routing.companies.find((c) => c.id === routing.companyId);
  throw new SagebotError({
    code: 'USAGE_LOCATION_OTHER_COMPANY',
    message: `Location "${location.name}" belongs to the Sage company ${owner.name}, not to ${mine?.name ?? routing.companyId}.`,
    fix: `Ask for it with that company named (e.g. "${owner.aliases[0] ?? owner.id}"), or leave the location out.`,
  });
}

/** The held-back problem of each planned record that comes from a location of no company. */
export function unroutedProblems(unrouted: Unrouted | undefined, records: PlannedRecord[]): Problem[] {
  if (!unrouted?.size) return [];
  const out: Problem[] = [];
  for (const r of records) {
    const from = r.recordIds.find((id) => unrouted.has(id));
    if (from === undefined) continue;
    const location = unrouted.get(from);
    const name = `${r.type} ${r.number}`;
    out.push({
      manageId: r.manageId,
      record: name,
      code: 'EXPORT_NO_COMPANY',
      blocks: 'record',
      message: `${name} is from Manage location "${location}", which belongs to no Sage company, so it is held back and posted nowhere.`,
      fix: `Add "${location}" to the locations of the company it belongs to in SAGEBOT_COMPANIES (docs/companies.md), restart sagebot and preview again; or leave it out with --exclude ${r.recordIds.join(',')}.`,
    });
  }
  return out;
}
