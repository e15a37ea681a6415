/**
 * Schedule commands in chat, purely: "every weekday at 8:00 preview invoices here" (or with `cron 0 8 * * 1-5`),
 * "schedules", "stop the invoice schedule". `parseWhen` turns the "every ... at ..." words into a cron
 * expression; the command line uses it too (`sagebot schedules add invoices --when "every monday at 9"`).
 */
import { Cron } from 'croner';
import type { DetailLevel, Kind } from '../core/export/types.ts';
import { DETAIL_LEVELS, DETAIL_WORDS, EVERY_LOCATION, FILLER, KIND_WORDS, THROUGH_WORDS } from './command-words.ts';
import { matchKeyword } from './fuzzy.ts';

/**
 * What each firing previews besides its kind: a location, a detail level, and the through-date as words
 * ("yesterday", "end of last month"), read again each time it fires (none: today).
 */
export interface ScheduleSelection {
  location?: string;
  detail?: DetailLevel;
  through?: string;
}

export type ScheduleCommand =
  | ({ type: 'scheduleAdd'; kind: Kind; cron: string; description: string } & ScheduleSelection)
  | { type: 'schedules' }
  | { type: 'scheduleStop'; kind?: Kind }
  | { type: 'invalid'; message: string; fix: string };

export type When = { ok: true; cron: string; description: string } | { ok: false; message: string; fix: string };

const WHEN_FIX =
  'For example "every weekday at 8:00", "every day at 17:30", "every monday and thursday at 9am", or cron "0 8 * * 1-5".';

const DAYS: Record<string, number> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EVERY_DAY = ['day', 'days', 'daily'];
const WEEKDAYS = ['weekday', 'weekdays', 'workday', 'workdays', 'working'];
const STOP_WORDS = ['stop', 'cancel', 'remove', 'delete', 'end', 'drop', 'off', 'disable', 'unschedule'];

/** A schedule command, or undefined when the words are about something else. */
export function parseScheduleCommand(text: string): ScheduleCommand | undefined {
  const lower = text.toLowerCase();
  const words = lower.split(/[\s,]+/).filter(Boolean);
  const aboutSchedules = words.some((w) => /^schedul/.test(w));
  const hasEvery = words.includes('every') || words.includes('daily') || /\bcron\b/.test(lower);
  if (!aboutSchedules && !hasEvery) return undefined;
  const kind = kindIn(words);
  if (aboutSchedules && words.some((w) => STOP_WORDS.includes(w))) return { type: 'scheduleStop', kind };
  if (!hasEvery) return { type: 'schedules' };
  if (!kind) return { type: 'invalid', message: 'Which transactions should I preview on a schedule?', fix: EXAMPLE };
  const selection = scheduleSelection(text);
  if (!selection.ok) return { type: 'invalid', message: selection.message, fix: selection.fix };
  // The through-date's words are not days of the schedule ("every monday ... through friday").
  const when = parseWhen(selection.rest);
  if (!when.ok) return { type: 'invalid', message: when.message, fix: when.fix };
  return { type: 'scheduleAdd', kind, cron: when.cron, description: when.description, ...selection.selection };
}

const SELECTION_FIX =
  'For example: "every weekday at 8:00 preview invoices for London detail condensed through yesterday here".';
/** "to" and "before" start a through-date in a run command, but in a schedule "to" names where it posts. */
const SCHEDULE_THROUGH = THROUGH_WORDS.filter((w) => w !== 'to' && w !== 'before');
/** "at" is the time of day here. */
const SCHEDULE_LOCATION = ['for', 'location', 'loc', 'site', 'branch', 'office'];
/** Words that end a location or through clause: the rest of a schedule command ("Head Office" is one place). */
const CLAUSE_ENDS = new Set([
  'every',
  'daily',
  'at',
  'on',
  'here',
  'preview',
  'previews',
  'schedule',
  'scheduled',
  'cron',
  'detail',
  'details',
  'level',
  'condensed',
  'detailed',
  'summary',
  'for',
  'location',
  ...SCHEDULE_THROUGH,
]);

type Selected = { ok: true; selection: ScheduleSelection; rest: string } | { ok: false; message: string; fix: string };

/**
 * The location ("for London"), detail level ("detail condensed") and through-date ("through yesterday") of a
 * schedule command; `rest` is the text without those clauses, for the when-words.
 */
export function scheduleSelection(text: string): Selected {
  const raw = text.trim().split(/\s+/).filter(Boolean);
  const word = (i: number) => (raw[i] ?? '').toLowerCase().replace(/[^a-z0-9-]/g, '');
  // Exact kind words only: a place may be one letter from a kind word ("Wales", "sales").
  const isKind = (w: string) => Object.hasOwn(KIND_WORDS, w);
  const selection: ScheduleSelection = {};
  const dropped = new Set<number>();
  // A clause runs to the next word that belongs to the rest of the command (or, for a place, to a day name).
  const clause = (from: number, place: boolean): number => {
    let end = from;
    while (end < raw.length) {
      const w = word(end);
      if (CLAUSE_ENDS.has(w) || isKind(w) || (place && w in DAYS)) break;
      end++;
    }
    return end;
  };
  for (let i = 0; i < raw.length; i++) {
    const w = word(i);
    if (SCHEDULE_THROUGH.includes(w) || (w === 'up' && word(i + 1) === 'to')) {
      const start = w === 'up' ? i + 2 : i + 1;
      const end = clause(start, false);
      const words = raw.slice(start, end).join(' ');
      if (!words) return { ok: false, message: `"${raw[i]}" which date?`, fix: SELECTION_FIX };
      if (selection.through)
        return { ok: false, message: 'One through-date per schedule, please.', fix: SELECTION_FIX };
      selection.through = words;
      for (let j = i; j < end; j++) dropped.add(j);
      i = end - 1;
    } else if (SCHEDULE_LOCATION.includes(w)) {
      const end = clause(i + 1, true);
      const words = raw
        .slice(i + 1, end)
        .filter((_, k) => !FILLER.has(word(i + 1 + k)))
        .join(' ')
        .replace(/^["']|["']$/g, '');
      // "for every weekday": no place named.
      if (words && !EVERY_LOCATION.test(words)) {
        if (selection.location && selection.location !== words)
          return { ok: false, message: 'One location per schedule, please.', fix: SELECTION_FIX };
        selection.location = words;
      }
      for (let j = i; j < end; j++) dropped.add(j);
      i = end - 1;
    } else if (DETAIL_WORDS.includes(w)) {
      const level = matchKeyword(word(i + 1), Object.keys(DETAIL_LEVELS));
      if (!level)
        return {
          ok: false,
          message: raw[i + 1] ? `"${raw[i + 1]}" is not a detail level.` : 'Which detail level?',
          fix: 'Use "detail default", "detail condensed" or "detail detailed".',
        };
      selection.detail = DETAIL_LEVELS[level];
      dropped.add(i);
      dropped.add(i + 1);
      i++;
    } else if (['condensed', 'detailed', 'summary'].includes(w)) {
      selection.detail = DETAIL_LEVELS[w];
      dropped.add(i);
    }
  }
  return { ok: true, selection, rest: raw.filter((_, i) => !dropped.has(i)).join(' ') };
}

const EXAMPLE = 'For example: "every weekday at 8:00 preview invoices here".';

function kindIn(words: string[]): Kind | undefined {
  for (const w of words) {
    const k = matchKeyword(w.replace(/[^a-z]/g, ''), Object.keys(KIND_WORDS));
    if (k) return KIND_WORDS[k];
  }
  return undefined;
}

/** "every weekday at 8:00" (or `cron "0 8 * * 1-5"`) -> a cron expression and how to say it. */
export function parseWhen(text: string): When {
  const cron = /\bcron\s+["'`]?([0-9*/,\- A-Za-z?#LW]+?)["'`]?(?:\s+(?:preview|run|for|here)\b|$)/i.exec(text.trim());
  if (cron) return checked(cron[1].trim().replace(/\s+/g, ' '), `on cron "${cron[1].trim()}"`);
  const lower = text.toLowerCase();
  const time = /\bat\s+(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\b/.exec(lower);
  if (!time) return { ok: false, message: 'At what time?', fix: WHEN_FIX };
  let hour = Number(time[1]);
  const minute = Number(time[2] ?? 0);
  if (time[3] === 'pm' && hour < 12) hour += 12;
  if (time[3] === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59)
    return { ok: false, message: `${time[0].slice(3)} is not a time of day.`, fix: WHEN_FIX };
  const days = daysOf(lower.slice(0, time.index) + lower.slice(time.index + time[0].length));
  if (!days) return { ok: false, message: 'On which days?', fix: WHEN_FIX };
  const at = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return checked(`${minute} ${hour} * * ${days.cron}`, `${days.words} at ${at}`);
}

function daysOf(text: string): { cron: string; words: string } | undefined {
  const words = text.split(/[\s,]+/).map((w) => w.replace(/[^a-z]/g, ''));
  const every = words.indexOf('every');
  const after = every >= 0 ? words.slice(every + 1) : words;
  if (words.includes('daily') || EVERY_DAY.includes(after[0] ?? '')) return { cron: '*', words: 'every day' };
  if (after.some((w) => WEEKDAYS.includes(w))) return { cron: '1-5', words: 'every weekday' };
  const named = [...new Set(after.filter((w) => w in DAYS).map((w) => DAYS[w]))].sort();
  if (!named.length) return undefined;
  return { cron: named.join(','), words: `every ${named.map((d) => DAY_NAMES[d]).join(' and ')}` };
}

function checked(cron: string, description: string): When {
  try {
    new Cron(cron, { paused: true }).stop();
  } catch (e) {
    return {
      ok: false,
      message: `"${cron}" is not a cron expression sagebot can read (${(e as Error).message}).`,
      fix: WHEN_FIX,
    };
  }
  return { ok: true, cron, description };
}
