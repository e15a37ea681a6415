/**
 * Customers, suppliers and products of the stand-in company: find by key, create with Sage's rules, and the
 * "which ledger is this account on" checks that stop an SI going to a supplier or a PI to a customer.
 */

import { refuse } from '../errors.ts';
import type { ItemType, LedgerAccount, NewAccount, Product } from '../ledger.ts';
import {
  capitalise,
  checkAccountRef,
  checkLength,
  checkNominal,
  checkTaxCode,
  LIMITS,
  NON_STOCK_CODES,
  normaliseRef,
  parseTaxCode,
} from '../rules.ts';
import type { Company } from './store.ts';

export type LedgerName = 'customers' | 'suppliers';

const WORD = { customers: 'customer', suppliers: 'supplier' } as const;
const ITEM_TYPES: ItemType[] = ['stock', 'non-stock', 'service', 'description'];

export function findAccount(c: Company, ledger: LedgerName, ref: string): LedgerAccount | undefined {
  const row = c.q(`SELECT ref, name, currency FROM ${ledger} WHERE ref = ?`).get(normaliseRef(ref)) as
    | LedgerAccount
    | undefined;
  return row ? { ref: row.ref, name: row.name, currency: row.currency } : undefined;
}

export function createAccount(c: Company, ledger: LedgerName, account: NewAccount): LedgerAccount {
  const ref = (account.ref ?? '').trim();
  checkAccountRef(ref, `The ${WORD[ledger]} A/C ref`);
  const name = (account.name ?? '').trim() || ref;
  checkLength(name, LIMITS.accountName, 'name', `${WORD[ledger]} ${ref}`);
  const currency = (account.currency ?? c.setup.baseCurrency).toUpperCase();
  if (!c.setup.currencies.has(currency)) {
    throw refuse(
      'SAGE_CURRENCY_UNKNOWN',
      `Currency ${currency} for ${WORD[ledger]} ${ref} is not set up in Sage.`,
      'Set the currency up in Sage (Settings > Currencies) first, or create the account in the base currency.',
      { currency },
    );
  }
  if (findAccount(c, ledger, ref)) {
    throw refuse(
      'SAGE_ACCOUNT_EXISTS',
      `A ${WORD[ledger]} with A/C ref ${ref} already exists in Sage.`,
      'Use the existing account, or choose another A/C ref (refs cannot be renamed once saved).',
      { ref },
    );
  }
  c.q(`INSERT INTO ${ledger} (ref, name, currency, created_at) VALUES (?, ?, ?, ?)`).run(ref, name, currency, c.now());
  return { ref, name, currency };
}

/** The account a sales (`customers`) or purchase (`suppliers`) document is for; refuses the wrong ledger. */
export function requireAccount(c: Company, ledger: LedgerName, ref: string, where: string): LedgerAccount {
  const found = findAccount(c, ledger, ref);
  if (found) return found;
  const other: LedgerName = ledger === 'customers' ? 'suppliers' : 'customers';
  if (findAccount(c, other, ref)) {
    const docs =
      ledger === 'customers'
        ? 'Sales invoices, credit notes and receipts (SI, SC, SR)'
        : 'Purchase invoices, credit notes and orders (PI, PC, PO)';
    throw refuse(
      'SAGE_ACCOUNT_TYPE_MISMATCH',
      `${capitalise(where)} is for ${normaliseRef(ref)}, which is a ${WORD[other]} account, not a ${WORD[ledger]} account.`,
      `${docs} must use a ${WORD[ledger]} account: check the account mapping in Manage.`,
      { ref, ledger },
    );
  }
  throw refuse(
    'SAGE_ACCOUNT_UNKNOWN',
    `There is no ${WORD[ledger]} with A/C ref ${normaliseRef(ref) || '(blank)'} in Sage (${where}).`,
    `Create the ${WORD[ledger]} in Sage first, or check the account mapping in Manage.`,
    { ref, ledger },
  );
}

interface ProductRow {
  code: string;
  description: string;
  item_type: ItemType;
  sales_nominal: string | null;
  purchase_nominal: string | null;
  tax_code: number | null;
}

export function findProduct(c: Company, code: string): Product | undefined {
  const row = c.q('SELECT * FROM products WHERE code = ?').get(String(code ?? '').trim()) as ProductRow | undefined;
  if (!row) return undefined;
  return {
    code: row.code,
    description: row.description,
    itemType: row.item_type,
    ...(row.sales_nominal ? { salesNominal: row.sales_nominal } : {}),
    ...(row.purchase_nominal ? { purchaseNominal: row.purchase_nominal } : {}),
    ...(row.tax_code !== null ? { taxCode: `T${row.tax_code}` } : {}),
  };
}

export function checkStockCode(code: string, where: string): void {
  checkLength(code, LIMITS.stockCode, 'stock code', where);
}

export function createProduct(c: Company, p: Product, qtyInStock = 0): Product {
  const code = String(p.code ?? '').trim();
  const where = `product ${code}`;
  checkStockCode(code, where);
  if (!code || /[\u0000-\u001f]/.test(code) || NON_STOCK_CODES.has(code.toUpperCase())) {
    throw refuse(
      'SAGE_BAD_PRODUCT_CODE',
      `"${code}" cannot be used as a product code${NON_STOCK_CODES.has(code.toUpperCase()) ? ": S1, S2, S3 and M are Sage's non-stock codes" : ''}.`,
      'Use a product code of 1 to 30 characters, not S1, S2, S3 or M.',
      { code },
    );
  }
  checkLength(p.description, LIMITS.description, 'description', where);
  if (!ITEM_TYPES.includes(p.itemType)) {
    throw refuse(
      'SAGE_BAD_PRODUCT_CODE',
      `Product ${code} has an unknown item type "${String(p.itemType)}".`,
      'Use stock, non-stock, service or description.',
      { itemType: p.itemType },
    );
  }
  const salesNominal = p.salesNominal ?? '4000';
  const purchaseNominal = p.purchaseNominal ?? '5000';
  checkNominal(c.setup, salesNominal, `the sales nominal code of ${where}`);
  checkNominal(c.setup, purchaseNominal, `the purchase nominal code of ${where}`);
  const tax = checkTaxCode(c.setup, p.taxCode ?? 'T1', where);
  if (findProduct(c, code)) {
    throw refuse(
      'SAGE_BAD_PRODUCT_CODE',
      `A product with code ${code} already exists in Sage.`,
      'Use the existing product or another code.',
      { code },
    );
  }
  c.q(
    'INSERT INTO products (code, description, item_type, sales_nominal, purchase_nominal, tax_code, qty_in_stock, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    code,
    p.description ?? '',
    p.itemType,
    salesNominal,
    purchaseNominal,
    parseTaxCode(tax.code),
    qtyInStock,
    c.now(),
  );
  return findProduct(c, code)!;
}
