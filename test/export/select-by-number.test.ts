/**
 * Choosing a batch by the numbers a preview shows (engine and CLI alike): a claim number stands for every
 * expense behind it, a record id for its whole row, an unknown number is refused with the numbers there are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CliRun, sagebotWith } from '../cli/in-process.ts';
import { expense, GL, scenario } from './scenarios.ts';
import { createWorld, manageEnv, USER, type World, worldConfig } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  process.exitCode = 0;
});

/** `sagebot …` through the real program against the world's sandbox and embedded company. */
function sagebot(w: World, ...argv: string[]): Promise<CliRun> {
  return sagebotWith(worldConfig(w.dir, manageEnv(w.app.sandbox!)), ...argv);
}

const expenses = () => [
  expense(2101, 1, 110, 22, { description: 'Hotel, Manchester', glAccountId: GL.hotels }),
  expense(2102, 1, 14.5, 2.9, { description: 'Subsistence', glAccountId: GL.subsistence }),
  expense(2103, 2, 18.33, 3.67, { description: 'USB cables', glAccountId: GL.stationery }),
  expense(2104, 2, 54, 0, { description: 'Mileage', glAccountId: GL.travel }),
  expense(2105, 2, 45, 9, { classification: 'NonReimbursable', description: 'Fuel (company card)' }),
];

describe('selection by the numbers users see', () => {
  it('excluding a claim leaves out all its lines, lists it as left out, and the run posts the rest', async () => {
    world = await createWorld({ scenario: scenario({ expenses: expenses() }) });
    const { engine, sandbox } = world.app;
    const preview = await engine.preview('expenses', { user: USER, excludeNumbers: ['EXP2101'] });
    expect(preview.transactions.map((t) => t.number)).toEqual(['EXP2103', '2105']);
    expect(preview.leftOut).toEqual([expect.objectContaining({ number: 'EXP2101', currency: 'GBP', total: 14940 })]);
    // A record id of the claim's second line means the whole claim too (the old --exclude dropped one line).
    const byLine = await engine.preview('expenses', { user: USER, excludeNumbers: ['2102'] });
    expect(byLine.transactions.map((t) => t.number)).toEqual(['EXP2103', '2105']);
    const result = await engine.run('expenses', { user: USER, batchId: '20250430JD-E', excludeNumbers: ['exp2101'] });
    expect(result.outcome).toBe('completed');
    expect(result.posted.map((p) => p.number)).toEqual(['EXP2103']);
    expect(sandbox!.state.unpostedExpenses().map((e) => e.id)).toEqual([2101, 2102, 2105]);
  });

  it('only keeps the named rows; unknown numbers are refused with the numbers there are', async () => {
    world = await createWorld({ scenario: scenario({ expenses: expenses() }) });
    const { engine } = world.app;
    const only = await engine.preview('expenses', { user: USER, includeNumbers: ['2103'] });
    expect(only.transactions.map((t) => t.number)).toEqual(['EXP2103']);
    expect(only.leftOut?.map((t) => t.number)).toEqual(['EXP2101', '2105']);
    await expect(engine.preview('expenses', { user: USER, excludeNumbers: ['EXP9999'] })).rejects.toMatchObject({
      code: 'USAGE_UNKNOWN_NUMBER',
      message: expect.stringContaining('EXP9999'),
      fix: expect.stringContaining('EXP2101, EXP2103, 2105'),
    });
    await expect(
      engine.preview('expenses', { user: USER, excludeNumbers: ['EXP2101', 'EXP2103', '2105'] }),
    ).rejects.toMatchObject({ code: 'USAGE_NOTHING_LEFT' });
  });

  it('lists the locations that have transactions and the line text of each row', async () => {
    world = await createWorld({ scenario: scenario({ expenses: expenses() }) });
    const preview = await world.app.engine.preview('expenses', { user: USER });
    expect(preview.locations?.length).toBeGreaterThan(0);
    expect(preview.transactions[0].lines?.join(' ')).toContain('Hotel, Manchester');
  });
});

describe('the CLI takes the same numbers', () => {
  it('--exclude with a claim number, or a record id of any of its lines, leaves the whole claim out', async () => {
    world = await createWorld({ scenario: scenario({ expenses: expenses() }) });
    for (const numbers of ['EXP2101', '2102', '2101,2102']) {
      const r = await sagebot(world, 'preview', 'expenses', '--exclude', numbers, '--json');
      expect(r.code).toBe(0);
      const p = JSON.parse(r.out);
      expect(p.transactions.map((t: { number: string }) => t.number)).toEqual(['EXP2103', '2105']);
      expect(p.leftOut.map((t: { number: string }) => t.number)).toEqual(['EXP2101']);
    }
    const only = await sagebot(world, 'preview', 'expenses', '--include', 'EXP2103');
    expect(only.out).toContain('Left out (2, not in this batch)');
    expect(only.out).not.toMatch(/EXP2102/);
    // The line text the detail level produces, as on the chat card.
    expect(only.out).toMatch(/lines: .*USB cables/);
  });
});
