// Preloaded by the benchmarks (`node --import bench/peak-rss.mjs ...`): at exit the process reports its own peak
// resident set size on stderr, which the parent reads (bench/world.ts runChild).
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nsagebot-bench-peak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
