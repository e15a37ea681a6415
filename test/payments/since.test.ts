import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkSinceOption,
  dateInZone,
  resolveSinceOption,
  sameDayLastMonth,
} from '../../core/payments/since.ts';
import type { LastPaymentSync } from '../../core/payments/types.ts';

const ctx = (iso: string, timeZone = 'Europe/London', last?: LastPaymentSync) => ({
  now: new Date(iso),
  timeZone,
  lastRun: async () => last,
});

describe('start date of the payment sync', () => {
  it('counts the past week and two weeks back from today', async () => {
    expect((await resolveSinceOption('week', ctx('2025-04-10T12:00:00Z'))).date).toBe('2025-04-03');
    expect((await resolveSinceOption('2weeks', ctx('2025-04-10T12:00:00Z'))).date).toBe('2025-03-27');
    expect((await resolveSinceOption('week', ctx('2025-03-03T09:00:00Z'))).date).toBe('2025-02-24');
  });

  it('takes the same day last month (the guide: 10 April -> 10 March)', async () => {
    expect((await resolveSinceOption('month', ctx('2025-04-10T12:00:00Z'))).date).toBe('2025-03-10');
    expect((await resolveSinceOption('month', ctx('2025-01-15T12:00:00Z'))).date).toBe('2024-12-15');
  });

  it('clamps a day the previous month lacks to its last day', () => {
    expect(sameDayLastMonth('2025-03-31')).toBe('2025-02-28');
    expect(sameDayLastMonth('2024-03-31')).toBe('2024-02-29');
    expect(sameDayLastMonth('2025-03-29')).toBe('2025-02-28');
    expect(sameDayLastMonth('2025-05-31')).toBe('2025-04-30');
    expect(sameDayLastMonth('2025-03-28')).toBe('2025-02-28');
    expect(sameDayLastMonth('2025-12-31')).toBe('2025-11-30');
  });

  it('counts days in the configured time zone, not UTC', async () => {
    // 23:30 UTC on 31 March is already 1 April in London (BST) and still 31 March in New York.
    const instant = '2025-03-31T23:30:00Z';
    expect(dateInZone(new Date(instant), 'Europe/London')).toBe('2025-04-01');
    expect((await resolveSinceOption('month', ctx(instant, 'Europe/London'))).date).toBe('2025-03-01');
    expect((await resolveSinceOption('month', ctx(instant, 'America/New_York'))).date).toBe('2025-02-28');
    expect((await resolveSinceOption('week', ctx('2025-01-01T02:00:00Z', 'Pacific/Auckland'))).date).toBe('2024-12-25');
    expect((await resolveSinceOption('week', ctx('2025-01-01T02:00:00Z', 'America/Los_Angeles'))).date).toBe(
      '2024-12-24',
    );
  });

  it('uses the day of the last successful run, in the time zone', async () => {
    const last: LastPaymentSync = {
      startedAt: '2025-04-07T23:15:00Z',
      since: '2025-04-01',
      finishedAt: '2025-04-07T23:16:00Z',
      manageWrites: 3,
    };
    const r = await resolveSinceOption('last', ctx('2025-04-10T12:00:00Z', 'Europe/London', last));
    expect(r).toEqual({ option: 'last', used: 'last', date: '2025-04-08' });
  });

  it('falls back to the past month when there is no last run, and says so', async () => {
    const r = await resolveSinceOption('last', ctx('2025-03-31T12:00:00Z'));
    expect(r.used).toBe('month');
    expect(r.date).toBe('2025-02-28');
    expect(r.note).toMatch(/past month.*2025-02-28/);
  });

  it('accepts an ISO date up to today and refuses anything else with a usage error', async () => {
    expect((await resolveSinceOption('2025-02-01', ctx('2025-04-10T12:00:00Z'))).date).toBe('2025-02-01');
    expect((await resolveSinceOption('2025-04-10', ctx('2025-04-10T12:00:00Z'))).used).toBe('date');
    await expect(resolveSinceOption('2025-04-11', ctx('2025-04-10T12:00:00Z'))).rejects.toMatchObject({
      code: 'USAGE_BAD_SINCE',
      message: expect.stringMatching(/after today/),
    });
    for (const bad of ['yesterday', '2025-02-30', '2025-13-01', '10/04/2025', '', 'months']) {
      expect(() => checkSinceOption(bad), bad).toThrow(expect.objectContaining({ code: 'USAGE_BAD_SINCE' }));
    }
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-01-03', -7)).toBe('2024-12-27');
  });
});
