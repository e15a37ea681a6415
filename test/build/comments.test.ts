/**
 * Comments that point nowhere: a reader of this repository has no issue tracker and none of the documents the
 * first sessions worked from, so no source file may cite an issue number, a "reference §" / "issue §" section,
 * or a reference document by name (what they said belongs in the folder READMEs, in words).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROOTS = ['core', 'bot', 'cards', 'adapters', 'storage', 'bench', 'bin', 'scripts', 'test'];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|cs)$/;
const NOWHERE = [
  /\bissue\s*§/i,
  /\breference\s*§/i,
  /\bissue \d+\b/i,
  /\b(manage-api|sage50|real-interfaces|bot-platforms)\.md\b/,
  /\b(ARCHITECTURE|STYLE)\.md\b/,
  /mobius-connect-sage50uk-guide/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return SOURCE.test(e.name) ? [path] : [];
  });
}

/** `file:line: text` for every line that cites something the repository does not hold. */
function pointsNowhere(files: string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) =>
        NOWHERE.some((p) => p.test(line)) ? [`${relative(REPO, file)}:${i + 1}: ${line.trim()}`] : [],
      ),
  );
}

describe('comments point at what the repository holds', () => {
  it('no source file cites an issue number, a reference section or a reference document', () => {
    const self = fileURLToPath(import.meta.url);
    const files = ROOTS.flatMap((r) => sources(join(REPO, r))).filter((f) => f !== self);
    expect(pointsNowhere(files)).toEqual([]);
  });
});
