/**
 * Adaptive Cards: every view model (ordinary, long, hostile) drawn, parsed and validated by the adaptivecards
 * library at version 1.5, under 28,000 bytes, with no `${` left and only the shared verbs and input ids.
 */
import { describe, expect, it } from 'vitest';
import { BATCH_ID_PATTERN, INPUTS, VERBS } from '../../cards/actions.ts';
import { renderAdaptiveCard } from '../../cards/index.ts';
import type { CardView } from '../../cards/view-models.ts';
import { checkCard } from './card-check.ts';
import {
  catalogue,
  choices,
  HOSTILE,
  hostile,
  hostileCatalogue,
  preview,
  previewIn,
  progress,
  rerun,
  results,
  txRows,
} from './fixtures.ts';
import { actionsOf, executesOf, inputsOf, textOf } from './helpers.ts';

describe('adaptive cards: every view model', () => {
  it.each(catalogue())('%s parses, validates and fits', (_name, view) => {
    checkCard(view);
  });

  // One test per hostile variant: each is checked on its own (and named when it fails), and no single test carries
  // the whole catalogue's time on a loaded machine.
  it.each(hostileCatalogue())('hostile variant %s parses, validates, fits and shows no expression', (_name, view) => {
    checkCard(view);
  });
});

describe('adaptive cards: preview states', () => {
  const buttons = (v: CardView) =>
    executesOf(renderAdaptiveCard(v))
      .filter((a) => a.verb !== VERBS.showMore)
      .map((a) => a.verb);

  it('ready: through date prominent, batch number input, Approve + Cancel', () => {
    const card = checkCard(previewIn('ready'));
    const through = JSON.stringify(card).indexOf('Friday 27 November 2026 (2026-11-27)');
    expect(through).toBeGreaterThan(0);
    expect(through).toBeLessThan(1200);
    const [input] = inputsOf(card);
    expect(input).toMatchObject({
      type: 'Input.Text',
      id: INPUTS.batchId,
      value: 'INV-2026-11-27',
      isRequired: true,
      regex: BATCH_ID_PATTERN,
      maxLength: 50,
    });
    expect(input.label).toBeTruthy();
    expect(input.errorMessage).toBeTruthy();
    expect(buttons(previewIn('ready'))).toEqual([VERBS.approve, VERBS.cancel]);
    const cancel = executesOf(card).find((a) => a.verb === VERBS.cancel);
    expect(cancel?.associatedInputs).toBe('none');
    expect(cancel?.data).toEqual({ flowId: 'flow-7f3a9c1e' });
    for (const t of [
      'Totals by type',
      'Totals by currency',
      'Nominal impact',
      'Tax impact',
      'Will be created in Sage',
    ]) {
      expect(textOf(card)).toContain(t);
    }
  });

  it('the batch number pattern is the engine rule: the safe set, no spaces', () => {
    const re = new RegExp(BATCH_ID_PATTERN);
    for (const ok of ['INV-2026-11-27', 'A', 'Batch12/3_x.y', 'x'.repeat(50)]) expect(re.test(ok)).toBe(true);
    for (const bad of ['', ' lead', '-x', 'a"b', "a'b", 'a<b', 'x'.repeat(51), 'a\nb', '${x}', 'Batch 12'])
      expect(re.test(bad)).toBe(false);
  });

  it('blocked: problems with fixes, Re-check + Cancel, no Approve and no input', () => {
    const card = checkCard(previewIn('blocked'));
    expect(buttons(previewIn('blocked'))).toEqual([VERBS.recheck, VERBS.cancel]);
    expect(inputsOf(card)).toEqual([]);
    expect(textOf(card)).toContain('Fix: Map the company');
  });

  it('stale: the changes and Approve again', () => {
    const card = checkCard(previewIn('stale'));
    expect(textOf(card)).toContain('2 invoices added since the preview');
    expect(executesOf(card).find((a) => a.verb === VERBS.approve)?.title).toBe('Approve again');
    expect(inputsOf(card)).toHaveLength(1);
  });

  it.each(['approved', 'cancelled', 'empty'] as const)('%s: final text, no buttons, no inputs', (state) => {
    const card = checkCard(previewIn(state));
    expect(actionsOf(card)).toEqual([]);
    expect(inputsOf(card)).toEqual([]);
    expect(textOf(card)).toMatch(
      state === 'approved' ? /Approved/ : state === 'cancelled' ? /Cancelled/ : /nothing unposted/,
    );
  });

  it('open preview: tick transactions (select all / none), location and detail, then Re-check with the inputs', () => {
    const view = previewIn('blocked', { choose: choices(), leftOut: ['Expense EXP2007 · Sam Lee · GBP 12.00'] });
    const card = checkCard(view);
    const select = inputsOf(card).find((i) => i.id === INPUTS.selected);
    expect(select).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, value: 'EXP2001,EXP2004' });
    expect(select?.choices.map((c: any) => c.value)).toEqual(['EXP2001', 'EXP2004', 'EXP2007']);
    const location = inputsOf(card).find((i) => i.id === INPUTS.location);
    expect(location?.choices.map((c: any) => c.title)).toEqual(['All locations', 'Leeds', 'London']);
    expect(inputsOf(card).find((i) => i.id === INPUTS.detail)?.value).toBe('Default');
    expect(buttons(view)).toEqual([VERBS.selectAll, VERBS.selectNone, VERBS.recheck, VERBS.cancel]);
    expect(executesOf(card).find((a) => a.verb === VERBS.recheck)?.associatedInputs).toBeUndefined();
    expect(textOf(card)).toContain('Left out of this batch');
    const many = checkCard(previewIn('ready', { choose: choices({ tooMany: '80 transactions: too many to tick.' }) }));
    expect(inputsOf(many).find((i) => i.id === INPUTS.selected)).toBeUndefined();
    expect(textOf(many)).toContain('too many to tick');
  });

  it('a refused batch number is shown next to the input', () => {
    const card = checkCard(previewIn('ready', { batchIdError: 'Batch INV-1 already exists in Manage.' }));
    expect(textOf(card)).toContain('already exists in Manage');
  });

  it('long problem lists are summarised', () => {
    const card = checkCard(
      previewIn('blocked', {
        problems: Array.from({ length: 500 }, (_, i) => ({ record: `R${i}`, message: 'm', fix: 'f' })),
      }),
    );
    expect(textOf(card)).toMatch(/and 49\d more problems/);
  });
});

describe('adaptive cards: progress, results, rerun', () => {
  it('progress: n of N, a proportional bar, phase and current', () => {
    const card = checkCard(progress({ done: 1200, total: 5000 }));
    const text = textOf(card);
    expect(text).toContain('1,200 of 5,000 (24%)');
    expect(text).toContain('Posting to Sage');
    expect(text).toContain('INV004601');
    const widths = (JSON.parse(text).body as any[])
      .find((b) => b.type === 'ColumnSet')
      .columns.map((c: any) => c.width);
    expect(widths).toEqual([24, 76]);
    expect(text).toMatch(/█+░+ 24%/);
    const done = JSON.parse(textOf(checkCard(progress({ done: 5000, total: 5000 })))).body.find(
      (b: any) => b.type === 'ColumnSet',
    );
    expect(done.columns.map((c: any) => c.width)).toEqual([100]);
  });

  it('results: outcome colour, failures with fixes, download links only over http(s)', () => {
    const card = checkCard(
      results({
        links: [
          { title: 'Errors', url: 'https://x.example/e' },
          { title: 'Evil', url: 'javascript:alert(1)' },
          { title: 'Braces', url: 'https://x.example/f?q=${z}' },
        ],
      }),
    );
    const text = textOf(card);
    expect(text).toContain('"color":"Warning"');
    expect(text).toContain('Fix: Map the company');
    const urls = actionsOf(card)
      .filter((a) => a.type === 'Action.OpenUrl')
      .map((a) => a.url);
    expect(urls).toEqual(['https://x.example/e', 'https://x.example/f?q=$%7Bz%7D']);
    expect(textOf(checkCard(results({ outcome: 'completed' })))).toContain('"color":"Good"');
    expect(textOf(checkCard(results({ outcome: 'failed' })))).toContain('"color":"Attention"');
  });

  it('rerun: which documents are in Sage, the warning, a Force toggle, Approve rerun + Cancel', () => {
    const card = checkCard(rerun());
    expect(textOf(card)).toContain('Posting them again creates duplicates');
    expect(inputsOf(card)).toEqual([
      expect.objectContaining({ type: 'Input.Toggle', id: INPUTS.force, valueOn: 'true', valueOff: 'false' }),
    ]);
    expect(
      executesOf(card)
        .filter((a) => a.verb !== VERBS.showMore)
        .map((a) => a.verb),
    ).toEqual([VERBS.approveRerun, VERBS.cancel]);
    expect(actionsOf(checkCard(rerun({ state: 'approved' }))).filter((a) => a.verb !== VERBS.showMore)).toEqual([]);
  });
});

describe('adaptive cards: data that is missing or hostile', () => {
  it('a missing required field fails loudly with the card and the expression', () => {
    const v = preview();
    delete (v as Partial<typeof v>).throughDate;
    expect(() => renderAdaptiveCard(v)).toThrow(
      expect.objectContaining({
        code: 'CARD_TEMPLATE_UNRESOLVED',
        message: expect.stringMatching(/preview card.*\$\{throughDate\}/),
      }),
    );
    const p = progress();
    delete (p as Partial<typeof p>).phase;
    expect(() => renderAdaptiveCard(p)).toThrow(
      expect.objectContaining({ code: 'CARD_TEMPLATE_UNRESOLVED', message: expect.stringContaining('progress card') }),
    );
    const r = results();
    delete (r as Partial<typeof r>).failed;
    expect(() => renderAdaptiveCard(r)).toThrow(expect.objectContaining({ code: 'CARD_DATA_MISSING' }));
  });

  it('an unknown card kind is refused', () => {
    expect(() => renderAdaptiveCard({ kind: 'nope' } as unknown as CardView)).toThrow(
      expect.objectContaining({ code: 'CARD_UNKNOWN_KIND' }),
    );
  });

  it('user text cannot inject template expressions', () => {
    const v = preview({
      title: 'TOP-SECRET-TITLE',
      transactions: txRows(3).map((r) => ({ ...r, party: HOSTILE.templateTitle })),
    });
    const text = textOf(checkCard(v));
    expect(text.match(/TOP-SECRET-TITLE/g)).toHaveLength(1); // the title itself, not copied into a row
    expect(text).toContain('$\u200B{$root.title}');
    const secret = textOf(checkCard(hostile(preview(), HOSTILE.template)));
    expect(secret).not.toContain('${');
    expect(secret).toContain('$\u200B{$root.secret}');
  });

  it('user text cannot make markdown links', () => {
    const text = textOf(checkCard(hostile(preview(), HOSTILE.markdown)));
    expect(text).not.toContain('](https://evil');
  });

  it('control and bidi characters are removed, 10,000-character names are cut with an ellipsis', () => {
    const text = textOf(checkCard(hostile(preview(), HOSTILE.control)));
    expect(text).not.toMatch(/[\u0000-\u0009\u202E\u2066]/);
    expect(text).not.toContain('\\u0000');
    const huge = checkCard(hostile(preview(), HOSTILE.huge));
    expect(textOf(huge)).toContain('…');
  });
});
