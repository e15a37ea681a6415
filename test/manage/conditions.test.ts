import { describe, expect, it } from 'vitest';
import { and, contains, date, eq, ge, inList, le, like, literal, ne, or, quote } from '../../core/manage/conditions.ts';
import { compileConditions, parseConditions } from '../../core/manage/sandbox/conditions-parser.ts';

const HOSTILE = [
  'A "quoted" name',
  'ends with backslash \\',
  '\\" and id > 0 or "',
  "O'Neill & Sons",
  'x" or name != "y',
  '(bracket) [date] and or not in',
  'name = "x" or 1 = 1',
  '',
  '* wildcard % + & ?',
  'unicode £€ – naïve',
];

describe('conditions builder', () => {
  it('quotes strings and escapes quotes and backslashes', () => {
    expect(quote('plain')).toBe('"plain"');
    expect(quote('a "b" c')).toBe('"a \\"b\\" c"');
    expect(quote('back\\slash')).toBe('"back\\\\slash"');
  });

  it('writes numbers bare, booleans as True/False, null, and bracketed dates', () => {
    expect(eq('id', 42)).toBe('id = 42');
    expect(eq('closedFlag', false)).toBe('closedFlag = False');
    expect(ne('vendorIdentifier', null)).toBe('vendorIdentifier != null');
    expect(le('dateClosed', date('2025-04-30'))).toBe('dateClosed <= [2025-04-30T00:00:00Z]');
    expect(ge('lastUpdated', new Date(Date.UTC(2024, 0, 1, 12)))).toBe('lastUpdated >= [2024-01-01T12:00:00Z]');
    expect(inList('invoiceNumber', ['1', '2'])).toBe('invoiceNumber in ("1","2")');
    expect(and(eq('a', 1), undefined, false, eq('b/c', 'x'))).toBe('(a = 1) and (b/c = "x")');
    expect(or(eq('a', 1))).toBe('a = 1');
    expect(and()).toBe('');
  });

  it('refuses what cannot be written safely', () => {
    expect(() => eq('name) or (1', 1)).toThrow(RangeError);
    expect(() => eq('id', Number.NaN)).toThrow(RangeError);
    expect(() => date('2025-04-30] or [x')).toThrow(RangeError);
    expect(() => date('not a date')).toThrow(RangeError);
    expect(() => inList('id', [])).toThrow(RangeError);
    expect(() => literal({ kind: 'date', iso: 'x]' })).toThrow(RangeError);
  });

  it.each(HOSTILE)('a hostile string stays one value through the sandbox parser: %j', (value) => {
    const pred = compileConditions(eq('name', value));
    expect(pred({ name: value })).toBe(true);
    expect(pred({ name: `${value}x` })).toBe(false);
    expect(pred({ name: 'y', id: 1 })).toBe(value === 'y');
    const tree = parseConditions(and(eq('name', value), eq('id', 7)));
    expect(tree.k).toBe('and');
    const inPred = compileConditions(inList('name', [value, 'other']));
    expect(inPred({ name: value })).toBe(true);
  });

  it('contains and like treat the value as data (like keeps * as the wildcard)', () => {
    expect(compileConditions(contains('name', '"x" or'))({ name: 'a "x" or b' })).toBe(true);
    expect(compileConditions(contains('name', '"x" or'))({ name: 'a x or b' })).toBe(false);
    expect(compileConditions(like('name', 'Acme*'))({ name: 'Acme Widgets' })).toBe(true);
    expect(compileConditions(like('name', 'a.c'))({ name: 'abc' })).toBe(false);
  });

  it('the sandbox parser handles nesting, not in, dates and nested paths', () => {
    const pred = compileConditions(
      '(company/identifier = "ACME" or id in (1, 2)) and not closedFlag = True and date >= [2025-01-01T00:00:00Z]',
    );
    expect(pred({ id: 1, company: { identifier: 'x' }, closedFlag: false, date: '2025-02-01T00:00:00Z' })).toBe(true);
    expect(pred({ id: 3, company: { identifier: 'acme' }, closedFlag: false, date: '2025-02-01T00:00:00Z' })).toBe(
      true,
    );
    expect(pred({ id: 3, company: { identifier: 'acme' }, closedFlag: true, date: '2025-02-01T00:00:00Z' })).toBe(
      false,
    );
    expect(pred({ id: 1, closedFlag: false, date: '2024-12-31T00:00:00Z' })).toBe(false);
    expect(compileConditions('id not in (1,2)')({ id: 3 })).toBe(true);
    expect(() => parseConditions('name = "unterminated')).toThrow();
    expect(() => parseConditions('name = "a" extra')).toThrow();
  });
});
