/** The help card: what sagebot understands, with examples to copy. */

import { listOf } from '../text.ts';
import type { HelpView } from '../view-models.ts';
import { factsData, headerData, itemsData, textData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, facts, header, items, paragraph } from './fragments.ts';
import type { Budget } from './limits.ts';

const template = cardTemplate([...header(), paragraph('intro'), facts('commands'), items('examples')]);

function data(v: HelpView, b: Budget): Record<string, unknown> {
  const commands = listOf(v.commands, 'help.commands').map((c) => ({ title: c.command, value: c.description }));
  return {
    ...headerData(v.title, undefined, b),
    intro: textData(v.intro, b),
    commands: factsData(commands, 'help.commands', b, { max: b.facts * 2 }),
    examples: itemsData(
      'Examples',
      listOf(v.examples, 'help.examples').map((e) => `“${e}”`),
      'help.examples',
      b,
    ),
  };
}

export const helpCard: CardSpec<HelpView> = { name: 'help', template, data };
