/**
 * What every `sagebot` subcommand gets: the configuration (read once, lazily, so `--help` works without any),
 * a logger on stderr, and the exit-code convention of the command line.
 */
import { type Config, ConfigError, loadConfig, readEnvironment } from '../../core/config.ts';
import { createLogger, type Logger } from '../../core/logger.ts';

/** Exit codes: 0 completed, 3 completed with errors, 1 failed, 2 bad usage (or bad configuration). */
export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3 } as const;

export interface CliContext {
  /** Parsed configuration; throws ConfigError (reported as exit 2) when a key is missing or malformed. */
  config(): Config;
  logger(): Logger;
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal (progress bars, prompts); false under CI, pipes and --json. */
  interactive: boolean;
  /** `--company`: the Sage company a command acts on (name, id or alias); unset = the default company. */
  company?: string;
}

export function createCliContext(env = readEnvironment()): CliContext {
  let config: Config | undefined;
  let logger: Logger | undefined;
  return {
    config() {
      config ??= loadConfig(env);
      return config;
    },
    logger() {
      logger ??= createLogger({ level: env.SAGEBOT_LOG_LEVEL || 'warn', name: 'sagebot-cli' });
      return logger;
    },
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stdout.isTTY) && !env.CI,
  };
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}
