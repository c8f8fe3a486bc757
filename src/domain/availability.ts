import { DateTime } from 'luxon';
import { type Interval, mergeIntervals } from './intervals.js';

/** A weekly availability rule in wall-clock time: weekday 1 = Monday … 7 = Sunday, "HH:MM", end may be "24:00". */
export interface WeeklyRule {
  weekday: number;
  start: string;
  end: string;
}

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function minutesOfDay(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Problems with a rule set, as [index, message] pairs; empty when valid. */
export function weeklyRuleProblems(rules: readonly WeeklyRule[]): Array<[number, string]> {
  const problems: Array<[number, string]> = [];
  rules.forEach((r, i) => {
    if (minutesOfDay(r.end) <= minutesOfDay(r.start)) problems.push([i, `end ${r.end} must be after start ${r.start}`]);
  });
  return problems;
}

/**
 * Expands weekly wall-clock rules into instant intervals between `from` and `to` (epoch ms),
 * in the given IANA zone. Local times are resolved per day by luxon, so on DST days a
 * 09:00–13:00 rule still means 09:00–13:00 on the wall, and a rule across the skipped hour is shorter.
 */
export function expandWeeklyRules(rules: readonly WeeklyRule[], zone: string, from: number, to: number): readonly Interval[] {
  if (rules.length === 0 || to <= from) return [];
  // One search checks the same mediator for the request and each fallback variant: the last
  // expansion of each rule set (the roster cache keeps the arrays) answers the repeats.
  const last = lastExpansion.get(rules);
  if (last && last.from === from && last.to === to && last.zone === zone) return last.intervals;
  const out: Interval[] = [];
  for (const day of localDays(zone, from, to)) {
    for (const rule of rules) {
      if (rule.weekday !== day.weekday) continue;
      const start = instantAt(zone, day, minutesOfDay(rule.start));
      const end = instantAt(zone, day, minutesOfDay(rule.end));
      if (end > start && end > from && start < to) out.push({ start, end });
    }
  }
  const intervals = mergeIntervals(out);
  lastExpansion.set(rules, { zone, from, to, intervals });
  return intervals;
}

const lastExpansion = new WeakMap<readonly WeeklyRule[], { zone: string; from: number; to: number; intervals: readonly Interval[] }>();

interface LocalDay {
  date: DateTime;
  start: number;
  weekday: number;
}

// Matching expands the same window for every mediator it looks at: luxon's zone arithmetic is the
// expensive part, so days and rule instants are memoised (bounded; pure, so safe to share).
const MEMO_LIMIT = 5000;
const dayMemo = new Map<string, LocalDay[]>();
const instantMemo = new Map<string, number>();

function remember<V>(memo: Map<string, V>, key: string, make: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = make();
    memo.set(key, value);
  }
  return value;
}

/** The local days (in `zone`) from the day before `from` to the day of `to`. */
function localDays(zone: string, from: number, to: number): LocalDay[] {
  return remember(dayMemo, `${zone}|${from}|${to}`, () => {
    const days: LocalDay[] = [];
    let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
    const last = DateTime.fromMillis(to, { zone }).startOf('day');
    while (day <= last) {
      days.push({ date: day, start: day.toMillis(), weekday: day.weekday });
      day = day.plus({ days: 1 });
    }
    return days;
  });
}

function instantAt(zone: string, day: LocalDay, minutes: number): number {
  return remember(instantMemo, `${zone}|${day.start}|${minutes}`, () => {
    if (minutes >= 24 * 60) return day.date.plus({ days: 1 }).startOf('day').toMillis();
    return day.date.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
  });
}

/** Monday 00:00 to next Monday 00:00 (wall clock in `zone`) of the week holding `instant`. */
export function weekContaining(instant: number, zone: string): Interval {
  const start = DateTime.fromMillis(instant, { zone }).startOf('week');
  return { start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
}
