import { describe, expect, it } from 'vitest';
import { extend, formatMoney, fromMinor, minorToString, sumMinor, taxAt, toMinor } from '../../core/money.ts';

describe('money', () => {
  it('reads decimals exactly and rounds half away from zero', () => {
    expect(toMinor(1.005)).toBe(101);
    expect(toMinor(-1.005)).toBe(-101);
    expect(toMinor(0.1 + 0.2)).toBe(30);
    expect(toMinor('1234.565')).toBe(123457);
    expect(toMinor(null)).toBe(0);
  });

  it('sums without drift', () => {
    const tenths = Array.from({ length: 1000 }, () => toMinor(0.1));
    expect(sumMinor(tenths)).toBe(10000);
    expect(fromMinor(sumMinor(tenths))).toBe(100);
  });

  it('computes tax and extensions once, at the end', () => {
    expect(taxAt(3333, 20)).toBe(667);
    expect(extend('33.333', 3)).toBe(10000);
    expect(extend(19.99, '2.5')).toBe(4998);
  });

  it('formats for people', () => {
    expect(formatMoney(123456789, 'GBP')).toBe('GBP 1,234,567.89');
    expect(formatMoney(-5)).toBe('-0.05');
    expect(minorToString(100)).toBe('1.00');
  });

  it('refuses non-integer minor units', () => {
    expect(() => sumMinor([1.5])).toThrow(RangeError);
  });
});
