/** The role model every door calls: which entries are accepted, what each role may do, four-eyes, the system. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { authorize, type GuardedAction, type Principal, parseIdentity, ROLE_OF } from '../../core/roles.ts';

const AAD = 'aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa';
const teams: Principal = { platform: 'teams', id: AAD, name: 'Ann', aadObjectId: AAD, upn: 'ann@contoso.com' };
const slack: Principal = { platform: 'slack', id: 'U0OPS', name: 'Ollie' };
const cli: Principal = { platform: 'cli', id: 'jane', name: 'Jane' };
const system: Principal = { platform: 'system', id: 'sagebot-schedule', name: 'Schedule' };
const policy = { approvers: [`teams:${AAD}`, 'os:jane'], operators: ['slack:U0OPS'], fourEyes: false };
const ALL = Object.keys(ROLE_OF) as GuardedAction[];

describe('identity entries', () => {
  it('accepts the documented prefixed forms and the bare Teams / Slack forms', () => {
    expect(parseIdentity(`teams:${AAD.toUpperCase()}`)).toEqual({ kind: 'teams-aad', value: AAD });
    expect(parseIdentity('teams:Ann@Contoso.com')).toEqual({ kind: 'teams-upn', value: 'ann@contoso.com' });
    expect(parseIdentity('slack:u0123abcd')).toEqual({ kind: 'slack', value: 'U0123ABCD' });
    expect(parseIdentity('os:CORP\\jane')).toEqual({ kind: 'os', value: 'CORP\\jane' });
    expect(parseIdentity('cli:jane')).toEqual({ kind: 'os', value: 'jane' });
    expect(parseIdentity('webchat:sagebot-demo')).toEqual({ kind: 'webchat', value: 'sagebot-demo' });
    expect(parseIdentity(' * ')).toEqual({ kind: 'anyone' });
    expect(parseIdentity(AAD)).toMatchObject({ kind: 'teams-aad' });
    expect(parseIdentity('ann@contoso.com')).toMatchObject({ kind: 'teams-upn' });
    expect(parseIdentity('W0123ABCD')).toMatchObject({ kind: 'slack' });
  });

  it('refuses anything else, including Teams channel account ids', () => {
    for (const bad of ['29:1abc', 'jane', 'teams:jane', 'slack:C0123', 'os:', 'os:two words', 'mail:a@b.co', '**'])
      expect(parseIdentity(bad), bad).toBeUndefined();
  });

  it('config names the malformed entry', () => {
    expect(() => loadConfig({ SAGEBOT_APPROVERS: `${AAD}, 29:1abc` })).toThrow(
      /SAGEBOT_APPROVERS is not valid \(entry "29:1abc"\); expected .*teams:<AAD object id GUID>/,
    );
    expect(() => loadConfig({ SAGEBOT_OPERATORS: 'jane' })).toThrow(/SAGEBOT_OPERATORS is not valid \(entry "jane"\)/);
    expect(loadConfig({ SAGEBOT_OPERATORS: 'slack:U1, os:jane' }).operators).toEqual(['slack:U1', 'os:jane']);
  });
});

describe('authorize', () => {
  it('approvers may do everything; operators only the operator tasks; others nothing guarded', () => {
    for (const a of ALL) {
      expect(authorize(teams, a, policy).allowed, a).toBe(true);
      expect(authorize(cli, a, policy).allowed, a).toBe(true);
      expect(authorize(slack, a, policy).allowed, a).toBe(ROLE_OF[a] === 'operator');
      expect(authorize({ ...slack, id: 'U0OTHER' }, a, policy)).toMatchObject({ allowed: false });
    }
    expect(authorize({ ...slack, id: 'U0OTHER' }, 'post', policy)).toMatchObject({ code: 'not-approver' });
    expect(authorize({ ...slack, id: 'U0OTHER' }, 'alerts', policy)).toMatchObject({ code: 'not-operator' });
  });

  it('four-eyes: never the requester, never at a terminal; resume and batch delete are not postings that need two', () => {
    const four = { ...policy, fourEyes: true };
    expect(authorize(teams, 'post', four, teams)).toMatchObject({ allowed: false, code: 'four-eyes' });
    expect(authorize(teams, 'post', four, cli)).toEqual({ allowed: true });
    for (const a of ['post', 'rerun', 'force'] as const)
      expect(authorize(cli, a, four)).toMatchObject({
        allowed: false,
        reason: expect.stringMatching(/Teams or Slack/),
      });
    expect(authorize(cli, 'resume', four)).toEqual({ allowed: true });
    expect(authorize(cli, 'batch-delete', four)).toEqual({ allowed: true });
  });

  it('four-eyes across doors: identities SAGEBOT_PEOPLE lists as one person are the same requester', () => {
    const four = { ...policy, fourEyes: true };
    // Without the link, Ann in Teams may approve what os:jane asked for.
    expect(authorize(teams, 'post', four, cli)).toEqual({ allowed: true });
    const linked = { ...four, people: [['os:jane', 'teams:ann@contoso.com']] };
    expect(authorize(teams, 'rerun', linked, cli)).toMatchObject({ allowed: false, code: 'four-eyes' });
    // Another person's link changes nothing for these two; "*" in a group never makes everyone one person.
    const others = {
      ...four,
      people: [
        ['os:bob', 'teams:ann@contoso.com'],
        ['*', 'os:jane'],
      ],
    };
    expect(authorize(teams, 'post', others, cli)).toEqual({ allowed: true });
    const people = loadConfig({ SAGEBOT_PEOPLE: ' os:jane, teams:ann@contoso.com ; os:bob,slack:U0BOB1 ;' }).people;
    expect(people).toEqual([
      ['os:jane', 'teams:ann@contoso.com'],
      ['os:bob', 'slack:U0BOB1'],
    ]);
    expect(() => loadConfig({ SAGEBOT_PEOPLE: 'os:jane,29:1abc' })).toThrow(/SAGEBOT_PEOPLE.*29:1abc/s);
    expect(() => loadConfig({ SAGEBOT_PEOPLE: 'os:jane,*' })).toThrow(/SAGEBOT_PEOPLE/);
  });

  it('the system may sync payments and resume, nothing else, whatever is configured', () => {
    const anyone = { approvers: ['*'], fourEyes: false };
    for (const a of ALL) expect(authorize(system, a, anyone).allowed, a).toBe(a === 'sync-payments' || a === 'resume');
  });

  it('with nobody configured, nobody may, and the answer says how to configure it', () => {
    const none = { approvers: [], fourEyes: false };
    expect(authorize(teams, 'post', none)).toMatchObject({
      code: 'no-approvers',
      reason: expect.stringMatching(/SAGEBOT_APPROVERS/),
    });
    expect(authorize(teams, 'alerts', none)).toMatchObject({ reason: expect.stringMatching(/SAGEBOT_OPERATORS/) });
    expect(authorize(slack, 'alerts', { approvers: [], operators: ['slack:U0OPS'], fourEyes: false })).toEqual({
      allowed: true,
    });
  });
});
