/**
 * The SageLedger contract: what every driver must do, written so it can run against a real Sage company
 * (SDO on Windows) as well as the embedded one. It uses only the UK default chart (4000, 5000, 7500, 1100,
 * 1200, T0/T1/T9, department 0) and creates its own accounts with refs unique to the run, so it never
 * depends on, or collides with, data already in the company.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectOptions, DocumentKey, InvoiceLine, LedgerErrorCode, SageLedger } from '../../core/sage/ledger.ts';

export interface ContractFixture {
  ledger: SageLedger;
  connect: ConnectOptions;
  /** Four upper-case characters unique to this run, used in A/C refs and references. */
  uniq: string;
  /** A number range (base .. base+999) free for invoice and order numbers in this run. */
  numberBase: number;
  /** A posting date the company accepts (after any lock date). */
  date: string;
  close(): Promise<void>;
}

export async function expectRefusal(p: Promise<unknown>, code: LedgerErrorCode): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}

const svc = (over: Partial<InvoiceLine> = {}): InvoiceLine => ({
  stockCode: 'S1',
  description: 'Consulting',
  quantity: 1,
  unitPrice: 10000,
  net: 10000,
  tax: 2000,
  taxCode: 'T1',
  nominal: '4000',
  ...over,
});

export function sageLedgerContract(name: string, factory: () => Promise<ContractFixture>): void {
  describe(`SageLedger contract: ${name}`, () => {
    let f: ContractFixture;
    let l: SageLedger;
    let cust: string;
    let supp: string;
    beforeAll(async () => {
      f = await factory();
      l = f.ledger;
      cust = `C${f.uniq}`;
      supp = `S${f.uniq}`;
      await l.createCustomer({ ref: cust, name: `Contract customer ${f.uniq}` });
      await l.createSupplier({ ref: supp, name: `Contract supplier ${f.uniq}` });
    });
    afterAll(async () => {
      await f?.close();
    });

    it('reads the setup: UK tax codes, control accounts, nominal codes, base currency', async () => {
      const s = await l.readSetup();
      expect(s.baseCurrency).toBe('GBP');
      expect(s.taxCodes.find((t) => t.code === 'T1')?.rate).toBe(20);
      expect(s.taxCodes.find((t) => t.code === 'T0')?.rate).toBe(0);
      expect(s.nominals.find((n) => n.code === '4000')).toMatchObject({ control: false });
      expect(s.nominals.find((n) => n.code === '1100')).toMatchObject({ control: true });
      expect(s.controlAccounts.debtors).toBe('1100');
      expect(s.controlAccounts.creditors).toBe('2100');
      expect(s.departments.some((d) => d.number === 0)).toBe(true);
    });

    it('finds and creates customers and suppliers, refusing bad and duplicate refs', async () => {
      expect(await l.findCustomer(cust)).toMatchObject({ ref: cust, currency: 'GBP' });
      expect(await l.findSupplier(supp)).toMatchObject({ ref: supp });
      expect(await l.findCustomer(`N${f.uniq}X`)).toBeUndefined();
      await expectRefusal(l.createCustomer({ ref: cust, name: 'again' }), 'SAGE_ACCOUNT_EXISTS');
      await expectRefusal(l.createCustomer({ ref: 'HAS SPACE', name: 'x' }), 'SAGE_BAD_ACCOUNT_REF');
      await expectRefusal(l.createSupplier({ ref: 'TOOLONGREF', name: 'x' }), 'SAGE_BAD_ACCOUNT_REF');
    });

    it('creates and finds products', async () => {
      const code = `P-${f.uniq}`;
      await l.createProduct({
        code,
        description: 'Contract product',
        itemType: 'stock',
        salesNominal: '4000',
        purchaseNominal: '5000',
        taxCode: 'T1',
      });
      expect(await l.findProduct(code)).toMatchObject({ code, description: 'Contract product', itemType: 'stock' });
      expect(await l.findProduct(`NOPE-${f.uniq}`)).toBeUndefined();
    });

    it('creates invoices and credit notes with their numbers; an invoice and a credit note cannot share one', async () => {
      const n = f.numberBase;
      const inv = await l.createInvoice({
        kind: 'invoice',
        format: 'service',
        number: n,
        account: cust,
        date: f.date,
        lines: [svc(), svc({ net: 5000, tax: 1000, unitPrice: 5000 })],
      });
      expect(inv).toMatchObject({ label: `SI ${n}`, number: n, net: 15000, tax: 3000 });
      await expectRefusal(
        l.createInvoice({ kind: 'credit', format: 'service', number: n, account: cust, date: f.date, lines: [svc()] }),
        'SAGE_DUPLICATE_NUMBER',
      );
      await expectRefusal(
        l.createInvoice({ kind: 'invoice', format: 'service', number: n, account: cust, date: f.date, lines: [svc()] }),
        'SAGE_DUPLICATE_NUMBER',
      );
      const cr = await l.createInvoice({
        kind: 'credit',
        format: 'service',
        number: n + 1,
        account: cust,
        date: f.date,
        lines: [svc({ net: 2000, tax: 400, unitPrice: 2000 })],
      });
      expect(cr.label).toBe(`SC ${n + 1}`);
      expect(await l.findDocuments({ doc: 'invoice', number: n })).toHaveLength(1);
      expect(await l.findDocuments({ doc: 'credit', number: n + 1 })).toHaveLength(1);
      expect(await l.findDocuments({ doc: 'credit', number: n })).toHaveLength(0);
    });

    it('refuses control accounts, unknown nominal codes, unknown tax codes and negative lines', async () => {
      const n = f.numberBase + 10;
      const doc = (lines: InvoiceLine[]) =>
        l.createInvoice({ kind: 'invoice', format: 'service', number: n, account: cust, date: f.date, lines });
      await expectRefusal(doc([svc({ nominal: '1100' })]), 'SAGE_CONTROL_ACCOUNT');
      await expectRefusal(doc([svc({ nominal: '9123' })]), 'SAGE_NOMINAL_UNKNOWN');
      await expectRefusal(doc([svc({ taxCode: 'T98' })]), 'SAGE_TAX_CODE_UNKNOWN');
      await expectRefusal(doc([svc({ net: -100 })]), 'SAGE_NEGATIVE_LINE');
      expect(await l.findDocuments({ doc: 'invoice', number: n })).toHaveLength(0);
    });

    it('posts batch SI, SC, PI and PC to the right ledgers only', async () => {
      const ref = `B${f.uniq}`;
      const si = await l.postTransaction({
        type: 'SI',
        account: cust,
        date: f.date,
        reference: ref,
        details: 'Batch invoice',
        splits: [{ nominal: '4000', taxCode: 'T1', net: 12345, tax: 2469 }],
      });
      expect(si).toMatchObject({ label: `SI ${ref}`, net: 12345, tax: 2469 });
      await l.postTransaction({
        type: 'SC',
        account: cust,
        date: f.date,
        reference: `${ref}C`,
        splits: [{ nominal: '4000', taxCode: 'T1', net: 100, tax: 20 }],
      });
      await l.postTransaction({
        type: 'PI',
        account: supp,
        date: f.date,
        reference: `${ref}P`,
        splits: [{ nominal: '7500', taxCode: 'T1', net: 45300, tax: 5000 }],
      });
      await l.postTransaction({
        type: 'PC',
        account: supp,
        date: f.date,
        reference: `${ref}Q`,
        splits: [{ nominal: '7500', taxCode: 'T1', net: 100, tax: 20 }],
      });
      await expectRefusal(
        l.postTransaction({
          type: 'PI',
          account: cust,
          date: f.date,
          reference: `${ref}X`,
          splits: [{ nominal: '7500', taxCode: 'T1', net: 1, tax: 0 }],
        }),
        'SAGE_ACCOUNT_TYPE_MISMATCH',
      );
      await expectRefusal(
        l.postTransaction({
          type: 'SI',
          account: supp,
          date: f.date,
          reference: `${ref}X`,
          splits: [{ nominal: '4000', taxCode: 'T1', net: 1, tax: 0 }],
        }),
        'SAGE_ACCOUNT_TYPE_MISMATCH',
      );
      await expectRefusal(
        l.postTransaction({
          type: 'SI',
          account: cust,
          date: f.date,
          reference: `${ref}X`,
          splits: [{ nominal: '4000', taxCode: 'T1', net: -1, tax: 0 }],
        }),
        'SAGE_NEGATIVE_VALUE',
      );
      expect(await l.findDocuments({ doc: 'transaction', type: 'SI', reference: ref, account: cust })).toHaveLength(1);
      expect(await l.findDocuments({ doc: 'transaction', type: 'PI', reference: `${ref}P` })).toHaveLength(1);
      expect(await l.findDocuments({ doc: 'transaction', type: 'SI', reference: `${ref}X` })).toHaveLength(0);
    });

    it('posts balanced journals and refuses unbalanced ones', async () => {
      const ref = `J${f.uniq}`;
      const docs = await l.postJournal({
        date: f.date,
        reference: ref,
        details: 'Reclass',
        lines: [
          { nominal: '7500', debit: 2500, credit: 0 },
          { nominal: '7400', debit: 0, credit: 2500 },
        ],
      });
      expect(docs.map((d) => d.type)).toEqual(['JD', 'JC']);
      await expectRefusal(
        l.postJournal({
          date: f.date,
          reference: `${ref}U`,
          lines: [
            { nominal: '7500', debit: 2500, credit: 0 },
            { nominal: '7400', debit: 0, credit: 2400 },
          ],
        }),
        'SAGE_JOURNAL_UNBALANCED',
      );
      expect(await l.findDocuments({ doc: 'journal', reference: ref })).toHaveLength(2);
      expect(await l.findDocuments({ doc: 'journal', reference: `${ref}U` })).toHaveLength(0);
    });

    it('records receipts and credit allocations, and reports the payment changes', async () => {
      const n = f.numberBase + 20;
      await l.createInvoice({
        kind: 'invoice',
        format: 'service',
        number: n,
        account: cust,
        date: f.date,
        lines: [svc()],
      });
      await l.createInvoice({
        kind: 'credit',
        format: 'service',
        number: n + 1,
        account: cust,
        date: f.date,
        lines: [svc({ net: 1000, tax: 200, unitPrice: 1000 })],
      });
      const r = await l.recordReceipt({ account: cust, invoice: String(n), amount: 5000, date: f.date });
      expect(r).toMatchObject({ type: 'SR', net: 5000, account: cust });
      await expectRefusal(
        l.recordReceipt({ account: cust, invoice: String(n), amount: 999_999, date: f.date }),
        'SAGE_OVER_ALLOCATION',
      );
      const a = await l.allocate({ credit: String(n + 1), invoice: String(n), date: f.date });
      expect(a.net).toBe(1200);
      const changes = await l.listPaymentChanges(f.date);
      expect(changes.find((c) => c.reference === String(n) && c.kind === 'invoice')).toMatchObject({
        gross: 12000,
        amountPaid: 6200,
        lastChanged: f.date,
        account: cust,
      });
      expect(changes.find((c) => c.reference === String(n) && c.kind === 'invoice')?.fullyPaidOn).toBeUndefined();
      await l.recordReceipt({ account: cust, invoice: String(n), amount: 5800, date: f.date });
      const paid = (await l.listPaymentChanges(f.date)).find((c) => c.reference === String(n) && c.kind === 'invoice');
      expect(paid).toMatchObject({ amountPaid: 12000, fullyPaidOn: f.date });
      expect((await l.listPaymentChanges(f.date)).find((c) => c.reference === String(n + 1))).toMatchObject({
        kind: 'credit',
        amountPaid: 1200,
      });
    });

    it('creates purchase orders (received in full) and stock adjustments, and finds them', async () => {
      const code = `Q-${f.uniq}`;
      await l.createProduct({ code, description: 'Stocked item', itemType: 'stock' });
      const po = await l.createPurchaseOrder({
        number: f.numberBase + 30,
        supplier: supp,
        reference: `V${f.uniq}`,
        date: f.date,
        lines: [
          {
            stockCode: code,
            description: 'Stocked item',
            quantity: 4,
            unitCost: 250,
            net: 1000,
            tax: 200,
            taxCode: 'T1',
            nominal: '5000',
          },
        ],
      });
      expect(po).toMatchObject({ label: `PO ${f.numberBase + 30}`, net: 1000, tax: 200 });
      await expectRefusal(
        l.createPurchaseOrder({
          number: f.numberBase + 30,
          supplier: supp,
          date: f.date,
          lines: [
            {
              stockCode: code,
              description: 'x',
              quantity: 1,
              unitCost: 1,
              net: 1,
              tax: 0,
              taxCode: 'T1',
              nominal: '5000',
            },
          ],
        }),
        'SAGE_DUPLICATE_NUMBER',
      );
      expect(await l.findDocuments({ doc: 'purchaseOrder', number: f.numberBase + 30 })).toHaveLength(1);
      const adj = await l.postStockAdjustment({
        type: 'AI',
        stockCode: code,
        quantity: 3,
        cost: 250,
        reference: `ADJ${f.uniq}`,
        date: f.date,
      });
      expect(adj.label).toBe(`AI ADJ${f.uniq}`);
      expect(await l.findDocuments({ doc: 'stock', type: 'AI', reference: `ADJ${f.uniq}` })).toHaveLength(1);
      expect(await l.findDocuments({ doc: 'stock', type: 'AO', reference: `ADJ${f.uniq}` })).toHaveLength(0);
    });

    it('reads documents back many keys at once, in the order asked, with their currency', async () => {
      const n = f.numberBase + 50;
      const ref = `RB${f.uniq}`;
      await l.createInvoice({
        kind: 'invoice',
        format: 'service',
        number: n,
        account: cust,
        date: f.date,
        lines: [svc()],
      });
      await l.postTransaction({
        type: 'PI',
        account: supp,
        date: f.date,
        reference: ref,
        splits: [{ nominal: '5000', taxCode: 'T1', net: 4150, tax: 830 }],
      });
      const read = await l.readDocuments([
        { doc: 'transaction', type: 'PI', reference: ref, account: supp },
        { doc: 'invoice', number: n + 1 },
        { doc: 'invoice', number: n },
      ]);
      expect(read).toHaveLength(3);
      expect(read[0]).toEqual([expect.objectContaining({ net: 4150, tax: 830, currency: 'GBP' })]);
      expect(read[1]).toEqual([]);
      expect(read[2]).toEqual([expect.objectContaining({ label: `SI ${n}`, net: 10000, tax: 2000, currency: 'GBP' })]);
      expect(await l.readDocuments([])).toEqual([]);
      // Keys read together answer as each read alone: the same key twice, an invoice number asked as a credit.
      const keys: DocumentKey[] = [
        { doc: 'invoice', number: n },
        { doc: 'credit', number: n },
        { doc: 'invoice', number: n },
        { doc: 'transaction', type: 'PI', reference: ref, account: supp },
        { doc: 'invoice', number: n + 1 },
      ];
      const together = await l.readDocuments(keys);
      const alone = await Promise.all(keys.map(async (k) => (await l.readDocuments([k]))[0]));
      expect(together).toEqual(alone);
      expect(together[1]).toEqual([]);
      for (const [i, k] of keys.entries())
        expect(together[i].map(({ currency, ...d }) => d)).toEqual(await l.findDocuments(k));
    });
  });
}
