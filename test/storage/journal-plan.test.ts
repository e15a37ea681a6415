/** The journal writes a run's plan a record at a time; the file reads back as the plan JSON.stringify would give. */
import { describe, expect, it } from 'vitest';
import type { RunPlan } from '../../core/export/plan-types.ts';
import { planPieces } from '../../storage/journal.ts';

describe('plan pieces', () => {
  it('join to the same JSON as the whole plan, with no records and with many', () => {
    const base = { runId: 'r1', mode: 'run', batch: 'B-1', kind: 'invoices', note: undefined, startedAt: 'x' };
    const record = (i: number) => ({
      manageId: i,
      number: `INV${i}`,
      net: 100 * i,
      text: 'a "quoted", [odd] value',
      x: undefined,
    });
    for (const n of [0, 1, 3, 2500]) {
      const plan = { ...base, records: Array.from({ length: n }, (_, i) => record(i)) } as unknown as RunPlan;
      const pieces = [...planPieces(plan)];
      expect(pieces.join('')).toBe(JSON.stringify(plan));
      expect(pieces.length).toBe(n + 2);
    }
    expect([...planPieces({ records: [] } as unknown as RunPlan)].join('')).toBe('{"records":[]}');
  });
});
