import { describe, expect, it } from 'vitest';
import { conventionalBatchId } from '../../core/export/batch-id.ts';
import { GLExportSchema } from '../../core/manage/models.ts';
import {
  batchRequest,
  EXPORT_FLAG,
  exportedRecords,
  exportSelection,
  kindsOfFlags,
  parseGlEntryIds,
  processedRecordIdsOf,
  recordIdOf,
} from '../../core/manage/record-ids.ts';
import { manageNumberOf, resolveProcurement } from '../../core/manage/record-match.ts';
import { KINDS } from '../../core/record-kind.ts';
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
    expect(processedRecordIdsOf(x, 'inventory')).toEqual([3001, 3002, 3005, 3007]);
    expect(exportedRecords(x, 'inventory').map((r) => r.recordIds)).toEqual([[3001, 3002], [3005], [3007]]);
    expect(recordIdOf('inventory', x.purchaseTransactions[0])).toBeUndefined();
  });

  it('builds the export selection and the batch request', () => {
    expect(exportSelection('inventory', [3001])).toEqual({ exportProductsFlag: true, includedProductIds: ['3001'] });
    expect(batchRequest('expenses', 'B-1', [1, 1, 2])).toEqual({
      batchIdentifier: 'B-1',
      glInterfaceIdentifier: 'B-1',
      exportInvoicesFlag: false,
      exportExpensesFlag: true,
      exportProductsFlag: false,
      processedRecordIds: [1, 2],
    });
  });

  it('names each kind once: inventory is Manage\'s "products" flag only at this boundary', () => {
    expect(batchRequest('inventory', 'B-2', [3001])).toMatchObject({
      exportProductsFlag: true,
      exportInvoicesFlag: false,
    });
    for (const kind of KINDS) {
      expect(kindsOfFlags({ [EXPORT_FLAG[kind]]: true })).toEqual([kind]);
      expect(kindsOfFlags(batchRequest(kind, 'B', [1]))).toEqual([kind]);
    }
    expect(kindsOfFlags({ exportProductsFlag: false })).toEqual([]);
    expect(KINDS.map((k) => conventionalBatchId('2025-04-30', 'John Doe', k))).toEqual([
      '20250430JD-I',
      '20250430JD-E',
      '20250430JD-P',
    ]);
  });
});

describe('record ids in the shapes real Manage sends', () => {
  const unposted = [
    { id: 319, unpostedProductId: '3101-adjustment', procurementType: 'Adjustment' },
    { id: 324, unpostedProductId: '3201-transfer', procurementType: 'Transfer' },
    { id: 576, unpostedProductId: '7-PO1001-purchase', procurementType: 'Purchase', purchaseOrder: { name: 'PO1001' } },
  ];
  const x = GLExportSchema.parse({
    transactions: [{ id: 871001, glEntryIds: '1010,1011,1012', detail: [{ id: 1009 }, { id: 1016 }] }],
    expenseBills: [
      {
        id: 1,
        detail: [
          { id: [2001], glTypeId: 'EE' },
          { id: [902001], glTypeId: 'ET' },
        ],
      },
    ],
    purchaseTransactions: [
      {
        id: 'PO #PO1001, Packing Slip: PS-1',
        documentNumber: 'PO1001',
        purchaseDetail: [{ id: 4001, lineNumber: 1 }],
        purchaseDetailTax: [{ id: 4501, lineNumber: 1 }],
      },
    ],
    adjustmentTransactions: [{ id: 'ADJ #3101', adjustmentDetail: [] }],
    inventoryTransfers: [{ id: '3201', transferId: 3201 }],
  });

  it('selects procurement by unpostedProductId, verbatim', () => {
    expect(exportSelection('inventory', unposted)).toEqual({
      exportProductsFlag: true,
      includedProductIds: ['3101-adjustment', '3201-transfer', '7-PO1001-purchase'],
    });
    expect(exportSelection('invoices', [{ id: 871001 }])).toEqual({
      exportInvoicesFlag: true,
      includedInvoiceIds: [871001],
    });
  });

  it('batches invoices by glEntryIds (never detail ids), expenses and purchases with their tax lines', () => {
    expect(processedRecordIdsOf(x, 'invoices')).toEqual([1010, 1011, 1012]);
    expect(processedRecordIdsOf(x, 'expenses')).toEqual([2001, 902001]);
    expect(exportedRecords(x, 'expenses', [{ id: 2001 }]).map((r) => r.recordIds)).toEqual([[2001]]);
  });

  it('resolves string adjustment / transfer ids and a receipt to the unposted records through unpostedProductId', () => {
    const records = exportedRecords(x, 'inventory', unposted);
    expect(records.map((r) => r.recordIds)).toEqual([[576], [319], [324]]);
    expect(records.map((r) => r.processedRecordIds)).toEqual([[4001, 4501], [319], [324]]);
    // Without the unposted list a label id gives nothing to batch (never NaN); a bare number is taken as it is.
    expect(processedRecordIdsOf(x, 'inventory')).toEqual([4001, 4501, 3201]);
    expect(resolveProcurement('adjustment', '3101-adjustment', unposted).map((u) => u.id)).toEqual([319]);
    expect(resolveProcurement('adjustment', 'ADJ #9999', unposted)).toEqual([]);
    expect(manageNumberOf('ADJ #3101')).toBe('3101');
    expect(manageNumberOf('3101-adjustment')).toBe('3101');
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

  it('gives its request log over HTTP, without bodies, and empties it on DELETE', async () => {
    const h = await harness();
    try {
      await h.client().systemInfo();
      const log = (await (await fetch(`${h.sandbox.siteUrl}/__sandbox/requests`)).json()) as Array<
        Record<string, unknown>
      >;
      const info = log.filter((r) => r.path === 'system/info');
      expect(info).toHaveLength(1);
      expect(info[0]).toMatchObject({ method: 'GET', status: 200 });
      expect(typeof info[0].at).toBe('number');
      expect(log.every((r) => !('body' in r))).toBe(true);
      expect((await fetch(`${h.sandbox.siteUrl}/__sandbox/requests`, { method: 'DELETE' })).status).toBe(204);
      const after = (await (await fetch(`${h.sandbox.siteUrl}/__sandbox/requests`)).json()) as unknown[];
      expect(after.filter((r) => (r as { path?: string }).path !== '__sandbox/requests')).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
