/** The alert card sent to registered channels: same toned layout as a notice, facts required. */
import type { AlertView } from '../view-models.ts';
import { factsData } from './data.ts';
import type { CardSpec } from './expand.ts';
import type { Budget } from './limits.ts';
import { tonedData, tonedTemplate } from './notice.ts';

function data(v: AlertView, b: Budget): Record<string, unknown> {
  return { ...tonedData(v, b), facts: factsData(v.facts, 'alert.facts', b) };
}

export const alertCard: CardSpec<AlertView> = { name: 'alert', template: tonedTemplate(), data };
