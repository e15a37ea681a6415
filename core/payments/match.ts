/**
 * Matching: which Manage invoice each changed Sage document belongs to, and the two halves (invoice side,
 * credit side) of every Manage invoice touched. When a document can be read two ways (Sage invoice 4600 is
 * either the split half of Manage 460 or Manage 4600 itself, because Manage numbers may end in 0 or 1), the
 * readings whose Manage invoice exists are tried in order (split first) and the first one whose Sage value
 * equals the Manage total wins; when none agrees, the preferred existing one is kept and the total check
 * reports the mismatch.
 */
import type { Problem } from '../export/types.ts';
import type { Invoice } from '../manage/models.ts';
import type { Minor } from '../money.ts';
import type { PaymentStatus } from '../sage/ledger.ts';
import type { Candidate, ChangedDocument, Role, SiblingInfo } from './documents.ts';
import { manageTotal } from './manage-amounts.ts';
import { duplicateDocument, noManageInvoice } from './problems.ts';

/** One side of a Manage invoice in Sage. */
export interface Half {
  label: string;
  gross: Minor;
  /** Present when this half's payments changed since the start date. */
  changed?: PaymentStatus;
}

/** A Manage invoice and its Sage documents. */
export interface InvoiceGroup {
  number: string;
  invoice: Invoice;
  invoiceHalf?: Half;
  creditHalf?: Half;
}

export interface MatchOutcome {
  groups: InvoiceGroup[];
  problems: Problem[];
  /** How many Manage invoices were looked at (groups plus those dropped with a problem). */
  checked: number;
}

interface Assigned {
  doc: ChangedDocument;
  reading: Candidate;
}

/** Match changed documents to Manage invoices (`byNumber`), completing pairs from `siblings`. */
export function matchDocuments(
  docs: ChangedDocument[],
  siblings: Map<string, SiblingInfo>,
  byNumber: Map<string, Invoice>,
): MatchOutcome {
  const changedByKey = new Map(docs.map((d) => [d.key, d]));
  const problems: Problem[] = [];
  const assigned: Assigned[] = [];
  for (const doc of docs) {
    const reading = chooseReading(doc, byNumber, changedByKey, siblings);
    if (reading) assigned.push({ doc, reading });
    else
      problems.push(
        noManageInvoice(
          doc.label,
          doc.candidates.map((c) => c.number),
        ),
      );
  }
  const { groups, duplicates } = buildGroups(assigned, byNumber, siblings, changedByKey);
  problems.push(...duplicates);
  return { groups, problems, checked: groups.length + duplicates.length + (docs.length - assigned.length) };
}

function chooseReading(
  doc: ChangedDocument,
  byNumber: Map<string, Invoice>,
  changedByKey: Map<string, ChangedDocument>,
  siblings: Map<string, SiblingInfo>,
): Candidate | undefined {
  const existing = doc.candidates.filter((c) => byNumber.has(c.number));
  if (existing.length <= 1) return existing[0];
  const agrees = existing.find((c) => {
    const total = manageTotal(byNumber.get(c.number)!);
    return Math.abs(readingValue(doc, c, changedByKey, siblings)) === total;
  });
  return agrees ?? existing[0];
}

/** The Sage value of the Manage invoice under a reading: invoice side minus credit side. */
function readingValue(
  doc: ChangedDocument,
  c: Candidate,
  changedByKey: Map<string, ChangedDocument>,
  siblings: Map<string, SiblingInfo>,
): Minor {
  const own = doc.status.gross;
  let other = 0;
  if (c.paired && doc.sibling) {
    other =
      changedByKey.get(doc.sibling.key)?.status.gross ??
      (siblings.get(doc.sibling.key)?.exists ? siblings.get(doc.sibling.key)!.gross : 0);
  }
  return doc.role === 'invoice' ? own - other : other - own;
}

function buildGroups(
  assigned: Assigned[],
  byNumber: Map<string, Invoice>,
  siblings: Map<string, SiblingInfo>,
  changedByKey: Map<string, ChangedDocument>,
): { groups: InvoiceGroup[]; duplicates: Problem[] } {
  const groups = new Map<string, InvoiceGroup & { paired: ChangedDocument[]; clash?: string[] }>();
  for (const { doc, reading } of assigned) {
    let g = groups.get(reading.number);
    if (!g) {
      g = { number: reading.number, invoice: byNumber.get(reading.number)!, paired: [] };
      groups.set(reading.number, g);
    }
    const slot: 'invoiceHalf' | 'creditHalf' = doc.role === 'invoice' ? 'invoiceHalf' : 'creditHalf';
    const existing = g[slot];
    if (existing) g.clash = [...(g.clash ?? [existing.label]), doc.label];
    else g[slot] = { label: doc.label, gross: doc.status.gross, changed: doc.status };
    if (reading.paired) g.paired.push(doc);
  }
  const out: InvoiceGroup[] = [];
  const duplicates: Problem[] = [];
  for (const g of groups.values()) {
    if (g.clash) {
      duplicates.push(duplicateDocument(g.number, g.invoice.id, g.clash));
      continue;
    }
    for (const doc of g.paired) fillSibling(g, doc, siblings, changedByKey);
    out.push({ number: g.number, invoice: g.invoice, invoiceHalf: g.invoiceHalf, creditHalf: g.creditHalf });
  }
  return { groups: out, duplicates };
}

/** Complete the other half of a paired reading from the ledger lookup, unless it belongs elsewhere. */
function fillSibling(
  g: InvoiceGroup,
  doc: ChangedDocument,
  siblings: Map<string, SiblingInfo>,
  changedByKey: Map<string, ChangedDocument>,
): void {
  const sib = doc.sibling;
  if (!sib) return;
  const slot = slotOf(sib.role);
  if (g[slot]) return;
  if (changedByKey.has(sib.key)) return; // it changed too and was matched on its own, to another invoice
  const info = siblings.get(sib.key);
  if (info?.exists) g[slot] = { label: sib.label, gross: info.gross };
}

function slotOf(role: Role): 'invoiceHalf' | 'creditHalf' {
  return role === 'invoice' ? 'invoiceHalf' : 'creditHalf';
}
