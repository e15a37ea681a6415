#!/usr/bin/env node
/**
 * `npm run build` (and npm's `prepare`, so `npm install` / `npm ci` build it): emits the JavaScript that
 * bin/sagebot.js runs into dist/, so no TypeScript is compiled when a user starts sagebot. Non-TypeScript
 * files the code reads next to itself (the web chat's public files, the SDO bridge's C# sources) are copied
 * alongside. The stamp's time is the moment the build started, so a source saved during the build counts as
 * newer and bin/sagebot.js runs the sources instead of a build that may not hold it.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
export const SOURCE_DIRS = ['core', 'bot', 'cards', 'adapters', 'storage'];
const started = new Date();

function tscPath() {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (!entry.name.endsWith('.ts') && entry.name !== 'README.md') {
      const target = join(out, relative(root, path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
    }
  }
}

/** The built CLI's own `--help` text (bin/sagebot.js prints it without loading any command). */
function renderHelp() {
  const main = pathToFileURL(join(out, 'adapters', 'cli', 'main.js')).href;
  const script = `const m = await import(${JSON.stringify(main)}); process.stdout.write(await m.renderHelp());`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sagebot build: rendering the help failed: ${r.stderr}`);
  return r.stdout;
}

const tsc = tscPath();
if (!tsc) {
  // A production install (--omit=dev) has no compiler: bin/sagebot.js then runs the sources through tsx.
  process.stderr.write(
    'sagebot build: typescript is not installed; sagebot will run from the sources (slower start)\n',
  );
  process.exit(0);
}
// Whatever an earlier build left (a command file since deleted would still be loaded) goes first.
rmSync(out, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  process.stderr.write('sagebot build: tsc failed; dist/ removed so nothing half-built is run\n');
  process.exit(result.status ?? 1);
}
for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) copyAssets(join(root, dir));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// The built files find the package's version (teams-package) and their module type here.
writeFileSync(
  join(out, 'package.json'),
  `${JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', private: true }, null, 2)}\n`,
);
writeFileSync(join(out, 'adapters', 'cli', 'help.txt'), renderHelp());
const stamp = join(out, '.built');
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
