/**
 * The `sagebot` command. Subcommands live one per file in ./commands and register themselves; this file only
 * builds the program, loads them, and turns thrown errors into the exit-code convention.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { isSagebotError } from '../../core/errors.ts';
import { type CliContext, createCliContext, EXIT, isConfigError } from './context.ts';

export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/**
 * Command files are named for the top-level command they register (`ledger.ts` -> `sagebot ledger ...`), so a
 * normal run imports just that one file (start-up stays fast); help and unknown words load them all.
 */
async function loadCommands(program: Command, ctx: CliContext, first: string | undefined): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  // `.ts` from the sources (tests, tsx), `.js` from the build (bin/sagebot.js).
  const ext = extname(self);
  const dir = join(dirname(self), 'commands');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`))
    .sort();
  const only = first && files.includes(`${first}${ext}`) ? [`${first}${ext}`] : files;
  for (const file of only) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<CommandModule>;
    mod.register?.(program, ctx);
  }
}

async function buildProgram(ctx: CliContext, first: string | undefined): Promise<Command> {
  const program = new Command('sagebot')
    .description('Move ConnectWise Manage accounting data into Sage 50 Accounts (UK), from chat or the command line.')
    .version(sagebotVersion(), '-V, --version', 'print the sagebot version')
    .configureOutput({ writeOut: (s) => ctx.out(s.replace(/\n$/, '')), writeErr: (s) => ctx.err(s.replace(/\n$/, '')) })
    .exitOverride()
    .showHelpAfterError('(run "sagebot --help" for the list of commands)')
    .option('--company <name>', 'with several Sage companies: the one to act on (its id, name or an alias)')
    .hook('preAction', () => {
      const company = program.opts<{ company?: string }>().company;
      if (company) ctx.company = company;
    });
  await loadCommands(program, ctx, first);
  return program;
}

/** The version in sagebot's package.json, found upwards from this file (sources and dist/ alike). */
export function sagebotVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'sagebot' && pkg.version) return pkg.version;
  }
  return 'unknown';
}

/**
 * `sagebot --help` as 80 columns of text. The build saves it beside the built code (dist/.../help.txt) and
 * bin/sagebot.js prints that for a bare `--help`, so listing the commands loads none of them.
 */
export async function renderHelp(ctx: CliContext = createCliContext()): Promise<string> {
  const program = await buildProgram(ctx, undefined);
  program.configureHelp({ helpWidth: 80 });
  return program.helpInformation();
}

export async function main(argv: string[], ctx: CliContext = createCliContext()): Promise<number> {
  const program = await buildProgram(ctx, argv[0]);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    return reportError(e, ctx);
  }
}

function reportError(e: unknown, ctx: CliContext): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return EXIT.ok;
    return EXIT.usage;
  }
  if (isConfigError(e)) {
    ctx.err(`sagebot: ${e.message}`);
    return EXIT.usage;
  }
  if (isSagebotError(e)) {
    ctx.err(`sagebot: ${e.userMessage} [${e.code}]`);
    return e.code.startsWith('USAGE') ? EXIT.usage : EXIT.failed;
  }
  ctx.err(`sagebot: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return EXIT.failed;
}

const isEntry = process.argv[1] && /sagebot(\.js)?$|main\.[jt]s$/.test(process.argv[1]);
if (isEntry) {
  // Everything sagebot creates (data folder, Sage company, logs) holds finance data: private to this user.
  if (process.platform !== 'win32') process.umask(0o077);
  // `sagebot ledger export --json | head`: the reader closing the pipe early is a normal end, not a crash.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
