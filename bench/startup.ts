/**
 * Start-up (`npm run bench -- startup`): `node bin/sagebot.js --help` and `... preview --help` against a bare
 * `node -e 0`, medians of 5, as ratios (goal for --help: within 4x). The build in dist/ is made first when it is
 * missing or stale (as `npm install` would have), and the figure says whether built code was measured.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { goal } from './report.ts';
import { ensureBuilt } from './world.ts';

const ROOT = join(import.meta.dirname, '..');

function median(args: string[]): { ms: number; stderr: string } {
  const times: number[] = [];
  let stderr = '';
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    times.push(performance.now() - started);
    stderr = r.stderr;
  }
  times.sort((a, b) => a - b);
  return { ms: times[2], stderr };
}

export async function benchStartup(log: (line: string) => void): Promise<Record<string, unknown>> {
  ensureBuilt(log);
  const bare = median(['-e', '0']);
  const help = median(['bin/sagebot.js', '--help']);
  const previewHelp = median(['bin/sagebot.js', 'preview', '--help']);
  const built = !/running the sources through tsx/.test(help.stderr);
  const ratio = help.ms / bare.ms;
  log(
    `node -e 0 ${bare.ms.toFixed(0)} ms; sagebot --help ${help.ms.toFixed(0)} ms = ${ratio.toFixed(2)}x (goal <= 4x; was 11x); ` +
      `sagebot preview --help ${previewHelp.ms.toFixed(0)} ms = ${(previewHelp.ms / bare.ms).toFixed(2)}x; ${built ? 'built code' : 'sources through tsx (no fresh build)'}`,
  );
  return {
    bareNodeMs: Math.round(bare.ms),
    helpMs: Math.round(help.ms),
    helpRatio: +ratio.toFixed(2),
    goalHelpRatio: 4,
    previewHelpRatio: +(previewHelp.ms / bare.ms).toFixed(2),
    builtCode: built,
    goals: [
      goal('startup', 'sagebot --help vs node -e 0', ratio, '<=', 4, 'x', built ? 'built code' : 'sources via tsx'),
    ],
  };
}
