/**
 * `sagebot doctor`: checks the configuration (printed with secrets redacted), the data folder, and that
 * Manage answers with the configured credentials (with no MANAGE_URL, the embedded sandbox is started
 * in-process and checked); says exactly what is wrong. Exit 0 all good, 1 a check failed, 2 bad config.
 *
 * EXTENSION POINT: more checks (e.g. Sage) are added by pushing a DoctorCheck onto `doctorChecks`
 * (or calling `addDoctorCheck`) from their own module; the command runs them in order.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describeConfig } from '../../../core/config.ts';
import { isSagebotError, SagebotError } from '../../../core/errors.ts';
import { eq } from '../../../core/manage/conditions.ts';
import { accessCheck } from '../access-check.ts';
import type { CheckResult, DoctorCheck } from '../check-result.ts';
import type { CliContext } from '../context.ts';
import { storesCheck } from '../stores-check.ts';

/** Create the folder if needed and prove it is writable. */
export const dataFolderCheck: DoctorCheck = {
  name: 'data folder',
  async run(config) {
    const dir = config.dataDir;
    try {
      mkdirSync(dir, { recursive: true });
      const probe = join(dir, `.doctor-${randomBytes(4).toString('hex')}`);
      writeFileSync(probe, 'ok');
      rmSync(probe);
      return { ok: true, summary: `${dir} exists and is writable` };
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'error';
      return {
        ok: false,
        summary: `${dir} cannot be used (${code})`,
        details: ['Set SAGEBOT_DATA_DIR to a folder this user can create and write to.'],
      };
    }
  },
};

/** system/info with the credentials, then an Accounting Interface read (security role). */
export const manageCheck: DoctorCheck = {
  name: 'ConnectWise Manage',
  async run(config, logger) {
    // Loaded when the check runs, not at the top: `sagebot --help` registers this command too.
    const { createManageClient } = await import('../../../core/manage/client.ts');
    const { createSandbox } = await import('../../../core/manage/sandbox/index.ts');
    const sandbox = config.manage.target.kind === 'sandbox' ? await createSandbox({ port: 0 }) : undefined;
    try {
      const manage = sandbox
        ? { ...config.manage, target: { kind: 'base' as const, baseUrl: sandbox.url } }
        : config.manage;
      const client = createManageClient(manage, logger, {
        retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 5000 },
      });
      const where = sandbox ? `the embedded sandbox (${sandbox.url})` : undefined;
      try {
        const info = await client.systemInfo();
        await client.listBatches(eq('batchIdentifier', '__sagebot_doctor__'));
        return {
          ok: true,
          summary: `answers at ${where ?? (await client.baseUrl())}: version ${info.version ?? '?'}, ${manage.auth.kind} credentials accepted, Accounting Interface readable`,
        };
      } catch (e) {
        if (!isSagebotError(e)) throw e;
        const details = [e.fix ? `fix: ${e.fix}` : undefined, `[${e.code}]`].filter((l): l is string => !!l);
        return { ok: false, summary: `${where ? `${where}: ` : ''}${e.message}`, details };
      }
    } finally {
      await sandbox?.close();
    }
  },
};

/** Log on to the Sage company and read its setup (then log off at once: the company is exclusive). */
export const sageCheck: DoctorCheck = {
  name: 'Sage 50 company',
  async run(config, logger) {
    const { openLedger } = await import('../../../core/sage/open-ledger.ts');
    try {
      const ledger = await openLedger(config.sage, logger, { purpose: 'sagebot doctor' });
      try {
        const setup = await ledger.readSetup();
        const lock = setup.lockDate ? `, locked up to ${setup.lockDate}` : '';
        const vat =
          setup.vatScheme === 'cash'
            ? 'VAT cash accounting'
            : setup.vatScheme
              ? 'standard VAT'
              : 'VAT scheme not known';
        return {
          ok: true,
          summary: `${setup.companyName} (${config.sage.driver}, ${config.sage.companyDir}): ${setup.nominals.length} nominal codes, ${setup.taxCodes.length} tax codes, base currency ${setup.baseCurrency}, ${vat}${lock}`,
          ...(setup.vatScheme === 'cash'
            ? {
                details: [
                  'VAT cash accounting: sagebot will not post receipts or allocations here; record them in Sage, and payment sync reads them.',
                ],
              }
            : {}),
        };
      } finally {
        await ledger.disconnect();
      }
    } catch (e) {
      if (!isSagebotError(e)) throw e;
      if (e.code === 'SAGE_BAD_PATH' && config.sage.driver === 'embedded') {
        return {
          ok: true,
          summary: `no company yet in ${config.sage.companyDir}: \`sagebot start\` creates it (or run \`sagebot ledger init\` now)`,
        };
      }
      const details = [e.fix ? `fix: ${e.fix}` : undefined, `[${e.code}]`].filter((l): l is string => !!l);
      return { ok: false, summary: e.message, details };
    }
  },
};

/** Who may approve and operate (core/roles.ts). */
export const rolesCheck: DoctorCheck = {
  name: 'approvers and operators',
  run: async (config) => accessCheck(config),
};

/** The checks `doctor` runs, in order. Others may append theirs. */
export const doctorChecks: DoctorCheck[] = [dataFolderCheck, storesCheck, manageCheck, sageCheck, rolesCheck];

export function addDoctorCheck(check: DoctorCheck): void {
  if (!doctorChecks.some((c) => c.name === check.name)) doctorChecks.push(check);
}

export async function runDoctor(ctx: CliContext, checks: DoctorCheck[] = doctorChecks): Promise<boolean> {
  const config = ctx.config(); // a ConfigError here is reported by main as exit 2
  ctx.out('Configuration (secrets show their last 4 characters at most):');
  for (const [k, v] of Object.entries(describeConfig(config))) ctx.out(`  ${k}: ${v}`);
  ctx.out('');
  let allOk = true;
  for (const check of checks) {
    let r: CheckResult;
    try {
      r = await check.run(config, ctx.logger());
    } catch (e) {
      r = { ok: false, summary: `the check itself failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    allOk &&= r.ok;
    ctx.out(`${r.ok ? (r.warning ? '!' : '✓') : '✗'} ${check.name}: ${r.summary}`);
    for (const d of r.details ?? []) ctx.out(`    ${d}`);
  }
  ctx.out('');
  ctx.out(allOk ? 'All checks passed.' : 'Some checks failed; see above.');
  return allOk;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('Check the configuration, the data folder, the connection to ConnectWise Manage and the Sage company')
    .action(async () => {
      if (!(await runDoctor(ctx))) {
        throw new SagebotError({ code: 'DOCTOR_FAILED', message: 'doctor found problems (listed above).' });
      }
    });
}
