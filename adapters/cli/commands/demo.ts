/**
 * The demo: `sagebot demo reset` restores the demo data so the walk-through can be repeated (the Manage
 * sandbox back to its demo scenario, the embedded Sage company re-initialised with its demo set-up). While
 * `sagebot start` runs, the sandbox lives in that process, so the command asks the running bot to reset
 * (POST /webchat/reset, loopback only); otherwise it re-initialises the Sage company itself (the sandbox
 * starts fresh with the next `start`). It wipes everything, so it asks first on a terminal (the running bot
 * refuses a reset that does not say it was confirmed); scripts pass --yes. What demo mode is, and the reset
 * itself, are adapters/app/demo.ts.
 */
import type { Command } from 'commander';
import type { Config } from '../../../core/config.ts';
import { dataFolder } from '../../../core/data-folder.ts';
import { isSagebotError, SagebotError, safeMessage } from '../../../core/errors.ts';
import { type CliContext, EXIT } from '../context.ts';
import { canPrompt, confirm } from '../helpers.ts';

const QUESTION =
  'Reset the demo? Every batch posted, every payment synced and the web chat transcript are wiped; this cannot be undone.';

export function register(program: Command, ctx: CliContext): void {
  const demo = program.command('demo').description('The demo data used on embedded defaults.');
  demo
    .command('reset')
    .description(
      'Restore the demo data: Manage sandbox transactions unposted again, embedded Sage company re-initialised.',
    )
    .option('--yes', 'reset without asking (needed when not on a terminal)')
    .action(async (flags: { yes?: boolean }) => {
      process.exitCode = await askedReset(ctx, Boolean(flags.yes));
    });
}

async function askedReset(ctx: CliContext, yes: boolean): Promise<number> {
  if (!yes && !canPrompt(ctx)) {
    ctx.err('sagebot demo reset: not on a terminal, so sagebot cannot ask first. Pass --yes to reset without asking.');
    return EXIT.usage;
  }
  if (!yes && !(await confirm(QUESTION))) {
    ctx.err('Cancelled: nothing was reset.');
    return EXIT.failed;
  }
  return demoReset(ctx);
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
      body: JSON.stringify({ confirm: true }), // asked (or --yes) before we got here
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

/** The reset itself, once asked (or --yes). */
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
    const folder = dataFolder(config.dataDir);
    rmSync(folder.manageSandbox.state, { force: true }); // the next start loads the walk-through again
    rmSync(folder.webchatTranscripts, { force: true }); // and its web chat starts with a greeting
    ctx.out(
      `Demo data restored: the Sage company in ${config.sage.companyDir} is back to the demo company; the Manage sandbox starts with its demo transactions at the next "sagebot start".`,
    );
    return EXIT.ok;
  } catch (e) {
    ctx.err(`sagebot demo reset: ${isSagebotError(e) ? e.userMessage : safeMessage(e)}`);
    return isSagebotError(e) && e.code.startsWith('USAGE') ? EXIT.usage : EXIT.failed;
  }
}
