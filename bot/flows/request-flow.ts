/**
 * `sagebot request`: the command line cannot reach Teams or Slack itself (the platform credentials, the
 * conversation references and the flow's clicks all live with the running bot), so it leaves a request in the
 * data folder's inbox and the running bot picks it up here: it takes it (exactly once), prepares the preview as
 * the person at the terminal (`os:<name>`, who then cannot approve it: four-eyes), posts the card to the chosen
 * chat and answers on the request, which the waiting command prints.
 */

import { safeMessage } from '../../core/errors.ts';
import { forCompany } from '../companies.ts';
import { audit, type BotContext } from '../context.ts';
import type { PreviewRequest } from '../ports.ts';
import { previewSummary, sendPreview } from './proactive-preview.ts';

/** A request nobody picked up within this long is not posted any more (the person has long gone). */
export const REQUEST_TTL_MS = 60 * 60 * 1000;

/** Take and answer every waiting request; returns how many were taken. */
export async function pickUpRequests(ctx: BotContext): Promise<number> {
  const inbox = ctx.stores.requests;
  if (!inbox) return 0;
  let taken = 0;
  for (const waiting of await inbox.waiting()) {
    const request = await inbox.move(waiting.id, ['waiting'], 'taken');
    if (!request) continue; // withdrawn, or another bot took it
    taken++;
    await answer(request.company ? { ...forCompany(ctx, request.company), chosen: 'named' } : ctx, request);
  }
  return taken;
}

async function answer(ctx: BotContext, request: PreviewRequest): Promise<void> {
  const inbox = ctx.stores.requests!;
  const at = () => ctx.now().toISOString();
  if (ctx.now().getTime() - Date.parse(request.requestedAt) > REQUEST_TTL_MS) {
    await inbox.move(request.id, ['taken'], 'expired', { answeredAt: at() });
    return;
  }
  try {
    const out = await sendPreview(ctx, {
      kind: request.kind,
      options: request.options,
      requester: request.requester,
      conversation: request.to,
      origin: { requestId: request.id },
    });
    const summary = previewSummary(out.preview, out.sent ? out.flow.batchId : undefined);
    await audit(ctx, 'request', request.requester, {
      command: 'request',
      kind: request.kind,
      ...request.options,
      to: request.to.key,
      requestId: request.id,
      flowId: out.sent ? out.flow.id : undefined,
      transactions: out.preview.transactions.length,
      problems: out.preview.problems.length,
    });
    await inbox.move(request.id, ['taken'], out.sent ? 'sent' : 'empty', {
      answeredAt: at(),
      summary,
      ...(out.sent ? { flowId: out.flow.id } : {}),
    });
  } catch (err) {
    ctx.logger.warn({ err, requestId: request.id }, 'preview request failed');
    await inbox.move(request.id, ['taken'], 'failed', { answeredAt: at(), error: safeMessage(err) });
  }
}
