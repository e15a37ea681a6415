/**
 * How a Sage sales document relates to a Manage invoice number, before anything is looked up:
 * - invoicing-module invoice "<n>0" and credit note "<n>1" are the split halves of Manage invoice <n>
 *   (the guide's Split Invoicing Module); any other invoicing-module number is read as the Manage number itself;
 * - batch SI / SC transactions carry the Manage number itself as reference (split invoicing off); an SI and an
 *   SC with the same reference are the two halves of one Manage invoice.
 * A document therefore has one or two candidate Manage numbers (split reading first) and at most one sibling
 * (the other half) whose value may be needed when only one half changed.
 */
import type { DocumentKey, PaymentStatus } from '../sage/ledger.ts';

export type Role = 'invoice' | 'credit';

export interface Candidate {
  /** The Manage invoice number this reading points at. */
  number: string;
  /**
   * True when, read this way, the document is one half of the Manage invoice and its sibling the other
   * (split "<n>0" / "<n>1", or batch SI / SC sharing the reference); false when it stands alone.
   */
  paired: boolean;
}

/** A Sage document whose payments changed, with the Manage invoices it may belong to. */
export interface ChangedDocument {
  status: PaymentStatus;
  role: Role;
  /** How the user sees it in Sage's activity: "SI 4600", "SC 4601". */
  label: string;
  key: string;
  /** Preferred reading first. */
  candidates: Candidate[];
  /** The other half of the same Manage invoice, when the document can have one. */
  sibling?: SiblingRef;
}

export interface SiblingRef {
  key: string;
  label: string;
  role: Role;
  lookup: DocumentKey;
}

/** What the ledger says about a sibling that did not itself change: only whether it exists and its value. */
export interface SiblingInfo {
  exists: boolean;
  gross: number;
}

export function roleOf(kind: PaymentStatus['kind']): Role {
  return kind === 'invoice' || kind === 'SI' ? 'invoice' : 'credit';
}

/** Stable key of a Sage document: its kind family and reference. */
export function documentKey(kind: PaymentStatus['kind'], reference: string): string {
  return `${kind}:${reference}`;
}

export function documentLabel(kind: PaymentStatus['kind'], reference: string): string {
  return `${roleOf(kind) === 'invoice' ? 'SI' : 'SC'} ${reference}`;
}

/** Read a changed Sage document: its candidates and sibling. */
export function describeDocument(status: PaymentStatus): ChangedDocument {
  const role = roleOf(status.kind);
  const ref = status.reference.trim();
  const base = { status, role, label: documentLabel(status.kind, ref), key: documentKey(status.kind, ref) };
  if (status.kind === 'SI' || status.kind === 'SC') {
    const otherKind = status.kind === 'SI' ? 'SC' : 'SI';
    return {
      ...base,
      candidates: [{ number: ref, paired: true }],
      sibling: {
        key: documentKey(otherKind, ref),
        label: documentLabel(otherKind, ref),
        role: roleOf(otherKind),
        lookup: { doc: 'transaction', type: otherKind, reference: ref, account: status.account },
      },
    };
  }
  const suffix = role === 'invoice' ? '0' : '1';
  if (ref.length > 1 && ref.endsWith(suffix) && /^\d+$/.test(ref)) {
    const number = ref.slice(0, -1);
    const otherKind = role === 'invoice' ? 'credit' : 'invoice';
    const otherRef = `${number}${role === 'invoice' ? '1' : '0'}`;
    return {
      ...base,
      candidates: [
        { number, paired: true },
        { number: ref, paired: false },
      ],
      sibling: {
        key: documentKey(otherKind, otherRef),
        label: documentLabel(otherKind, otherRef),
        role: roleOf(otherKind),
        lookup: { doc: otherKind, number: Number(otherRef) },
      },
    };
  }
  return { ...base, candidates: [{ number: ref, paired: false }] };
}

/** Every Manage number any changed document may belong to (for one bulk lookup). */
export function candidateNumbers(docs: ChangedDocument[]): string[] {
  const out = new Set<string>();
  for (const d of docs) for (const c of d.candidates) out.add(c.number);
  return [...out];
}

/** Siblings to ask the ledger about: those that are not themselves among the changed documents. */
export function siblingsToLookUp(docs: ChangedDocument[]): SiblingRef[] {
  const changed = new Set(docs.map((d) => d.key));
  const wanted = new Map<string, SiblingRef>();
  for (const d of docs) if (d.sibling && !changed.has(d.sibling.key)) wanted.set(d.sibling.key, d.sibling);
  return [...wanted.values()];
}
