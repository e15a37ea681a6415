import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  assertBatchIdFormat,
  BATCH_ID_PATTERN,
  batchExistsError,
  batchIdProblem,
  conventionalBatchId,
  initialsOf,
  nextFreeBatchId,
} from '../../core/export/batch-id.ts';
import { resolveDate } from '../../core/export/dates.ts';
import { allocateTax, spreadByWeight } from '../../core/export/tax-allocation.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Wednesday 14 May 2025, 13:00 in London.
const now = new Date('2025-05-14T12:00:00Z');
const tz = { timeZone: 'Europe/London', now };

describe('resolveDate', () => {
  it('loads chrono-node only for a date the plain readers do not understand', () => {
    // chrono-node loaded through import (a static import) is reported by this resolve hook; the lazy load is a
    // require, seen in the require cache.
    const hook = `export async function resolve(s, c, next) {
      const r = await next(s, c);
      if (r.url.includes('chrono-node')) process.stderr.write('imported ' + r.url + '\\n');
      return r;
    }`;
    const script = `
      import { createRequire, register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
      const { resolveDate } = await import('./core/export/dates.ts');
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('chrono-node'));
      const opts = { timeZone: 'Europe/London', now: new Date('2025-05-14T12:00:00Z') };
      const plain = ['today', '2025-04-30', '30/04/2025', 'friday'].map((t) => resolveDate(t, opts));
      const before = loaded();
      const words = resolveDate('3 March 2025', opts);
      console.log(JSON.stringify({ plain, before, words, after: loaded() }));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      plain: ['2025-05-14', '2025-04-30', '2025-04-30', '2025-05-09'],
      before: false,
      words: '2025-03-03',
      after: true,
    });
  });
  it.each([
    ['2025-04-30', '2025-04-30'],
    ['30/04/2025', '2025-04-30'],
    ['today', '2025-05-14'],
    ['yesterday', '2025-05-13'],
    ['friday', '2025-05-09'],
    ['Wednesday', '2025-05-14'],
    ['last wednesday', '2025-05-07'],
    ['mon', '2025-05-12'],
    ['end of last month', '2025-04-30'],
    ['end of this month', '2025-05-31'],
    ['start of last month', '2025-04-01'],
    ['3 March', '2025-03-03'],
    ['30 April 2025', '2025-04-30'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (text, want) => expect(resolveDate(text, tz)).toBe(want));

  it('uses the configured time zone for "today"', () => {
    const lateUtc = new Date('2025-05-14T23:30:00Z'); // already 15 May in London
    expect(resolveDate('today', { timeZone: 'Europe/London', now: lateUtc })).toBe('2025-05-15');
    expect(resolveDate('today', { timeZone: 'UTC', now: lateUtc })).toBe('2025-05-14');
  });

  it.each(['31 February', 'banana', '2025-02-31', '2025-13-01', '31/02/2025', '', 'friday banana', '12345'])(
    'refuses %j',
    (text) => {
      expect(() => resolveDate(text, tz)).toThrowError(expect.objectContaining({ code: 'USAGE_BAD_DATE' }));
    },
  );
});

describe('batch ids', () => {
  it('follows the guide convention', () => {
    expect(conventionalBatchId('2013-01-01', 'John Doe', 'invoices')).toBe('20130101JD-I');
    expect(conventionalBatchId('2013-01-01', 'John Doe', 'expenses')).toBe('20130101JD-E');
    expect(conventionalBatchId('2013-01-01', 'John Doe', 'inventory')).toBe('20130101JD-P');
    expect(initialsOf('jdoe')).toBe('JD');
    expect(nextFreeBatchId('20130101JD-I', ['20130101JD-I', '20130101JD-I-1'])).toBe('20130101JD-I-2');
    expect(nextFreeBatchId('20130101JD-I', ['other'])).toBe('20130101JD-I');
  });
  it.each(['', 'a b', 'x'.repeat(51), 'semi;colon', 'quote"', 'émile', 'new\nline'])('refuses %j', (id) => {
    expect(() => assertBatchIdFormat(id)).toThrowError(expect.objectContaining({ code: 'EXPORT_BAD_BATCH_ID' }));
  });
  it.each(['20250430JD-I', 'a.b_c/d-1', 'x'.repeat(50)])('accepts %j', (id) =>
    expect(() => assertBatchIdFormat(id)).not.toThrow(),
  );
});

describe('tax allocation', () => {
  it('sums to the Manage total to the penny, deterministically', () => {
    const lines = [
      { net: 3333, rate: 20 },
      { net: 3333, rate: 20 },
      { net: 3334, rate: 20 },
    ];
    const tax = allocateTax(lines, 2000);
    expect(tax.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(tax).toEqual([667, 666, 667]);
    expect(allocateTax(lines, 2000)).toEqual(tax);
  });
  it('handles negative lines and zero-rated lines', () => {
    const tax = allocateTax(
      [
        { net: 115000, rate: 20 },
        { net: -100000, rate: 20 },
        { net: 500, rate: 0 },
      ],
      3000,
    );
    expect(tax).toEqual([23000, -20000, 0]);
  });
  it('spreads a larger difference over lines of the matching sign', () => {
    const tax = allocateTax(
      [
        { net: 1000, rate: 20 },
        { net: 3000, rate: 20 },
        { net: -500, rate: 20 },
      ],
      850,
    );
    expect(tax.reduce((a, b) => a + b, 0)).toBe(850);
    expect(tax[2]).toBe(-100);
  });
  it('spreads by weight exactly', () => {
    expect(spreadByWeight(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(spreadByWeight(-10, [1, 1, 1])).toEqual([-4, -3, -3]);
  });
});

describe('minorOf', () => {
  it('reads Manage doubles exactly', async () => {
    const { minorOf } = await import('../../core/export/lines.ts');
    expect([
      minorOf(-833.33),
      minorOf(12.5),
      minorOf(1.005),
      minorOf(0.1 + 0.2),
      minorOf(1e-7),
      minorOf(150),
      minorOf(undefined),
      minorOf(-0.01),
    ]).toEqual([-83333, 1250, 101, 30, 0, 15000, 0, -1]);
  });
  it('agrees with money.ts on every amount of up to two decimals, and on the odd ones', async () => {
    const { minorOf } = await import('../../core/export/lines.ts');
    const { toMinor } = await import('../../core/money.ts');
    const odd = [0.1 + 0.2, 1.005, 2.675, 1e-7, 123.456, -0.015, 9007199254740.99, 0.07 * 3, 1e12 + 0.5];
    const amounts = [...odd];
    for (let cents = -200_000; cents <= 200_000; cents += 7) amounts.push(cents / 100);
    for (const x of amounts) expect(minorOf(x), String(x)).toBe(toMinor(x));
  });
  it('fits text to a field, folding white space only where there is some to fold', async () => {
    const { fit } = await import('../../core/export/lines.ts');
    expect(fit('Managed  service\tfee', 60)).toBe('Managed service fee');
    expect(fit(' Backup ', 60)).toBe('Backup');
    expect(fit('Line one\nline two', 60)).toBe('Line one line two');
    expect(fit('Plain text', 60)).toBe('Plain text');
    expect(fit('A B C D E F', 6)).toBe('A B C…');
    expect(fit(undefined, 6)).toBe('');
  });
  it('allocates with odd rates exactly (17.5%)', () => {
    expect(
      allocateTax(
        [
          { net: 1001, rate: 17.5 },
          { net: 999, rate: 17.5 },
        ],
        350,
      ),
    ).toEqual([175, 175]);
  });
});

describe('one batch-number rule', () => {
  const re = new RegExp(BATCH_ID_PATTERN);
  it.each(['20250430JD-I', 'a.b_c/d-1', 'x'.repeat(50), 'a b', '-lead', '.hidden', 'x'.repeat(51), 'émile', ''])(
    'the card pattern and the engine agree on %j',
    (id) => {
      expect(re.test(id)).toBe(batchIdProblem(id) === undefined);
    },
  );
  it('a taken batch suggests the next free id of the same kind, in words any surface can show', () => {
    const err = batchExistsError('20261201SA-P', nextFreeBatchId('20261201SA-P', ['20261201SA-P']));
    expect(err.userMessage).toBe(
      'Batch 20261201SA-P already exists in Manage. Choose another batch number (20261201SA-P-1 is free), or rerun batch 20261201SA-P to post what Sage is missing.',
    );
    expect(err.userMessage).not.toContain('sagebot ');
  });
});
