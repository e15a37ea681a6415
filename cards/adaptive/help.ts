/**
 * The help card: what sagebot understands, with examples to copy. Each command is a line of its own (the
 * command in bold, its description under it), so neither is cut to a fact column's width.
 */

import { andMore, clip, listOf, topN } from '../text.ts';
import type { HelpView } from '../view-models.ts';
import { headerData, itemsData, textData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, header, items, type Json, paragraph } from './fragments.ts';
import type { Budget } from './limits.ts';

function commandsTemplate(): Json {
  return {
    type: 'Container',
    $when: '${commands.show}',
    spacing: 'Medium',
    items: [
      {
        type: 'Container',
        $data: '${commands.items}',
        spacing: 'Small',
        items: [
          { type: 'TextBlock', text: '${command}', wrap: true, weight: 'Bolder', fontType: 'Monospace' },
          { type: 'TextBlock', text: '${description}', wrap: true, spacing: 'None' },
        ],
      },
      {
        type: 'TextBlock',
        $when: '${commands.hasMore}',
        text: '${commands.more}',
        isSubtle: true,
        size: 'Small',
        wrap: true,
      },
    ],
  };
}

const template = cardTemplate([...header(), paragraph('intro'), commandsTemplate(), items('examples')]);

function commandsData(v: HelpView, b: Budget) {
  const { items: shown, more } = topN(listOf(v.commands, 'help.commands'), b.facts * 2);
  return {
    show: shown.length > 0,
    items: shown.map((c) => ({
      command: clip(c?.command ?? '', b.text),
      description: clip(c?.description ?? '', b.text),
    })),
    hasMore: more > 0,
    more: andMore(more),
  };
}

function data(v: HelpView, b: Budget): Record<string, unknown> {
  return {
    ...headerData(v.title, undefined, b),
    intro: textData(v.intro, b),
    commands: commandsData(v, b),
    examples: itemsData(
      'Examples',
      listOf(v.examples, 'help.examples').map((e) => `“${e}”`),
      'help.examples',
      b,
    ),
  };
}

export const helpCard: CardSpec<HelpView> = { name: 'help', template, data };
