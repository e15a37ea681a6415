/**
 * The stand-in company's tables (SQLite). Money columns are INTEGER minor units: `net`/`tax` in the document's
 * currency, `base_net`/`base_tax` in the base currency. Every lookup a posting makes goes through a primary key
 * or an index, so one commit costs the same in an empty company and in a full one.
 */

export const SCHEMA_VERSION = '1';
export const COMPANY_FILE = 'company.sqlite';
export const APP_ID = 0x53414745; // "SAGE" in PRAGMA application_id: tells our company file from any other SQLite file

export const DDL = `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE users (name TEXT PRIMARY KEY, salt TEXT NOT NULL, hash TEXT NOT NULL, logged_in INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE nominals (code TEXT PRIMARY KEY, name TEXT NOT NULL, control INTEGER NOT NULL DEFAULT 0, bank INTEGER NOT NULL DEFAULT 0, role TEXT) WITHOUT ROWID;
CREATE TABLE tax_codes (number INTEGER PRIMARY KEY, rate REAL NOT NULL, description TEXT NOT NULL);
CREATE TABLE departments (number INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE projects (ref TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE currencies (code TEXT PRIMARY KEY, name TEXT NOT NULL, symbol TEXT, rate REAL NOT NULL, base INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE customers (ref TEXT PRIMARY KEY, name TEXT NOT NULL, currency TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE suppliers (ref TEXT PRIMARY KEY, name TEXT NOT NULL, currency TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE products (
  code TEXT PRIMARY KEY, description TEXT NOT NULL, item_type TEXT NOT NULL, sales_nominal TEXT, purchase_nominal TEXT,
  tax_code INTEGER, qty_in_stock REAL NOT NULL DEFAULT 0, created_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY, number INTEGER NOT NULL UNIQUE, kind TEXT NOT NULL, format TEXT NOT NULL, account TEXT NOT NULL,
  date TEXT NOT NULL, currency TEXT NOT NULL, rate REAL NOT NULL, order_number TEXT, notes TEXT,
  net INTEGER NOT NULL, tax INTEGER NOT NULL, base_net INTEGER NOT NULL, base_tax INTEGER NOT NULL,
  line_count INTEGER NOT NULL, posted INTEGER NOT NULL DEFAULT 0, header_id INTEGER, user TEXT, created_at TEXT NOT NULL);
CREATE TABLE invoice_lines (
  invoice_id INTEGER NOT NULL, line_no INTEGER NOT NULL, stock_code TEXT NOT NULL, description TEXT NOT NULL, quantity REAL NOT NULL,
  unit_price INTEGER NOT NULL, net INTEGER NOT NULL, tax INTEGER NOT NULL, base_net INTEGER NOT NULL, base_tax INTEGER NOT NULL,
  tax_code INTEGER, nominal TEXT, department INTEGER NOT NULL, project TEXT, PRIMARY KEY (invoice_id, line_no)) WITHOUT ROWID;
CREATE TABLE headers (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, account TEXT NOT NULL, reference TEXT NOT NULL, date TEXT NOT NULL, details TEXT,
  currency TEXT NOT NULL, rate REAL NOT NULL, net INTEGER NOT NULL, tax INTEGER NOT NULL, base_net INTEGER NOT NULL,
  base_tax INTEGER NOT NULL, amount_paid INTEGER NOT NULL DEFAULT 0, base_amount_paid INTEGER NOT NULL DEFAULT 0,
  bank_code TEXT, invoice_id INTEGER, split_count INTEGER NOT NULL, fully_paid_on TEXT, payments_changed_on TEXT,
  user TEXT, created_at TEXT NOT NULL);
CREATE INDEX headers_by_ref ON headers (reference, type);
CREATE INDEX headers_by_payment_change ON headers (payments_changed_on) WHERE payments_changed_on IS NOT NULL;
CREATE TABLE splits (
  tran INTEGER PRIMARY KEY, header_id INTEGER NOT NULL, nominal TEXT NOT NULL, tax_code INTEGER NOT NULL, net INTEGER NOT NULL,
  tax INTEGER NOT NULL, base_net INTEGER NOT NULL, base_tax INTEGER NOT NULL, details TEXT, department INTEGER NOT NULL,
  project TEXT, date TEXT NOT NULL);
CREATE INDEX splits_by_header ON splits (header_id);
CREATE TABLE allocations (
  id INTEGER PRIMARY KEY, debit_id INTEGER NOT NULL, credit_id INTEGER NOT NULL, amount INTEGER NOT NULL,
  base_amount INTEGER NOT NULL, date TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX allocations_by_debit ON allocations (debit_id);
CREATE INDEX allocations_by_credit ON allocations (credit_id);
CREATE TABLE purchase_orders (
  id INTEGER PRIMARY KEY, number INTEGER NOT NULL UNIQUE, supplier TEXT NOT NULL, reference TEXT, date TEXT NOT NULL,
  currency TEXT NOT NULL, rate REAL NOT NULL, net INTEGER NOT NULL, tax INTEGER NOT NULL, base_net INTEGER NOT NULL,
  base_tax INTEGER NOT NULL, line_count INTEGER NOT NULL, received INTEGER NOT NULL, user TEXT, created_at TEXT NOT NULL);
CREATE TABLE po_lines (
  po_id INTEGER NOT NULL, line_no INTEGER NOT NULL, stock_code TEXT NOT NULL, description TEXT NOT NULL, quantity REAL NOT NULL,
  unit_cost INTEGER NOT NULL, net INTEGER NOT NULL, tax INTEGER NOT NULL, tax_code INTEGER NOT NULL, nominal TEXT NOT NULL,
  department INTEGER NOT NULL, project TEXT, PRIMARY KEY (po_id, line_no)) WITHOUT ROWID;
CREATE TABLE stock_trans (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, stock_code TEXT NOT NULL, quantity REAL NOT NULL, cost INTEGER NOT NULL,
  reference TEXT NOT NULL, date TEXT NOT NULL, details TEXT, po_id INTEGER, created_at TEXT NOT NULL);
CREATE INDEX stock_by_ref ON stock_trans (reference, type);
`;
