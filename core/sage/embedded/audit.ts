/**
 * The audit trail: a header (AUDIT_HEADER) per transaction with its splits (one per nominal line). Header
 * totals are the sums of the splits, in the document's currency and in base; every split gets the next
 * transaction number, as Sage's TRAN_NUMBER.
 */
import type { Company } from './store.ts';

export type AuditType = 'SI' | 'SC' | 'PI' | 'PC' | 'SR' | 'JD' | 'JC';

export interface NewSplit {
  nominal: string;
  taxCode: number;
  net: number;
  tax: number;
  baseNet: number;
  baseTax: number;
  details?: string;
  department: number;
  project?: string;
}

export interface NewHeader {
  type: AuditType;
  account: string;
  reference: string;
  date: string;
  details?: string;
  currency: string;
  rate: number;
  bankCode?: string;
  invoiceId?: number;
  splits: NewSplit[];
}

export interface HeaderRow {
  id: number;
  type: AuditType;
  account: string;
  reference: string;
  date: string;
  details: string | null;
  currency: string;
  rate: number;
  net: number;
  tax: number;
  base_net: number;
  base_tax: number;
  amount_paid: number;
  base_amount_paid: number;
  bank_code: string | null;
  invoice_id: number | null;
  split_count: number;
  fully_paid_on: string | null;
  payments_changed_on: string | null;
  user: string | null;
  created_at: string;
}

/** Write a header and its splits (inside the caller's transaction); returns the header id. */
export function insertHeader(c: Company, h: NewHeader): number {
  const sum = (k: keyof Pick<NewSplit, 'net' | 'tax' | 'baseNet' | 'baseTax'>) =>
    h.splits.reduce((t, s) => t + s[k], 0);
  const info = c
    .q(`INSERT INTO headers (type, account, reference, date, details, currency, rate, net, tax, base_net, base_tax,
      bank_code, invoice_id, split_count, user, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(
      h.type,
      h.account,
      h.reference,
      h.date,
      h.details ?? null,
      h.currency,
      h.rate,
      sum('net'),
      sum('tax'),
      sum('baseNet'),
      sum('baseTax'),
      h.bankCode ?? null,
      h.invoiceId ?? null,
      h.splits.length,
      c.user,
      c.now(),
    );
  const headerId = Number(info.lastInsertRowid);
  const insertSplit =
    c.q(`INSERT INTO splits (header_id, nominal, tax_code, net, tax, base_net, base_tax, details, department, project, date)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const s of h.splits) {
    insertSplit.run(
      headerId,
      s.nominal,
      s.taxCode,
      s.net,
      s.tax,
      s.baseNet,
      s.baseTax,
      s.details ?? null,
      s.department,
      s.project ?? null,
      h.date,
    );
  }
  return headerId;
}

export function getHeader(c: Company, id: number): HeaderRow | undefined {
  return c.q('SELECT * FROM headers WHERE id = ?').get(id) as HeaderRow | undefined;
}

export function outstanding(h: HeaderRow): number {
  return h.net + h.tax - h.amount_paid;
}
