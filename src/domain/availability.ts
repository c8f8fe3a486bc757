import { DateTime } from 'luxon';
import { covers, type Interval, mergeIntervals } from './intervals.js';

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

/** A local day in a zone: [start, end) in epoch ms (23, 24 or 25 h long), its weekday (1 = Monday) and date. */
export interface LocalDay {
  date: DateTime;
  start: number;
  end: number;
  weekday: number;
  /**
   * The instant of wall-clock `minutes` after midnight: 24:00 is the next midnight; on a DST day a
   * time the clocks skip moves forward and a repeated one is its first occurrence (luxon's reading).
   */
  at(minutes: number): number;
}

/**
 * The local days in `zone` that overlap [from, to), in order.
 * @example localDays('Europe/Rome', at('2026-03-29T00:00'), at('2026-03-30T00:00')) // one 23-hour Sunday
 */
export function localDays(zone: string, from: number, to: number): LocalDay[] {
  const days: LocalDay[] = [];
  if (!(to > from)) return days;
  let date = DateTime.fromMillis(from, { zone }).startOf('day');
  while (date.isValid && date.toMillis() < to) {
    const next = date.plus({ days: 1 }).startOf('day');
    const start = date.toMillis();
    const end = next.toMillis();
    // On a day with one UTC offset throughout, a wall-clock time is plain arithmetic: asking the zone
    // database for every rule of every day of a year is what would cost.
    const regular = end - start === 24 * 60 * 60_000 && date.offset === next.offset;
    const at = regular ? (minutes: number) => (minutes >= 24 * 60 ? end : start + minutes * 60_000) : dstWallClock(date, end);
    days.push({ date, start, end, weekday: date.weekday, at });
    date = next;
  }
  return days;
}

/** Wall-clock times on a DST day, each resolved by luxon once: every rule set expanded on the day asks about the same few. */
function dstWallClock(date: DateTime, end: number): (minutes: number) => number {
  const resolved = new Map<number, number>();
  return (minutes) => {
    if (minutes >= 24 * 60) return end;
    let instant = resolved.get(minutes);
    if (instant === undefined) {
      instant = date.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
      resolved.set(minutes, instant);
    }
    return instant;
  };
}

/** Each weekly rule on each of `days` with its weekday, as instant intervals in day order (not merged). */
export function rulesOnDays(rules: readonly WeeklyRule[], days: readonly LocalDay[]): Interval[] {
  const out: Interval[] = [];
  for (const day of days) {
    for (const r of rules) {
      if (r.weekday !== day.weekday) continue;
      const start = day.at(minutesOfDay(r.start));
      const end = day.at(minutesOfDay(r.end));
      if (end > start) out.push({ start, end });
    }
  }
  return out;
}

/**
 * Expands weekly wall-clock rules into the merged instant intervals that overlap [from, to) (epoch
 * ms, not clipped), in the given IANA zone. Local times are resolved per day, so on DST days a
 * 09:00–13:00 rule still means 09:00–13:00 on the wall, and a rule across the skipped hour is shorter.
 */
export function expandWeeklyRules(rules: readonly WeeklyRule[], zone: string, from: number, to: number): Interval[] {
  if (rules.length === 0) return [];
  return mergeIntervals(rulesOnDays(rules, localDays(zone, from, to)).filter((i) => i.end > from && i.start < to));
}

/**
 * Whether the weekly rules cover the whole of [start, end); `days` are the local days it spans
 * (`localDays(zone, start, end)`), worked out once for all the mediators a search checks.
 */
export function coversWeekly(rules: readonly WeeklyRule[], days: readonly LocalDay[], start: number, end: number): boolean {
  if (end <= start) return true;
  return covers(mergeIntervals(rulesOnDays(rules, days)), { start, end });
}

/** Monday 00:00 to next Monday 00:00 (wall clock in `zone`) of the week holding `instant`. */
export function weekContaining(instant: number, zone: string): Interval {
  const start = DateTime.fromMillis(instant, { zone }).startOf('week');
  return { start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
}
