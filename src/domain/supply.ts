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
  /** 1 for an ordinary day: 24 hours, the same UTC offset at both midnights. */
  ordinary: Uint8Array;
}

/** ISO 8601 week label ("2026-W13") of a local date given as days since 1970-01-01 and its weekday. */
function isoWeekOf(localDays: number, weekday: number): string {
  const thursday = localDays - (weekday - 1) + 3;
  const year = new Date(thursday * DAY).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
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
    ordinary: Uint8Array.from(starts, (_, d) => (irregular.has(d) ? 0 : 1)),
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
  /** Per weekday: the rules as text, to share the expansion of special days between mediators. */
  rawKey: string[];
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
    rawKey: raw.map((list) => list.join(',')),
    bandMs,
    dayMs,
    offStart: Float64Array.from(offStart),
    offEnd: Float64Array.from(offEnd),
  };
}

/**
 * The ordinary whole days of the period, grouped by weekday and time buckets, so that a mediator's
 * weekly pattern is multiplied out instead of walked day by day. The other days (cut by the
 * period's ends, or DST-change days) are listed apart and expanded one by one.
 */
export interface DayPlan {
  /** Per group g: weekday index 0–6, its four band buckets at [4g … 4g + 3], and how many days. */
  weekday: Uint8Array;
  buckets: Int32Array;
  days: Float64Array;
  /** 1 when day d is in a group. */
  grouped: Uint8Array;
  /** The days in no group. */
  special: Int32Array;
  /** Band milliseconds of a special day for a weekday's rules ("day|rules"), shared by mediators with the same rules. */
  cache: Map<string, Float64Array>;
}

export function planDays(cal: Calendar, bucketOf: Int32Array): DayPlan {
  const index = new Map<string, number>();
  const weekday: number[] = [];
  const buckets: number[] = [];
  const days: number[] = [];
  const grouped = new Uint8Array(cal.length);
  const special: number[] = [];
  for (let d = 0; d < cal.length; d++) {
    if (cal.ordinary[d] !== 1 || (cal.start[d] ?? 0) < cal.from || (cal.end[d] ?? 0) > cal.to) {
      special.push(d);
      continue;
    }
    grouped[d] = 1;
    const wd = (cal.weekday[d] ?? 1) - 1;
    const b = [bucketOf[d * 4] ?? 0, bucketOf[d * 4 + 1] ?? 0, bucketOf[d * 4 + 2] ?? 0, bucketOf[d * 4 + 3] ?? 0];
    const key = `${wd},${b.join(',')}`;
    let g = index.get(key);
    if (g === undefined) {
      g = weekday.length;
      index.set(key, g);
      weekday.push(wd);
      buckets.push(...b);
      days.push(0);
    }
    days[g] = (days[g] ?? 0) + 1;
  }
  return {
    weekday: Uint8Array.from(weekday),
    buckets: Int32Array.from(buckets),
    days: Float64Array.from(days),
    grouped,
    special: Int32Array.from(special),
    cache: new Map(),
  };
}

/** Sparse sums of milliseconds per bucket, reused across mediators. */
export class BucketSums {
  readonly values: Float64Array;
  readonly touched: Int32Array;
  private readonly marked: Uint8Array;
  count = 0;

  constructor(buckets: number) {
    this.values = new Float64Array(buckets);
    this.touched = new Int32Array(buckets);
    this.marked = new Uint8Array(buckets);
  }

  /** Adds (or, negative, takes back) milliseconds. */
  add(bucket: number, ms: number): void {
    if (ms === 0) return;
    if (this.marked[bucket] === 0) {
      this.marked[bucket] = 1;
      this.touched[this.count++] = bucket;
    }
    this.values[bucket] = (this.values[bucket] ?? 0) + ms;
  }

  reset(): void {
    for (let i = 0; i < this.count; i++) {
      const b = this.touched[i] ?? 0;
      this.values[b] = 0;
      this.marked[b] = 0;
    }
    this.count = 0;
  }
}

/** Adds day d's band milliseconds (`parts`, or −`parts` with sign −1) to its buckets; returns their sum. */
function addDay(sums: BucketSums, bucketOf: Int32Array, d: number, parts: ArrayLike<number>, at: number, splitBands: boolean, sign: number): number {
  const p0 = parts[at] ?? 0;
  const p1 = parts[at + 1] ?? 0;
  const p2 = parts[at + 2] ?? 0;
  const p3 = parts[at + 3] ?? 0;
  if (splitBands) {
    sums.add(bucketOf[d * 4] ?? 0, sign * p0);
    sums.add(bucketOf[d * 4 + 1] ?? 0, sign * p1);
    sums.add(bucketOf[d * 4 + 2] ?? 0, sign * p2);
    sums.add(bucketOf[d * 4 + 3] ?? 0, sign * p3);
  } else {
    sums.add(bucketOf[d * 4] ?? 0, sign * (p0 + p1 + p2 + p3));
  }
  return p0 + p1 + p2 + p3;
}

/** True when some time off overlaps [start, end). */
function offDuring(prepared: PreparedAvailability, start: number, end: number): boolean {
  const { offStart, offEnd } = prepared;
  let lo = 0;
  let hi = offStart.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offEnd[mid] ?? 0) <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < offStart.length && (offStart[lo] ?? 0) < end;
}

/**
 * Adds the mediator's available milliseconds within [cal.from, cal.to), minus time off, into
 * `sums`: a piece on day d in time band k goes to bucket `bucketOf[d * 4 + k]` (the same `bucketOf`
 * the plan was made with). With `splitBands` false the bands are not told apart (bucketOf must then
 * not depend on k). Returns the total ms.
 */
export function accumulateSupply(
  cal: Calendar,
  plan: DayPlan,
  prepared: PreparedAvailability,
  bucketOf: Int32Array,
  splitBands: boolean,
  sums: BucketSums,
): number {
  const { offStart, offEnd, bandMs, dayMs } = prepared;
  const parts = new Float64Array(4);
  let total = 0;
  // Ordinary whole days: the weekday's minutes times the number of such days per bucket.
  for (let g = 0; g < plan.weekday.length; g++) {
    const wd = plan.weekday[g] ?? 0;
    const ms = dayMs[wd] ?? 0;
    if (ms === 0) continue;
    const n = plan.days[g] ?? 0;
    if (splitBands) {
      for (let k = 0; k < 4; k++) sums.add(plan.buckets[g * 4 + k] ?? 0, n * (bandMs[wd * 4 + k] ?? 0));
    } else {
      sums.add(plan.buckets[g * 4] ?? 0, n * ms);
    }
    total += n * ms;
  }
  // Days cut by the period's ends or by a DST change: the same for every mediator with the same rules, unless on time off.
  for (let s = 0; s < plan.special.length; s++) {
    const d = plan.special[s] ?? 0;
    const wd = (cal.weekday[d] ?? 1) - 1;
    if (!prepared.raw[wd]) continue;
    if (offStart.length > 0 && offDuring(prepared, cal.start[d] ?? 0, cal.end[d] ?? 0)) {
      parts.fill(0);
      dayBands(cal, d, prepared, parts);
      total += addDay(sums, bucketOf, d, parts, 0, splitBands, 1);
      continue;
    }
    const key = `${d}|${prepared.rawKey[wd] ?? ''}`;
    let shared = plan.cache.get(key);
    if (!shared) {
      shared = new Float64Array(4);
      dayBands(cal, d, prepared, shared);
      plan.cache.set(key, shared);
    }
    total += addDay(sums, bucketOf, d, shared, 0, splitBands, 1);
  }
  // Ordinary days touched by time off: take the whole day back; expand again the ones partly off.
  let last = -1;
  for (let i = 0; i < offStart.length; i++) {
    const os = offStart[i] ?? 0;
    const oe = offEnd[i] ?? 0;
    for (let d = Math.max(firstDayEndingAfter(cal, os), last + 1); d < cal.length && (cal.start[d] ?? 0) < oe; d++) {
      last = d;
      if (plan.grouped[d] !== 1) continue;
      const wd = (cal.weekday[d] ?? 1) - 1;
      if ((dayMs[wd] ?? 0) === 0) continue;
      total -= addDay(sums, bucketOf, d, bandMs, wd * 4, splitBands, -1);
      if (os <= (cal.start[d] ?? 0) && oe >= (cal.end[d] ?? 0)) continue; // off all day
      parts.fill(0);
      dayBands(cal, d, prepared, parts);
      total += addDay(sums, bucketOf, d, parts, 0, splitBands, 1);
    }
  }
  return total;
}

/** The first day whose end is after `instant` (the day holding it, or the first day when before). */
function firstDayEndingAfter(cal: Calendar, instant: number): number {
  let lo = 0;
  let hi = cal.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cal.end[mid] ?? 0) <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds the piece [s, e) of day d to the four band totals in `out`. */
function addToBands(cal: Calendar, d: number, s: number, e: number, out: Float64Array): void {
  const b1 = cal.bandStart[d * 3] ?? 0;
  const b2 = cal.bandStart[d * 3 + 1] ?? 0;
  const b3 = cal.bandStart[d * 3 + 2] ?? 0;
  if (s < b1) out[0] = (out[0] ?? 0) + Math.min(e, b1) - s;
  if (e > b1 && s < b2) out[1] = (out[1] ?? 0) + Math.min(e, b2) - Math.max(s, b1);
  if (e > b2 && s < b3) out[2] = (out[2] ?? 0) + Math.min(e, b3) - Math.max(s, b2);
  if (e > b3) out[3] = (out[3] ?? 0) + e - Math.max(s, b3);
}

/**
 * Day d interval by interval, into band milliseconds: the day's rules (resolved one by one like
 * luxon on a DST-change day), within the period and the day, less time off.
 */
function dayBands(cal: Calendar, d: number, prepared: PreparedAvailability, out: Float64Array): void {
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
      if (os > cur) addToBands(cal, d, cur, os, out);
      cur = Math.max(cur, offEnd[j] ?? 0);
    }
    if (cur < e) addToBands(cal, d, cur, e, out);
  }
}

/**
 * Minutes in [from, to) during which the mediator is available (weekly rules in `zone`, DST-correct)
 * and not on time off. Additive: supplyMinutes(m, a, c) = supplyMinutes(m, a, b) + supplyMinutes(m, b, c).
 */
export function supplyMinutes(mediator: Pick<SupplyMediator, 'availability' | 'timeOff'>, from: number, to: number, zone: string): number {
  const cal = buildCalendar(from, to, zone);
  const bucketOf = new Int32Array(cal.length * 4);
  const ms = accumulateSupply(cal, planDays(cal, bucketOf), prepareAvailability(mediator), bucketOf, false, new BucketSums(1));
  return ms / MINUTE;
}
