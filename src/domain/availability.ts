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

/**
 * Expands weekly wall-clock rules into instant intervals between `from` and `to` (epoch ms),
 * in the given IANA zone. Local times are resolved per day by luxon, so on DST days a
 * 09:00–13:00 rule still means 09:00–13:00 on the wall, and a rule across the skipped hour is shorter.
 */
export function expandWeeklyRules(rules: readonly WeeklyRule[], zone: string, from: number, to: number): Interval[] {
  if (rules.length === 0 || to <= from) return [];
  const out: Interval[] = [];
  for (const day of localDays(zone, from, to)) {
    for (const rule of rules) {
      if (rule.weekday !== day.weekday) continue;
      const start = instantAt(zone, day, minutesOfDay(rule.start));
      const end = instantAt(zone, day, minutesOfDay(rule.end));
      if (end > start && end > from && start < to) out.push({ start, end });
    }
  }
  return mergeIntervals(out);
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

/** A local day in a zone: [start, end) in epoch ms (23, 24 or 25 h long) and its weekday (1 = Monday). */
interface ZoneDay {
  start: number;
  end: number;
  weekday: number;
}

// luxon's zone offsets cost tens of µs each (Intl): local days and weeks are computed once and kept,
// found again by the UTC day of the instant (a UTC day overlaps at most two local days).
const zoneDays = new Map<string, ZoneDay[]>();
const zoneWeeks = new Map<string, Interval>();

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
  const week = remember(zoneWeeks, `${zone}|${localDayOf(zone, instant).start}`, () => {
    const start = DateTime.fromMillis(instant, { zone }).startOf('week');
    return { start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
  });
  return { ...week };
}
