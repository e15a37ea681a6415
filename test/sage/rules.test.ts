/** Every Sage rule the embedded company enforces: the code, and a message a finance user understands. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedLedger } from '../../core/sage/embedded/index.ts';
import type { LedgerErrorCode } from '../../core/sage/ledger.ts';
import { company, connected, invoice, line, removeTempDirs } from './helpers.ts';

let l: EmbeddedLedger;
beforeAll(async () => {
  const dir = await company({
    customers: [
      { ref: 'ACME', name: 'Acme Ltd' },
      { ref: 'EUROCO', name: 'Euro Co', currency: 'EUR' },
    ],
    suppliers: [{ ref: 'SUPP1', name: 'Supplies Ltd' }],
    products: [{ code: 'WIDGET', description: 'Widget' }],
    projects: [{ ref: 'ACMEROLLOUT', name: 'Acme rollout' }],
    lockDate: '2023-12-31',
  });
  ({ ledger: l } = await connected(dir));
});
afterAll(async () => {
  await l.disconnect();
  removeTempDirs();
});

async function refused(
  p: Promise<unknown>,
  code: LedgerErrorCode,
  message?: RegExp,
): Promise<Error & { fix?: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err as Error & { code: string; fix?: string },
  );
  expect(e, `expected ${code}`).toBeDefined();
  expect(e).toMatchObject({ code });
  if (message) expect(e!.message).toMatch(message);
  expect(e!.fix, 'every refusal says how to fix it').toBeTruthy();
  return e!;
}

const batch = (over: Record<string, unknown> = {}, split: Record<string, unknown> = {}) => ({
  type: 'SI' as const,
  account: 'ACME',
  date: '2024-03-01',
  reference: 'INV-1',
  splits: [{ nominal: '4000', taxCode: 'T1', net: 1000, tax: 200, ...split }],
  ...over,
});

describe('nominal codes', () => {
  it("refuses a control account with the guide's message", async () => {
    const e = await refused(l.createInvoice(invoice({ lines: [line({ nominal: '1100' })] })), 'SAGE_CONTROL_ACCOUNT');
    expect(e.message).toBe(
      'Nominal code 1100 (Debtors Control Account) on line 1 of invoice 4600 is a control account. To post this transaction, you must enter a valid nominal code that is not a control account.',
    );
    expect(e.fix).toMatch(/Settings > Control Accounts/);
  });

  it.each([
    '1100',
    '1200',
    '2100',
    '2200',
    '2201',
    '2202',
    '2204',
    '3200',
    '4009',
    '5009',
    '7906',
    '9998',
    '9999',
    '1103',
    '2109',
    '4400',
    '8100',
  ])('control account %s is refused on a batch transaction', async (code) => {
    await refused(l.postTransaction(batch({}, { nominal: code })), 'SAGE_CONTROL_ACCOUNT', /control account/);
  });

  it('refuses a bank account on invoices but allows it on journals', async () => {
    await refused(l.postTransaction(batch({}, { nominal: '1210' })), 'SAGE_CONTROL_ACCOUNT', /bank account/);
    expect(
      await l.postJournal({
        date: '2024-03-01',
        reference: 'BANKJ',
        lines: [
          { nominal: '1210', debit: 100, credit: 0 },
          { nominal: '7500', debit: 0, credit: 100 },
        ],
      }),
    ).toHaveLength(2);
  });

  it('refuses a control account on a journal line', async () => {
    await refused(
      l.postJournal({
        date: '2024-03-01',
        reference: 'CTLJ',
        lines: [
          { nominal: '1100', debit: 100, credit: 0 },
          { nominal: '7500', debit: 0, credit: 100 },
        ],
      }),
      'SAGE_CONTROL_ACCOUNT',
    );
  });

  it('refuses a nominal code that does not exist, and never creates it', async () => {
    await refused(
      l.postTransaction(batch({}, { nominal: '70550' })),
      'SAGE_NOMINAL_UNKNOWN',
      /70550 .* does not exist.*not created automatically/,
    );
    expect((await l.readSetup()).nominals.some((n) => n.code === '70550')).toBe(false);
  });
});

describe('tax codes, departments, projects', () => {
  it('refuses an unknown or malformed tax code', async () => {
    await refused(l.postTransaction(batch({}, { taxCode: 'T3' })), 'SAGE_TAX_CODE_UNKNOWN', /Tax code T3/);
    await refused(l.postTransaction(batch({}, { taxCode: 'VAT20' })), 'SAGE_TAX_CODE_UNKNOWN');
  });

  it('refuses an unknown department', async () => {
    await refused(l.postTransaction(batch({}, { department: 42 })), 'SAGE_DEPARTMENT_UNKNOWN', /Department 42/);
  });

  it('refuses an unknown project and a project ref over 12 characters', async () => {
    await refused(
      l.createInvoice(invoice({ lines: [line({ project: 'NOPE' })] })),
      'SAGE_PROJECT_UNKNOWN',
      /Project NOPE/,
    );
    await refused(
      l.createInvoice(invoice({ lines: [line({ project: 'THIRTEENCHARS' })] })),
      'SAGE_PROJECT_REF_TOO_LONG',
      /12/,
    );
    expect(
      await l.createInvoice(invoice({ number: 9100, lines: [line({ project: 'acmerollout', department: 2 })] })),
    ).toMatchObject({ number: 9100 });
  });
});

describe('values', () => {
  it('refuses negative values on batch transactions', async () => {
    await refused(l.postTransaction(batch({}, { net: -1000 })), 'SAGE_NEGATIVE_VALUE', /negative/);
    await refused(l.postTransaction(batch({}, { tax: -1 })), 'SAGE_NEGATIVE_VALUE');
  });

  it('refuses negative lines on invoices, pointing at the split-invoice rule', async () => {
    const e = await refused(
      l.createInvoice(invoice({ lines: [line(), line({ net: -500, tax: -100, unitPrice: -500 })] })),
      'SAGE_NEGATIVE_LINE',
      /line 2 of invoice 4600/,
    );
    expect(e.fix).toMatch(/credit note/);
  });

  it('refuses a zero-value batch transaction and documents without lines', async () => {
    await refused(l.postTransaction(batch({}, { net: 0, tax: 0 })), 'SAGE_ZERO_VALUE');
    await refused(l.postTransaction(batch({ splits: [] })), 'SAGE_ZERO_VALUE');
    await refused(l.createInvoice(invoice({ lines: [] })), 'SAGE_ZERO_VALUE');
  });

  it('refuses money that is not whole pence', async () => {
    await refused(l.postTransaction(batch({}, { net: 10.5 })), 'SAGE_BAD_NUMBER');
  });

  it('refuses journals that do not balance', async () => {
    await refused(
      l.postJournal({
        date: '2024-03-01',
        reference: 'J-UNB',
        lines: [
          { nominal: '7500', debit: 1000, credit: 0 },
          { nominal: '7400', debit: 0, credit: 999 },
        ],
      }),
      'SAGE_JOURNAL_UNBALANCED',
      /debits 10.00, credits 9.99/,
    );
    await refused(
      l.postJournal({ date: '2024-03-01', reference: 'J-ONE', lines: [{ nominal: '7500', debit: 1000, credit: 0 }] }),
      'SAGE_JOURNAL_UNBALANCED',
    );
    await refused(
      l.postJournal({
        date: '2024-03-01',
        reference: 'J-BOTH',
        lines: [
          { nominal: '7500', debit: 1000, credit: 1000 },
          { nominal: '7400', debit: 0, credit: 0 },
        ],
      }),
      'SAGE_JOURNAL_UNBALANCED',
    );
    expect(await l.findDocuments({ doc: 'journal', reference: 'J-UNB' })).toEqual([]);
  });
});

describe('numbers and references', () => {
  it('refuses an invoice and a credit note sharing a number, and a number used twice', async () => {
    await l.createInvoice(invoice({ number: 4600 }));
    const shared = await refused(l.createInvoice(invoice({ number: 4600, kind: 'credit' })), 'SAGE_DUPLICATE_NUMBER');
    expect(shared.message).toMatch(/already used by invoice 4600.*invoice and a credit note with the same number/);
    await refused(l.createInvoice(invoice({ number: 4600 })), 'SAGE_DUPLICATE_NUMBER', /Invoice 4600 already exists/);
    expect(await l.createInvoice(invoice({ number: 4601, kind: 'credit' }))).toMatchObject({ label: 'SC 4601' });
  });

  it('refuses numbers Sage cannot hold', async () => {
    await refused(l.createInvoice(invoice({ number: 0 })), 'SAGE_BAD_NUMBER');
    await refused(l.createInvoice(invoice({ number: 2_147_483_648 })), 'SAGE_BAD_NUMBER');
    await refused(l.createInvoice(invoice({ number: 12.5 })), 'SAGE_BAD_NUMBER');
  });

  it.each([
    ['TOOLONGREF', /longer than 8/],
    ['AB CD', /space/],
    ['acme2', /upper case/],
    ['BAD#REF', /characters/],
    ['', /empty/],
  ])('refuses the A/C ref "%s"', async (ref, why) => {
    await refused(l.createCustomer({ ref, name: 'x' }), 'SAGE_BAD_ACCOUNT_REF', why);
  });

  it('accepts refs with the allowed symbols - _ & . /', async () => {
    expect(await l.createCustomer({ ref: 'A-B_C&D.', name: 'Symbols' })).toMatchObject({ ref: 'A-B_C&D.' });
    expect(await l.createSupplier({ ref: 'X/Y', name: 'Slash' })).toMatchObject({ ref: 'X/Y' });
  });

  it("refuses fields over Sage's lengths", async () => {
    await refused(
      l.postTransaction(batch({ reference: 'R'.repeat(31) })),
      'SAGE_FIELD_TOO_LONG',
      /reference .* 31 characters .* at most 30/,
    );
    await refused(l.postTransaction(batch({ details: 'D'.repeat(61) })), 'SAGE_FIELD_TOO_LONG', /details/);
    await refused(l.postTransaction(batch({}, { details: 'D'.repeat(61) })), 'SAGE_FIELD_TOO_LONG');
    await refused(
      l.createInvoice(invoice({ number: 9200, lines: [line({ description: 'x'.repeat(61) })] })),
      'SAGE_FIELD_TOO_LONG',
      /description/,
    );
    await refused(
      l.createInvoice(invoice({ number: 9200, format: 'product', lines: [line({ stockCode: 'S'.repeat(31) })] })),
      'SAGE_FIELD_TOO_LONG',
      /stock code/,
    );
    await refused(
      l.createProduct({ code: 'P'.repeat(31), description: 'x', itemType: 'stock' }),
      'SAGE_FIELD_TOO_LONG',
    );
    await refused(l.createCustomer({ ref: 'LONGNAME', name: 'n'.repeat(61) }), 'SAGE_FIELD_TOO_LONG');
  });

  it('refuses unknown products on product lines, accepts the non-stock codes', async () => {
    await refused(
      l.createInvoice(invoice({ number: 9300, format: 'product', lines: [line({ stockCode: 'NOSUCH' })] })),
      'SAGE_PRODUCT_UNKNOWN',
      /Product NOSUCH/,
    );
    const lines = ['S1', 'S2', 'S3', 'WIDGET'].map((stockCode) => line({ stockCode }));
    lines.push(
      line({
        stockCode: 'M',
        description: 'Thank you for your business',
        nominal: '',
        taxCode: '',
        net: 0,
        tax: 0,
        unitPrice: 0,
      }),
    );
    expect(await l.createInvoice(invoice({ number: 9300, format: 'product', lines }))).toMatchObject({
      net: 40000,
      tax: 8000,
    });
    await refused(l.createProduct({ code: 'S1', description: 'x', itemType: 'stock' }), 'SAGE_BAD_PRODUCT_CODE');
  });
});

describe('accounts and currencies', () => {
  it('refuses SI/SC to a supplier and PI/PC to a customer', async () => {
    await refused(
      l.postTransaction(batch({ account: 'SUPP1' })),
      'SAGE_ACCOUNT_TYPE_MISMATCH',
      /SUPP1, which is a supplier account/,
    );
    await refused(l.postTransaction(batch({ type: 'SC', account: 'SUPP1' })), 'SAGE_ACCOUNT_TYPE_MISMATCH');
    await refused(
      l.postTransaction(batch({ type: 'PI', account: 'ACME' }, { nominal: '5000' })),
      'SAGE_ACCOUNT_TYPE_MISMATCH',
      /customer account/,
    );
    await refused(
      l.postTransaction(batch({ type: 'PC', account: 'ACME' }, { nominal: '5000' })),
      'SAGE_ACCOUNT_TYPE_MISMATCH',
    );
    await refused(l.createInvoice(invoice({ number: 9400, account: 'SUPP1' })), 'SAGE_ACCOUNT_TYPE_MISMATCH');
    await refused(
      l.createPurchaseOrder({
        number: 1,
        supplier: 'ACME',
        date: '2024-03-01',
        lines: [
          {
            stockCode: 'WIDGET',
            description: 'W',
            quantity: 1,
            unitCost: 1,
            net: 1,
            tax: 0,
            taxCode: 'T1',
            nominal: '5000',
          },
        ],
      }),
      'SAGE_ACCOUNT_TYPE_MISMATCH',
    );
    await refused(
      l.recordReceipt({ account: 'SUPP1', invoice: '4600', amount: 1, date: '2024-03-01' }),
      'SAGE_ACCOUNT_TYPE_MISMATCH',
    );
  });

  it('refuses unknown accounts (never creates them while posting)', async () => {
    await refused(
      l.postTransaction(batch({ account: 'NOBODY' })),
      'SAGE_ACCOUNT_UNKNOWN',
      /no customer with A\/C ref NOBODY/,
    );
    expect(await l.findCustomer('NOBODY')).toBeUndefined();
  });

  it('refuses a foreign-currency account posted without a rate, or in another currency', async () => {
    await refused(
      l.postTransaction(batch({ account: 'EUROCO' })),
      'SAGE_FOREIGN_RATE_MISSING',
      /trades in EUR.*no exchange rate/,
    );
    await refused(l.postTransaction(batch({ account: 'EUROCO', currency: 'EUR' })), 'SAGE_FOREIGN_RATE_MISSING');
    await refused(
      l.postTransaction(batch({ account: 'EUROCO', currency: 'USD', exchangeRate: 1.27 })),
      'SAGE_CURRENCY_MISMATCH',
      /in USD but account EUROCO trades in EUR/,
    );
    await refused(
      l.postTransaction(batch({ account: 'ACME', currency: 'EUR', exchangeRate: 1.17 })),
      'SAGE_CURRENCY_MISMATCH',
    );
    await refused(
      l.postTransaction(batch({ account: 'ACME', currency: 'JPY', exchangeRate: 150 })),
      'SAGE_CURRENCY_UNKNOWN',
    );
    await refused(l.createCustomer({ ref: 'YENCO', name: 'Yen', currency: 'JPY' }), 'SAGE_CURRENCY_UNKNOWN');
    expect(await l.postTransaction(batch({ account: 'EUROCO', exchangeRate: 1.17, reference: 'EU-OK' }))).toMatchObject(
      { label: 'SI EU-OK' },
    );
  });
});

describe('dates', () => {
  it('refuses postings dated on or before the lock date', async () => {
    await refused(
      l.postTransaction(batch({ date: '2023-06-30' })),
      'SAGE_LOCKED_PERIOD',
      /2023-06-30, on or before the company's lock date \(2023-12-31\)/,
    );
    await refused(l.postTransaction(batch({ date: '2023-12-31' })), 'SAGE_LOCKED_PERIOD');
    await refused(l.createInvoice(invoice({ number: 9500, date: '2023-01-01' })), 'SAGE_LOCKED_PERIOD');
    await refused(
      l.postJournal({
        date: '2023-01-01',
        reference: 'LJ',
        lines: [
          { nominal: '7500', debit: 1, credit: 0 },
          { nominal: '7400', debit: 0, credit: 1 },
        ],
      }),
      'SAGE_LOCKED_PERIOD',
    );
    await refused(
      l.postStockAdjustment({
        type: 'AI',
        stockCode: 'WIDGET',
        quantity: 1,
        cost: 1,
        reference: 'L',
        date: '2023-01-01',
      }),
      'SAGE_LOCKED_PERIOD',
    );
    expect(await l.postTransaction(batch({ date: '2024-01-01', reference: 'AFTER-LOCK' }))).toMatchObject({
      label: 'SI AFTER-LOCK',
    });
  });

  it('refuses dates that are not calendar dates', async () => {
    await refused(l.postTransaction(batch({ date: '2024-02-30' })), 'SAGE_BAD_DATE');
    const e = await refused(l.postTransaction(batch({ date: '01/03/2024' })), 'SAGE_BAD_DATE', /not a calendar date/);
    expect(e.fix).toMatch(/YYYY-MM-DD/);
  });
});

describe('stock', () => {
  it('refuses unknown products, negative and zero quantities', async () => {
    await refused(
      l.postStockAdjustment({
        type: 'AI',
        stockCode: 'NOSUCH',
        quantity: 1,
        cost: 1,
        reference: 'A',
        date: '2024-03-01',
      }),
      'SAGE_PRODUCT_UNKNOWN',
    );
    await refused(
      l.postStockAdjustment({
        type: 'AI',
        stockCode: 'WIDGET',
        quantity: -1,
        cost: 1,
        reference: 'A',
        date: '2024-03-01',
      }),
      'SAGE_NEGATIVE_VALUE',
    );
    await refused(
      l.postStockAdjustment({
        type: 'AO',
        stockCode: 'WIDGET',
        quantity: 0,
        cost: 1,
        reference: 'A',
        date: '2024-03-01',
      }),
      'SAGE_ZERO_VALUE',
    );
    await refused(
      l.postStockAdjustment({
        type: 'AO',
        stockCode: 'WIDGET',
        quantity: 1,
        cost: 1,
        reference: 'R'.repeat(31),
        date: '2024-03-01',
      }),
      'SAGE_FIELD_TOO_LONG',
    );
  });
});

describe('a refusal writes nothing', () => {
  it('leaves no trace of a refused document', async () => {
    const before = await l.exportCompany();
    await refused(
      l.createInvoice(invoice({ number: 9600, lines: [line(), line({ nominal: '9999' })] })),
      'SAGE_CONTROL_ACCOUNT',
    );
    await refused(
      l.postJournal({
        date: '2024-03-01',
        reference: 'NOPE',
        lines: [
          { nominal: '7500', debit: 5, credit: 0 },
          { nominal: '1100', debit: 0, credit: 5 },
        ],
      }),
      'SAGE_CONTROL_ACCOUNT',
    );
    expect(await l.exportCompany()).toEqual(before);
  });
});
