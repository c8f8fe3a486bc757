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
  const byWeekday = new Map<number, Array<[number, number]>>();
  for (const r of rules) {
    const list = byWeekday.get(r.weekday) ?? [];
    list.push([minutesOfDay(r.start), minutesOfDay(r.end)]);
    byWeekday.set(r.weekday, list);
  }
  const out: Interval[] = [];
  for (const day of days) {
    for (const [from, to] of byWeekday.get(day.weekday) ?? []) {
      const start = day.at(from);
      const end = day.at(to);
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
  // Matching asks about the same window for every mediator it looks at: its days (and their DST
  // times, resolved once each) are kept.
  const days = remember(windowDays, `${zone}|${from}|${to}`, () => localDays(zone, from, to));
  return mergeIntervals(rulesOnDays(rules, days).filter((i) => i.end > from && i.start < to));
}

/**
 * Whether the weekly rules cover the whole of [start, end) — what matching asks of every mediator
 * on every search. On an ordinary local day (24 h long, no DST change) with the interval inside it,
 * wall-clock minutes are plain arithmetic from local midnight: the rules (parsed once per rule set)
 * are compared as minutes of that weekday. Otherwise (a DST day, an interval across midnight) the
 * rules are expanded with luxon, exactly.
 */
export function coversWeekly(rules: readonly WeeklyRule[], zone: string, start: number, end: number): boolean {
  if (end <= start) return true;
  if (rules.length === 0) return false;
  const span = localSpan(zone, start, end);
  if (!span) return covers(expandWeeklyRules(rules, zone, start, end), { start, end });
  let reach = span.from;
  const parsed = parsedRules(rules);
  for (let grew = true; grew && reach < span.to; ) {
    grew = false;
    for (const r of parsed) {
      if (r.weekday === span.weekday && r.start <= reach && r.end > reach) {
        reach = r.end;
        grew = true;
      }
    }
  }
  return reach >= span.to;
}

interface ParsedRule {
  weekday: number;
  start: number;
  end: number;
}
const parsedMemo = new WeakMap<readonly WeeklyRule[], ParsedRule[]>();
function parsedRules(rules: readonly WeeklyRule[]): ParsedRule[] {
  let parsed = parsedMemo.get(rules);
  if (!parsed) {
    parsed = rules.map((r) => ({ weekday: r.weekday, start: minutesOfDay(r.start), end: minutesOfDay(r.end) }));
    parsedMemo.set(rules, parsed);
  }
  return parsed;
}

/** [start, end) as minutes of one ordinary local day (and its weekday); null on DST days or across midnight. */
export interface LocalSpan {
  weekday: number;
  from: number;
  to: number;
}
// Matching asks about the same interval for every mediator of a search: the last answer is kept.
let lastSpan: { zone: string; start: number; end: number; span: LocalSpan | null } | undefined;
export function localSpan(zone: string, start: number, end: number): LocalSpan | null {
  if (lastSpan?.start === start && lastSpan.end === end && lastSpan.zone === zone) return lastSpan.span;
  const day = localDayOf(zone, start);
  const span = day.end - day.start !== 24 * 60 * 60_000 || end > day.end ? null : { weekday: day.weekday, from: (start - day.start) / 60_000, to: (end - day.start) / 60_000 };
  lastSpan = { zone, start, end, span };
  return span;
}

type ZoneDay = Pick<LocalDay, 'start' | 'end' | 'weekday'>;

// luxon's zone offsets cost tens of µs each (Intl): local days and weeks are computed once and kept,
// found again by the UTC day of the instant (a UTC day overlaps at most two local days).
const zoneDays = new Map<string, ZoneDay[]>();
const zoneWeeks = new Map<string, Interval>();
const windowDays = new Map<string, LocalDay[]>();
const MEMO_LIMIT = 5000;

function localDayOf(zone: string, instant: number): ZoneDay {
  const key = `${zone}|${Math.floor(instant / 86_400_000)}`;
  const known = zoneDays.get(key);
  const hit = known?.find((d) => d.start <= instant && instant < d.end);
  if (hit) return hit;
  const date = DateTime.fromMillis(instant, { zone }).startOf('day');
  const day = { start: date.toMillis(), end: date.plus({ days: 1 }).startOf('day').toMillis(), weekday: date.weekday };
  if (zoneDays.size >= MEMO_LIMIT) zoneDays.clear();
  zoneDays.set(key, [...(known ?? []), day]);
  return day;
}

function remember<V>(memo: Map<string, V>, key: string, make: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = make();
    memo.set(key, value);
  }
  return value;
}

/** Monday 00:00 to next Monday 00:00 (wall clock in `zone`) of the week holding `instant`. */
export function weekContaining(instant: number, zone: string): Interval {
  const week = remember(zoneWeeks, `${zone}|${localDayOf(zone, instant).start}`, () => {
    const start = DateTime.fromMillis(instant, { zone }).startOf('week');
    return { start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
  });
  return { ...week };
}
