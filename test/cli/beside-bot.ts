/**
 * The `sagebot` command run beside a bot in this process (the Teams or Slack harness): the same data folder and
 * Sage company, and the bot's Manage sandbox reached over loopback as a configured Manage (a running bot's demo
 * sandbox is only shared with other processes). The OS user is an approver, as an admin at the Sage PC would be.
 */
import type { App } from '../../adapters/app/app.ts';
import type { Config } from '../../core/config.ts';
import { osUserName } from '../../core/os-user.ts';
import { type CliRun, sagebotWith } from './in-process.ts';

export function sagebotBeside(app: App, config: Config, ...argv: string[]): Promise<CliRun> {
  const cli: Config = {
    ...config,
    manage: app.sandbox!.config(config.manage.auth.kind),
    approvers: [`os:${osUserName()}`],
  };
  return sagebotWith(cli, ...argv);
}
