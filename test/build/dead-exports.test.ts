/**
 * Dead exports: a name a production module exports that no file of the repository (tests included) names again,
 * not even its own module, is code nobody runs or a type nobody reads. Left out: the Manage models
 * (core/manage/models/ types every object Manage sends, used or not, as the API's catalogue) and type
 * declarations of third-party modules (*.d.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRODUCTION = ['core', 'bot', 'cards', 'adapters', 'storage', 'bench', 'bin', 'scripts'];
const SOURCE = /\.(ts|mts|js|mjs)$/;
const CATALOGUES = [/^core\/manage\/models\//, /\.d\.ts$/];
const EXPORTED =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return SOURCE.test(e.name) ? [path] : [];
  });
}

describe('dead exports', () => {
  it('every name a production module exports is named again somewhere', () => {
    const files = [...PRODUCTION, 'test'].flatMap((r) => sources(join(REPO, r)));
    const words = new Map<string, number>();
    const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    for (const text of texts.values())
      for (const w of text.match(/[A-Za-z_$][\w$]*/g) ?? []) words.set(w, (words.get(w) ?? 0) + 1);
    const dead = files
      .map((f) => relative(REPO, f).split('\\').join('/'))
      .filter((f) => !f.startsWith('test/') && !CATALOGUES.some((c) => c.test(f)))
      .flatMap((f) =>
        [...(texts.get(join(REPO, f)) ?? '').matchAll(EXPORTED)]
          .filter((m) => words.get(m[1]) === 1)
          .map((m) => `${f}: ${m[1]}`),
      );
    expect(dead).toEqual([]);
  });
});
