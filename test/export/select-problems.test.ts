/** Selection problems, pure: a document that could reach Sage but never leave Manage's unposted list is refused first. */
import { describe, expect, it } from 'vitest';
import type { PlannedRecord } from '../../core/export/plan-types.ts';
import type { Selection } from '../../core/export/select.ts';
import { selectionProblems } from '../../core/export/select-problems.ts';
import { GLExportSchema } from '../../core/manage/models.ts';

const record = (over: Partial<PlannedRecord>): PlannedRecord => ({
  manageId: 871001,
  recordIds: [871001],
  processedRecordIds: [500001],
  type: 'Standard',
  number: '10001',
  date: '2025-04-10',
  party: 'Acme',
  currency: 'GBP',
  net: 100,
  tax: 20,
  total: 120,
  creations: [],
  documents: [],
  status: 'transfer',
  ...over,
});

const sel: Selection = {
  kind: 'invoices',
  throughDate: '2025-04-30',
  detail: 'Default',
  unposted: [
    { id: 871001, invoiceNumber: '10001' },
    { id: 871002, invoiceNumber: '10002' },
  ],
  fingerprint: 'x',
};

describe('selection problems', () => {
  it('a record without batch ids, an untied document and an unexported record are each a problem', () => {
    const problems = selectionProblems(sel, GLExportSchema.parse({}), [
      record({ processedRecordIds: [] }),
      record({ manageId: 0, recordIds: [], number: 'X-1' }),
    ]);
    expect(problems.map((p) => [p.code, p.manageId, p.record])).toEqual([
      ['EXPORT_NOT_EXPORTED', 871002, 'Invoice 10002'],
      ['EXPORT_NO_BATCH_IDS', 871001, 'Standard 10001'],
      ['EXPORT_UNMATCHED', undefined, 'Standard X-1'],
    ]);
  });

  it('a document of a record outside the selection (an export wider than asked for) is a problem', () => {
    const problems = selectionProblems(sel, GLExportSchema.parse({}), [
      record({}),
      record({ manageId: 871002, recordIds: [871002], number: '10002' }),
      record({ manageId: 871999, recordIds: [871999], number: '10999' }),
    ]);
    expect(problems.map((p) => [p.code, p.record])).toEqual([['EXPORT_NOT_SELECTED', 'Standard 10999']]);
  });

  it('a skipped record needs no batch ids, and a rerun (no selection) has no selection problems', () => {
    expect(
      selectionProblems(sel, GLExportSchema.parse({}), [
        record({}),
        record({ manageId: 871002, recordIds: [871002], status: 'skip', processedRecordIds: [] }),
      ]),
    ).toEqual([]);
    expect(selectionProblems(undefined, GLExportSchema.parse({}), [record({ processedRecordIds: [] })])).toEqual([]);
  });
});
