import { describe, expect, it } from 'vitest';
import { GLExportSchema } from '../../core/manage/models.ts';
import {
  batchRequest,
  exportedRecords,
  exportSelection,
  parseGlEntryIds,
  processedRecordIdsOf,
  recordIdOf,
} from '../../core/manage/record-ids.ts';
import { harness } from './helpers.ts';

describe('record ids (the one place that knows which ids go where)', () => {
  const x = GLExportSchema.parse({
    transactions: [
      { id: 871001, glEntryIds: '500001, 500002' },
      { id: 871002, glEntryIds: '500003' },
    ],
    expenseBills: [{ id: 1, detail: [{ id: [2001] }, { id: [2001] }, { id: [2002] }] }],
    purchaseTransactions: [{ id: 'PO #102, Packing Slip: PS-1', purchaseDetail: [{ id: 3001 }, { id: 3002 }] }],
    adjustmentTransactions: [{ id: '3005' }],
    inventoryTransfers: [{ id: 3007 }],
  });

  it('maps GL export items back to unposted ids and to processedRecordIds', () => {
    expect(parseGlEntryIds(' 1010,1011 ,x,')).toEqual([1010, 1011]);
    expect(recordIdOf('invoices', x.transactions[0])).toBe(871001);
    expect(processedRecordIdsOf(x, 'invoices')).toEqual([500001, 500002, 500003]);
    expect(processedRecordIdsOf(x, 'expenses')).toEqual([2001, 2002]);
    expect(processedRecordIdsOf(x, 'products')).toEqual([3001, 3002, 3005, 3007]);
    expect(exportedRecords(x, 'products').map((r) => r.recordIds)).toEqual([[3001, 3002], [3005], [3007]]);
    expect(recordIdOf('products', x.purchaseTransactions[0])).toBeUndefined();
  });

  it('builds the export selection and the batch request', () => {
    expect(exportSelection('products', [3001])).toEqual({ exportProductsFlag: true, includedProductIds: ['3001'] });
    expect(batchRequest('expenses', 'B-1', [1, 1, 2])).toEqual({
      batchIdentifier: 'B-1',
      exportInvoicesFlag: false,
      exportExpensesFlag: true,
      exportProductsFlag: false,
      processedRecordIds: [1, 2],
    });
  });
});

describe('sandbox admin API', () => {
  it('sets faults at run time over HTTP', async () => {
    const h = await harness();
    try {
      const set = await fetch(`${h.sandbox.siteUrl}/__sandbox/faults`, {
        method: 'POST',
        body: JSON.stringify({ failNext: 1, errorStatus: 503, failPath: 'system/info' }),
      });
      expect(set.status).toBe(200);
      const c = h.client();
      await c.systemInfo();
      expect(h.sandbox.requests.map((r) => r.status)).toEqual([503, 200]);
      const state = (await (await fetch(`${h.sandbox.siteUrl}/__sandbox/state`)).json()) as { invoices: unknown[] };
      expect(state.invoices).toHaveLength(40);
    } finally {
      await h.close();
    }
  });
});
