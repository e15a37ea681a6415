/**
 * The demo: `sagebot demo reset` restores the demo data so the walk-through can be repeated (the Manage
 * sandbox back to its demo scenario, the embedded Sage company re-initialised with its demo set-up). While
 * `sagebot start` runs, the sandbox lives in that process, so the command asks the running bot to reset
 * (POST /webchat/reset, loopback only); otherwise it re-initialises the Sage company itself (the sandbox
 * starts fresh with the next `start`). What demo mode is, and the reset itself, are adapters/app/demo.ts.
 */
import type { Command } from 'commander';
import type { Config } from '../../../core/config.ts';
import { dataFolder } from '../../../core/data-folder.ts';
import { isSagebotError, SagebotError, safeMessage } from '../../../core/errors.ts';
import { type CliContext, EXIT } from '../context.ts';

export function register(program: Command, ctx: CliContext): void {
  const demo = program.command('demo').description('The demo data used on embedded defaults.');
  demo
    .command('reset')
    .description(
      'Restore the demo data: Manage sandbox transactions unposted again, embedded Sage company re-initialised.',
    )
    .action(async () => {
      process.exitCode = await demoReset(ctx);
    });
}

/** Ask a running `sagebot start` on this machine to reset; undefined when none is listening. */
async function resetRunningBot(config: Config): Promise<{ ok: boolean; message: string } | undefined> {
  const host = config.teams.host.includes(':') ? `[${config.teams.host}]` : config.teams.host;
  const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${config.teams.port}`;
  try {
    // The running bot wants the key of its start, which it hands to local callers only (as to its page).
    const session = await fetch(`${base}/webchat/session`, { signal: AbortSignal.timeout(10_000) });
    const { key, keyHeader } = session.ok ? ((await session.json()) as { key?: string; keyHeader?: string }) : {};
    const res = await fetch(`${base}/webchat/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(key && keyHeader ? { [keyHeader]: key } : {}) },
      body: '{}',
      signal: AbortSignal.timeout(60_000),
    });
    if (res.status === 404)
      return {
        ok: false,
        message:
          'The running sagebot is not on the demo data (Manage, Sage or Teams is configured), so it has nothing to reset.',
      };
    return (await res.json()) as { ok: boolean; message: string };
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL') return undefined;
    throw e;
  }
}

export async function demoReset(ctx: CliContext): Promise<number> {
  const config = ctx.config();
  try {
    if (config.manage.target.kind !== 'sandbox' || config.sage.driver !== 'embedded') {
      throw new SagebotError({
        code: 'USAGE_DEMO_RESET',
        message: 'The demo reset works only on the demo data (the Manage sandbox and the embedded Sage company).',
        fix: 'Unset MANAGE_URL and SAGE_DRIVER to use the demo.',
      });
    }
    const running = config.teams.appId ? undefined : await resetRunningBot(config);
    if (running) {
      (running.ok ? ctx.out : ctx.err)(running.message);
      return running.ok ? EXIT.ok : EXIT.failed;
    }
    const { reinitCompany } = await import('../../app/demo.ts');
    await reinitCompany(config);
    const { rmSync } = await import('node:fs');
    rmSync(dataFolder(config.dataDir).manageSandbox.state, { force: true }); // the next start loads the walk-through again
    ctx.out(
      `Demo data restored: the Sage company in ${config.sage.companyDir} is back to the demo company; the Manage sandbox starts with its demo transactions at the next "sagebot start".`,
    );
    return EXIT.ok;
  } catch (e) {
    ctx.err(`sagebot demo reset: ${isSagebotError(e) ? e.userMessage : safeMessage(e)}`);
    return isSagebotError(e) && e.code.startsWith('USAGE') ? EXIT.usage : EXIT.failed;
  }
}
