/** `sagebot <args>` in-process through the real program (adapters/cli/main.ts), on a given data folder. */
import type { CliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';

export async function sagebotIn(
  dataDir: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const config = loadConfig({ SAGEBOT_DATA_DIR: dataDir, SAGEBOT_LOG_LEVEL: 'silent', SAGEBOT_USER: 'Tess Tester' });
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
  return { code, out: out.join('\n'), err: err.join('\n') };
}
