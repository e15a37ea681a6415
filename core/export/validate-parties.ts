/**
 * The mapping checks that need the Sage company: which customers, suppliers and products already exist
 * (those that do not are created on the way, except a member's supplier, which must exist), whether an
 * existing account trades in the document's currency, and whether Sage already holds a document with a
 * planned number (the same document from an earlier run is fine and is not posted again; a different one
 * under that number blocks the batch). Reads only.
 */
import type { LedgerAccount, PostedDocument, Product, SageLedger } from '../sage/ledger.ts';
import { normaliseRef } from '../sage/rules.ts';
import type { Creation, PlannedRecord, PlannedSageDocument } from './plan-types.ts';
import type { ProblemSink } from './problems.ts';
import type { Mapper } from './validate-mappings.ts';

export interface PartyCheckResult {
  customers: string[];
  suppliers: string[];
  products: string[];
  /** Account code -> the name of the customer or supplier created under it. */
  names: Record<string, string>;
}

type Cache<T> = Map<string, Promise<T | undefined>>;

function cached<T>(cache: Cache<T>, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
  let p = cache.get(key);
  if (!p) {
    p = load();
    cache.set(key, p);
  }
  return p;
}

/** Check every record's creations and documents against Sage; drop creations of what exists already. */
export async function checkParties(
  ledger: SageLedger,
  records: PlannedRecord[],
  sink: ProblemSink,
  m: Mapper,
  opts: { checkDocuments?: boolean } = {},
): Promise<PartyCheckResult> {
  const customers: Cache<LedgerAccount> = new Map();
  const suppliers: Cache<LedgerAccount> = new Map();
  const products: Cache<Product> = new Map();
  const toCreate = { customers: new Set<string>(), suppliers: new Set<string>(), products: new Set<string>() };
  const names: Record<string, string> = {};
  const inSage = opts.checkDocuments !== false ? await lookUpDocuments(ledger, records) : undefined;
  for (const record of records) {
    const keep: Creation[] = [];
    for (const c of record.creations) {
      if (c.kind === 'product') {
        const found = await cached(products, c.product.code, () => ledger.findProduct(c.product.code));
        if (!found && productCreatable(record, c, m)) {
          keep.push(c);
          toCreate.products.add(c.product.code);
        }
        continue;
      }
      const ref = normaliseRef(c.account.ref);
      const cache = c.kind === 'customer' ? customers : suppliers;
      const found = await cached(cache, ref, () =>
        c.kind === 'customer' ? ledger.findCustomer(ref) : ledger.findSupplier(ref),
      );
      if (found) checkCurrency(record, c, found, sink);
      else if (c.kind === 'supplier' && c.mustExist) missingMemberSupplier(record, ref, c.who ?? ref, sink);
      else {
        keep.push(c);
        (c.kind === 'customer' ? toCreate.customers : toCreate.suppliers).add(ref);
        if (c.account.name) names[ref] ??= c.account.name;
      }
    }
    record.creations = keep;
    if (inSage) for (const doc of record.documents) checkDocument(record, doc, inSage.get(doc), sink);
  }
  return {
    customers: [...toCreate.customers],
    suppliers: [...toCreate.suppliers],
    products: [...toCreate.products],
    names,
  };
}

/** A missing product is created with the item type of its product type and needs Inventory and COGS accounts. */
function productCreatable(record: PlannedRecord, c: Extract<Creation, { kind: 'product' }>, m: Mapper): boolean {
  if (!c.spec) return true;
  const s = { manageId: record.manageId, name: c.spec.usedBy };
  const itemType = m.productItemType(s, c.product.code, c.spec.typeXref);
  const accounts = m.productAccounts(s, c.product.code, c.spec.inventory, c.spec.cogs);
  const purchaseNominal = accounts
    ? m.nominal(s, c.spec.cogs, `the COGS account of product ${c.product.code}`)
    : undefined;
  if (!itemType || !purchaseNominal) return false;
  c.product = { ...c.product, itemType, purchaseNominal };
  delete c.spec;
  return true;
}

function checkCurrency(
  record: PlannedRecord,
  c: Creation & { account: { currency?: string } },
  found: LedgerAccount,
  sink: ProblemSink,
): void {
  const want = (c.account.currency ?? '').toUpperCase();
  if (!want || want === found.currency.toUpperCase()) return;
  const what = c.kind === 'customer' ? 'customer' : 'supplier';
  sink.add(
    {
      manageId: record.manageId,
      record: `Sage ${what} ${found.ref}`,
      code: 'EXPORT_CURRENCY_MISMATCH',
      message: `Sage ${what} ${found.ref} (${found.name}) trades in ${found.currency}, but ${record.type} ${record.number} is in ${want}. Sage posts a document only in its account's currency.`,
      fix: `Give the Manage company an account number of a Sage ${what} set up in ${want}, or change the currency of the record in Manage.`,
    },
    `${record.type} ${record.number}`,
  );
}

function missingMemberSupplier(record: PlannedRecord, ref: string, who: string, sink: ProblemSink): void {
  sink.add(
    {
      manageId: record.manageId,
      record: `Member ${who}`,
      code: 'EXPORT_MEMBER_SUPPLIER_UNKNOWN',
      message: `Member ${who} has Vendor Nbr ${ref}, but Sage has no supplier ${ref}. Suppliers for members are not created automatically.`,
      fix: `Create supplier ${ref} for ${who} in Sage (Suppliers > New), or correct the Vendor Nbr on System > Members in Manage.`,
    },
    `expense ${record.number}`,
  );
}

function sameDocument(found: PostedDocument, doc: PlannedSageDocument): boolean {
  const acct = found.account === undefined || normaliseRef(found.account) === normaliseRef(doc.account);
  return acct && found.net === doc.net && found.tax === doc.tax;
}

/** A numbered document without its number yet (Sage numbers it): nothing to look up. */
const unnumbered = (doc: PlannedSageDocument) =>
  (doc.key.doc === 'invoice' || doc.key.doc === 'credit' || doc.key.doc === 'purchaseOrder') && !doc.key.number;

/**
 * What Sage holds under each planned document's key, in one call for the whole batch (readDocuments: one round
 * trip, where a call per document would be thousands). This is the batch's one look-up: posting does not ask
 * again (post-batch.ts).
 */
async function lookUpDocuments(
  ledger: SageLedger,
  records: PlannedRecord[],
): Promise<Map<PlannedSageDocument, PostedDocument[]>> {
  const docs = records.flatMap((r) => r.documents).filter((d) => !unnumbered(d));
  const found = docs.length ? await ledger.readDocuments(docs.map((d) => d.key)) : [];
  return new Map(docs.map((d, i) => [d, found[i] ?? []]));
}

function checkDocument(
  record: PlannedRecord,
  doc: PlannedSageDocument,
  found: PostedDocument[] | undefined,
  sink: ProblemSink,
): void {
  if (!found?.length) return;
  doc.existing = found.map((f) => f.id);
  doc.alreadyInSage = doc.key.doc === 'journal' || found.some((f) => sameDocument(f, doc));
  const numbered = doc.key.doc === 'invoice' || doc.key.doc === 'credit' || doc.key.doc === 'purchaseOrder';
  if (doc.alreadyInSage || !numbered) return;
  const f = found[0];
  sink.add(
    {
      manageId: record.manageId,
      record: `Sage ${doc.label}`,
      code: 'EXPORT_NUMBER_TAKEN',
      message: `Sage already holds ${doc.label} for account ${f.account ?? '?'} (net ${(f.net / 100).toFixed(2)}, tax ${(f.tax / 100).toFixed(2)}), which is not ${record.type} ${record.number} (account ${doc.account}, net ${(doc.net / 100).toFixed(2)}, tax ${(doc.tax / 100).toFixed(2)}).`,
      fix: `Check ${doc.label} in Sage: if it is wrong, remove it there; otherwise renumber the Manage record.`,
    },
    `${record.type} ${record.number}`,
  );
}

const RECORD_WORDS: Record<string, string> = {
  Expense: 'Expense bill',
  Purchase: 'Purchase order',
  Adjustment: 'Adjustment',
  Transfer: 'Transfer',
};

/** How users name a planned record: "Invoice 601", "Purchase order 102", "Adjustment ADJ #3101". */
export function recordName(record: PlannedRecord): string {
  return `${RECORD_WORDS[record.type] ?? 'Invoice'} ${record.number}`;
}

function operationDate(doc: PlannedSageDocument): string {
  const op = doc.operation;
  if (op.op === 'invoice') return op.doc.date;
  if (op.op === 'transaction') return op.tx.date;
  if (op.op === 'journal') return op.journal.date;
  if (op.op === 'purchaseOrder') return op.po.date;
  return op.adj.date;
}

/**
 * Sage refuses postings dated on or before the company's lock date (a closed period). Every document of every
 * type is checked here, before posting, so such a record is held back with the dates and the fix instead of
 * failing halfway through the batch.
 */
export function checkLockDate(records: PlannedRecord[], lockDate: string | undefined, m: Mapper): void {
  if (!lockDate) return;
  for (const record of records) {
    if (record.status === 'skip') continue;
    const locked = record.documents.find((d) => operationDate(d) <= lockDate);
    if (!locked) continue;
    const name = recordName(record);
    m.recordProblem(
      { manageId: record.manageId, name: name.toLowerCase() },
      name,
      'SAGE_LOCKED_PERIOD',
      `${name} is dated ${operationDate(locked)}, on or before the Sage company's lock date (${lockDate}), so Sage would refuse ${locked.label}. Sage accepts no postings in a locked period.`,
      `Date the record after ${lockDate} in Manage, or ask the finance manager to move the lock date in Sage (Settings > Company Preferences > Lock Date); then preview again.`,
    );
  }
}
