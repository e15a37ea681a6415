/**
 * A record held back by a problem of its own (figures that disagree with Manage, a date in Sage's locked
 * period) leaves the rest of the batch approvable; any other problem still blocks the whole batch.
 */
import { describe, expect, it } from 'vitest';
import { previewState } from '../../bot/views/preview-view.ts';
import type { Preview, PreviewTransaction, Problem } from '../../core/export/types.ts';

const tx = (manageId: number, status: PreviewTransaction['status']): PreviewTransaction => ({
  manageId,
  type: 'Purchase',
  number: String(manageId),
  date: '2025-04-08',
  party: 'Dell',
  currency: 'GBP',
  net: 100,
  tax: 20,
  total: 120,
  documents: [],
  status,
});
const preview = (transactions: PreviewTransaction[], problems: Problem[]): Preview =>
  ({ kind: 'inventory', transactions, problems }) as unknown as Preview;
const held: Problem = {
  manageId: 2,
  record: 'Purchase order 2',
  code: 'EXPORT_TOTAL_MISMATCH',
  message: 'm',
  fix: 'f',
  blocks: 'record',
};

describe('previewState', () => {
  it('is ready when the only problems hold back their own records', () => {
    expect(previewState(preview([tx(1, 'transfer'), tx(2, 'problem')], [held]))).toBe('ready');
  });
  it('is blocked by a problem of the batch, or a problem row no record-scoped problem explains', () => {
    const batch: Problem = { ...held, blocks: undefined, code: 'EXPORT_NO_GL_ACCOUNT' };
    expect(previewState(preview([tx(1, 'transfer'), tx(2, 'problem')], [held, batch]))).toBe('blocked');
    expect(previewState(preview([tx(1, 'transfer'), tx(3, 'problem')], [held]))).toBe('blocked');
    // A record-scoped problem that names no row could not hold anything back.
    expect(previewState(preview([tx(1, 'transfer')], [held]))).toBe('blocked');
  });
});
