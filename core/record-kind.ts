/**
 * The one name of each kind of record sagebot moves: invoices, expenses and inventory (Manage's procurement:
 * item receipts, adjustments and transfers). Every layer uses this type; Manage's own words for inventory
 * (`exportProductsFlag`, `includedProductIds`, `unpostedprocurement`, UnpostedProcurement) are met only at the
 * Manage boundary (core/manage/record-ids.ts, see core/manage/README.md). Chat may accept synonyms ("stock",
 * "products"); they are parsed into these names.
 */
export type Kind = 'invoices' | 'expenses' | 'inventory';

/** Every kind, in the order sagebot runs and lists them. */
export const KINDS: readonly Kind[] = ['invoices', 'expenses', 'inventory'];

/** The batch id convention's suffix letter per kind (the guide's -I / -E / -P; P for procurement). */
export const BATCH_SUFFIX: Readonly<Record<Kind, string>> = { invoices: 'I', expenses: 'E', inventory: 'P' };
