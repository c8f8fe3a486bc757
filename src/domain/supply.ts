/**
 * Supply: how many minutes mediators are available, expanded from weekly wall-clock rules, fast
 * enough for a year × thousands of mediators.
 *
 * The expensive part of wall-clock arithmetic is asking the time-zone database. Here it is asked a
 * few times per local day of the period (its midnight, its weekday and ISO week), once for all
 * mediators. On an ordinary day (24 hours, same UTC offset at both ends) a wall-clock time HH:MM is
 * then simply midnight + HH:MM. On a DST-change day each distinct HH:MM is resolved once with
 * luxon's `DateTime.set`, exactly as `expandWeeklyRules` (availability.ts) does, and cached for
 * every mediator: a time in the skipped hour moves forward, a time in the repeated hour is its
 * first occurrence.
 *
 * Pure: no I/O and no clock; runs on Node and on Cloudflare Workers.
 */
import { DateTime } from 'luxon';
import { minutesOfDay } from './availability.js';
import { DAY, MINUTE } from './intervals.js';

/** An active mediator, as far as supply and coverage need it. */
export interface SupplyMediator {
  id: string;
  /** BCP 47 tags; coverage matches on the primary subtag (ar-MA speaks ar). */
  languages: string[];
  areas: string[];
  sectors: string[];
  /** Weekly rules in wall-clock time of the report's zone: weekday 1 = Monday … 7 = Sunday, "HH:MM", end may be "24:00". */
  availability: { weekday: number; start: string; end: string }[];
  /** Epoch ms, half-open. */
  timeOff: { start: number; end: number }[];
}

export const TIME_BANDS = ['night', 'morning', 'afternoon', 'evening'] as const;
export type TimeBand = (typeof TIME_BANDS)[number];
/** Local wall-clock minutes at which the morning, afternoon and evening bands begin. */
const BAND_STARTS = [6 * 60, 12 * 60, 18 * 60] as const;
const MINUTES_PER_DAY = 24 * 60;

/** One local calendar day of the period. */
export interface LocalDay {
  /** Local midnight (epoch ms). */
  start: number;
  /** The next local midnight (epoch ms). */
  end: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Index into `Calendar.weeks`. */
  weekIndex: number;
  /** 24 hours long with the same UTC offset at both ends: HH:MM is midnight + HH:MM. */
  regular: boolean;
  /** Instants of local 06:00, 12:00 and 18:00, where the time bands change. */
  bands: [number, number, number];
  /** Only on irregular (DST-change) days: the day in luxon and the wall-clock times resolved so far. */
  dt: DateTime | null;
  cache: Map<number, number> | null;
}

/** The local days overlapping [from, to) in `zone`, computed once and shared by every mediator and request. */
export interface Calendar {
  from: number;
  to: number;
  zone: string;
  days: LocalDay[];
  /** `days[i].start`, for binary search. */
  dayStarts: Float64Array;
  /** ISO week labels ("2026-W13") in order, as referenced by `LocalDay.weekIndex`. */
  weeks: string[];
}

/** ISO 8601 week label of a local day: "2026-W13"; 2026-12-31 is "2026-W53", 2027-01-04 "2027-W01". */
export function isoWeekLabel(dt: DateTime): string {
  return `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`;
}

export function buildCalendar(from: number, to: number, zone: string): Calendar {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('from and to must be finite epoch milliseconds');
  const days: LocalDay[] = [];
  const weeks: string[] = [];
  if (to > from) {
    let dt = DateTime.fromMillis(from, { zone }).startOf('day');
    if (!dt.isValid) throw new RangeError(`unknown time zone ${zone}`);
    while (dt.toMillis() < to) {
      const next = dt.plus({ days: 1 }).startOf('day');
      const start = dt.toMillis();
      const end = next.toMillis();
      if (!(end > start)) throw new RangeError(`cannot step through the days of ${zone}`);
      const week = isoWeekLabel(dt);
      if (weeks[weeks.length - 1] !== week) weeks.push(week);
      const regular = end - start === DAY && dt.offset === next.offset;
      const day: LocalDay = {
        start,
        end,
        weekday: dt.weekday,
        weekIndex: weeks.length - 1,
        regular,
        bands: [0, 0, 0],
        dt: regular ? null : dt,
        cache: regular ? null : new Map(),
      };
      day.bands = [localInstant(day, BAND_STARTS[0]), localInstant(day, BAND_STARTS[1]), localInstant(day, BAND_STARTS[2])];
      days.push(day);
      dt = next;
    }
  }
  return { from, to, zone, days, dayStarts: Float64Array.from(days, (d) => d.start), weeks };
}

/**
 * The instant of wall-clock `minutes` after midnight on `day`, resolved like `expandWeeklyRules`:
 * 24:00 (or later) is the next local midnight, anything else is luxon's `day.set({ hour, minute })`.
 */
export function localInstant(day: LocalDay, minutes: number): number {
  if (minutes >= MINUTES_PER_DAY) return day.end;
  if (day.regular || !day.dt || !day.cache) return day.start + minutes * MINUTE;
  let instant = day.cache.get(minutes);
  if (instant === undefined) {
    instant = day.dt.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
    day.cache.set(minutes, instant);
  }
  return instant;
}

/** Index of the local day holding `instant`, or -1 when it is outside the calendar. */
export function dayIndexOf(cal: Calendar, instant: number): number {
  const starts = cal.dayStarts;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || !(instant >= (starts[0] ?? Infinity))) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? Infinity) <= instant) lo = mid;
    else hi = mid - 1;
  }
  const day = cal.days[lo];
  return day && instant < day.end ? lo : -1;
}

/** 0 night (00–06), 1 morning (06–12), 2 afternoon (12–18), 3 evening (18–24), by local time on `day`. */
export function bandOf(day: LocalDay, instant: number): number {
  const [morning, afternoon, evening] = day.bands;
  return instant < morning ? 0 : instant < afternoon ? 1 : instant < evening ? 2 : 3;
}

/** A mediator's availability in a form that expands quickly. */
export interface PreparedAvailability {
  /** Per weekday (index weekday − 1): rules as [start, end, …] minutes, sorted and merged; for ordinary days. */
  merged: Array<Int32Array | null>;
  /** Per weekday: every rule as written, for DST-change days where each rule is resolved on its own. */
  raw: Array<Int32Array | null>;
  /** Time off, merged and sorted. */
  offStart: Float64Array;
  offEnd: Float64Array;
}

export function prepareAvailability(mediator: Pick<SupplyMediator, 'availability' | 'timeOff'>): PreparedAvailability {
  const raw: number[][] = [[], [], [], [], [], [], []];
  for (const rule of mediator.availability) {
    const list = Number.isInteger(rule.weekday) ? raw[rule.weekday - 1] : undefined;
    const start = Math.min(minutesOfDay(rule.start), MINUTES_PER_DAY);
    const end = Math.min(minutesOfDay(rule.end), MINUTES_PER_DAY);
    if (!list || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < 0) continue;
    list.push(start, end);
  }
  const merged = raw.map((list) => {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i + 1 < list.length; i += 2) {
      const s = list[i] ?? 0;
      const e = list[i + 1] ?? 0;
      if (e > s) pairs.push([s, e]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const out: number[] = [];
    for (const [s, e] of pairs) {
      const last = out.length - 1;
      if (last > 0 && s <= (out[last] ?? 0)) out[last] = Math.max(out[last] ?? 0, e);
      else out.push(s, e);
    }
    return out.length > 0 ? Int32Array.from(out) : null;
  });
  const offs = mediator.timeOff
    .filter((t) => t.end > t.start)
    .map((t) => [t.start, t.end] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const offStart: number[] = [];
  const offEnd: number[] = [];
  for (const [s, e] of offs) {
    const last = offEnd.length - 1;
    if (last >= 0 && s <= (offEnd[last] ?? 0)) offEnd[last] = Math.max(offEnd[last] ?? 0, e);
    else {
      offStart.push(s);
      offEnd.push(e);
    }
  }
  return {
    merged,
    raw: raw.map((list) => (list.length > 0 ? Int32Array.from(list) : null)),
    offStart: Float64Array.from(offStart),
    offEnd: Float64Array.from(offEnd),
  };
}

/** Sparse sums of milliseconds per bucket, reused across mediators. */
export class BucketSums {
  readonly values: Float64Array;
  readonly touched: Int32Array;
  count = 0;

  constructor(buckets: number) {
    this.values = new Float64Array(buckets);
    this.touched = new Int32Array(buckets);
  }

  add(bucket: number, ms: number): void {
    if (this.values[bucket] === 0) this.touched[this.count++] = bucket;
    this.values[bucket] = (this.values[bucket] ?? 0) + ms;
  }

  reset(): void {
    for (let i = 0; i < this.count; i++) this.values[this.touched[i] ?? 0] = 0;
    this.count = 0;
  }
}

/**
 * Adds the mediator's available milliseconds within [cal.from, cal.to), minus time off, into
 * `sums`: a piece on day d in time band k goes to bucket `bucketOf[d * 4 + k]`. With `splitBands`
 * false the bands are not told apart (bucketOf must then not depend on k). Returns the total ms.
 */
export function accumulateSupply(
  cal: Calendar,
  prepared: PreparedAvailability,
  bucketOf: Int32Array,
  splitBands: boolean,
  sums: BucketSums,
): number {
  const { from, to, days } = cal;
  const { offStart, offEnd } = prepared;
  const nOff = offStart.length;
  let total = 0;
  const starts: number[] = [];
  const ends: number[] = [];

  const addPiece = (d: number, day: LocalDay, s: number, e: number): void => {
    total += e - s;
    const base = d * 4;
    if (!splitBands) {
      sums.add(bucketOf[base] ?? 0, e - s);
      return;
    }
    const [b1, b2, b3] = day.bands;
    if (s < b1) sums.add(bucketOf[base] ?? 0, Math.min(e, b1) - s);
    if (e > b1 && s < b2) sums.add(bucketOf[base + 1] ?? 0, Math.min(e, b2) - Math.max(s, b1));
    if (e > b2 && s < b3) sums.add(bucketOf[base + 2] ?? 0, Math.min(e, b3) - Math.max(s, b2));
    if (e > b3) sums.add(bucketOf[base + 3] ?? 0, e - Math.max(s, b3));
  };

  const emit = (d: number, day: LocalDay, start: number, end: number): void => {
    const s = Math.max(start, from, day.start);
    const e = Math.min(end, to, day.end);
    if (e <= s) return;
    if (nOff === 0) {
      addPiece(d, day, s, e);
      return;
    }
    // First time off ending after s.
    let lo = 0;
    let hi = nOff;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((offEnd[mid] ?? 0) <= s) lo = mid + 1;
      else hi = mid;
    }
    let cur = s;
    for (let i = lo; i < nOff && (offStart[i] ?? 0) < e; i++) {
      const os = offStart[i] ?? 0;
      if (os > cur) addPiece(d, day, cur, os);
      cur = Math.max(cur, offEnd[i] ?? 0);
      if (cur >= e) break;
    }
    if (cur < e) addPiece(d, day, cur, e);
  };

  for (let d = 0; d < days.length; d++) {
    const day = days[d];
    if (!day) continue;
    if (day.regular) {
      const list = prepared.merged[day.weekday - 1];
      if (!list) continue;
      for (let k = 0; k + 1 < list.length; k += 2) {
        emit(d, day, day.start + (list[k] ?? 0) * MINUTE, localInstant(day, list[k + 1] ?? 0));
      }
      continue;
    }
    const list = prepared.raw[day.weekday - 1];
    if (!list) continue;
    // DST-change day: resolve each rule like luxon, then merge what overlaps.
    starts.length = 0;
    ends.length = 0;
    const order: number[] = [];
    for (let k = 0; k + 1 < list.length; k += 2) {
      const s = localInstant(day, list[k] ?? 0);
      const e = localInstant(day, list[k + 1] ?? 0);
      if (e > s) {
        order.push(starts.length);
        starts.push(s);
        ends.push(e);
      }
    }
    order.sort((a, b) => (starts[a] ?? 0) - (starts[b] ?? 0));
    let curS = NaN;
    let curE = NaN;
    for (const i of order) {
      const s = starts[i] ?? 0;
      const e = ends[i] ?? 0;
      if (curE >= s) curE = Math.max(curE, e);
      else {
        if (curE > curS) emit(d, day, curS, curE);
        curS = s;
        curE = e;
      }
    }
    if (curE > curS) emit(d, day, curS, curE);
  }
  return total;
}

/**
 * Minutes in [from, to) during which the mediator is available (weekly rules in `zone`, DST-correct)
 * and not on time off. Additive: supplyMinutes(m, a, c) = supplyMinutes(m, a, b) + supplyMinutes(m, b, c).
 */
export function supplyMinutes(mediator: Pick<SupplyMediator, 'availability' | 'timeOff'>, from: number, to: number, zone: string): number {
  const cal = buildCalendar(from, to, zone);
  const sums = new BucketSums(1);
  const ms = accumulateSupply(cal, prepareAvailability(mediator), new Int32Array(cal.days.length * 4), false, sums);
  return ms / MINUTE;
}
