/**
 * The seed file of `sagebot ledger init --from seed.json`: what a new stand-in company gets on top of the UK
 * defaults (or instead of them, key by key). The zod schema is the documentation's source of truth
 * (see README.md); `parseSeed` turns a bad file into one message naming the path of the bad field.
 */
import { z } from 'zod';
import { SagebotError } from '../../errors.ts';
import { isIsoDate } from '../rules.ts';

const isoDate = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');
const taxCode = z.string().regex(/^T\d{1,2}$/, 'a tax code T0..T99');
const itemType = z.enum(['stock', 'non-stock', 'service', 'description']);

const account = z
  .object({
    ref: z.string().min(1),
    name: z.string().max(60),
    currency: z.string().length(3).optional(),
  })
  .strict();

export const seedSchema = z
  .object({
    companyName: z.string().min(1).max(60).optional(),
    /** The base currency (default GBP): a company of an Irish entity keeps its books in EUR. */
    baseCurrency: z.enum(['GBP', 'EUR', 'USD']).optional(),
    /** First day of the financial year. Default: 1 January of the current year. */
    financialYearStart: isoDate.optional(),
    /** Postings dated on or before the lock date are refused. */
    lockDate: isoDate.nullable().optional(),
    /** The VAT scheme (default standard); a cash-accounting company refuses receipts and allocations. */
    vatScheme: z.enum(['standard', 'cash']).optional(),
    /** Demo only: receipts and credit allocations recorded once their documents arrive (demo-payments.ts). */
    demoPayments: z
      .object({
        receipts: z
          .array(z.object({ invoice: z.number().int().positive(), percent: z.number().min(1).max(100) }).strict())
          .default([]),
        allocations: z
          .array(z.object({ credit: z.number().int().positive(), invoice: z.number().int().positive() }).strict())
          .default([]),
      })
      .strict()
      .optional(),
    nominals: z
      .array(
        z
          .object({
            code: z.string().regex(/^[0-9A-Z]{1,8}$/, 'a nominal code of up to 8 digits or capital letters'),
            name: z.string().min(1).max(60),
            control: z.boolean().optional(),
            bank: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    taxCodes: z
      .array(
        z
          .object({ code: taxCode, rate: z.number().min(0).max(100), description: z.string().max(60).optional() })
          .strict(),
      )
      .optional(),
    departments: z
      .array(z.object({ number: z.number().int().min(0).max(999), name: z.string().min(1).max(60) }).strict())
      .optional(),
    projects: z
      .array(z.object({ ref: z.string().min(1).max(12), name: z.string().min(1).max(60) }).strict())
      .optional(),
    /** Foreign currencies: `rate` = units of the currency per 1 unit of the base currency. */
    currencies: z
      .array(
        z
          .object({
            code: z.string().regex(/^[A-Z]{3}$/),
            name: z.string().min(1),
            symbol: z.string().optional(),
            rate: z.number().positive(),
          })
          .strict(),
      )
      .optional(),
    customers: z.array(account).optional(),
    suppliers: z.array(account).optional(),
    products: z
      .array(
        z
          .object({
            code: z.string().min(1).max(30),
            description: z.string().max(60),
            itemType: itemType.optional(),
            salesNominal: z.string().optional(),
            purchaseNominal: z.string().optional(),
            taxCode: taxCode.optional(),
            qtyInStock: z.number().optional(),
          })
          .strict(),
      )
      .optional(),
    /** Company users; MANAGER with a blank password exists unless listed here with a password. */
    users: z
      .array(
        z
          .object({
            name: z.string().min(1).max(32),
            password: z.string().optional(),
            loggedIn: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    flags: z
      .object({
        /** Tools > Activation > Enable 3rd Party Integration. Default true. */
        integrationEnabled: z.boolean().optional(),
        /** Someone runs an exclusive task (File Maintenance, Year End...): text says what, or true. */
        exclusive: z.union([z.boolean(), z.string()]).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type CompanySeed = z.infer<typeof seedSchema>;

/** Validate a parsed JSON seed; throws a SagebotError (USAGE_BAD_SEED) naming the first bad field. */
export function parseSeed(json: unknown, source = 'the seed file'): CompanySeed {
  const parsed = seedSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  throw new SagebotError({
    code: 'USAGE_BAD_SEED',
    message: `${source} is not a valid company seed: ${path || '(top level)'}: ${issue.message}.`,
    fix: 'See core/sage/embedded/README.md for the seed format.',
  });
}
