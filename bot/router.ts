/**
 * Ordered routes: a parsed command to its flow, an action verb to its handler. Actions come first in the
 * bot's attention because platforms give them a deadline (Teams invokes, Slack's 3 s ack): every handler
 * answers after quick checks only and leaves slow work to the background task runner.
 */
import { VERBS } from '../cards/actions.ts';
import { toActorRef } from './approvals.ts';
import { audit, type BotContext } from './context.ts';
import type { ActionEvent, ActionResponse, MessageEvent, Replier } from './events.ts';
import { approve, show } from './flows/approve-flow.ts';
import { cancelAction, cancelByText } from './flows/cancel-flow.ts';
import { selectAllOrNone } from './flows/choose-flow.ts';
import { pageOf } from './flows/common.ts';
import { listBatches, setAlerts, setSetting, showSettings, showStatus } from './flows/info-flow.ts';
import { recheck, startPreview } from './flows/preview-flow.ts';
import { startReconcile } from './flows/reconcile-flow.ts';
import { approveRerun, startRerun } from './flows/rerun-flow.ts';
import { scheduleCommand } from './flows/schedule-flow.ts';
import { startSync } from './flows/sync-flow.ts';
import type { Command } from './parse-command.ts';
import { helpMessage, noticeMessage } from './views/info-views.ts';

type ActionHandler = (ctx: BotContext, event: ActionEvent) => Promise<ActionResponse>;

export const ACTION_ROUTES: ReadonlyArray<[string, ActionHandler]> = [
  [VERBS.approve, approve],
  [VERBS.approveRerun, approveRerun],
  [VERBS.cancel, cancelAction],
  [VERBS.recheck, recheck],
  [VERBS.showMore, (ctx, e) => show(ctx, e, pageOf(e.data.page))],
  [VERBS.refresh, (ctx, e) => show(ctx, e, pageOf(e.data.page))],
  [VERBS.setSetting, setSetting],
  [VERBS.selectAll, (ctx, e) => selectAllOrNone(ctx, e, true)],
  [VERBS.selectNone, (ctx, e) => selectAllOrNone(ctx, e, false)],
];

export async function routeAction(ctx: BotContext, event: ActionEvent): Promise<ActionResponse> {
  const route = ACTION_ROUTES.find(([verb]) => verb === event.verb);
  if (route) return route[1](ctx, event);
  await audit(
    ctx,
    'refuse',
    toActorRef(event.actor),
    { verb: String(event.verb).slice(0, 60), reason: 'unknown-verb' },
    event.eventId,
  );
  return {
    toast: 'That button is not one sagebot knows (the card may be from an older version). Say "help" to start again.',
  };
}

export async function routeMessage(
  ctx: BotContext,
  cmd: Command,
  event: MessageEvent,
  replier: Replier,
): Promise<void> {
  switch (cmd.type) {
    case 'export':
      return startPreview(ctx, event, replier, cmd);
    case 'exportAll': {
      // One preview, and so one batch number, per kind: the guide keeps invoices, expenses and inventory apart.
      for (const one of cmd.exports) await startPreview(ctx, event, replier, one);
      return;
    }
    case 'rerun':
      return startRerun(ctx, event, replier, cmd.batch, Boolean(cmd.force));
    case 'reconcile':
      return startReconcile(ctx, event, replier, cmd.batch);
    case 'sync':
      return startSync(ctx, event, replier, cmd.since);
    case 'batches':
      return listBatches(ctx, event, replier);
    case 'status':
      return showStatus(ctx, event, replier);
    case 'settings':
      return showSettings(ctx, event, replier);
    case 'alerts':
      return setAlerts(ctx, event, replier, cmd.on);
    case 'cancel':
      return cancelByText(ctx, event, replier);
    case 'schedules':
    case 'scheduleAdd':
    case 'scheduleStop':
      return scheduleCommand(ctx, event, replier, cmd);
    case 'help': {
      await replier.reply({ ...helpMessage(companiesIntro(ctx)), private: true });
      return;
    }
    case 'invalid': {
      await replier.reply(noticeMessage('warning', 'Not quite', `${cmd.message} ${cmd.fix}`));
      return;
    }
    case 'unknown': {
      const shown = cmd.text.length > 60 ? `${cmd.text.slice(0, 60)}…` : cmd.text;
      await replier.reply({
        ...helpMessage(
          `I did not understand "${shown}"${cmd.truncated ? ' (that was a long message: I read only the start)' : ''}. Here is what I can do.`,
        ),
        private: true,
      });
    }
  }
}

/** Several Sage companies: the help card names them and how to pick one. */
function companiesIntro(ctx: BotContext): string | undefined {
  if (ctx.companies.length < 2) return undefined;
  const names = ctx.companies.map(
    (c) => `${c.name}${c.isDefault ? ' (the default)' : ` (say "for ${c.aliases[0] ?? c.id}")`}`,
  );
  return `I serve ${ctx.companies.length} Sage companies: ${names.join(', ')}. Name one in a request, e.g. "run invoices for ${ctx.companies[1].aliases[0] ?? ctx.companies[1].id} through friday"; with none named I use the default.`;
}
