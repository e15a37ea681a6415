/**
 * Builds the botbuilder CloudAdapter from the Teams settings and enforces the first safety rule of this
 * adapter: with no MicrosoftAppId botbuilder accepts unauthenticated requests (anonymous mode), so it may only
 * listen on a loopback address (trust.ts then checks every request).
 */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { isLoopbackHost, type TeamsConfig } from '../../core/config.ts';
import { SagebotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';

export function isAnonymous(teams: TeamsConfig): boolean {
  return !teams.appId;
}

/** Throws a SagebotError naming the setting to fix when the Teams settings cannot work together. */
export function checkTeamsConfig(teams: TeamsConfig): void {
  if (isAnonymous(teams)) {
    if (!isLoopbackHost(teams.host)) {
      throw new SagebotError({
        code: 'TEAMS_ANONYMOUS_NOT_LOOPBACK',
        message: `Without MicrosoftAppId the bot accepts unauthenticated requests, so it will not listen on ${teams.host}.`,
        fix: 'Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId for your Azure bot, or set SAGEBOT_HOST=127.0.0.1 (and reach it through a tunnel or reverse proxy).',
      });
    }
    return;
  }
  const missing = (key: string, why: string) =>
    new SagebotError({
      code: 'TEAMS_CONFIG',
      message: `${key} is missing: ${why}.`,
      fix: `Set ${key} (see docs/teams.md).`,
    });
  if (teams.appType === 'SingleTenant') {
    if (!teams.tenantId)
      throw missing('MicrosoftAppTenantId', 'a SingleTenant bot needs the id of the Azure tenant it is registered in');
    if (!teams.appPassword) throw missing('MicrosoftAppPassword', 'the bot needs its client secret to answer Teams');
  } else if (teams.appType === 'MultiTenant') {
    if (!teams.appPassword) throw missing('MicrosoftAppPassword', 'the bot needs its client secret to answer Teams');
  } else {
    if (!teams.tenantId)
      throw missing('MicrosoftAppTenantId', 'a UserAssignedMSI bot needs the tenant id of its managed identity');
    if (teams.appPassword) {
      throw new SagebotError({
        code: 'TEAMS_CONFIG',
        message: 'MicrosoftAppPassword must be empty for a UserAssignedMSI bot.',
        fix: 'Remove MicrosoftAppPassword, or set MicrosoftAppType=SingleTenant.',
      });
    }
  }
}

/** The credentials factory botbuilder takes (its class is not exported by botbuilder itself). */
type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;

/**
 * Endpoints other than Microsoft's public cloud: where the channel's OpenID metadata (its signing keys) is
 * read, and how outbound calls get their token. Sovereign clouds need the first; offline tests need both.
 */
export interface AuthOverrides {
  openIdMetadataUrl?: string;
  credentialsFactory?: CredentialsFactory;
}

/**
 * botbuilder takes one overridden endpoint as "every endpoint is given", so the public cloud's others are
 * spelled out (the values of botframework-connector's AuthenticationConstants).
 */
function publicCloudWith(openIdMetadataUrl: string): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl:
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
}

/**
 * Checks a request's Bot Framework token the way CloudAdapter will, but answers every failure as a refusal:
 * CloudAdapter turns a bad signature or a malformed token into a bare 500.
 */
export type TokenCheck = (activity: Record<string, unknown>, authorization: string) => Promise<boolean>;

export function createCloudAdapter(
  teams: TeamsConfig,
  logger: Logger,
  overrides: AuthOverrides = {},
): { adapter: CloudAdapter; tokenValid: TokenCheck } {
  checkTeamsConfig(teams);
  const options: ConfigurationBotFrameworkAuthenticationOptions = isAnonymous(teams)
    ? {}
    : {
        MicrosoftAppId: teams.appId,
        MicrosoftAppPassword: teams.appPassword ?? '',
        MicrosoftAppType: teams.appType,
        MicrosoftAppTenantId: teams.tenantId ?? '',
        ...(overrides.openIdMetadataUrl ? publicCloudWith(overrides.openIdMetadataUrl) : {}),
      };
  let auth: ConfigurationBotFrameworkAuthentication;
  try {
    auth = new ConfigurationBotFrameworkAuthentication(options, overrides.credentialsFactory);
  } catch (e) {
    throw new SagebotError({
      code: 'TEAMS_CONFIG',
      message: `The Teams settings were refused: ${(e as Error).message}`,
      fix: 'Check the Microsoft* settings against docs/teams.md.',
      cause: e,
    });
  }
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_ctx, error) => {
    logger.error({ err: error }, 'teams: unhandled turn error');
  };
  const tokenValid: TokenCheck = (activity, authorization) =>
    auth.authenticateRequest(activity as Partial<Activity> as Activity, authorization).then(
      () => true,
      (e: unknown) => {
        logger.debug({ err: e }, 'teams: token refused');
        return false;
      },
    );
  return { adapter, tokenValid };
}
