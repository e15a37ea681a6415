/**
 * Scheduled and requested previews over the real Teams adapter (harness.ts): a preview schedule made in a
 * channel fires (the test holds the trigger) and posts its card there; an approver approves it on the card and the
 * batch posts to the embedded Sage company. Then `sagebot request` from the command line, beside the running bot
 * on the same data folder: the card appears in the channel and, with four-eyes on, another person approves it in chat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WALKTHROUGH_SAGE_SEED } from '../../adapters/app/demo.ts';
import type { CliContext } from '../../adapters/cli/context.ts';
import { cliPrincipal } from '../../adapters/cli/identity.ts';
import { main } from '../../adapters/cli/main.ts';
import type { ScheduleTrigger } from '../../bot/index.ts';
import { VERBS } from '../../cards/actions.ts';
import { silentLogger } from '../../core/logger.ts';
import { walkthroughScenario } from '../../core/manage/sandbox/index.ts';
import { osUserName } from '../../core/os-user.ts';
import { claimDataFolder } from '../../storage/folder-lock.ts';
import { type Harness, hasText, startHarness } from './harness.ts';
import { ALICE, actionsOf, BOB, cardText, type Where } from './helpers.ts';

let h: Harness;
let channel: Where;
const jobs = new Map<string, () => Promise<void>>();
const trigger: ScheduleTrigger = (cron, _o, run) => {
  jobs.set(cron, run);
  return { stop: () => jobs.delete(cron), nextRun: () => undefined };
};
const approvable = (c: any) => Boolean(actionsOf(c).find((a) => a.verb === VERBS.approve));

beforeAll(async () => {
  h = await startHarness({
    env: {
      SAGEBOT_APPROVERS: `${ALICE.aadObjectId},${BOB.aadObjectId}`,
      SAGEBOT_FOUR_EYES: 'true',
    },
    schedules: { trigger, pollMs: 50 },
    seed: WALKTHROUGH_SAGE_SEED,
  });
  // The walk-through data: everything through today posts (the full demo keeps records only Manage can fix).
  h.app.sandbox?.load(walkthroughScenario());
  channel = { serviceUrl: h.fake.url, conversationId: '19:finance@thread.tacv2', conversationType: 'channel' };
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('a scheduled preview in Teams', () => {
  it('is approved on its card by an approver, and the batch posts', async () => {
    const added = await h.ask(channel, BOB, 'every weekday at 8:00 preview invoices here', hasText(/Scheduled/));
    expect(cardText(added.card)).toMatch(/every weekday at 08:00/);
    await h.fake.waitFor(() => jobs.get('0 8 * * 1-5'), 5000, 'the schedule to start');
    const before = h.cardsIn(channel.conversationId).length;
    await jobs.get('0 8 * * 1-5')!();
    const cards = h.cardsIn(channel.conversationId).slice(before);
    const preview = cards.find((c) => approvable(c.card));
    expect(preview, cards.map((c) => cardText(c.card)).join('\n---\n')).toBeTruthy();
    expect(cardText(preview!.card)).toMatch(/Scheduled preview/);
    const answer = await h.press(channel, BOB, preview!.id, VERBS.approve, { batchId: 'SCHED-T-1' });
    expect(answer).toMatchObject({ statusCode: 200 });
    await h.cardBecomes(preview!.id, hasText(/Batch SCHED-T-1: completed/));
    await h.bot.idle();
  });
});

describe('sagebot request beside the running bot', () => {
  it("posts the card to the chat as the OS user's request; with four-eyes on, another approver approves it in chat", async () => {
    await h.ask(channel, ALICE, 'alerts here', () => true);
    const out: string[] = [];
    const ctx: CliContext = {
      config: () => ({ ...h.config, approvers: [`os:${osUserName()}`, ALICE.aadObjectId] }),
      logger: () => silentLogger(),
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      interactive: false,
    };
    const lock = claimDataFolder(h.dataDir); // what `sagebot start` holds
    const before = h.cardsIn(channel.conversationId).length;
    let code: number;
    try {
      code = await main(['request', 'inventory', '--to', 'teams:19:finance@thread.tacv2', '--wait', '20'], ctx);
    } finally {
      lock.release();
    }
    expect(out.join('\n')).toMatch(/^sagebot request: Sent to .*inventory/);
    expect(code).toBe(0);
    const preview = h
      .cardsIn(channel.conversationId)
      .slice(before)
      .find((c) => approvable(c.card));
    expect(preview).toBeTruthy();
    const requester = cliPrincipal(ctx.config());
    expect(requester.id).toBe(osUserName());
    expect(cardText(preview!.card)).toContain(`requested by ${requester.name}`);
    const answer = await h.press(channel, ALICE, preview!.id, VERBS.approve, { batchId: 'REQ-T-1' });
    expect(answer).toMatchObject({ statusCode: 200 });
    await h.cardBecomes(preview!.id, hasText(/Batch REQ-T-1: completed/));
  });
});
