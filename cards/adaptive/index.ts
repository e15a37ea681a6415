/**
 * Adaptive Cards 1.5 for every view model: picks the card's spec and draws it through the checked templating
 * pipeline (./expand.ts). The result is the card JSON to attach as `application/vnd.microsoft.card.adaptive`.
 */
import { SagebotError } from '../../core/errors.ts';
import type { CardView } from '../view-models.ts';
import { alertCard } from './alert.ts';
import { batchesCard } from './batches.ts';
import { type CardSpec, renderSpec } from './expand.ts';
import type { Json } from './fragments.ts';
import { helpCard } from './help.ts';
import { noticeCard } from './notice.ts';
import { paymentSyncCard } from './payment-sync.ts';
import { previewCard } from './preview.ts';
import { progressCard } from './progress.ts';
import { rerunCard } from './rerun.ts';
import { resultsCard } from './results.ts';
import { settingsCard } from './settings.ts';
import { statusCard } from './status.ts';

const SPECS: { [K in CardView['kind']]: CardSpec<Extract<CardView, { kind: K }>> } = {
  help: helpCard,
  notice: noticeCard,
  preview: previewCard,
  progress: progressCard,
  results: resultsCard,
  rerun: rerunCard,
  paymentSync: paymentSyncCard,
  batches: batchesCard,
  status: statusCard,
  settings: settingsCard,
  alert: alertCard,
};

/** The Adaptive Card (type AdaptiveCard, version 1.5, $schema) for a view; always under CARD_MAX_BYTES. */
export function renderAdaptiveCard(view: CardView): Json {
  const spec = SPECS[view?.kind as CardView['kind']] as CardSpec<CardView> | undefined;
  if (!spec) {
    throw new SagebotError({
      code: 'CARD_UNKNOWN_KIND',
      message: 'sagebot tried to draw a card it does not know.',
      fix: 'This is a bug in sagebot; the details are in the log.',
      details: { kind: String(view?.kind) },
    });
  }
  return renderSpec(spec, view);
}

export { assertResolved, expandTemplate } from './expand.ts';
export { ADAPTIVE_PAGE_SIZE, CARD_MAX_BYTES, cardBytes } from './limits.ts';
