/**
 * Test helper: take an invoice (or credit note) out of the embedded Sage company as if Sage had been restored
 * from a backup taken before it was posted: the invoice, its lines, its audit-trail header and splits go.
 */
import Database from 'better-sqlite3';
import { companyFile } from '../../core/sage/embedded/store.ts';

export function removeInvoice(companyDir: string, number: number): void {
  const db = new Database(companyFile(companyDir), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.transaction(() => {
      const row = db.prepare('SELECT id, header_id FROM invoices WHERE number = ?').get(number) as
        | { id: number; header_id: number | null }
        | undefined;
      if (!row) throw new Error(`the company holds no invoice ${number}`);
      db.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?').run(row.id);
      db.prepare('DELETE FROM invoices WHERE id = ?').run(row.id);
      const headers = db
        .prepare('SELECT id FROM headers WHERE invoice_id = ? OR id = ?')
        .all(row.id, row.header_id) as Array<{
        id: number;
      }>;
      for (const h of headers) {
        db.prepare('DELETE FROM splits WHERE header_id = ?').run(h.id);
        db.prepare('DELETE FROM headers WHERE id = ?').run(h.id);
      }
    })();
  } finally {
    db.close();
  }
}
