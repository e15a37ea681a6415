import { afterEach, describe, expect, it } from 'vitest';
import { openBotStores } from '../../adapters/app/stores.ts';
import { createBot } from '../../bot/index.ts';
import { VERBS } from '../../cards/actions.ts';
import type { PreviewView } from '../../cards/view-models.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { silentLogger } from '../../core/logger.ts';
import { openFlowStore } from '../../storage/flows.ts';
import { action, actor, deferred, makeBot, tx } from './fakes.ts';
import { askPreview, type Harness } from './helpers.ts';

const alice = actor('alice', 'Alice');
const boss = actor('boss', 'Bea Boss');
const second = actor('second', 'Sam Second');
let h: Harness;
afterEach(async () => h?.bot.close());

describe('exactly once', () => {
  it('a double click posts once; the second click is told who is posting', async () => {
    h = makeBot();
    const gate = deferred();
    h.engine.gate = gate.promise;
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const [a, b] = await Promise.all([
      h.bot.onAction(action(VERBS.approve, { flowId }, boss)),
      h.bot.onAction(action(VERBS.approve, { flowId }, boss)),
    ]);
    const answers = [a, b];
    expect(answers.filter((x) => x.message?.card?.kind === 'progress')).toHaveLength(1);
    expect(answers.find((x) => x.toast)?.toast).toMatch(/already being posted by Bea Boss/);
    gate.resolve();
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, boss))).toast).toMatch(/already posted/);
    expect(h.engine.runs).toHaveLength(1);
  });

  it('the same invoke delivered twice (same event id) posts once; repeated after completion it gets the results', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const click = action(VERBS.approve, { flowId }, boss);
    const first = h.bot.onAction(click);
    const again = h.bot.onAction({ ...click });
    expect((await again).message?.card?.kind).toBe((await first).message?.card?.kind);
    await h.bot.idle();
    // Not the cached progress card of the first answer: the state the flow is in now.
    expect((await h.bot.onAction({ ...click })).message?.card?.kind).toBe('results');
    expect(h.engine.runs).toHaveLength(1);
    expect(await h.audit.list({ action: 'approve' })).toHaveLength(1);
  });

  it('two approvers at the same moment post once', async () => {
    h = makeBot();
    const gate = deferred(); // the posting stays in progress while the other clicks arrive
    h.engine.gate = gate.promise;
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const answers = await Promise.all(
      [boss, second, boss, second].map((who) => h.bot.onAction(action(VERBS.approve, { flowId }, who))),
    );
    expect(answers.filter((x) => x.message?.card?.kind === 'progress')).toHaveLength(1);
    expect(answers.filter((x) => /already being posted/.test(x.toast ?? ''))).toHaveLength(3);
    gate.resolve();
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
  });

  it('a retried click after a restart still posts once (state is on disk)', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    const restarted = createBot({
      engine: h.engine,
      paymentSync: h.paymentSync,
      audit: h.audit,
      messenger: h.messenger,
      logger: silentLogger(),
      config: { approvers: ['webchat:boss'], fourEyes: false, timeZone: 'Europe/London' },
      stores: openBotStores(dataFolder(h.dataDir)),
    });
    expect((await restarted.onAction(action(VERBS.approve, { flowId }, boss))).toast).toMatch(/already posted/);
    expect(h.engine.runs).toHaveLength(1);
    await restarted.close();
  });

  it('after a restart, interrupted flows are put where users can act', async () => {
    h = makeBot();
    const a = await askPreview(h, 'run invoices', alice);
    const b = await askPreview(h, 'run expenses', alice);
    const store = openFlowStore(`${h.dataDir}/bot`);
    await store.transition(a.flowId, ['ready'], 'checking', { batchId: 'A-1' });
    await store.transition(b.flowId, ['ready'], 'posting', { batchId: 'B-1' });
    const restarted = createBot({
      engine: h.engine,
      paymentSync: h.paymentSync,
      audit: h.audit,
      messenger: h.messenger,
      logger: silentLogger(),
      config: { approvers: ['webchat:boss'], fourEyes: false, timeZone: 'Europe/London' },
      stores: openBotStores(dataFolder(h.dataDir)),
    });
    await restarted.idle();
    expect(h.messenger.lastUpdate(a.ref.messageId)?.card).toMatchObject({
      kind: 'preview',
      state: 'ready',
      note: expect.stringMatching(/nothing was posted/),
    });
    expect(h.messenger.lastUpdate(b.ref.messageId)?.card).toMatchObject({
      kind: 'notice',
      tone: 'error',
      text: expect.stringMatching(/restarted/),
    });
    expect((await restarted.onAction(action(VERBS.approve, { flowId: a.flowId }, boss))).message?.card?.kind).toBe(
      'progress',
    );
    await restarted.close();
    expect(h.engine.runs).toHaveLength(1);
  });

  it('the flow store lets exactly one of many concurrent transitions through', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const store = openFlowStore(`${h.dataDir}/bot`);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.transition(flowId, ['ready'], 'checking')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await store.get('../../etc/passwd')).toBeUndefined();
  });
});

describe('stale previews', () => {
  it('Approve previews nothing again: the engine runs once with the approved preview and decides staleness', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    expect(h.engine.previews).toHaveLength(1);
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    expect(h.engine.previews).toHaveLength(1);
    expect(h.engine.runs).toHaveLength(1);
    expect(h.engine.runs[0].opts.approved?.fingerprint).toBe(h.engine.runs[0].opts.expectedFingerprint);
    expect(h.engine.runs[0].opts.approved?.transactions.map((t) => t.manageId)).toEqual([1, 2, 3]);
  });

  it("a stale outcome shows the engine's reasons with their figures on the fresh preview, posting nothing", async () => {
    h = makeBot();
    const { flowId, ref } = await askPreview(h, 'run invoices', alice);
    h.engine.data.invoices.push(tx(4, { party: 'Newco' }));
    h.engine.data.invoices[0] = { ...h.engine.data.invoices[0], total: 99900 };
    h.engine.data.invoices.splice(1, 1);
    const changed = h.engine.fingerprint('invoices');
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
    expect(h.engine.batches).toHaveLength(0);
    const stale = h.messenger.lastUpdate(ref.messageId)?.card as PreviewView;
    expect(stale.state).toBe('stale');
    expect(stale.staleChanges).toEqual([
      'No longer unposted in Manage (no sagebot batch took it): Standard 402 (Customer 2) GBP 120.00.',
      'New since the preview: Standard 404 (Newco) GBP 120.00.',
      'Amount changed: Standard 401 (Customer 1) GBP 120.00 -> GBP 999.00.',
    ]);
    expect(stale.transactions).toHaveLength(3);
    expect(await h.audit.list({ action: 'stale' })).toHaveLength(1);

    const again = await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    expect(again.message?.card?.kind).toBe('progress');
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(2);
    expect(h.engine.runs[1].opts.expectedFingerprint).toBe(changed);
    expect(h.messenger.lastUpdate(ref.messageId)?.card?.kind).toBe('results');
  });

  it('records another batch took are named with its batch, door and person; nothing left leaves the card empty', async () => {
    h = makeBot();
    const { flowId, ref } = await askPreview(h, 'run invoices', alice);
    await h.engine.run('invoices', { batchId: '20261201SA-I', user: { id: 'os:sam', name: 'Sam Adams', door: 'cli' } });
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    const card = h.messenger.lastUpdate(ref.messageId)?.card as PreviewView;
    expect(card.state).toBe('empty');
    expect(card.staleChanges).toEqual([
      'Batch 20261201SA-I, run from the command line, took these (Sam Adams): 3 records, GBP 360.00 in all.',
      'Taken: Standard 401 (Customer 1) GBP 120.00.',
      'Taken: Standard 402 (Customer 2) GBP 120.00.',
      'Taken: Standard 403 (Customer 3) GBP 120.00.',
    ]);
    expect(card.note).toMatch(/Nothing was posted/);
    expect(h.engine.batches.map((b) => b.batch)).toEqual(['20261201SA-I']);
  });
});
