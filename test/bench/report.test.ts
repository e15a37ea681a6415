import { describe, expect, it } from 'vitest';
import { goal, goalsOf, goalTable } from '../../bench/report.ts';

describe('bench report', () => {
  it('works out pass or fail from the comparison', () => {
    expect(goal('export', 'run vs parts', 1.1, '<=', 1.15, 'x').pass).toBe(true);
    expect(goal('export', 'run vs parts', 1.2, '<=', 1.15, 'x').pass).toBe(false);
    expect(goal('export', 'peak RSS', 250, '<', 250, 'MB').pass).toBe(false);
    expect(goal('x', 'throughput', 3, '>=', 3, 'per s').pass).toBe(true);
  });

  it("gathers a suite's goal rows, filling in the suite and ignoring anything else", () => {
    const row = { ...goal('', 'look-ups', 2, '<=', 3, 'x') };
    expect(goalsOf('payments', { goals: [row, { name: 'no figure' }], other: 1 })).toEqual([
      { ...row, suite: 'payments' },
    ]);
    expect(goalsOf('teams', { seconds: 3 })).toEqual([]);
    expect(goalsOf('teams', undefined)).toEqual([]);
  });

  it('prints one line per goal with its figure, goal and result, and a count', () => {
    const lines = goalTable([
      goal('export', 'run vs parts', 1.1534, '<=', 1.15, 'x'),
      goal('m', 'rss', 200.04, '<', 250, 'MB'),
    ]);
    expect(lines[2]).toMatch(/^export\s+run vs parts\s+1\.153x\s+<= 1\.15x\s+FAIL/);
    expect(lines[3]).toMatch(/200 MB\s+< 250 MB\s+pass/);
    expect(lines.at(-1)).toBe('1 of 2 goals met');
  });
});
