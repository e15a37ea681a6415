/**
 * bin/sagebot.js in a throw-away checkout: it runs the built code when the build is at least as new as every
 * source file, prints the saved help for a bare --help, and otherwise runs the sources through tsx with a note
 * (a checkout after a pull or an edit never runs stale JavaScript).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const roots: string[] = [];

function write(root: string, path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A checkout whose sources and build each print where they ran from. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'sagebot-entry-'));
  roots.push(root);
  mkdirSync(join(root, 'bin'));
  copyFileSync(join(REPO, 'bin', 'sagebot.js'), join(root, 'bin', 'sagebot.js'));
  write(root, 'package.json', '{ "type": "module" }\n');
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  write(root, 'adapters/cli/main.ts', "const from: string = 'sources';\nprocess.stdout.write(`${from}\\n`);\n");
  write(root, 'core/money.ts', 'export const x = 1;\n');
  write(root, 'dist/adapters/cli/main.js', "process.stdout.write('build\\n');\n");
  write(root, 'dist/adapters/cli/help.txt', 'Usage: sagebot (saved)\n');
  write(root, 'dist/.built', 'now\n');
  return root;
}

function setTime(file: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
}

function run(root: string, args: string[] = []): { out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sagebot.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: root },
  });
  return { out: r.stdout, err: r.stderr };
}

afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('bin/sagebot.js', () => {
  it('runs the build when it is newer than every source, and says nothing', () => {
    const root = checkout();
    setTime(join(root, 'adapters/cli/main.ts'), 60);
    setTime(join(root, 'core/money.ts'), 60);
    expect(run(root, ['status'])).toEqual({ out: 'build\n', err: '' });
  });

  it('prints the saved help for a bare --help without loading the CLI', () => {
    const root = checkout();
    setTime(join(root, 'adapters/cli/main.ts'), 60);
    setTime(join(root, 'core/money.ts'), 60);
    expect(run(root, ['--help']).out).toBe('Usage: sagebot (saved)\n');
    expect(run(root, ['preview', '--help']).out).toBe('build\n');
  });

  it('runs the sources through tsx, with a note, when a source is newer than the build', () => {
    const root = checkout();
    setTime(join(root, 'dist/.built'), 60);
    setTime(join(root, 'adapters/cli/main.ts'), 120);
    const r = run(root, ['--help']);
    expect(r.out).toBe('sources\n');
    expect(r.err).toMatch(/dist\/ is older than the sources; running the sources through tsx/);
  });

  it('runs the sources through tsx, with a note, when there is no build', () => {
    const root = checkout();
    rmSync(join(root, 'dist'), { recursive: true });
    const r = run(root, ['status']);
    expect(r.out).toBe('sources\n');
    expect(r.err).toMatch(/dist\/ is not built/);
  });
});
