#!/usr/bin/env node
// Entry shim. Runs the JavaScript built into dist/ at install (npm's `prepare`), so starting compiles nothing.
// When that build is missing or older than any source file (a checkout after a pull, an edit), it runs the
// sources through tsx instead and says so: a checkout never runs stale code.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'adapters', 'cli', 'main.js');
const stamp = join(root, 'dist', '.built');
const SOURCE_DIRS = ['core', 'bot', 'cards', 'adapters', 'storage'];

/** True when a file under the source folders was changed after the build started. */
function newerThan(dir, since) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (newerThan(path, since)) return true;
    } else if (statSync(path).mtimeMs > since) return true;
  }
  return false;
}

function buildState() {
  if (!existsSync(built) || !existsSync(stamp)) return 'missing';
  const since = statSync(stamp).mtimeMs;
  const sources = SOURCE_DIRS.map((d) => join(root, d)).filter((d) => existsSync(d));
  return sources.some((d) => newerThan(d, since)) ? 'stale' : 'fresh';
}

/** A bare `--help` at 80 columns or more: the text the build rendered from the same commands. */
function savedHelp() {
  const args = process.argv.slice(2);
  if (args.length !== 1 || (args[0] !== '--help' && args[0] !== '-h')) return undefined;
  if (process.stdout.isTTY && (process.stdout.columns ?? 80) < 80) return undefined;
  const file = join(root, 'dist', 'adapters', 'cli', 'help.txt');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

const state = process.env.SAGEBOT_FROM_SOURCES ? 'sources' : buildState();
const help = state === 'fresh' ? savedHelp() : undefined;
if (help) {
  process.stdout.write(help);
} else if (state === 'fresh') {
  await import(pathToFileURL(built).href);
} else {
  if (state !== 'sources') {
    const why = state === 'missing' ? 'is not built' : 'is older than the sources';
    process.stderr.write(
      `sagebot: note: dist/ ${why}; running the sources through tsx (slower start; npm run build)\n`,
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../adapters/cli/main.ts');
}
