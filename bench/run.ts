/**
 * `npm run bench`: runs every benchmark in one process run and prints its figures (ratios are what to compare;
 * this machine is shared, so absolute times are noisy), then a table of every goal the suites measured (figure,
 * goal, pass / fail: see bench/report.ts for how a suite adds rows). Pass names to run a subset:
 * `npm run bench -- sage export`; `--scale=0.2` shrinks the sizes while iterating. Results and the goal rows go to
 * bench-results/latest.json (not committed: the figures belong to one machine and one run).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type GoalRow, goalsOf, goalTable } from './report.ts';

type Bench = (log: (line: string) => void) => Promise<Record<string, unknown>>;

const here = dirname(fileURLToPath(import.meta.url));
const suites: Array<{ name: string; file: string; fn: string }> = [
  { name: 'startup', file: 'startup.ts', fn: 'benchStartup' },
  { name: 'round-trips', file: 'round-trips.ts', fn: 'benchRoundTrips' },
  { name: 'manage', file: 'manage.ts', fn: 'benchManage' },
  { name: 'preview', file: 'preview.ts', fn: 'benchPreview' },
  { name: 'sage', file: 'sage.ts', fn: 'benchSage' },
  { name: 'export', file: 'export.ts', fn: 'benchExport' },
  { name: 'payments', file: 'payments.ts', fn: 'benchPayments' },
  { name: 'teams', file: 'teams.ts', fn: 'benchTeams' },
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const scale = process.argv.find((a) => a.startsWith('--scale='))?.slice('--scale='.length);
if (scale) process.env.SAGEBOT_BENCH_SCALE = scale;
const results: Record<string, unknown> = {};
const goals: GoalRow[] = [];
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
    goals.push(...goalsOf(suite.name, results[suite.name]));
  } catch (e) {
    results[suite.name] = { error: e instanceof Error ? e.message : String(e) };
    log(`!! ${suite.name} failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exitCode = 1;
  }
  log(`(${suite.name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

log('\n== goals ==');
for (const line of goalTable(goals)) log(line);
if (scale) log(`(sizes scaled by ${scale}: the goals are set for scale 1)`);

const out = join(here, '..', 'bench-results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
const report = { at: new Date().toISOString(), node: process.version, scale: Number(scale ?? 1), goals, results };
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
log(`\nfigures written to ${out}`);
process.exit(process.exitCode ?? 0);
