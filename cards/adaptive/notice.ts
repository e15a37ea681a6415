/**
 * Notice and alert cards: a toned message (info, success, warning, error) with optional facts. Alerts are what
 * registered channels receive when a batch or a payment sync finishes.
 */

import { clip } from '../text.ts';
import type { AlertView, NoticeView } from '../view-models.ts';
import { factsData, headerData, TONE_COLOR, TONE_STYLE } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, facts } from './fragments.ts';
import type { Budget } from './limits.ts';

export function tonedTemplate() {
  return cardTemplate([
    {
      type: 'Container',
      style: '${style}',
      items: [
        {
          type: 'TextBlock',
          text: '${title}',
          size: 'Large',
          weight: 'Bolder',
          color: '${color}',
          wrap: true,
          style: 'heading',
        },
        { type: 'TextBlock', text: '${text}', wrap: true },
      ],
    },
    facts('facts'),
  ]);
}

export function tonedData(v: NoticeView | AlertView, b: Budget): Record<string, unknown> {
  return {
    ...headerData(v.title, undefined, b),
    style: TONE_STYLE[v.tone] ?? 'default',
    color: TONE_COLOR[v.tone] ?? 'Default',
    text: clip(v.text, b.text * 3, true),
    facts: factsData(v.facts ?? [], `${v.kind}.facts`, b),
  };
}

export const noticeCard: CardSpec<NoticeView> = { name: 'notice', template: tonedTemplate(), data: tonedData };
