/**
 * What every `sagebot` command shares: the App from the composition root for the length of one command, the
 * CLI user as a requester, errors turned into the exit-code convention, and yes/no questions on a terminal.
 */
import { createInterface } from 'node:readline/promises';
import type { Config } from '../../core/config.ts';
import { isSagebotError, SagebotError } from '../../core/errors.ts';
import type { Outcome, Requester } from '../../core/export/types.ts';
import type { App } from '../app/app.ts';
import { type CliContext, EXIT } from './context.ts';
import { cliPrincipal } from './identity.ts';

export function usage(message: string, fix: string): SagebotError {
  return new SagebotError({ code: 'USAGE_BAD_OPTION', message, fix });
}

/** The engine's user at the terminal: the OS user, shown by SAGEBOT_USER's name when set. */
export function cliUser(config: Config): Requester {
  const { id, name } = cliPrincipal(config);
  return { id, name, door: 'cli' };
}

export async function withApp<T>(ctx: CliContext, fn: (app: App, config: Config) => Promise<T>): Promise<T> {
  const config = ctx.config();
  const { createApp } = await import('../app/app.ts');
  const app = await createApp(config, ctx.logger(), { demoState: true });
  try {
    return await fn(forCompany(app, ctx), config);
  } finally {
    await app.close();
  }
}

export const exitOf = (outcome: Outcome) =>
  outcome === 'completed' ? EXIT.ok : outcome === 'partial' ? EXIT.partial : EXIT.failed;

/** A completed run whose read-back from Sage found a difference is "completed with errors" (exit 3). */
export const exitOfRun = (r: { outcome: Outcome; reconciliation?: { reconciled: boolean } }) =>
  r.outcome === 'completed' && r.reconciliation && !r.reconciliation.reconciled ? EXIT.partial : exitOf(r.outcome);

/** Runs a command body; errors become a message (or one JSON result) and the exit-code convention. */
export async function guarded(
  ctx: CliContext,
  json: boolean | undefined,
  batch: string | undefined,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!isSagebotError(e)) throw e;
    const isUsage = e.code.startsWith('USAGE') || e.code === 'EXPORT_BAD_BATCH_ID';
    if (json) {
      ctx.out(
        JSON.stringify(
          {
            batch: batch ?? null,
            outcome: 'failed',
            posted: [],
            skipped: [],
            failed: [],
            problems: [{ code: e.code, message: e.message, fix: e.fix ?? '' }],
          },
          null,
          2,
        ),
      );
    } else {
      ctx.err(`sagebot: ${e.userMessage} [${e.code}]`);
      const taken = e.code === 'EXPORT_BATCH_EXISTS' ? e.details?.batchId : undefined;
      if (typeof taken === 'string') ctx.err(`To rerun it: sagebot rerun ${taken}`);
    }
    return isUsage ? EXIT.usage : EXIT.failed;
  }
}

/** Ask a yes/no question on the terminal (stderr, so --json output stays clean). */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function canPrompt(ctx: CliContext): boolean {
  return ctx.interactive && Boolean(process.stdin.isTTY);
}

/**
 * The App as a command sees it: `--company` picks the engine, payment sync and ledger of that company (by id,
 * name or alias); unset, the default company. With several companies the command says which it acts on.
 */
export function forCompany(app: App, ctx: CliContext): App {
  const want = ctx.company?.trim().toLowerCase();
  const all = app.companies;
  const chosen = want
    ? all.find((c) => [c.company.id, c.company.name, ...c.company.aliases].some((n) => n.toLowerCase() === want))
    : all[0];
  if (!chosen)
    throw usage(
      `There is no Sage company "${ctx.company}".`,
      `Use --company with one of: ${all.map((c) => `${c.company.id} (${c.company.name})`).join(', ')}.`,
    );
  if (all.length > 1)
    ctx.err(`Company: ${chosen.company.name}${want ? '' : ' (the default; --company picks another)'}`);
  if (chosen === all[0]) return app;
  const { engine, paymentSync, openLedger, withLedger } = chosen;
  return { ...app, engine, paymentSync, openLedger, withLedger };
}
