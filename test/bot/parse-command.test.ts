import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, matchKeyword } from '../../bot/fuzzy.ts';
import { type Command, MAX_COMMAND_CHARS, parseCommand } from '../../bot/parse-command.ts';

// Sunday 29 November 2026, 10:00 in London.
const ctx = { timeZone: 'Europe/London', now: new Date('2026-11-29T10:00:00Z') };
const parse = (t: unknown) => parseCommand(t, ctx);
const exportOf = (t: string) => {
  const c = parse(t);
  if (c.type !== 'export') throw new Error(`${t} -> ${JSON.stringify(c)}`);
  return c;
};

describe('export commands', () => {
  it.each([
    ['run invoices through friday', 'run', 'invoices', '2026-11-27'],
    ['run invoces thru friday', 'run', 'invoices', '2026-11-27'],
    ['INVOICES run through Friday', 'run', 'invoices', '2026-11-27'],
    ['Run Invoices Through FRIDAY', 'run', 'invoices', '2026-11-27'],
    ['preview expenses through yesterday', 'preview', 'expenses', '2026-11-28'],
    ['post stock up to 27/11/2026', 'post', 'inventory', '2026-11-27'],
    ['run inv thru fri', 'run', 'invoices', '2026-11-27'],
    ['run bills to 2026-11-20', 'run', 'invoices', '2026-11-20'],
    ['run expense till thursday', 'run', 'expenses', '2026-11-26'],
    ['run procurement through today', 'run', 'inventory', '2026-11-29'],
    ['preview purchases as of 1 november', 'preview', 'inventory', '2026-11-01'],
    ['run inventroy through friday', 'run', 'inventory', '2026-11-27'],
    ['expnses preview thru fridy', 'preview', 'expenses', '2026-11-27'],
    ['can you please run the invoices for me thru fri', 'run', 'invoices', '2026-11-27'],
    ['@sagebot run invoices through friday', 'run', 'invoices', '2026-11-27'],
    ['<at>sagebot</at> run invoices through friday.', 'run', 'invoices', '2026-11-27'],
    ['run invoices friday', 'run', 'invoices', '2026-11-27'],
    ['run invoices for friday', 'run', 'invoices', '2026-11-27'],
    ['through friday run invoices', 'run', 'invoices', '2026-11-27'],
    ['run invoices through the end of last month', 'run', 'invoices', '2026-10-31'],
    ['run invoices thorugh friday', 'run', 'invoices', '2026-11-27'],
    ['invoices', 'run', 'invoices', '2026-11-29'],
    ['run invoices through nov 27', 'run', 'invoices', '2026-11-27'],
    ['run invoices through November 27th, 2026', 'run', 'invoices', '2026-11-27'],
    ['run invoices through 27th novmber', 'run', 'invoices', '2026-11-27'],
  ])('%s', (text, verb, kind, date) => {
    const c = exportOf(text);
    expect([c.verb, c.kind, c.throughDate]).toEqual([verb, kind, date]);
  });

  it('a bare weekday is the latest such day not after today', () => {
    expect(exportOf('run invoices through sunday').throughDate).toBe('2026-11-29');
    expect(exportOf('run invoices through monday').throughDate).toBe('2026-11-23');
    expect(exportOf('run invoices through saturday').throughDate).toBe('2026-11-28');
  });

  it('uses the configured time zone for "today"', () => {
    // 23:30 UTC on 29 Nov is already 30 Nov in Auckland.
    const c = parseCommand('run invoices', { timeZone: 'Pacific/Auckland', now: new Date('2026-11-29T23:30:00Z') });
    expect(c.type === 'export' && c.throughDate).toBe('2026-11-30');
  });

  it('reads location and detail in any order, keeping the location as typed', () => {
    const a = exportOf('run invoices for Main Office through friday detail condensed');
    expect([a.location, a.detail, a.throughDate]).toEqual(['Main Office', 'Condensed', '2026-11-27']);
    const b = exportOf('detail detailed through friday for Leeds run expenses');
    expect([b.kind, b.location, b.detail, b.throughDate]).toEqual(['expenses', 'Leeds', 'Detailed', '2026-11-27']);
    expect(exportOf('run invoices detailed').detail).toBe('Detailed');
    expect(exportOf('run invoices condensed thru friday').detail).toBe('Condensed');
    expect(exportOf('run invoices detail default').detail).toBe('Default');
    expect(exportOf('run invoices detail condenced').detail).toBe('Condensed');
    expect(exportOf('run invoices at London').location).toBe('London');
    expect(exportOf('run invoices for all locations').location).toBeUndefined();
    expect(exportOf('run invoices for me').location).toBeUndefined();
  });

  it('refuses impossible and unknown dates with a clear reason', () => {
    const feb = parse('run invoices through 31 February');
    expect(feb).toMatchObject({ type: 'invalid' });
    expect((feb as Extract<Command, { type: 'invalid' }>).message).toMatch(
      /31 February is not a real date: February 2026 has 28 days/,
    );
    expect(parse('run invoices through February 30')).toMatchObject({ type: 'invalid' });
    const banana = parse('run invoices through banana');
    expect(banana).toMatchObject({ type: 'invalid' });
    expect((banana as Extract<Command, { type: 'invalid' }>).message).toMatch(/banana/);
    expect(parse('run invoices through 2026-13-40')).toMatchObject({ type: 'invalid' });
    expect(parse('run invoices through')).toMatchObject({ type: 'invalid' });
  });

  it('rejects two kinds at once, a bad detail level, stray words, and a verb without a kind', () => {
    expect(parse('run invoices and expenses')).toMatchObject({
      type: 'invalid',
      message: expect.stringMatching(/One kind at a time/),
    });
    expect(parse('run invoices detail huge')).toMatchObject({
      type: 'invalid',
      message: expect.stringMatching(/detail level/),
    });
    expect(parse('run invoices zebra')).toMatchObject({ type: 'invalid', message: expect.stringMatching(/zebra/) });
    expect(parse('run')).toMatchObject({
      type: 'invalid',
      message: expect.stringMatching(/invoices, expenses or inventory/),
    });
  });
});

describe('other commands', () => {
  it.each<[string, Partial<Command>]>([
    ['rerun 20261127-JD-I', { type: 'rerun', batch: '20261127-JD-I' }],
    ['re-run batch #20261127-JD-I', { type: 'rerun', batch: '20261127-JD-I' }],
    ['rerun batch Mixed-Case.1', { type: 'rerun', batch: 'Mixed-Case.1' }],
    ['rerun 20261127-JD-I force', { type: 'rerun', batch: '20261127-JD-I', force: true }],
    ['force rerun of batch 20261127-JD-I', { type: 'rerun', batch: '20261127-JD-I', force: true }],
    ['rerun', { type: 'invalid' }],
    ['reconcile 20261127-JD-I', { type: 'reconcile', batch: '20261127-JD-I' }],
    ['reconcile batch #OLD-1 with sage', { type: 'reconcile', batch: 'OLD-1' }],
    ['reconcile', { type: 'invalid' }],
    ['reconcile payments last week', { type: 'sync', since: 'week' }],
    ['sync payments', { type: 'sync', since: 'last' }],
    ['sync payments since last run', { type: 'sync', since: 'last' }],
    ['sync payments last week', { type: 'sync', since: 'week' }],
    ['sync payments past week', { type: 'sync', since: 'week' }],
    ['sync payments two weeks', { type: 'sync', since: '2weeks' }],
    ['sync payments for the last 2 weeks', { type: 'sync', since: '2weeks' }],
    ['sync payments last month', { type: 'sync', since: 'month' }],
    ['sync payments since 1 November', { type: 'sync', since: '2026-11-01' }],
    ['sync payments 2026-11-02', { type: 'sync', since: '2026-11-02' }],
    ['SYNC PAYMENTS', { type: 'sync', since: 'last' }],
    ['synch payment', { type: 'sync', since: 'last' }],
    ['sync payments since banana', { type: 'invalid' }],
    ['batches', { type: 'batches' }],
    ['show batches', { type: 'batches' }],
    ['list batches please', { type: 'batches' }],
    ['bathces', { type: 'batches' }],
    ['status', { type: 'status' }],
    ['statsu', { type: 'status' }],
    ['settings', { type: 'settings' }],
    ['setings', { type: 'settings' }],
    ['alerts here', { type: 'alerts', on: true }],
    ['alerts on', { type: 'alerts', on: true }],
    ['alert here please', { type: 'alerts', on: true }],
    ['alerts off', { type: 'alerts', on: false }],
    ['stop alerts', { type: 'alerts', on: false }],
    ['help', { type: 'help' }],
    ['HELP', { type: 'help' }],
    ['hello', { type: 'help' }],
    ['?', { type: 'help' }],
    ['', { type: 'help' }],
    ['   ', { type: 'help' }],
    ['cancel', { type: 'cancel' }],
    ['cancel invoices', { type: 'cancel' }],
    ['cancle', { type: 'cancel' }],
  ])('%s', (text, expected) => {
    expect(parse(text)).toMatchObject(expected);
  });
});

describe('hostile and odd input', () => {
  it('answers anything unknown with unknown (help), never throws', () => {
    for (const t of [
      'blah blah',
      'past week',
      'DROP TABLE flows;',
      '💸💸💸',
      '../../etc/passwd',
      '${process.env.SECRET}',
      'null',
      '{"verb":"approve"}',
    ]) {
      const c = parse(t);
      expect(['unknown', 'help', 'invalid']).toContain(c.type);
    }
    for (const t of [undefined, null, 42, {}, ['run invoices']]) expect(parse(t).type).toBe('help');
  });

  it('truncates 100 KB of text before parsing, calmly and quickly', () => {
    const huge = 'run invoices through friday '.repeat(4000);
    expect(huge.length).toBeGreaterThan(100_000);
    const c = parse(huge);
    expect(['unknown', 'invalid', 'export']).toContain(c.type);
    const noise = parse('x'.repeat(100_000));
    expect(noise).toMatchObject({ type: 'unknown', truncated: true });
    expect((noise as Extract<Command, { type: 'unknown' }>).text.length).toBeLessThanOrEqual(MAX_COMMAND_CHARS);
  });

  it('strips control characters and markup', () => {
    expect(exportOf('run\u0000 invoices\u200b through\nfriday').throughDate).toBe('2026-11-27');
    expect(exportOf('<b>run</b> invoices&nbsp;through friday').kind).toBe('invoices');
  });
});

describe('fuzzy keywords', () => {
  it('computes Damerau-Levenshtein with transpositions', () => {
    expect(damerauLevenshtein('invoices', 'invoices')).toBe(0);
    expect(damerauLevenshtein('invoces', 'invoices')).toBe(1);
    expect(damerauLevenshtein('inovices', 'invoices')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('abc', 'xyzxyz', 1)).toBe(2);
  });

  it('does not correct short or everyday words into commands', () => {
    expect(matchKeyword('past', ['post'])).toBeUndefined();
    expect(matchKeyword('rum', ['run'])).toBeUndefined();
    expect(matchKeyword('invocies', ['invoices'])).toBe('invoices');
    expect(matchKeyword('zzzzzzzz', ['invoices'])).toBeUndefined();
  });
});

describe('choosing by the numbers the card shows', () => {
  it.each([
    ['run expenses excluding EXP2007 and EXP2013', undefined, ['EXP2007', 'EXP2013']],
    ['run expenses except EXP2007, EXP2013 through friday', undefined, ['EXP2007', 'EXP2013']],
    ['run expenses without EXP2007', undefined, ['EXP2007']],
    ['skip EXP2007 and run expenses', undefined, ['EXP2007']],
    ['run expenses but not EXP2007 or EXP2013', undefined, ['EXP2007', 'EXP2013']],
    ['run expenses leaving out claim EXP2007 for London', undefined, ['EXP2007']],
    ['run invoices other than 460 detail condensed', undefined, ['460']],
    ['run expenses only EXP2001 EXP2004', ['EXP2001', 'EXP2004'], undefined],
    ['preview stock only PO102 ADJ-3005', ['PO102', 'ADJ-3005'], undefined],
  ])('%s', (text, only, except) => {
    const c = exportOf(text);
    expect([c.includeNumbers, c.excludeNumbers]).toEqual([only, except]);
  });

  it('keeps the other clauses working beside the list', () => {
    const c = exportOf('run expenses except EXP2007 through friday for London detail condensed');
    expect([c.throughDate, c.location, c.detail, c.excludeNumbers]).toEqual([
      '2026-11-27',
      'London',
      'Condensed',
      ['EXP2007'],
    ]);
  });

  it('a list word with no number asks which', () => {
    expect(parse('run expenses except')).toMatchObject({ type: 'invalid', message: 'Which ones should I leave out?' });
  });

  it('"run everything through friday" is one export per kind', () => {
    const c = parse('run everything through friday');
    if (c.type !== 'exportAll') throw new Error(JSON.stringify(c));
    expect(c.exports.map((e) => [e.kind, e.throughDate])).toEqual([
      ['invoices', '2026-11-27'],
      ['expenses', '2026-11-27'],
      ['inventory', '2026-11-27'],
    ]);
  });
});

describe('the desktop tool words and UK dates', () => {
  it('"update invoice payments" is the payment sync', () => {
    expect(parse('update invoice payments')).toMatchObject({ type: 'sync', since: 'last' });
  });

  it('a short numeric date is day first: 1/12 is 1 December', () => {
    expect(parse('sync payments since 1/11')).toMatchObject({ type: 'sync', since: '2026-11-01' });
    expect(exportOf('run invoices through 27/11').throughDate).toBe('2026-11-27');
    expect(exportOf('run invoices through 1.11').throughDate).toBe('2026-11-01');
    expect(parse('run invoices through 31/2')).toMatchObject({
      type: 'invalid',
      message: expect.stringMatching(/28 days/),
    });
  });
});
