import { afterEach, describe, expect, it } from 'vitest';
import { canApprove, isApprover, samePerson } from '../../bot/approvals.ts';
import type { ActorRef } from '../../bot/ports.ts';
import { VERBS } from '../../cards/actions.ts';
import { action, actor, makeBot } from './fakes.ts';
import { askPreview, type Harness } from './helpers.ts';

const ref = (id: string, extra: Partial<ActorRef> = {}): ActorRef => ({ platform: 'teams', id, name: id, ...extra });
let h: Harness;
afterEach(async () => h?.bot.close());

describe('approval policy', () => {
  it('matches each entry on its own door only: AAD object id or UPN on Teams, user id on Slack; "*" is anyone', () => {
    const aad = 'aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa';
    expect(isApprover(ref('29:x', { aadObjectId: aad }), [`teams:${aad.toUpperCase()}`])).toBe(true);
    expect(isApprover(ref('29:x', { aadObjectId: aad }), [aad])).toBe(true);
    expect(isApprover(ref('29:x', { upn: 'Bea@Corp.com' }), ['bea@corp.COM'])).toBe(true);
    expect(isApprover(ref('29:x', { upn: 'Bea@Corp.com' }), ['teams:bea@corp.com'])).toBe(true);
    expect(isApprover(ref('29:x'), ['*'])).toBe(true);
    expect(isApprover({ platform: 'slack', id: 'U1', name: 'u' }, ['slack:u1'])).toBe(true);
    expect(isApprover({ platform: 'slack', id: 'U1', name: 'u' }, ['U1'])).toBe(true);
    // A Teams channel account id (from.id) is chosen by the client on some channels: it never names anyone.
    expect(isApprover(ref('29:abc'), ['29:ABC'])).toBe(false);
    expect(isApprover(ref(aad), [aad])).toBe(false);
    // The same id claimed on another door does not count.
    expect(isApprover({ platform: 'teams', id: 'U1', name: 'u' }, ['slack:U1'])).toBe(false);
    expect(isApprover({ platform: 'webchat', id: 'U1', name: 'u' }, ['U1'])).toBe(false);
    expect(isApprover({ platform: 'cli', id: 'U1', name: 'u' }, ['slack:U1'])).toBe(false);
    expect(isApprover({ platform: 'cli', id: 'jane', name: 'j' }, ['os:jane'])).toBe(true);
    expect(isApprover({ platform: 'webchat', id: 'jane', name: 'j' }, ['os:jane'])).toBe(false);
    expect(isApprover({ platform: 'system', id: 'sagebot-schedule', name: 's' }, ['*', 'os:sagebot-schedule'])).toBe(
      false,
    );
    expect(isApprover(ref('29:x'), ['someone-else', ''])).toBe(false);
  });

  it('four-eyes compares every identity of the same person', () => {
    const requester = ref('29:a', { upn: 'bea@corp.com' });
    expect(samePerson(requester, ref('29:other-id', { upn: 'BEA@corp.com' }))).toBe(true);
    expect(canApprove(requester, requester, { approvers: ['*'], fourEyes: true })).toMatchObject({
      allowed: false,
      code: 'four-eyes',
    });
    expect(canApprove(requester, requester, { approvers: ['*'], fourEyes: false })).toEqual({ allowed: true });
    expect(canApprove(requester, ref('29:b'), { approvers: [], fourEyes: false })).toMatchObject({
      allowed: false,
      code: 'no-approvers',
    });
  });
});

describe('approving in the conversation', () => {
  const alice = actor('alice', 'Alice');
  const boss = actor('boss', 'Bea Boss');

  it('refuses a non-approver with the reason, leaves the card, and records it', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const answer = await h.bot.onAction(action(VERBS.approve, { flowId }, actor('mallory', 'Mallory')));
    expect(answer.toast).toMatch(/Mallory, you are not an approver/);
    expect(answer.message).toBeUndefined();
    expect(h.engine.runs).toHaveLength(0);
    const refusals = await h.audit.list({ action: 'refuse' });
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      actor: { id: 'mallory', name: 'Mallory' },
      details: { flowId, reason: 'not-approver', kind: 'invoices' },
    });
  });

  it('ignores claims carried in the card data', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const forged = {
      flowId,
      approved: true,
      approver: 'boss',
      requester: 'boss',
      isApprover: true,
      actor: { id: 'boss' },
      verb: VERBS.approve,
    };
    const answer = await h.bot.onAction(action(VERBS.approve, forged, actor('mallory')));
    expect(answer.toast).toMatch(/not an approver/);
    expect(h.engine.runs).toHaveLength(0);
  });

  it('four-eyes: the requester cannot approve their own batch; another approver can', async () => {
    h = makeBot({ fourEyes: true });
    const { flowId } = await askPreview(h, 'run invoices', boss);
    const own = await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    expect(own.toast).toMatch(/Four-eyes/);
    expect((await h.audit.list({ action: 'refuse' }))[0].details).toMatchObject({ reason: 'four-eyes' });
    const other = await h.bot.onAction(action(VERBS.approve, { flowId }, actor('second', 'Sam Second')));
    expect(other.message?.card?.kind).toBe('progress');
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
    expect(h.engine.runs[0].opts.user).toEqual({ id: 'second', name: 'Sam Second', door: 'webchat' });
  });

  it('with no approvers configured nobody can approve, and the reply says how to fix it', async () => {
    h = makeBot({ approvers: [] });
    const { flowId } = await askPreview(h, 'run invoices', alice);
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, boss))).toast).toMatch(/SAGEBOT_APPROVERS/);
  });

  it('matches Teams UPNs from the configuration', async () => {
    h = makeBot({ approvers: ['BEA@CORP.COM'] });
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const teamsBoss = actor('29:1abc', 'Bea', { platform: 'teams', aadObjectId: '0000-aad', upn: 'bea@corp.com' });
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, teamsBoss))).message?.card?.kind).toBe('progress');
    await h.bot.idle();
  });
});
