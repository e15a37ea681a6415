/**
 * The settings card: each on/off setting with its description, and (when the user may edit) a Turn on /
 * Turn off button carrying the key and the new value.
 */

import { VERBS } from '../actions.ts';
import { andMore, clip, listOf, topN } from '../text.ts';
import type { SettingsView } from '../view-models.ts';
import { headerData, textData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, execute, header, paragraph } from './fragments.ts';
import type { Budget } from './limits.ts';

const template = cardTemplate([
  ...header(),
  {
    type: 'Container',
    $data: '${settings}',
    separator: true,
    spacing: 'Medium',
    items: [
      {
        type: 'ColumnSet',
        columns: [
          {
            type: 'Column',
            width: 'stretch',
            items: [
              { type: 'TextBlock', text: '${label}', weight: 'Bolder', wrap: true },
              { type: 'TextBlock', text: '${description}', isSubtle: true, wrap: true, spacing: 'None', size: 'Small' },
            ],
          },
          {
            type: 'Column',
            width: 'auto',
            items: [{ type: 'TextBlock', text: '${state}', color: '${stateColor}', weight: 'Bolder' }],
          },
        ],
      },
      {
        type: 'ActionSet',
        $when: '${$root.editable}',
        actions: [
          execute(
            VERBS.setSetting,
            '${buttonTitle}',
            { settingKey: '${key}', settingValue: '${next}', card: 'settings' },
            { inputs: 'none' },
          ),
        ],
      },
    ],
  },
  paragraph('more', { isSubtle: true, size: 'Small' }),
  paragraph('readOnly', { isSubtle: true, size: 'Small' }),
]);

function data(v: SettingsView, b: Budget): Record<string, unknown> {
  const { items, more } = topN(listOf(v.settings, 'settings.settings'), b.facts);
  return {
    ...headerData(v.title, undefined, b),
    editable: v.editable === true,
    settings: items.map((s) => ({
      key: clip(s.key, 100),
      label: clip(s.label, b.title),
      description: clip(s.description ?? '', b.text),
      state: s.value ? 'On' : 'Off',
      stateColor: s.value ? 'Good' : 'Default',
      buttonTitle: s.value ? 'Turn off' : 'Turn on',
      next: !s.value,
    })),
    more: textData(andMore(more, 'more settings') || undefined, b),
    readOnly: textData(v.editable ? undefined : 'Only operators and approvers can change settings.', b),
  };
}

export const settingsCard: CardSpec<SettingsView> = { name: 'settings', template, data };
