/** The status card: facts about the bot, Manage, Sage and the last runs. */
import type { StatusView } from '../view-models.ts';
import { factsData, headerData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, facts, header } from './fragments.ts';
import type { Budget } from './limits.ts';

const template = cardTemplate([...header(), facts('facts')]);

function data(v: StatusView, b: Budget): Record<string, unknown> {
  return { ...headerData(v.title, undefined, b), facts: factsData(v.facts, 'status.facts', b, { max: b.facts * 2 }) };
}

export const statusCard: CardSpec<StatusView> = { name: 'status', template, data };
