/**
 * `npm run bench`: runs every benchmark in one process run and prints its figures (ratios are what to compare;
 * this machine is shared, so absolute times are noisy). Pass names to run a subset: `npm run bench -- sage export`.
 * Results also go to bench-results/latest.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Bench = (log: (line: string) => void) => Promise<Record<string, unknown>>;

const here = dirname(fileURLToPath(import.meta.url));
const suites: Array<{ name: string; file: string; fn: string }> = [
  { name: 'startup', file: 'startup.ts', fn: 'benchStartup' },
  { name: 'round-trips', file: 'round-trips.ts', fn: 'benchRoundTrips' },
  { name: 'manage', file: 'manage.ts', fn: 'benchManage' },
  { name: 'sage', file: 'sage.ts', fn: 'benchSage' },
  { name: 'export', file: 'export.ts', fn: 'benchExport' },
  { name: 'payments', file: 'payments.ts', fn: 'benchPayments' },
  { name: 'teams', file: 'teams.ts', fn: 'benchTeams' },
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const results: Record<string, unknown> = {};
const log = (line: string) => process.stdout.write(`${line}\n`);

for (const suite of suites) {
  if (wanted.length && !wanted.includes(suite.name)) continue;
  const path = join(here, suite.file);
  if (!existsSync(path)) {
    log(`-- ${suite.name}: not present, skipped`);
    continue;
  }
  log(`\n== ${suite.name} ==`);
  const mod = (await import(pathToFileURL(path).href)) as Record<string, Bench>;
  const started = Date.now();
  try {
    results[suite.name] = await mod[suite.fn](log);
  } catch (e) {
    results[suite.name] = { error: e instanceof Error ? e.message : String(e) };
    log(`!! ${suite.name} failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exitCode = 1;
  }
  log(`(${suite.name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const out = join(here, '..', 'bench-results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
log(`\nfigures written to ${out}`);
process.exit(process.exitCode ?? 0);
