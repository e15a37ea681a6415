/** The plain-text fallback of every view, and the paging rules both renderers share. */
import { describe, expect, it } from 'vitest';
import { FALLBACK_MAX, fallbackText, pageWindow } from '../../cards/index.ts';
import { cleanText, safeUrl, truncate } from '../../cards/text.ts';
import type { CardView } from '../../cards/view-models.ts';
import { catalogue, HOSTILE, hostileCatalogue, preview, previewIn, progress } from './fixtures.ts';

describe('fallbackText', () => {
  it('summarises every view in plain text, never empty, never too long', () => {
    for (const [name, view] of [...catalogue(), ...hostileCatalogue()]) {
      const t = fallbackText(view);
      expect(t.trim().length, name).toBeGreaterThan(0);
      expect(t.length, name).toBeLessThanOrEqual(FALLBACK_MAX);
      expect(t, name).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
    }
  });

  it('says what the card says', () => {
    expect(fallbackText(previewIn('ready'))).toContain('through Friday 27 November 2026 (2026-11-27)');
    expect(fallbackText(previewIn('blocked'))).toContain('3 problems to fix');
    expect(fallbackText(progress())).toContain('1,200 of 5,000 (24%)');
  });

  it('does not throw on garbage', () => {
    for (const junk of [{}, { kind: 'preview' }, { kind: 'results', summary: 5 }, null]) {
      expect(fallbackText(junk as unknown as CardView).length).toBeGreaterThan(0);
    }
  });
});

describe('pageWindow', () => {
  const rows = Array.from({ length: 95 }, (_, i) => i);

  it('cuts pages of the renderer size and clamps page numbers', () => {
    expect(pageWindow(rows, { page: 0, pageSize: 50, totalItems: 95 }, 10)).toMatchObject({
      items: rows.slice(0, 10),
      first: 1,
      last: 10,
      pageCount: 10,
      hasPrev: false,
      hasNext: true,
    });
    expect(pageWindow(rows, { page: 9, pageSize: 10, totalItems: 95 }, 10)).toMatchObject({
      items: rows.slice(90),
      first: 91,
      last: 95,
      hasNext: false,
      hasPrev: true,
    });
    expect(pageWindow(rows, { page: 500, pageSize: 10, totalItems: 95 }, 10).page).toBe(9);
    expect(pageWindow(rows, { page: -3, pageSize: 0, totalItems: 95 }, 10).page).toBe(0);
    expect(pageWindow([], { page: 0, pageSize: 10, totalItems: 0 }, 10)).toMatchObject({
      items: [],
      first: 0,
      hasNext: false,
    });
  });

  it('shows a pre-cut page as that page', () => {
    expect(pageWindow(rows.slice(20, 30), { page: 2, pageSize: 10, totalItems: 95 }, 10)).toMatchObject({
      first: 21,
      last: 30,
      hasPrev: true,
      hasNext: true,
    });
  });
});

describe('text hygiene', () => {
  it('truncates without splitting characters and cleans control characters', () => {
    expect(truncate('💷💷💷', 4)).toBe('💷…');
    expect(truncate('abc', 3)).toBe('abc');
    expect(cleanText(HOSTILE.control)).toBe('abcde f g\uFFFDh');
    expect(cleanText(HOSTILE.control, true)).toBe('abcde\nf g\uFFFDh');
    expect(preview().title.length).toBeGreaterThan(0);
  });

  it('keeps only http(s) URLs', () => {
    expect(safeUrl('https://a.example/x?y=${z}')).toBe('https://a.example/x?y=$%7Bz%7D');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,x')).toBeUndefined();
    expect(safeUrl(5)).toBeUndefined();
    expect(safeUrl('https://user:pw@a.example/p|q](x)')).toBe('https://a.example/p%7Cq%5D(x)');
    expect(safeUrl('http://[::1]:3978/f?a=1&b=2')).toBe('http://[::1]:3978/f?a=1&b=2');
  });
});
