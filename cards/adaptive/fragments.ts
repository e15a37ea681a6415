/**
 * Template fragments shared by the Adaptive Card templates: plain JSON with `${...}` expressions that read the
 * data shapes built by ./data.ts (TableData, FactsData, ItemsData, ProblemsData, PagerData). Each card file
 * composes its template from these, so every card draws tables, facts and buttons the same way.
 */
import { VERBS, type Verb } from '../actions.ts';
import { CARD_SCHEMA, CARD_VERSION } from './limits.ts';

export type Json = Record<string, unknown>;

/** The card envelope: AdaptiveCard 1.5, full width in Teams. */
export function cardTemplate(body: Json[], actions: Json[] = []): Json {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    msteams: { width: 'Full' },
    body,
    ...(actions.length ? { actions } : {}),
  };
}

/** Title (and an optional subtle subtitle line). Data: `title`, `subtitle`, `hasSubtitle`. */
export function header(color?: string): Json[] {
  return [
    {
      type: 'TextBlock',
      text: '${title}',
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      style: 'heading',
      ...(color ? { color } : {}),
    },
    { type: 'TextBlock', $when: '${hasSubtitle}', text: '${subtitle}', isSubtle: true, spacing: 'None', wrap: true },
  ];
}

/** A paragraph read from `path` (`{ show, text, color }`). */
export function paragraph(path: string, extra: Json = {}): Json {
  return {
    type: 'TextBlock',
    $when: `\${${path}.show}`,
    text: `\${${path}.text}`,
    color: `\${${path}.color}`,
    wrap: true,
    ...extra,
  };
}

/** A fact set read from `path` (FactsData), with "and N more". */
export function facts(path: string): Json {
  return {
    type: 'Container',
    $when: `\${${path}.show}`,
    items: [
      { type: 'TextBlock', $when: `\${${path}.hasTitle}`, text: `\${${path}.title}`, weight: 'Bolder', wrap: true },
      { type: 'FactSet', facts: [{ $data: `\${${path}.facts}`, title: '${title}', value: '${value}' }] },
      more(path),
    ],
  };
}

function more(path: string): Json {
  return {
    type: 'TextBlock',
    $when: `\${${path}.hasMore}`,
    text: `\${${path}.more}`,
    isSubtle: true,
    size: 'Small',
    spacing: 'Small',
    wrap: true,
  };
}

/** A titled table read from `path` (TableData): header row, rows, "and N more" / range line. */
export function table(path: string): Json {
  return {
    type: 'Container',
    $when: `\${${path}.show}`,
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: `\${${path}.title}`, weight: 'Bolder', wrap: true },
      {
        type: 'Table',
        firstRowAsHeader: true,
        showGridLines: false,
        gridStyle: 'accent',
        columns: [{ $data: `\${${path}.columns}`, width: '${width}' }],
        rows: [
          {
            type: 'TableRow',
            style: 'accent',
            cells: [
              {
                type: 'TableCell',
                $data: `\${$root.${path}.columns}`,
                items: [{ type: 'TextBlock', text: '${title}', weight: 'Bolder', wrap: true, size: 'Small' }],
              },
            ],
          },
          {
            type: 'TableRow',
            $data: `\${${path}.rows}`,
            style: '${style}',
            cells: [
              { type: 'TableCell', $data: '${cells}', items: [{ type: 'TextBlock', text: '${$data}', wrap: true }] },
            ],
          },
        ],
      },
      more(path),
    ],
  };
}

/** A bulleted list of plain lines read from `path` (ItemsData). */
export function items(path: string, style = 'default'): Json {
  return {
    type: 'Container',
    $when: `\${${path}.show}`,
    style,
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: `\${${path}.title}`, weight: 'Bolder', wrap: true },
      { type: 'TextBlock', $data: `\${${path}.items}`, text: '${text}', wrap: true, spacing: 'Small' },
      more(path),
    ],
  };
}

/** Problems, each with its fix, read from `path` (ProblemsData). */
export function problems(path: string): Json {
  return {
    type: 'Container',
    $when: `\${${path}.show}`,
    style: 'attention',
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: `\${${path}.title}`, weight: 'Bolder', wrap: true, color: 'Attention' },
      {
        type: 'Container',
        $data: `\${${path}.items}`,
        spacing: 'Small',
        items: [
          { type: 'TextBlock', text: '${heading}', wrap: true, weight: 'Bolder', size: 'Small' },
          { type: 'TextBlock', text: '${message}', wrap: true, spacing: 'None', size: 'Small' },
          { type: 'TextBlock', text: '${fix}', wrap: true, spacing: 'None', size: 'Small', isSubtle: true },
        ],
      },
      more(path),
    ],
  };
}

export interface ExecuteOptions {
  style?: 'positive' | 'destructive';
  /** 'none' for buttons that must work whatever the inputs hold (Cancel, Show more, Re-check). */
  inputs?: 'auto' | 'none';
  /** A `${...}` condition; the button is dropped when false. */
  when?: string;
}

/**
 * A Universal Action button: Action.Execute with the shared verb and `data` (flowId, page…), falling back to
 * Action.Submit (which carries the verb inside its data) on hosts without Universal Actions.
 */
export function execute(verb: Verb, title: string, data: Json, o: ExecuteOptions = {}): Json {
  const inputs = o.inputs ? { associatedInputs: o.inputs } : {};
  const style = o.style ? { style: o.style } : {};
  return {
    type: 'Action.Execute',
    ...(o.when ? { $when: o.when } : {}),
    title,
    verb,
    data,
    ...style,
    ...inputs,
    fallback: { type: 'Action.Submit', title, data: { verb, ...data }, ...style, ...inputs },
  };
}

/** An ActionSet inside the body (dropped when `when` is false). */
export function actionSet(actions: Json[], when?: string): Json {
  return { type: 'ActionSet', ...(when ? { $when: when } : {}), actions };
}

/** Previous / Show more buttons for the paged list at `path` (PagerData); `data` is merged into both. */
export function pager(path: string, data: Json): Json {
  return actionSet(
    [
      execute(
        VERBS.showMore,
        'Previous',
        { ...data, page: `\${${path}.prevPage}` },
        { inputs: 'none', when: `\${${path}.hasPrev}` },
      ),
      execute(
        VERBS.showMore,
        'Show more',
        { ...data, page: `\${${path}.nextPage}` },
        { inputs: 'none', when: `\${${path}.hasNext}` },
      ),
    ],
    `\${${path}.hasPager}`,
  );
}
