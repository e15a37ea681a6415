/**
 * The short commands: batches, status, settings (and changing one, approvers only), alerts here / off.
 */

import { INPUTS } from '../../cards/actions.ts';
import type { Fact, StatusView } from '../../cards/view-models.ts';
import type { Settings } from '../../core/export/types.ts';
import { hasRole } from '../../core/roles.ts';
import { isApprover, mayDo, toActorRef } from '../approvals.ts';
import { flowCompany, forCompany } from '../companies.ts';
import { audit, type BotContext, newFlowId, requesterOf, runningSync } from '../context.ts';
import { formatInstant } from '../dates.ts';
import type { ActionEvent, ActionResponse, Conversation, MessageEvent, Replier } from '../events.ts';
import type { ActorRef, FlowRecord } from '../ports.ts';
import { describeSchedule } from '../preview-schedules.ts';
import { nextScheduledRun } from '../schedule.ts';
import { batchesMessage, noticeMessage, SETTING_INFO, settingsMessage } from '../views/info-views.ts';
import { allowedToSay, refuse } from './common.ts';
import { errorNotice } from './errors.ts';

export async function listBatches(ctx: BotContext, event: MessageEvent, replier: Replier): Promise<void> {
  let batches;
  try {
    batches = await ctx.engine.listBatches();
  } catch (err) {
    await replier.reply(errorNotice(ctx, err, 'Cannot list batches'));
    return;
  }
  const at = ctx.now().toISOString();
  const flow: FlowRecord = {
    id: newFlowId(),
    ...flowCompany(ctx),
    type: 'batches',
    state: 'done',
    conversation: event.conversation,
    requester: toActorRef(event.actor),
    options: {},
    createdAt: at,
    updatedAt: at,
  };
  await ctx.stores.flows.savePayload(flow.id, { batches });
  await ctx.stores.flows.create(flow);
  await replier.reply(batchesMessage(batches, 0, ctx.config.timeZone, flow.id));
}

export async function showStatus(ctx: BotContext, event: MessageEvent, replier: Replier): Promise<void> {
  const tz = ctx.config.timeZone;
  const actor = toActorRef(event.actor);
  const facts: Fact[] = [];
  // Several companies: what each is doing (each posts and syncs on its own).
  for (const c of ctx.companies) {
    const scoped = forCompany(ctx, c.id);
    const of = ctx.companies.length > 1 ? ` (${c.name})` : '';
    facts.push({ title: `Posting now${of}`, value: await activeRunText(scoped) });
    const sync = runningSync(scoped);
    facts.push({
      title: `Payment sync now${of}`,
      value: sync ? `running since ${formatInstant(sync.startedAt, tz)} (by ${sync.by})` : 'not running',
    });
  }
  const open = await ctx.stores.flows.list({
    conversationKey: event.conversation.key,
    states: ['ready', 'blocked', 'stale', 'empty', 'checking', 'posting'],
  });
  facts.push({
    title: 'Open here',
    value: open.length
      ? open
          .slice(0, 3)
          .map(
            (f) =>
              `${f.kind ? `${f.type} of ${f.kind}` : f.type}${f.batchId ? `, batch ${f.batchId}` : ''} (${f.state})`,
          )
          .join('; ')
      : 'nothing',
  });
  const history = await ctx.stores.history.read();
  const runs = history.runs.slice(-3).reverse();
  facts.push({
    title: 'Last runs',
    value: runs.length
      ? runs.map((r) => `${r.batch} ${r.outcome} (${r.posted} posted) ${formatInstant(r.finishedAt, tz)}`).join('; ')
      : 'none yet',
  });
  const lastSync = history.syncs.at(-1);
  facts.push({
    title: 'Last payment sync',
    value: lastSync
      ? `${formatInstant(lastSync.finishedAt, tz)}: ${lastSync.ok ? `${lastSync.updated} updated, ${lastSync.problems} problems` : `failed (${lastSync.error ?? ''})`} (by ${lastSync.by})`
      : 'none yet',
  });
  facts.push({ title: 'Approvers', value: approversText(ctx.policy.approvers) });
  facts.push({ title: 'Operators', value: operatorsText(ctx.policy.operators ?? []) });
  facts.push({
    title: 'Four-eyes',
    value: ctx.config.fourEyes ? 'on: the requester cannot approve their own batch' : 'off',
  });
  facts.push({ title: 'You can approve', value: isApprover(actor, ctx.policy.approvers) ? 'yes' : 'no' });
  facts.push({ title: 'Your role', value: roleText(actor, ctx) });
  const next = nextScheduledRun(ctx.config.paymentSyncCron, tz, ctx.now());
  facts.push({
    title: 'Scheduled payment sync',
    value: ctx.config.paymentSyncCron
      ? `${ctx.config.paymentSyncCron} (${tz})${next ? `, next ${formatInstant(next.toISOString(), tz)}` : ''}`
      : 'not scheduled',
  });
  const previews = (await ctx.stores.schedules?.list()) ?? [];
  facts.push({
    title: 'Scheduled previews',
    value: previews.length ? previews.map((s) => describeSchedule(s, tz, ctx.now())).join('; ') : 'none',
  });
  const channels = await ctx.stores.alertChannels.list();
  facts.push({
    title: 'Alerts',
    value: `${channels.length} conversation(s)${channels.some((c) => c.conversation.key === event.conversation.key) ? ', including this one' : ''}`,
  });
  facts.push({ title: 'Time zone', value: tz });
  const view: StatusView = { kind: 'status', title: 'sagebot status', facts };
  await replier.reply({ text: facts.map((f) => `${f.title}: ${f.value}`).join('\n'), card: view });
}

async function activeRunText(ctx: BotContext): Promise<string> {
  try {
    const a = await ctx.engine.activeRun();
    return a
      ? `batch ${a.batch} (${a.kind}) by ${a.user.name} since ${formatInstant(a.since, ctx.config.timeZone)}`
      : 'nothing';
  } catch (err) {
    ctx.logger.warn({ err }, 'activeRun failed');
    return 'unknown (the engine did not answer)';
  }
}

/** The company a settings card names (several companies only). */
function shownCompany(ctx: BotContext): { id: string; name: string } | undefined {
  return ctx.companies.length > 1 ? { id: ctx.company.id, name: ctx.company.name } : undefined;
}

function approversText(approvers: readonly string[]): string {
  if (approvers.includes('*')) return 'anyone';
  return approvers.length ? approvers.join(', ') : 'nobody yet (set SAGEBOT_APPROVERS)';
}

function operatorsText(operators: readonly string[]): string {
  if (operators.includes('*')) return 'anyone';
  return operators.length ? operators.join(', ') : 'none (approvers do the operator tasks)';
}

function roleText(actor: ActorRef, ctx: BotContext): string {
  if (hasRole(actor, 'approver', ctx.policy))
    return 'approver: you may post, and sync payments, change settings and alerts';
  if (hasRole(actor, 'operator', ctx.policy)) return 'operator: you may sync payments, change settings and alerts';
  return 'none: you may preview and ask for a batch; an approver posts it';
}

export async function showSettings(ctx: BotContext, event: MessageEvent, replier: Replier): Promise<void> {
  try {
    const settings = await ctx.engine.getSettings();
    await replier.reply(
      settingsMessage(settings, hasRole(toActorRef(event.actor), 'operator', ctx.policy), undefined, shownCompany(ctx)),
    );
  } catch (err) {
    await replier.reply(errorNotice(ctx, err, 'Cannot read the settings'));
  }
}

function booleanOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && ['true', 'on', 'yes', '1'].includes(v.toLowerCase())) return true;
  if (typeof v === 'string' && ['false', 'off', 'no', '0'].includes(v.toLowerCase())) return false;
  return undefined;
}

export async function setSetting(ctx: BotContext, event: ActionEvent): Promise<ActionResponse> {
  const actor = toActorRef(event.actor);
  const raw = event.data[INPUTS.settingKey];
  // "splitInvoicing@ie": the company is the card's (bot.ts scoped the context to it).
  const key = typeof raw === 'string' ? raw.split('@')[0] : raw;
  const value = booleanOf(event.data[INPUTS.settingValue]);
  if (typeof key !== 'string' || !Object.hasOwn(SETTING_INFO, key) || value === undefined) {
    return { toast: 'That setting change is not one sagebot knows. Say "settings" for the current card.' };
  }
  const decision = mayDo(actor, 'settings', ctx.policy);
  if (!decision.allowed) return refuse(ctx, event, undefined, decision.reason, decision.code);
  try {
    const settings = await ctx.engine.updateSettings({ [key]: value } as Partial<Settings>, {
      user: requesterOf(actor),
    });
    await audit(
      ctx,
      'settings',
      actor,
      { key, value, ...(ctx.companies.length > 1 ? { company: ctx.company.id } : {}) },
      event.eventId,
    );
    return {
      message: settingsMessage(
        settings,
        true,
        `${SETTING_INFO[key as keyof Settings].label} is now ${value ? 'on' : 'off'}.`,
        shownCompany(ctx),
      ),
    };
  } catch (err) {
    return { toast: errorNotice(ctx, err, '').text };
  }
}

export async function setAlerts(ctx: BotContext, event: MessageEvent, replier: Replier, on: boolean): Promise<void> {
  if (!(await allowedToSay(ctx, event, replier, 'alerts', on ? 'alerts here' : 'alerts off'))) return;
  const actor = toActorRef(event.actor);
  const where = event.conversation.name ? `"${event.conversation.name}"` : 'this conversation';
  if (on) {
    const added = await ctx.stores.alertChannels.add(alertTarget(event.conversation), actor);
    await audit(
      ctx,
      'alerts',
      actor,
      { on: true, conversation: event.conversation.key, changed: added },
      event.eventId,
    );
    await replier.reply(
      noticeMessage(
        added ? 'success' : 'info',
        'Alerts',
        added
          ? `Alerts will come to ${where}: results of every batch and payment sync. Say "alerts off" to stop them.`
          : `${where} already gets alerts. Say "alerts off" to stop them.`,
      ),
    );
    return;
  }
  const removed = await ctx.stores.alertChannels.remove(alertTarget(event.conversation).key);
  await audit(
    ctx,
    'alerts',
    actor,
    { on: false, conversation: event.conversation.key, changed: removed },
    event.eventId,
  );
  await replier.reply(
    noticeMessage(
      'info',
      'Alerts',
      removed ? `No more alerts to ${where}.` : `${where} was not getting alerts. Say "alerts here" to start.`,
    ),
  );
}

/** Alerts start new posts in the channel itself, never replies in the thread where "alerts here" was typed. */
function alertTarget(c: Conversation): Conversation {
  const root = c.id.replace(/;messageid=\d+$/, '');
  if (root === c.id) return c;
  const { threadId: _thread, ...rest } = c;
  return { ...rest, id: root, key: `${c.platform}:${root}` };
}
