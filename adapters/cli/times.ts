/**
 * Times on the command line as chat shows them: the configured zone (SAGEBOT_TIMEZONE, the zone chat's cards
 * use), in chat's format ("27 Nov 2026 14:02"), with the zone named so a reader in another zone is not misled.
 * --json output keeps the stored ISO instants (UTC), which scripts read.
 */
import { formatInstant } from '../../bot/dates.ts';

export interface CliTimes {
  /** The configured IANA zone, e.g. "Europe/London". */
  zone: string;
  /** An ISO instant in the zone, without the zone's name ("27 Nov 2026 14:02"); '' when absent. */
  at(iso: string | undefined): string;
  /** An ISO instant in the zone, naming it ("27 Nov 2026 14:02 Europe/London"). */
  named(iso: string | undefined): string;
  /** "Started 2 Dec 2026 09:14, finished 2 Dec 2026 09:15 Europe/London." */
  ran(startedAt: string, finishedAt: string): string;
  /** The line that heads a list of times: "Times are Europe/London (SAGEBOT_TIMEZONE)." */
  note(): string;
}

export function cliTimes(zone: string): CliTimes {
  const at = (iso: string | undefined) => (iso ? formatInstant(iso, zone) : '');
  return {
    zone,
    at,
    named: (iso) => (iso ? `${at(iso)} ${zone}` : ''),
    ran: (startedAt, finishedAt) => `Started ${at(startedAt)}, finished ${at(finishedAt)} ${zone}.`,
    note: () => `Times are ${zone} (SAGEBOT_TIMEZONE).`,
  };
}
