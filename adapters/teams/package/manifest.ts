/**
 * The Teams app package: manifest.json (schema 1.17) for the configured bot id, with the bot's commands
 * listed for the compose box, plus the colour and outline icons, zipped. Pure: the CLI command writes the file.
 */
import { composeCommands } from '../../../bot/views/commands.ts';
import { SagebotError } from '../../../core/errors.ts';
import { ACCENT, colorIcon, outlineIcon } from './png.ts';
import { zip } from './zip.ts';

export const MANIFEST_VERSION = '1.17';
export const MANIFEST_SCHEMA = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

/** What Teams shows in the compose box: the help card's own list (bot/views/commands.ts), in its short forms. */
export const COMPOSE_COMMANDS: ReadonlyArray<{ title: string; description: string }> = composeCommands();

export interface ManifestOptions {
  /** The bot's Microsoft App ID (MicrosoftAppId). */
  botId: string | undefined;
  /** The Teams app id; defaults to the bot id. */
  appId?: string;
  version: string;
  /** The https address Teams reaches the bot at (SAGEBOT_PUBLIC_URL); its host becomes a valid domain. */
  publicUrl?: string;
  developerName?: string;
  websiteUrl?: string;
  privacyUrl?: string;
  termsOfUseUrl?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function httpsUrl(value: string | undefined, fallback: string, option: string): string {
  const v = value ?? fallback;
  if (!/^https:\/\/\S+$/i.test(v)) {
    throw new SagebotError({
      code: 'USAGE_TEAMS_PACKAGE',
      message: `${option} must be an https:// address (got "${v}").`,
      fix: `Pass ${option} https://…`,
    });
  }
  return v;
}

/** Semver without build metadata, as Teams accepts it. */
function appVersion(v: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : '1.0.0';
}

export function buildTeamsManifest(o: ManifestOptions): Record<string, unknown> {
  if (!o.botId) {
    throw new SagebotError({
      code: 'USAGE_TEAMS_PACKAGE',
      message: "A Teams app package needs the bot's Microsoft App ID, and MicrosoftAppId is not set.",
      fix: 'Register the bot in Azure (docs/teams.md), set MicrosoftAppId (and MicrosoftAppPassword, MicrosoftAppTenantId), then run "sagebot teams-package" again.',
    });
  }
  const appId = o.appId ?? o.botId;
  for (const [name, id] of [
    ['MicrosoftAppId', o.botId],
    ['--app-id', appId],
  ] as const) {
    if (!GUID.test(id))
      throw new SagebotError({
        code: 'USAGE_TEAMS_PACKAGE',
        message: `${name} must be a GUID (got "${id}").`,
        fix: 'Copy the Application (client) ID from the Azure app registration.',
      });
  }
  const publicHost = o.publicUrl && /^https:\/\//i.test(o.publicUrl) ? new URL(o.publicUrl).host : undefined;
  const site = publicHost ? `https://${publicHost}` : 'https://www.example.com/sagebot';
  const scopes = ['personal', 'team', 'groupChat'];
  return {
    $schema: MANIFEST_SCHEMA,
    manifestVersion: MANIFEST_VERSION,
    version: appVersion(o.version),
    id: appId.toLowerCase(),
    developer: {
      name: (o.developerName ?? 'sagebot').slice(0, 32),
      websiteUrl: httpsUrl(o.websiteUrl, site, '--website'),
      privacyUrl: httpsUrl(o.privacyUrl, `${site}/privacy`, '--privacy-url'),
      termsOfUseUrl: httpsUrl(o.termsOfUseUrl, `${site}/terms`, '--terms-url'),
    },
    name: { short: 'sagebot', full: 'sagebot: ConnectWise Manage to Sage 50 Accounts' },
    description: {
      short: 'Post ConnectWise Manage invoices and expenses to Sage 50, from chat.',
      full:
        'sagebot runs beside Sage 50 Accounts (UK). Ask it to "run invoices through Friday": it previews the unposted ' +
        "Manage transactions on a card, asks for a batch number and an approver's click, posts them to Sage, and reports " +
        'what happened. "sync payments" copies payments recorded in Sage back to Manage and alerts the channels that asked ' +
        'for it with "alerts here". Only the approvers your administrator names can approve a batch.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: ACCENT,
    bots: [
      {
        botId: o.botId.toLowerCase(),
        scopes,
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes, commands: COMPOSE_COMMANDS.map((c) => ({ ...c })) }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: publicHost ? [publicHost] : [],
  };
}

/** The zip Teams accepts under "Upload a custom app": manifest.json, color.png, outline.png at the root. */
export function buildTeamsPackage(o: ManifestOptions): { zip: Buffer; manifest: Record<string, unknown> } {
  const manifest = buildTeamsManifest(o);
  const bytes = zip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: colorIcon(192) },
    { name: 'outline.png', data: outlineIcon(32) },
  ]);
  return { zip: bytes, manifest };
}
