/**
 * Roles through the real Teams adapter over HTTP on loopback: people are matched on their AAD object id;
 * an operator may route alerts and sync payments but not approve; someone with no role is refused (answered
 * in the conversation, recorded under their AAD object id with the door "teams"), and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { type Harness, hasText, startHarness } from './harness.ts';
import { ALICE, actionsOf, BOB, MALLORY, type Where } from './helpers.ts';

let h: Harness;
let channel: Where;
const refusals = async () => h.app.audit.list({ action: 'refuse' });

beforeAll(async () => {
  h = await startHarness({
    env: { SAGEBOT_APPROVERS: `teams:${ALICE.aadObjectId}`, SAGEBOT_OPERATORS: `teams:${BOB.aadObjectId}` },
  });
  channel = { serviceUrl: h.fake.url, conversationId: '19:roles@thread.tacv2', conversationType: 'channel' };
}, 60_000);
afterAll(async () => h?.close());

describe('roles in Teams', () => {
  it('someone with no role cannot route alerts or sync payments; told which role and where it is granted', async () => {
    const alerts = await h.ask(channel, MALLORY, 'alerts here', hasText(/only an operator or an approver/));
    expect(JSON.stringify(alerts.card)).toMatch(/SAGEBOT_OPERATORS/);
    await h.ask(channel, MALLORY, 'sync payments', hasText(/sync payments into Manage/));
    await h.bot.idle();
    expect((await refusals()).map((r) => [r.actor.id, r.actor.platform, r.details.command])).toEqual([
      [MALLORY.aadObjectId, 'teams', 'alerts here'],
      [MALLORY.aadObjectId, 'teams', 'sync-payments'],
    ]);
    expect(await h.app.audit.list({ action: 'alerts' })).toHaveLength(0);
    expect(await h.app.audit.list({ action: 'sync-payments' })).toHaveLength(0);
  });

  it('an operator routes alerts and syncs payments, but cannot approve a batch', async () => {
    await h.ask(channel, BOB, 'alerts here', hasText(/Alerts will come to/));
    await h.ask(channel, BOB, 'sync payments', hasText(/Payment sync since/));
    await h.bot.idle();
    const syncs = await h.app.audit.list({ action: 'sync-payments' });
    expect(syncs.length).toBeGreaterThan(0);
    expect(syncs.every((e) => e.actor.id === BOB.aadObjectId)).toBe(true);
    const preview = await h.ask(channel, BOB, 'run invoices through 2025-04-05', (c) =>
      Boolean(actionsOf(c).find((a) => a.verb === VERBS.approve)),
    );
    const answer = await h.press(channel, BOB, preview.id, VERBS.approve, { batchId: 'T-ROLE-1' });
    expect(JSON.stringify(answer)).toMatch(/you are not an approver, so you cannot approve this batch/);
    expect((await refusals()).at(-1)).toMatchObject({
      actor: { id: BOB.aadObjectId, platform: 'teams' },
      details: { reason: 'not-approver' },
    });
    expect(h.sage().invoices).toHaveLength(0);
  });
});
