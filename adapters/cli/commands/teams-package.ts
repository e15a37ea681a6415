/**
 * `sagebot teams-package [--out FILE]`: writes the Teams app package (manifest.json for the configured bot id,
 * colour and outline icons, zipped) to upload in Teams ("Apps" > "Manage your apps" > "Upload an app").
 * Exit codes: 0 written, 2 bad usage (no MicrosoftAppId, a bad option), 1 the file could not be written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { isSagebotError } from '../../../core/errors.ts';
import { buildTeamsPackage } from '../../teams/package/manifest.ts';
import { type CliContext, EXIT } from '../context.ts';

interface Options {
  out: string;
  appId?: string;
  developer?: string;
  website?: string;
  privacyUrl?: string;
  termsUrl?: string;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../package.json'), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? '1.0.0';
  } catch {
    return '1.0.0';
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('teams-package')
    .description(
      'Write the Teams app package (manifest + icons, zipped) for the bot in MicrosoftAppId, ready to upload to Teams.',
    )
    .option('--out <file>', 'where to write the zip', 'sagebot-teams.zip')
    .option('--app-id <guid>', 'the Teams app id (default: the bot id)')
    .option('--developer <name>', 'publisher name shown in Teams', 'sagebot')
    .option('--website <url>', 'https support page (default: SAGEBOT_PUBLIC_URL)')
    .option('--privacy-url <url>', 'https privacy statement')
    .option('--terms-url <url>', 'https terms of use')
    .action(async (opts: Options) => {
      process.exitCode = teamsPackage(opts, ctx);
    });
}

export function teamsPackage(opts: Options, ctx: CliContext): number {
  const { teams } = ctx.config();
  let built: ReturnType<typeof buildTeamsPackage>;
  try {
    built = buildTeamsPackage({
      botId: teams.appId,
      appId: opts.appId,
      version: packageVersion(),
      publicUrl: teams.publicUrl,
      developerName: opts.developer,
      websiteUrl: opts.website,
      privacyUrl: opts.privacyUrl,
      termsOfUseUrl: opts.termsUrl,
    });
  } catch (e) {
    ctx.err(`sagebot teams-package: ${isSagebotError(e) ? e.userMessage : String(e)}`);
    return EXIT.usage;
  }
  const out = resolve(opts.out);
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, built.zip);
  } catch (e) {
    ctx.err(`sagebot teams-package: could not write ${out}: ${(e as Error).message}`);
    return EXIT.failed;
  }
  const domains = built.manifest.validDomains as string[];
  ctx.out(
    `Wrote ${out} (${built.zip.length} bytes): manifest ${String(built.manifest.manifestVersion)} for bot ${teams.appId}.`,
  );
  if (!domains.length)
    ctx.out(
      'Note: SAGEBOT_PUBLIC_URL is not set, so the package lists no valid domain; download links in cards open in the browser only if that address is reachable.',
    );
  if (!opts.website)
    ctx.out('Note: pass --website, --privacy-url and --terms-url to show your own support pages in Teams.');
  ctx.out(
    'Upload it in Teams: Apps > Manage your apps > Upload an app (or ask your Teams administrator to add it in the Teams admin center).',
  );
  return EXIT.ok;
}
