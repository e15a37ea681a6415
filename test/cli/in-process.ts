/** `sagebot <args>` in-process through the real program (adapters/cli/main.ts) with a given configuration. */
import type { CliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import type { Config } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  json: () => any;
}

export async function sagebotWith(config: Config, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    config: () => config,
    logger: () => silentLogger(),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: false,
  };
  process.exitCode = 0;
  const code = await main(argv, ctx);
  process.exitCode = 0;
  const text = out.join('\n');
  return { code, out: text, err: err.join('\n'), json: () => JSON.parse(text) };
}
