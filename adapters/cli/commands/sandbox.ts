/**
 * `sagebot sandbox [--port N] [--data FILE] [--invoices N]`: the ConnectWise Manage sandbox on 127.0.0.1,
 * with the demo data or a scenario file. Prints where it listens, the (demo) credentials to use, and what
 * it holds; runs until Ctrl-C / SIGTERM.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SagebotError } from '../../../core/errors.ts';
import type { Sandbox } from '../../../core/manage/sandbox/index.ts';
import type { Scenario } from '../../../core/manage/sandbox/scenario.ts';
import type { CliContext } from '../context.ts';

export const DEFAULT_SANDBOX_PORT = 8765;

export interface SandboxCommandOptions {
  port?: number;
  data?: string;
  invoices?: number;
}

function usage(message: string, fix?: string, cause?: unknown): SagebotError {
  return new SagebotError({ code: 'USAGE_SANDBOX', message, fix, cause });
}

function intOption(name: string, min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw usage(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    return n;
  };
}

/** Read and check a scenario file; errors name the file and the first bad field. */
export async function readScenarioFile(file: string): Promise<Scenario> {
  // Loaded here, not at the top: `sagebot --help` registers every command and should not load the sandbox.
  const { parseScenario } = await import('../../../core/manage/sandbox/scenario.ts');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usage(`Cannot read the scenario file ${file}.`, 'Check the path given to --data.', e);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw usage(`The scenario file ${file} is not valid JSON.`, 'See core/manage/sandbox/README.md for the format.', e);
  }
  try {
    return parseScenario(json);
  } catch (e) {
    const issue = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    throw usage(
      `The scenario file ${file} does not match the format${issue ? `: ${issue.path.join('.')} ${issue.message}` : ''}.`,
      'See core/manage/sandbox/README.md for the format.',
      e,
    );
  }
}

/** Start the sandbox and print the banner (the command's action minus the waiting). */
export async function startSandbox(o: SandboxCommandOptions, ctx: CliContext): Promise<Sandbox> {
  const data = o.data ? await readScenarioFile(o.data) : undefined;
  const { createSandbox } = await import('../../../core/manage/sandbox/index.ts');
  let sandbox: Sandbox;
  try {
    sandbox = await createSandbox({
      port: o.port ?? DEFAULT_SANDBOX_PORT,
      host: '127.0.0.1',
      data,
      extraInvoices: o.invoices ?? 0,
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'EADDRINUSE')
      throw usage(
        `Port ${o.port ?? DEFAULT_SANDBOX_PORT} is already in use.`,
        'Choose another with --port N (0 picks a free one).',
        e,
      );
    throw e;
  }
  for (const line of banner(sandbox)) ctx.out(line);
  return sandbox;
}

export function banner(s: Sandbox): string[] {
  const c = s.credentials;
  const st = s.state;
  const sc = st.scenario;
  return [
    `ConnectWise Manage sandbox listening on ${s.siteUrl}`,
    `  API base URL:   ${s.url}`,
    `  company info:   ${s.siteUrl}/login/companyinfo/${c.companyId}`,
    '',
    'Credentials (demo values; put them in .env to point sagebot at this sandbox):',
    `  MANAGE_URL=${s.url}`,
    `  MANAGE_COMPANY_ID=${c.companyId}`,
    `  MANAGE_CLIENT_ID=${c.clientId}`,
    `  MANAGE_AUTH=apikey  MANAGE_PUBLIC_KEY=${c.publicKey}  MANAGE_PRIVATE_KEY=${c.privateKey}`,
    `  or MANAGE_AUTH=member  MANAGE_MEMBER=jdoe  MANAGE_INTEGRATOR_USER=${c.integratorUser}  MANAGE_INTEGRATOR_PASSWORD=${c.integratorPassword}`,
    '',
    'It holds:',
    `  ${sc.companies.length} companies, ${sc.members.length} members, ${sc.glAccounts.length} GL accounts, ${sc.taxCodes.length} tax codes, ` +
      `${sc.productTypes.length} product types, ${sc.catalog.length} catalog items, ${sc.purchaseOrders.length} purchase orders, ` +
      `${sc.locations.length} locations, ${sc.currencies.length} currencies`,
    `  unposted: ${st.unpostedInvoices().length} invoices, ${st.unpostedExpenses().length} expenses, ${st.unpostedProcurement().length} procurement records`,
    `  ${sc.batches.length} batches, ${sc.invoices.length} invoices in finance/invoices, ${sc.payments.length} payments`,
    '',
    'Try:',
    `  curl -s -u '${c.companyId}+${c.publicKey}:${c.privateKey}' -H 'clientId: ${c.clientId}' ${s.url}/system/info`,
    `  curl -s -u '${c.companyId}+${c.publicKey}:${c.privateKey}' -H 'clientId: ${c.clientId}' '${s.url}/finance/accounting/unpostedinvoices?pageSize=5'`,
    '',
    'Press Ctrl-C to stop.',
  ];
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (sig: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(sig);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('sandbox')
    .description('Start the ConnectWise Manage sandbox (a stand-in Manage with demo data) on 127.0.0.1')
    .option(
      '--port <n>',
      `port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 = any free port)`,
      intOption('--port', 0, 65535),
    )
    .option(
      '--data <file>',
      'load a scenario JSON file instead of the demo data (format: core/manage/sandbox/README.md)',
    )
    .option('--invoices <n>', 'generate N extra unposted invoices (benchmarks)', intOption('--invoices', 0, 1_000_000))
    .action(async (o: SandboxCommandOptions) => {
      const sandbox = await startSandbox(o, ctx);
      const sig = await untilSignal();
      ctx.out(`Stopping the sandbox (${sig}); it served ${sandbox.requestCount} API requests.`);
      await sandbox.close();
    });
}
