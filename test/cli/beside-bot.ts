/**
 * The `sagebot` command run beside a bot in this process (the Teams or Slack harness): the same data folder and
 * Sage company, and the bot's Manage sandbox reached over loopback as a configured Manage (a running bot's demo
 * sandbox is only shared with other processes). The OS user is an approver, as an admin at the Sage PC would be.
 */
import type { App } from '../../adapters/app/app.ts';
import type { CliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import type { Config } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { osUserName } from '../../core/os-user.ts';

export async function sagebotBeside(
  app: App,
  config: Config,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string; json: () => any }> {
  const out: string[] = [];
  const err: string[] = [];
  const cli: Config = {
    ...config,
    manage: app.sandbox!.config(config.manage.auth.kind),
    approvers: [`os:${osUserName()}`],
  };
  const ctx: CliContext = {
    config: () => cli,
    logger: () => silentLogger(),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: false,
  };
  const code = await main(argv, ctx);
  process.exitCode = 0;
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
}
