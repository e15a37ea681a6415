/**
 * slack-manifest.yml declares exactly what the adapter uses (adapters/slack/manifest.ts): scopes, bot events,
 * the slash command, interactivity and Socket Mode. And the code registers listeners only for those.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SLACK_API_METHODS, SLACK_BOT_EVENTS, SLACK_BOT_SCOPES, SLACK_COMMAND } from '../../adapters/slack/manifest.ts';
import { parseCommand } from '../../bot/parse-command.ts';
import { helpMessage } from '../../bot/views/info-views.ts';
import type { HelpView } from '../../cards/view-models.ts';
import { parseYamlSubset } from './yaml-subset.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
type M = Record<string, any>;
const manifest = parseYamlSubset(readFileSync(join(root, 'slack-manifest.yml'), 'utf8')) as M;
const sources = ['messages.ts', 'actions.ts', 'index.ts', 'messenger.ts', 'names.ts']
  .map((f) => readFileSync(join(root, 'adapters', 'slack', f), 'utf8'))
  .join('\n');

describe('slack-manifest.yml', () => {
  it('grants exactly the bot scopes the adapter needs', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('subscribes to exactly the bot events the adapter listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...SLACK_BOT_EVENTS].sort());
    expect(sources).toContain("app.event('app_mention'");
    expect(sources).toContain("app.event('message'");
    expect(sources).toContain("channel_type !== 'im'");
  });

  it('declares the slash command, interactivity and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c: M) => c.command)).toEqual([SLACK_COMMAND]);
    // The usage hint offers only what the help card lists and the bot understands.
    const help = helpMessage().card as HelpView;
    for (const said of String(manifest.features.slash_commands[0].usage_hint).split('|')) {
      expect(['unknown', 'invalid']).not.toContain(parseCommand(said.trim(), { timeZone: 'Europe/London' }).type);
      const word = said.trim().split(' ')[0];
      expect(help.commands.some((h) => h.command.split(/[ |]+/).includes(word))).toBe(true);
    }
    expect(sources).toContain('app.command(');
    expect(sources).toContain('SLACK_COMMAND');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(sources).toContain('app.action(');
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name).toBe('sagebot');
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('the Web API methods listed for fakes are the ones the code calls', () => {
    const called = [
      ...new Set(
        [...sources.matchAll(/client\.(auth|chat|users|views|conversations)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`),
      ),
    ].sort();
    expect(called).toEqual([...SLACK_API_METHODS].sort());
  });

  it('every scope is explained by a comment, and the HTTP alternative is documented', () => {
    const text = readFileSync(join(root, 'slack-manifest.yml'), 'utf8');
    for (const scope of SLACK_BOT_SCOPES) expect(text).toMatch(new RegExp(`- ${scope.replace(':', ':')}\\s+#`));
    expect(text).toContain('/slack/events');
    expect(text).toContain('SLACK_SIGNING_SECRET');
  });
});

describe('the YAML subset reader', () => {
  it('reads maps, lists of scalars and lists of maps, and refuses what it does not know', () => {
    expect(
      parseYamlSubset('a:\n  b: "x # y"  # c\n  l:\n    - 1\n    - two\n  m:\n    - k: v\n      n: true\n'),
    ).toEqual({ a: { b: 'x # y', l: [1, 'two'], m: [{ k: 'v', n: true }] } });
    expect(() => parseYamlSubset('a: [1, 2]')).toThrow(/subset/);
    expect(() => parseYamlSubset('a: 1\n   b: 2')).toThrow();
  });
});
