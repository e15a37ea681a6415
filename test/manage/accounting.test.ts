/**
 * The Accounting Interface round trip against the sandbox: export → batch removes records from the
 * unposted lists, delete returns them, rerun re-exports a batch, payments change balances, and the GL
 * export follows the sign and id conventions (core/manage/record-ids.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isManageError, type ManageError } from '../../core/manage/errors.ts';
import {
  batchRequest,
  exportedRecords,
  exportSelection,
  processedRecordIdsOf,
  recordIdsOf,
} from '../../core/manage/record-ids.ts';
import { unpostedInvoiceView } from '../../core/manage/sandbox/views.ts';
import { toMinor } from '../../core/money.ts';
import { type Harness, harness, hits } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.sandbox.reset();
});

describe('invoices: export, batch, delete, rerun', () => {
  it('batching exported invoices removes them from the unposted list; deleting the batch returns them', async () => {
    const c = h.client();
    const unposted = await c.listUnpostedInvoices();
    expect(unposted).toHaveLength(40);
    const chosen = unposted.slice(0, 4).map((i) => i.id);
    const glExport = await c.exportAccounting({
      ...exportSelection('invoices', chosen),
      thruDate: '2025-04-30T00:00:00Z',
      summarizeInvoices: 'Detailed',
    });
    expect(glExport.transactions.map((t) => recordIdsOf('invoices', t)[0])).toEqual(chosen);
    expect(await c.listUnpostedInvoices()).toHaveLength(40); // exporting changes nothing
    const batch = await c.createBatch(
      batchRequest('invoices', '20250430JD-I', processedRecordIdsOf(glExport, 'invoices')),
    );
    expect(batch).toMatchObject({ batchIdentifier: '20250430JD-I', exportInvoicesFlag: true, closedFlag: false });
    const after = await c.listUnpostedInvoices();
    expect(after).toHaveLength(36);
    expect(after.some((i) => chosen.includes(i.id))).toBe(false);
    const [posted] = await c.findInvoicesByNumber([glExport.transactions[0].documentNumber!]);
    expect(posted.glBatch).toEqual({ id: batch.id, name: '20250430JD-I' });
    expect(await c.findBatch('20250430JD-I')).toEqual(batch);
    expect((await c.listBatchEntries(batch.id)).length).toBe(processedRecordIdsOf(glExport, 'invoices').length);

    const rerun = await c.exportBatch(batch.id);
    expect(rerun.transactions.map((t) => t.id).sort()).toEqual([...chosen].sort());

    await c.deleteBatch(batch.id);
    expect(await c.listUnpostedInvoices()).toHaveLength(40);
    expect(await c.findBatch('20250430JD-I')).toBeUndefined();
    expect((await c.findInvoicesByNumber([posted.invoiceNumber!]))[0].glBatch).toBeUndefined();
  });

  it('an export with ids that are not unposted records is refused', async () => {
    const e = await h
      .client()
      .exportAccounting(exportSelection('invoices', [39001]))
      .catch((x: unknown) => x);
    expect(isManageError(e, 'MANAGE_INVALID_OBJECT')).toBe(true);
  });

  it('a batch that leaves out some GL entries of an invoice leaves the invoice unposted', async () => {
    const c = h.client();
    const glExport = await c.exportAccounting(exportSelection('invoices', [871001]));
    const all = processedRecordIdsOf(glExport, 'invoices');
    expect(all.length).toBeGreaterThan(1);
    const batch = await c.createBatch(batchRequest('invoices', 'PARTIAL', all.slice(0, 1)));
    expect((await c.listUnpostedInvoices()).map((i) => i.id)).toContain(871001);
    expect((await c.listBatchEntries(batch.id)).map((e) => e.id)).toEqual(all.slice(0, 1));
    // The rest of its entries (the first again, harmlessly) complete it.
    await c.createBatch(batchRequest('invoices', 'PARTIAL-2', all));
    expect((await c.listUnpostedInvoices()).map((i) => i.id)).not.toContain(871001);
    await c.deleteBatch(batch.id);
    expect((await c.listUnpostedInvoices()).map((i) => i.id)).toContain(871001);
  });

  it('refuses a batch of detail line ids, null ids or an empty list, as Manage refuses an invalid object', async () => {
    const c = h.client();
    const glExport = await c.exportAccounting(exportSelection('invoices', [871002]));
    const detailIds = glExport.transactions[0].detail!.map((d) => d.id!);
    expect(detailIds.some((id) => processedRecordIdsOf(glExport, 'invoices').includes(id))).toBe(false);
    for (const ids of [detailIds, []]) {
      const e = await c.createBatch(batchRequest('invoices', 'BAD-IDS', ids)).catch((x: unknown) => x);
      expect(isManageError(e, 'MANAGE_INVALID_OBJECT')).toBe(true);
    }
    // A NaN id (JSON null) never leaves the client.
    await expect(c.createBatch(batchRequest('invoices', 'BAD-IDS', [Number.NaN]))).rejects.toThrow();
    expect(await c.findBatch('BAD-IDS')).toBeUndefined();
  });

  it('filters the export by location and through-date', async () => {
    const c = h.client();
    const x = await c.exportAccounting({ exportInvoicesFlag: true, locationId: 2, thruDate: '2025-04-10T00:00:00Z' });
    const expected = (await c.listUnpostedInvoices({ locationId: 2, throughDate: '2025-04-10' }))
      .map((i) => i.id)
      .sort();
    expect(x.transactions.map((t) => t.id!).sort()).toEqual(expected);
  });
});

describe('the GL export of the demo data', () => {
  it('follows the sign convention: total == -sum(detail.total) + salesTax', async () => {
    const x = await h.client().exportAccounting({ exportInvoicesFlag: true });
    expect(x.transactions).toHaveLength(40);
    for (const t of x.transactions) {
      const detail = (t.detail ?? []).reduce((s, d) => s + toMinor(d.total), 0);
      expect(toMinor(t.total)).toBe(-detail + toMinor(t.salesTax));
      expect(t.taxLevels?.[0]?.taxLevel).toBe(1);
    }
    const credit = x.transactions.filter((t) => t.billingType === 'CreditMemo');
    expect(credit).toHaveLength(4);
    expect(credit.every((t) => (t.total ?? 0) < 0 && (t.detail ?? []).every((d) => (d.total ?? 0) > 0))).toBe(true);
    const agreements = x.transactions.filter((t) => t.billingType === 'Agreement');
    expect(
      agreements.every(
        (t) => (t.detail ?? []).some((d) => (d.total ?? 0) > 0) && (t.detail ?? []).some((d) => (d.total ?? 0) < 0),
      ),
    ).toBe(true);
    expect(new Set(x.transactions.map((t) => t.billingType))).toEqual(
      new Set(['Standard', 'Agreement', 'Miscellaneous', 'DownPayment', 'CreditMemo']),
    );
    const eur = x.transactions.find((t) => t.currency?.currencyCode === 'EUR');
    expect(eur?.total).toBe(880);
    expect(x.transactions.some((t) => (t.project?.name ?? '').length > 12)).toBe(true);
    expect(x.customers.length).toBeGreaterThan(10);
    expect(x.transactions.flatMap((t) => t.detail ?? []).some((d) => d.accountNumber === '1100')).toBe(true); // the broken mapping
  });

  it('expenses go out as bills per member; non-reimbursable ones are batched by id', async () => {
    const c = h.client();
    const unposted = await c.listUnpostedExpenses();
    expect(unposted).toHaveLength(15);
    const x = await c.exportAccounting({ exportExpensesFlag: true });
    const records = exportedRecords(x, 'expenses', unposted);
    const exported = records.flatMap((r) => r.recordIds);
    // A VAT line carries an id of its own: batched, but it names no expense.
    const taxLineIds = x.expenseBills.flatMap((b) => (b.detail ?? []).filter((d) => d.glTypeId === 'ET'));
    expect(taxLineIds.every((d) => !unposted.some((u) => u.id === d.id?.[0]))).toBe(true);
    const reimbursable = unposted.filter((e) => e.classification === 'Reimbursable').map((e) => e.id);
    expect(exported.sort()).toEqual(reimbursable.sort());
    for (const b of x.expenseBills)
      expect(toMinor(b.total)).toBe((b.detail ?? []).reduce((s, d) => s + toMinor(d.total), 0));
    expect(x.expenseBills.some((b) => !b.vendorNumber)).toBe(true); // mbrown: no vendor number
    await c.createBatch(batchRequest('expenses', '20250430JD-E', processedRecordIdsOf(x, 'expenses')));
    const left = await c.listUnpostedExpenses();
    expect(left.every((e) => e.classification === 'NonReimbursable')).toBe(true);
    await c.createBatch(
      batchRequest(
        'expenses',
        '20250430JD-E-1',
        left.map((e) => e.id),
      ),
    );
    expect(await c.listUnpostedExpenses()).toHaveLength(0);
  });

  it('procurement: receipts with and without a vendor invoice number, adjustments in and out, a transfer', async () => {
    const c = h.client();
    const x = await c.exportAccounting({ exportProductsFlag: true });
    expect(x.purchaseTransactions).toHaveLength(3);
    expect(x.purchaseTransactions.filter((p) => p.vendorInvoiceNumber)).toHaveLength(2);
    for (const p of x.purchaseTransactions) {
      const lines = [...(p.purchaseDetail ?? []), ...(p.purchaseDetailTax ?? [])].reduce(
        (s, d) => s + toMinor(d.total),
        0,
      );
      expect(toMinor(p.total)).toBe(lines + toMinor(p.freightAmount));
    }
    expect(x.adjustmentTransactions.map((a) => Math.sign(a.adjustmentDetail?.[0]?.quantity ?? 0)).sort()).toEqual([
      -1, 1,
    ]);
    expect(x.inventoryTransfers).toHaveLength(1);
    expect(x.inventoryTransfers[0].offset?.total).toBe(-(x.inventoryTransfers[0].total ?? 0));
    const unposted = await c.listUnpostedProcurement();
    expect(x.adjustmentTransactions.map((a) => a.id)).toEqual(['ADJ #3101', 'ADJ #3102']);
    const ids = processedRecordIdsOf(x, 'inventory', unposted);
    const taxLines = x.purchaseTransactions.flatMap((p) => (p.purchaseDetailTax ?? []).map((t) => t.id!));
    expect(taxLines).toHaveLength(4);
    expect(ids.sort()).toEqual([...unposted.map((p) => p.id), ...taxLines].sort());
    // Without its tax lines a receipt line stays unposted; with them, everything is batched.
    const withoutTax = ids.filter((id) => !taxLines.includes(id));
    await c.createBatch(batchRequest('inventory', '20250430JD-P', withoutTax));
    expect((await c.listUnpostedProcurement()).map((p) => p.id)).toEqual([3001, 3002, 3003, 3004]);
    await c.createBatch(batchRequest('inventory', '20250430JD-P-1', taxLines));
    expect(await c.listUnpostedProcurement()).toHaveLength(0);
  });
});

describe('invoices and payments', () => {
  it('a payment changes the invoice balance; an overpayment is refused', async () => {
    const c = h.client();
    const [inv] = await c.findInvoicesByNumber(['10003']);
    expect(inv.balance).toBe(inv.total);
    const p = await c.createInvoicePayment(inv.id, {
      type: 'P',
      amount: 100,
      paymentDate: '2025-05-02',
      appliedBy: 'sagebot',
    });
    expect(p).toMatchObject({ type: 'P', amount: 100, invoice: { id: inv.id } });
    const after = await c.getInvoice(inv.id);
    expect(after.payments).toBe(100);
    expect(toMinor(after.balance)).toBe(toMinor(inv.total) - 10000);
    const e = await c.updateInvoicePayment(inv.id, p.id, { amount: (inv.total ?? 0) + 0.01 }).catch((x: unknown) => x);
    expect(isManageError(e, 'MANAGE_INVALID_OBJECT')).toBe(true);
    expect(await c.listInvoicePayments(inv.id)).toMatchObject([{ id: p.id, amount: 100 }]);
  });

  it('one payment per invoice: a second POST is refused, the payment is updated instead', async () => {
    const c = h.client();
    const [inv] = await c.findInvoicesByNumber(['10006']);
    const p = await c.createInvoicePayment(inv.id, { type: 'P', amount: 40, paymentDate: '2025-05-02' });
    const e = await c
      .createInvoicePayment(inv.id, { type: 'P', amount: 10, paymentDate: '2025-05-03' })
      .catch((x: unknown) => x);
    expect(isManageError(e, 'MANAGE_INVALID_OBJECT')).toBe(true);
    const updated = await c.updateInvoicePayment(inv.id, p.id, { amount: 50, paymentDate: '2025-05-03' });
    expect(updated).toMatchObject({ id: p.id, amount: 50, paymentDate: '2025-05-03T00:00:00Z' });
    expect(await c.listInvoicePayments(inv.id)).toHaveLength(1);
    expect((await c.getInvoice(inv.id)).payments).toBe(50);
    // The type of a payment already in Manage, read from the latest invoice that has one.
    expect(await c.samplePaymentType()).toBe('P');
  });

  it('refuses negative amounts and a payment type it does not know, naming the field', async () => {
    const c = h.client();
    const [inv] = await c.findInvoicesByNumber(['10007']);
    const negative = await c
      .createInvoicePayment(inv.id, { type: 'P', amount: -5, paymentDate: '2025-05-02' })
      .catch((x: unknown) => x);
    expect(isManageError(negative, 'MANAGE_INVALID_OBJECT')).toBe(true);
    expect((negative as ManageError).body?.errors?.[0]?.field).toBe('amount');
    const badType = await c
      .createInvoicePayment(inv.id, { type: 'Payment', amount: 5, paymentDate: '2025-05-02' })
      .catch((x: unknown) => x);
    expect((badType as ManageError).status).toBe(400);
    expect((badType as ManageError).body?.errors?.[0]?.field).toBe('type');
    expect(await c.listInvoicePayments(inv.id)).toHaveLength(0);
  });

  it('finds 10,000 invoice numbers in O(chunks) requests', async () => {
    const c = h.client();
    const wanted = Array.from({ length: 10_000 }, (_, i) => String(10_001 + i));
    const before = hits(h.sandbox, 'GET', 'finance/invoices');
    const found = await c.findInvoicesByNumber(wanted);
    expect(found).toHaveLength(40);
    const requests = hits(h.sandbox, 'GET', 'finance/invoices') - before;
    expect(requests).toBeGreaterThan(10);
    expect(requests).toBeLessThan(100);
  });

  it('reads the lookups the mapping checks need', async () => {
    const c = h.client();
    const [gl, tax, types, catalog, pos, locations, currencies] = await Promise.all([
      c.listGlAccounts(),
      c.listTaxCodes(),
      c.listProductTypes(),
      c.listCatalogItems(),
      c.listPurchaseOrders(),
      c.listLocations(),
      c.listCurrencies(),
    ]);
    expect(gl.find((g) => g.segment1 === '4000')?.segment2).toBe('SERV');
    const levels = await Promise.all(tax.map((t) => c.listTaxCodeLevels(t.id)));
    expect(levels.map((l) => l[0]?.taxCodeXref)).toEqual(['T1', 'T0', 'T2', 'T9', 'T5']);
    expect(new Set(types.map((t) => t.typeXref))).toEqual(
      new Set(['InventoryPart', 'NonInventoryPart', 'OtherCharge', 'Service']),
    );
    expect(catalog.length).toBeGreaterThan(5);
    expect(pos.map((p) => p.poNumber)).toEqual(['102', '103', '104']);
    expect(locations.map((l) => l.name)).toEqual(['London', 'Manchester']);
    expect(currencies.map((x) => x.currencyIdentifier)).toEqual(['GBP', 'EUR', 'USD']);
    const vendors = await c.listCompanies('isVendorFlag = True');
    expect(vendors.every((v) => v.vendorIdentifier)).toBe(true);
    const members = await c.listMembers();
    expect(members.filter((m) => !m.vendorNumber).map((m) => m.identifier)).toEqual(['mbrown']);
  });
});

describe('references as Manage sends them', () => {
  it('every reference carries its _info link, as on a real Manage; the client keeps none of them', async () => {
    const raw = unpostedInvoiceView(h.sandbox.state, h.sandbox.state.unpostedInvoices()[0]);
    const refs = raw as unknown as Record<string, { _info?: Record<string, string> }>;
    expect(refs.company._info).toEqual({ company_href: `${h.sandbox.url}/company/companies/${raw.company?.id}` });
    expect(refs.currency._info).toMatchObject({ currency_href: expect.stringContaining(h.sandbox.url) });
    expect(refs.location._info).toMatchObject({ location_href: expect.stringContaining(h.sandbox.url) });
    const [parsed] = await h.client().listUnpostedInvoices();
    expect(parsed.id).toBe(raw.id);
    expect(parsed.company).toEqual({
      id: raw.company?.id,
      identifier: raw.company?.identifier,
      name: raw.company?.name,
    });
    expect(parsed.currency).not.toHaveProperty('_info');
    expect(parsed.location).not.toHaveProperty('_info');
    expect(parsed._info).toEqual(raw._info); // lastUpdated: the fingerprint reads it
  });
});
