import { afterEach, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import type { PreviewView, ResultsView } from '../../cards/view-models.ts';
import { SagebotError } from '../../core/errors.ts';
import type { Kind } from '../../core/export/types.ts';
import { action, actor, deferred, makeBot, message, RecordingReplier, tx } from './fakes.ts';
import { askPreview, type Harness, updatesOf } from './helpers.ts';

const alice = actor('alice', 'Alice Jones');
const boss = actor('boss', 'Bea Boss');
let h: Harness;

afterEach(async () => {
  await h?.bot.close();
});

describe('the happy path', () => {
  it.each([
    ['run invoices through friday', 'invoices', 'Looking at unposted invoices through Friday 27 Nov', '20261129JD-I'],
    [
      'preview expenses through friday',
      'expenses',
      'Looking at unposted expenses through Friday 27 Nov',
      '20261129JD-E',
    ],
    [
      'run inventory through friday',
      'inventory',
      'Looking at unposted inventory transactions through Friday 27 Nov',
      '20261129JD-P',
    ],
  ])('%s: acknowledgement, preview, approve, progress, results', async (text, kind, ack, batch) => {
    h = makeBot();
    const { replier, card, ref, flowId } = await askPreview(h, text, alice);
    expect(replier.replies[0].message.text).toContain(ack);
    expect(card).toMatchObject({
      state: 'ready',
      batchKind: kind,
      batchId: batch,
      throughDate: 'Friday 27 November 2026 (2026-11-27)',
      requestedBy: 'Alice Jones',
    });
    expect(card.summary).toContainEqual({ title: 'Through', value: 'Friday 27 November 2026 (2026-11-27)' });
    expect(card.transactions.length).toBeGreaterThan(0);
    expect(card.transactions[0].amount).toBe('GBP 120.00');

    const previewed = h.engine.fingerprint(kind as Kind); // the set the approver saw
    const answer = await h.bot.onAction(action(VERBS.approve, { flowId, batchId: batch }, boss));
    expect(answer.message?.card?.kind).toBe('progress');
    await h.bot.idle();

    expect(h.engine.runs).toHaveLength(1);
    expect(h.engine.runs[0].opts).toMatchObject({
      batchId: batch,
      throughDate: '2026-11-27',
      expectedFingerprint: previewed,
    });
    const kinds = updatesOf(h, ref);
    expect(kinds.at(-1)).toBe('results');
    expect(kinds.filter((k) => k === 'progress').length).toBeLessThanOrEqual(3); // throttled
    const results = h.messenger.lastUpdate(ref.messageId)?.card as ResultsView;
    expect(results).toMatchObject({ outcome: 'completed', batch, manageBatchId: '99' });
    expect(results.links.map((l) => l.title)).toEqual(['Error list', 'Full log']);
    const token = results.links[0].url.split('/downloads/')[1];
    expect(results.links[0].url.startsWith('http://127.0.0.1:3978/downloads/')).toBe(true);
    expect(h.bot.downloads.resolveDownload(token)).toMatch(/errors\.csv$/);

    const actions = (await h.audit.list()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['request', 'approve', 'post']));
  });

  it('passes location and detail through and shows them', async () => {
    h = makeBot();
    const { card } = await askPreview(h, 'preview invoices for London detail condensed through friday', alice);
    expect(h.engine.previews[0].opts).toMatchObject({
      location: 'London',
      detail: 'Condensed',
      throughDate: '2026-11-27',
      user: { id: 'alice', name: 'Alice Jones' },
    });
    expect(card).toMatchObject({ location: 'London', detail: 'Condensed' });
  });

  it('explains an engine refusal (unknown location) instead of failing', async () => {
    h = makeBot();
    const replier = new RecordingReplier();
    await h.bot.onMessage(message('run invoices for Nowhere', alice), replier);
    expect(replier.last().message.card).toMatchObject({
      kind: 'notice',
      tone: 'error',
      text: expect.stringMatching(/no Manage location "Nowhere".*London/),
    });
  });

  it('an empty preview has nothing to approve', async () => {
    h = makeBot();
    h.engine.data.invoices = [];
    const { card, flowId } = await askPreview(h, 'run invoices', alice);
    expect(card.state).toBe('empty');
    const answer = await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    expect(answer.toast).toMatch(/nothing to post/i);
    expect(h.engine.runs).toHaveLength(0);
  });

  it('invalid dates get a clear reply, never a preview', async () => {
    h = makeBot();
    const replier = new RecordingReplier();
    await h.bot.onMessage(message('run invoices through 31 February', alice), replier);
    expect(replier.last().message.card).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/February 2026 has 28 days/),
    });
    expect(h.engine.previews).toHaveLength(0);
  });
});

describe('batch number', () => {
  it('validates the edited batch number at approval and re-shows the card with the error', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const bad = await h.bot.onAction(action(VERBS.approve, { flowId, batchId: 'no spaces allowed!' }, boss));
    expect(bad.message?.card).toMatchObject({
      kind: 'preview',
      state: 'ready',
      batchId: 'no spaces allowed!',
      batchIdError: expect.stringMatching(/not a valid batch id/),
    });
    const taken = await h.bot.onAction(action(VERBS.approve, { flowId, batchId: 'EXISTING-1' }, boss));
    expect((taken.message?.card as PreviewView).batchIdError).toMatch(/already exists.*EXISTING-1-1/);
    expect(h.engine.runs).toHaveLength(0);
    const ok = await h.bot.onAction(action(VERBS.approve, { flowId, batchId: 'MY-BATCH-7' }, boss));
    expect(ok.message?.card?.kind).toBe('progress');
    await h.bot.idle();
    expect(h.engine.runs.map((r) => r.opts.batchId)).toEqual(['MY-BATCH-7']);
  });
});

describe('mapping problems', () => {
  it('replaces Approve with the fixes; Re-check re-runs the preview in place', async () => {
    h = makeBot();
    h.engine.problems.invoices = [
      {
        manageId: 2,
        record: 'Company ACME Ltd',
        code: 'MAP_NO_ACCOUNT',
        message: 'ACME Ltd has no account number.',
        fix: 'Set the account number in Manage.',
      },
    ];
    h.engine.data.invoices[1].status = 'problem';
    const { card, flowId } = await askPreview(h, 'run invoices', alice);
    expect(card.state).toBe('blocked');
    expect(card.problems).toEqual([
      {
        record: 'Company ACME Ltd',
        message: 'ACME Ltd has no account number.',
        fix: 'Set the account number in Manage.',
      },
    ]);
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, boss))).toast).toMatch(/problems to fix/);

    const still = await h.bot.onAction(action(VERBS.recheck, { flowId }, alice));
    expect(still.message?.card).toMatchObject({ kind: 'preview', state: 'blocked' });

    h.engine.problems.invoices = [];
    h.engine.data.invoices[1].status = 'transfer';
    const fixed = await h.bot.onAction(action(VERBS.recheck, { flowId }, alice));
    expect(fixed.message?.card).toMatchObject({ kind: 'preview', state: 'ready', problems: [] });
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, boss))).message?.card?.kind).toBe('progress');
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
  });

  it('a slow re-check answers at once and updates the card when done', async () => {
    h = makeBot({ actionDeadlineMs: 10 });
    h.engine.problems.invoices = [
      { record: 'GL account 1100', code: 'MAP_CONTROL', message: 'Control account.', fix: 'Map another account.' },
    ];
    const { flowId, ref } = await askPreview(h, 'run invoices', alice);
    h.engine.problems.invoices = [];
    h.engine.previewDelayMs = 150;
    const answer = await h.bot.onAction(action(VERBS.recheck, { flowId }, alice));
    expect(answer.message?.card).toMatchObject({ kind: 'preview', note: expect.stringMatching(/Re-checking/) });
    await h.bot.idle();
    expect(h.messenger.lastUpdate(ref.messageId)?.card).toMatchObject({ kind: 'preview', state: 'ready' });
  });
});

describe('cancel', () => {
  it('works before posting, from the card and by typing', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const answer = await h.bot.onAction(action(VERBS.cancel, { flowId }, alice));
    expect(answer.message?.card).toMatchObject({
      kind: 'preview',
      state: 'cancelled',
      note: expect.stringMatching(/Cancelled by Alice Jones/),
    });
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, boss))).toast).toMatch(/cancelled/);

    const second = await askPreview(h, 'run expenses', alice);
    const replier = new RecordingReplier();
    await h.bot.onMessage(message('cancel', alice), replier);
    expect(replier.last().message.card).toMatchObject({ kind: 'notice', title: 'Cancelled' });
    expect(h.messenger.lastUpdate(second.ref.messageId)?.card).toMatchObject({ kind: 'preview', state: 'cancelled' });
    await h.bot.onMessage(message('cancel', alice), replier);
    expect(replier.last().message.card).toMatchObject({ title: 'Nothing to cancel' });
    expect(h.engine.runs).toHaveLength(0);
    expect(await h.audit.list({ action: 'cancel' })).toHaveLength(2);
  });

  it('cannot stop a posting that has begun', async () => {
    h = makeBot();
    const gate = deferred();
    h.engine.gate = gate.promise;
    const { flowId, ref } = await askPreview(h, 'run invoices', alice);
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.engine.runStarted.promise;
    const cancel = await h.bot.onAction(action(VERBS.cancel, { flowId }, alice));
    expect(cancel.toast).toMatch(/has begun and cannot be stopped/);
    expect(cancel.message).toBeUndefined();
    const replier = new RecordingReplier();
    await h.bot.onMessage(message('cancel', alice), replier);
    expect(replier.last().message.text).toMatch(/cannot be stopped/);
    gate.resolve();
    await h.bot.idle();
    expect(h.messenger.lastUpdate(ref.messageId)?.card).toMatchObject({ kind: 'results', outcome: 'completed' });
  });

  it('someone who is neither requester nor approver cannot cancel', async () => {
    h = makeBot();
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const answer = await h.bot.onAction(action(VERBS.cancel, { flowId }, actor('mallory')));
    expect(answer.toast).toMatch(/Only Alice Jones/);
    expect(await h.audit.list({ action: 'refuse' })).toHaveLength(1);
  });
});

describe('errors during background work', () => {
  it('an unexpected engine error ends on the card, never as an unhandled rejection', async () => {
    h = makeBot();
    h.engine.runError = new Error('disk on fire');
    const { flowId, ref } = await askPreview(h, 'run invoices', alice);
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    expect(h.messenger.lastUpdate(ref.messageId)?.card).toMatchObject({
      kind: 'notice',
      tone: 'error',
      text: expect.stringMatching(/Something went wrong.*resume/),
    });
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, boss))).toast).toMatch(/already stopped/);
  });

  it('a retryable refusal (engine busy) puts the preview back to approve again', async () => {
    h = makeBot();
    h.engine.runError = new SagebotError({ code: 'EXPORT_BUSY', message: 'Bob is posting batch X.', retryable: true });
    const { flowId, ref } = await askPreview(h, 'run invoices', alice);
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    expect(h.messenger.lastUpdate(ref.messageId)?.card).toMatchObject({
      kind: 'preview',
      state: 'ready',
      note: expect.stringMatching(/Nothing was posted: Bob is posting/),
    });
    h.engine.runError = undefined;
    await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    await h.bot.idle();
    expect(h.messenger.lastUpdate(ref.messageId)?.card?.kind).toBe('results');
  });

  it('refuses at once while another batch is posting', async () => {
    h = makeBot();
    h.engine.active = {
      runId: 'r',
      batch: 'OTHER-1',
      kind: 'expenses',
      user: { id: 'bob', name: 'Bob' },
      since: '2026-11-29T09:00:00Z',
    };
    const { flowId } = await askPreview(h, 'run invoices', alice);
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, boss))).toast).toMatch(
      /Bob is posting batch OTHER-1 \(expenses\) since 29 Nov 2026 09:00/,
    );
  });
});

describe('show more and refresh', () => {
  it('pages the preview from server-side state', async () => {
    h = makeBot();
    h.engine.data.invoices = Array.from({ length: 45 }, (_, i) => tx(i + 1));
    const { card, flowId } = await askPreview(h, 'run invoices', alice);
    expect(card.paging).toEqual({ page: 0, pageSize: 20, totalItems: 45 });
    const more = await h.bot.onAction(action(VERBS.showMore, { flowId, page: 2 }, alice));
    expect((more.message?.card as PreviewView).paging.page).toBe(2);
    const silly = await h.bot.onAction(action(VERBS.showMore, { flowId, page: 1e12 }, alice));
    expect((silly.message?.card as PreviewView).paging.page).toBe(0);
    const refresh = await h.bot.onAction(action(VERBS.refresh, { flowId }, alice));
    expect(refresh.message?.card).toMatchObject({ kind: 'preview', state: 'ready' });
  });
});
