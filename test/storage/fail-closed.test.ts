/**
 * A posting does not start when its approval cannot be written to the audit log — in chat and on the command
 * line. The audit log is made unwritable for real (its path is a folder), not mocked.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import type { RerunView } from '../../cards/view-models.ts';
import { openAuditLog } from '../../storage/audit-log.ts';
import { openFlowStore } from '../../storage/flows.ts';
import { action, actor, conversation, makeBot, message, RecordingReplier } from '../bot/fakes.ts';
import { askPreview, type Harness } from '../bot/helpers.ts';
import { sagebotIn } from './cli-helper.ts';

const alice = actor('alice', 'Alice');
const boss = actor('boss', 'Bea Boss');
let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.bot.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An audit log whose file cannot be written until `mend()` is called. */
function brokenAudit() {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-failclosed-'));
  dirs.push(dir);
  const path = join(dir, 'audit.jsonl');
  mkdirSync(path);
  return { audit: openAuditLog(path), mend: () => rmSync(path, { recursive: true }) };
}

describe('fail closed when the approval cannot be audited', () => {
  it('chat: Approve is refused with a clear message, nothing is posted, and the card can be approved later', async () => {
    const { audit, mend } = brokenAudit();
    h = makeBot({ audit });
    const { flowId } = await askPreview(h, 'run invoices', alice);
    const answer = await h.bot.onAction(action(VERBS.approve, { flowId }, boss));
    expect(answer.toast).toMatch(/Nothing was posted: sagebot could not write the approve to the audit log/);
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(0);
    expect((await openFlowStore(join(h.dataDir, 'bot')).get(flowId))?.state).toBe('ready');

    mend();
    expect((await h.bot.onAction(action(VERBS.approve, { flowId }, boss))).message?.card?.kind).toBe('progress');
    await h.bot.idle();
    expect(h.engine.runs).toHaveLength(1);
    expect(await audit.list({ action: 'approve' })).toHaveLength(1);
  });

  it('chat: a rerun approval that cannot be audited does not rerun', async () => {
    const { audit } = brokenAudit();
    h = makeBot({ audit });
    const replier = new RecordingReplier(conversation().key);
    await h.bot.onMessage(message('rerun OLD-1', alice), replier);
    const card = replier.card('rerun').message.card as RerunView;
    const answer = await h.bot.onAction(action(VERBS.approveRerun, { flowId: card.flowId }, boss));
    expect(answer.toast).toMatch(/Nothing was posted/);
    await h.bot.idle();
    expect(h.engine.reruns).toHaveLength(0);
    expect((await openFlowStore(join(h.dataDir, 'bot')).get(card.flowId))?.state).toBe('ready');
  });

  it('command line: sagebot run --yes stops before posting when the audit log cannot be written', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sagebot-failclosed-cli-'));
    dirs.push(dataDir);
    mkdirSync(join(dataDir, 'audit.jsonl'));
    const r = await sagebotIn(dataDir, 'run', 'invoices', '--batch', '20261201TT-I', '--yes');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /Nothing was posted: sagebot could not write the approve to the audit log.*\[AUDIT_UNAVAILABLE\]/,
    );
    const runs = join(dataDir, 'runs');
    expect(existsSync(runs) ? readdirSync(runs).filter((f) => !f.startsWith('index.json')) : []).toEqual([]);
  }, 60_000);
});
