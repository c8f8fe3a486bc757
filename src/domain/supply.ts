/**
 * Supply: how many minutes mediators are available, expanded from weekly wall-clock rules, fast
 * enough for a year × thousands of mediators.
 *
 * The expensive part of wall-clock arithmetic is asking the time-zone database. Here it is asked
 * about once per local day of the period (the UTC offset at the next midnight), once for all
 * mediators. On an ordinary day (the offset is the same at both midnights, so the day is 24 hours)
 * a wall-clock time HH:MM is simply midnight + HH:MM, and the weekday and ISO week follow from the
 * local date by arithmetic. On a DST-change day each distinct HH:MM is resolved with luxon's
 * `DateTime.set`, exactly as `expandWeeklyRules` (availability.ts) does, and cached for every
 * mediator: a time in the skipped hour moves forward by the change, a time in the repeated hour is
 * its first occurrence.
 *
 * Pure: no I/O and no clock; runs on Node and on Cloudflare Workers.
 */
import { DateTime, IANAZone } from 'luxon';
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

/** A DST-change day, resolved through luxon. */
interface IrregularDay {
  dt: DateTime;
  cache: Map<number, number>;
}

/**
 * The local days overlapping [from, to) in `zone`, computed once and shared by every mediator and
 * request. Day d runs from `start[d]` (local midnight) to `end[d]` (the next local midnight).
 */
export interface Calendar {
  from: number;
  to: number;
  zone: string;
  length: number;
  start: Float64Array;
  end: Float64Array;
  /** 1 = Monday … 7 = Sunday. */
  weekday: Uint8Array;
  /** Index into `weeks`. */
  weekIndex: Int32Array;
  /** ISO week labels ("2026-W13") in order. */
  weeks: string[];
  /** Instants of local 06:00, 12:00 and 18:00 of day d at [3d], [3d + 1], [3d + 2]: where the time bands change. */
  bandStart: Float64Array;
  /** DST-change days (the UTC offset differs at the two midnights), by day index. */
  irregular: Map<number, IrregularDay>;
}

/** ISO 8601 week label ("2026-W13") of a local date given as days since 1970-01-01 and its weekday. */
function isoWeekOf(localDays: number, weekday: number): string {
  const thursday = localDays - (weekday - 1) + 3;
  const year = new Date(thursday * DAY).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** ISO 8601 week label of the local date of `instant` in `zone`: 2026-12-31 → "2026-W53", 2027-01-04 → "2027-W01". */
export function isoWeekLabel(instant: number, zone: string): string {
  const dt = DateTime.fromMillis(instant, { zone });
  return `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`;
}

export function buildCalendar(from: number, to: number, zone: string): Calendar {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('from and to must be finite epoch milliseconds');
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new RangeError(`unknown time zone ${zone}`);
  const starts: number[] = [];
  const ends: number[] = [];
  const weekdays: number[] = [];
  const weekIndex: number[] = [];
  const weeks: string[] = [];
  const irregular = new Map<number, IrregularDay>();
  if (to > from) {
    let start = DateTime.fromMillis(from, { zone }).startOf('day').toMillis();
    let offset = tz.offset(start);
    while (start < to) {
      let end = start + DAY;
      let nextOffset = tz.offset(end);
      if (nextOffset !== offset) {
        const dt = DateTime.fromMillis(start, { zone });
        end = dt.plus({ days: 1 }).startOf('day').toMillis();
        nextOffset = tz.offset(end);
        irregular.set(starts.length, { dt, cache: new Map() });
      }
      if (!(end > start)) throw new RangeError(`cannot step through the days of ${zone}`);
      const localDays = Math.floor((start + offset * MINUTE) / DAY);
      const weekday = ((((localDays + 3) % 7) + 7) % 7) + 1;
      if (weekday === 1 || weeks.length === 0) {
        const label = isoWeekOf(localDays, weekday);
        if (weeks[weeks.length - 1] !== label) weeks.push(label);
      }
      starts.push(start);
      ends.push(end);
      weekdays.push(weekday);
      weekIndex.push(weeks.length - 1);
      start = end;
      offset = nextOffset;
    }
  }
  const cal: Calendar = {
    from,
    to,
    zone,
    length: starts.length,
    start: Float64Array.from(starts),
    end: Float64Array.from(ends),
    weekday: Uint8Array.from(weekdays),
    weekIndex: Int32Array.from(weekIndex),
    weeks,
    bandStart: new Float64Array(starts.length * 3),
    irregular,
  };
  for (let d = 0; d < cal.length; d++) {
    for (let k = 0; k < 3; k++) cal.bandStart[d * 3 + k] = localInstant(cal, d, BAND_STARTS[k] ?? 0);
  }
  return cal;
}

/**
 * The instant of wall-clock `minutes` after midnight on day `d`, resolved like `expandWeeklyRules`:
 * 24:00 (or later) is the next local midnight, anything else is luxon's `day.set({ hour, minute })`.
 */
export function localInstant(cal: Calendar, d: number, minutes: number): number {
  if (minutes >= MINUTES_PER_DAY) return cal.end[d] ?? NaN;
  const odd = cal.irregular.size > 0 ? cal.irregular.get(d) : undefined;
  if (!odd) return (cal.start[d] ?? NaN) + minutes * MINUTE;
  let instant = odd.cache.get(minutes);
  if (instant === undefined) {
    instant = odd.dt.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
    odd.cache.set(minutes, instant);
  }
  return instant;
}

/** Index of the local day holding `instant`, or -1 when it is outside the calendar. */
export function dayIndexOf(cal: Calendar, instant: number): number {
  const starts = cal.start;
  if (cal.length === 0 || !(instant >= (starts[0] ?? Infinity))) return -1;
  let lo = 0;
  let hi = cal.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? Infinity) <= instant) lo = mid;
    else hi = mid - 1;
  }
  return instant < (cal.end[lo] ?? -Infinity) ? lo : -1;
}

/** 0 night (00–06), 1 morning (06–12), 2 afternoon (12–18), 3 evening (18–24), by local time on day `d`. */
export function bandOf(cal: Calendar, d: number, instant: number): number {
  const b = cal.bandStart;
  return instant < (b[d * 3] ?? 0) ? 0 : instant < (b[d * 3 + 1] ?? 0) ? 1 : instant < (b[d * 3 + 2] ?? 0) ? 2 : 3;
}

/** A mediator's availability in a form that expands quickly. */
export interface PreparedAvailability {
  /** Per weekday (index weekday − 1): rules as [start, end, …] minutes, sorted and merged; for ordinary days. */
  merged: Array<Int32Array | null>;
  /** Per weekday: every rule as written, for DST-change days where each rule is resolved on its own. */
  raw: Array<Int32Array | null>;
  /** Per weekday × band: milliseconds on an ordinary whole day ([wd * 4 + band]). */
  bandMs: Float64Array;
  /** Per weekday: milliseconds on an ordinary whole day. */
  dayMs: Float64Array;
  /** Time off, merged and sorted. */
  offStart: Float64Array;
  offEnd: Float64Array;
}

/** "HH:MM" → minutes, memoised per report (mediators share a handful of boundaries). */
export type MinutesCache = Map<string, number>;

export function prepareAvailability(
  mediator: Pick<SupplyMediator, 'availability' | 'timeOff'>,
  minutesCache: MinutesCache = new Map(),
): PreparedAvailability {
  const parse = (hhmm: string): number => {
    let m = minutesCache.get(hhmm);
    if (m === undefined) {
      m = Math.min(minutesOfDay(hhmm), MINUTES_PER_DAY);
      minutesCache.set(hhmm, m);
    }
    return m;
  };
  const raw: number[][] = [[], [], [], [], [], [], []];
  for (const rule of mediator.availability) {
    const list = Number.isInteger(rule.weekday) ? raw[rule.weekday - 1] : undefined;
    const start = parse(rule.start);
    const end = parse(rule.end);
    if (!list || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < 0) continue;
    list.push(start, end);
  }
  const bandMs = new Float64Array(28);
  const dayMs = new Float64Array(7);
  const merged = raw.map((list, wd) => {
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
    for (let i = 0; i + 1 < out.length; i += 2) {
      const s = out[i] ?? 0;
      const e = out[i + 1] ?? 0;
      dayMs[wd] = (dayMs[wd] ?? 0) + (e - s) * MINUTE;
      const edges = [0, ...BAND_STARTS, MINUTES_PER_DAY];
      for (let k = 0; k < 4; k++) {
        const overlap = Math.min(e, edges[k + 1] ?? 0) - Math.max(s, edges[k] ?? 0);
        if (overlap > 0) bandMs[wd * 4 + k] = (bandMs[wd * 4 + k] ?? 0) + overlap * MINUTE;
      }
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
    bandMs,
    dayMs,
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
    if (ms <= 0) return;
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
  const { from, to } = cal;
  const { offStart, offEnd, bandMs, dayMs, raw } = prepared;
  const nOff = offStart.length;
  let total = 0;
  let oi = 0;
  for (let d = 0; d < cal.length; d++) {
    const wd = (cal.weekday[d] ?? 1) - 1;
    if (!raw[wd]) continue;
    const dayStart = cal.start[d] ?? 0;
    const dayEnd = cal.end[d] ?? 0;
    while (oi < nOff && (offEnd[oi] ?? 0) <= dayStart) oi++;
    const offToday = oi < nOff && (offStart[oi] ?? 0) < dayEnd;
    if (!offToday && dayStart >= from && dayEnd <= to && !cal.irregular.has(d)) {
      // An ordinary whole day without time off: the weekday's precomputed minutes.
      const base = d * 4;
      if (splitBands) {
        for (let k = 0; k < 4; k++) sums.add(bucketOf[base + k] ?? 0, bandMs[wd * 4 + k] ?? 0);
      } else {
        sums.add(bucketOf[base] ?? 0, dayMs[wd] ?? 0);
      }
      total += dayMs[wd] ?? 0;
    } else {
      total += partialDay(cal, d, prepared, bucketOf, splitBands, sums);
    }
  }
  return total;
}

/** A day cut by the period's ends, time off or a DST change: interval by interval. */
function partialDay(cal: Calendar, d: number, prepared: PreparedAvailability, bucketOf: Int32Array, splitBands: boolean, sums: BucketSums): number {
  const wd = (cal.weekday[d] ?? 1) - 1;
  const starts: number[] = [];
  const ends: number[] = [];
  if (!cal.irregular.has(d)) {
    const list = prepared.merged[wd];
    for (let k = 0; list && k + 1 < list.length; k += 2) {
      starts.push(localInstant(cal, d, list[k] ?? 0));
      ends.push(localInstant(cal, d, list[k + 1] ?? 0));
    }
  } else {
    // DST-change day: resolve each rule like luxon, then merge what overlaps.
    const list = prepared.raw[wd];
    const pairs: Array<[number, number]> = [];
    for (let k = 0; list && k + 1 < list.length; k += 2) {
      const s = localInstant(cal, d, list[k] ?? 0);
      const e = localInstant(cal, d, list[k + 1] ?? 0);
      if (e > s) pairs.push([s, e]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    for (const [s, e] of pairs) {
      const last = ends.length - 1;
      if (last >= 0 && s <= (ends[last] ?? 0)) ends[last] = Math.max(ends[last] ?? 0, e);
      else {
        starts.push(s);
        ends.push(e);
      }
    }
  }
  const dayStart = cal.start[d] ?? 0;
  const dayEnd = cal.end[d] ?? 0;
  const { offStart, offEnd } = prepared;
  const nOff = offStart.length;
  let total = 0;
  const add = (s: number, e: number): void => {
    total += e - s;
    const base = d * 4;
    if (!splitBands) {
      sums.add(bucketOf[base] ?? 0, e - s);
      return;
    }
    const b1 = cal.bandStart[d * 3] ?? 0;
    const b2 = cal.bandStart[d * 3 + 1] ?? 0;
    const b3 = cal.bandStart[d * 3 + 2] ?? 0;
    if (s < b1) sums.add(bucketOf[base] ?? 0, Math.min(e, b1) - s);
    if (e > b1 && s < b2) sums.add(bucketOf[base + 1] ?? 0, Math.min(e, b2) - Math.max(s, b1));
    if (e > b2 && s < b3) sums.add(bucketOf[base + 2] ?? 0, Math.min(e, b3) - Math.max(s, b2));
    if (e > b3) sums.add(bucketOf[base + 3] ?? 0, e - Math.max(s, b3));
  };
  for (let i = 0; i < starts.length; i++) {
    const s = Math.max(starts[i] ?? 0, cal.from, dayStart);
    const e = Math.min(ends[i] ?? 0, cal.to, dayEnd);
    if (e <= s) continue;
    // First time off ending after s, then cut out every time off that starts before e.
    let lo = 0;
    let hi = nOff;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((offEnd[mid] ?? 0) <= s) lo = mid + 1;
      else hi = mid;
    }
    let cur = s;
    for (let j = lo; j < nOff && (offStart[j] ?? 0) < e && cur < e; j++) {
      const os = offStart[j] ?? 0;
      if (os > cur) add(cur, os);
      cur = Math.max(cur, offEnd[j] ?? 0);
    }
    if (cur < e) add(cur, e);
  }
  return total;
}

/**
 * Minutes in [from, to) during which the mediator is available (weekly rules in `zone`, DST-correct)
 * and not on time off. Additive: supplyMinutes(m, a, c) = supplyMinutes(m, a, b) + supplyMinutes(m, b, c).
 */
export function supplyMinutes(mediator: Pick<SupplyMediator, 'availability' | 'timeOff'>, from: number, to: number, zone: string): number {
  const cal = buildCalendar(from, to, zone);
  const ms = accumulateSupply(cal, prepareAvailability(mediator), new Int32Array(cal.length * 4), false, new BucketSums(1));
  return ms / MINUTE;
}
