/** `sagebot <args>` in-process through the real program (adapters/cli/main.ts), on a given data folder. */
import { loadConfig } from '../../core/config.ts';
import { sagebotWith } from '../cli/in-process.ts';

export async function sagebotIn(
  dataDir: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const config = loadConfig({ SAGEBOT_DATA_DIR: dataDir, SAGEBOT_LOG_LEVEL: 'silent', SAGEBOT_USER: 'Tess Tester' });
  const { code, out, err } = await sagebotWith(config, ...argv);
  return { code, out, err };
}
