/**
 * Manage's own totals against the Sage documents a record becomes, for every document type, before anything is
 * posted: a document that would differ from Manage by a penny is a problem with both figures, and it holds back
 * that record only (nothing of it is posted; the rest of the batch can go).
 */
import { formatMoney, type Minor } from '../money.ts';
import { minorOf } from './lines.ts';
import type { Mapper, Subject } from './validate-mappings.ts';

export interface TotalCheck {
  /** How users name the record: "Invoice 460", "Purchase order 102", "Adjustment ADJ-3101 line 2". */
  what: string;
  net: Minor;
  tax: Minor;
  /** Manage's figure (JSON number, major units); undefined = Manage gave none, nothing to compare. */
  manageTotal: number | undefined;
  currency: string;
  fix: string;
  /** Compare absolute values (stock lines: Manage signs them by direction, Sage by document type). */
  unsigned?: boolean;
}

/** Whether the record's figures agree with Manage's total; a disagreement is reported as a record problem. */
export function checkManageTotal(m: Mapper, s: Subject, c: TotalCheck): boolean {
  if (c.manageTotal === undefined) return true;
  const manage = c.unsigned ? Math.abs(minorOf(c.manageTotal)) : minorOf(c.manageTotal);
  const sage = c.unsigned ? Math.abs(c.net + c.tax) : c.net + c.tax;
  if (manage === sage) return true;
  const money = (v: Minor) => formatMoney(v, c.currency);
  const parts = c.tax ? ` (net ${money(c.net)} + VAT ${money(c.tax)})` : '';
  m.recordProblem(
    s,
    c.what,
    'EXPORT_TOTAL_MISMATCH',
    `${c.what} would reach Sage as ${money(sage)}${parts}, but its total in Manage is ${money(manage)} (a difference of ${money(manage - sage)}). Nothing of it is posted.`,
    c.fix,
  );
  return false;
}
