/**
 * Building blocks of the Manage models: a `model()` helper (unknown fields are dropped, `null` values are
 * treated as missing, every field but the key ones optional), scalar shorthands, and the reference types
 * ("Ref"s: `{ id, identifier?, name? }`) that Manage embeds in its objects.
 */
import { z } from 'zod';

/** Manage omits or nulls fields freely; a null is read as "missing" so types stay `T | undefined`. */
function dropNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const rec = value as Record<string, unknown>;
  let hasNull = false;
  for (const k in rec)
    if (rec[k] === null) {
      hasNull = true;
      break;
    }
  if (!hasNull) return value;
  const out: Record<string, unknown> = {};
  for (const k in rec) if (rec[k] !== null) out[k] = rec[k];
  return out;
}

/** An object model: unknown keys ignored (stripped), nulls read as missing. */
export function model<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess(dropNulls, z.object(shape));
}

export const str = z.string().optional();
export const num = z.number().optional();
export const int = z.number().int().optional();
export const bool = z.boolean().optional();
export const ints = z.array(z.number().int()).optional();
export const strs = z.array(z.string()).optional();
/**
 * `_info` of a record: lastUpdated and updatedBy are kept; its `*_href` links (absolute URLs, on nearly every
 * object and on every reference inside it) are dropped, as are the `_info` of references: nothing reads them,
 * and on a page of 1,000 records they are thousands of long strings.
 */
export const info = model({ lastUpdated: str, updatedBy: str }).optional();

/**
 * A `{P}TaxFlag / {P}TaxXref / {P}TaxAmount` block for Manage's six tax places (state, county, city, country,
 * composite, level six).
 */
export const TAX_PLACES = ['state', 'county', 'city', 'country', 'composite', 'levelSix'] as const;
type TaxPlace = (typeof TAX_PLACES)[number];
type Tax6Shape = Record<`${TaxPlace}TaxFlag`, typeof bool> &
  Record<`${TaxPlace}TaxXref`, typeof str> &
  Record<`${TaxPlace}TaxAmount`, typeof num>;
export function tax6(): Tax6Shape {
  const shape: Record<string, z.ZodType> = {};
  for (const p of TAX_PLACES) {
    shape[`${p}TaxFlag`] = bool;
    shape[`${p}TaxXref`] = str;
    shape[`${p}TaxAmount`] = num;
  }
  return shape as Tax6Shape;
}

/** A reference to another record; Manage adds `identifier` on many of them. */
export const RefSchema = model({ id: int, identifier: str, name: str });
export type Ref = z.infer<typeof RefSchema>;
export const ref = RefSchema.optional();

export const CompanyRefSchema = model({ id: int, identifier: str, name: str });
export type CompanyRef = z.infer<typeof CompanyRefSchema>;
export const MemberRefSchema = model({ id: int, identifier: str, name: str, dailyCapacity: num });
export type MemberRef = z.infer<typeof MemberRefSchema>;
export const SystemDepartmentRefSchema = model({ id: int, identifier: str, name: str });
export const CurrencyRefSchema = model({
  id: int,
  symbol: str,
  currencyCode: str,
  decimalSeparator: str,
  numberOfDecimals: int,
  thousandsSeparator: str,
  negativeParenthesesFlag: bool,
  displaySymbolFlag: bool,
  currencyIdentifier: str,
  displayIdFlag: bool,
  rightAlign: bool,
  name: str,
});
export type CurrencyRef = z.infer<typeof CurrencyRefSchema>;
export const InvoiceRefSchema = model({
  id: int,
  identifier: str,
  billingType: str,
  applyToType: str,
  invoiceDate: str,
  chargeFirmFlag: bool,
});
export const IvItemRefSchema = model({ id: int, identifier: str, serializedFlag: bool });
export type IvItemRef = z.infer<typeof IvItemRefSchema>;
export const ProductRefSchema = model({ id: int, description: str });
export const ExpenseDetailRefSchema = model({ id: int, amount: num });
export const PurchaseOrderLineItemRefSchema = model({ id: int, identifier: str });
export const BillingStatusRefSchema = model({ id: int, name: str, isClosed: bool });
export const AgreementRefSchema = model({ id: int, name: str, type: str, chargeFirmFlag: bool });
export const SalesOrderRefSchema = model({ id: int, identifier: str });
export const TicketRefSchema = model({ id: int, summary: str });
export const WarehouseRefSchema = model({ id: int, name: str, lockedFlag: bool });

export const INVOICE_TYPES = [
  'Agreement',
  'CreditMemo',
  'DownPayment',
  'Miscellaneous',
  'Progress',
  'Standard',
] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];
export const invoiceType = z.enum(INVOICE_TYPES).optional();

export const GL_TYPES = [
  'AP',
  'AR',
  'EE',
  'EI',
  'EO',
  'IA',
  'IT',
  'P',
  'PF',
  'R',
  'RA',
  'RD',
  'RE',
  'RP',
  'ST',
  'SD',
  'ET',
  'FT',
  'PT',
  'WP',
  'WR',
] as const;
export type GlType = (typeof GL_TYPES)[number];
