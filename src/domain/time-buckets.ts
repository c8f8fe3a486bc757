/**
 * The coverage report's time dimensions (ISO week, weekday and time band of the local start) and the
 * last stage of the supply pipeline: available intervals cut into the report's time buckets.
 */
import { type LocalDay, localDays } from './availability.js';
import type { Interval } from './intervals.js';

export const TIME_BANDS = ['night', 'morning', 'afternoon', 'evening'] as const;
export type TimeBand = (typeof TIME_BANDS)[number];
export type TimeDimension = 'week' | 'weekday' | 'timeBand';

/** Local wall-clock minutes at which the morning, afternoon and evening bands begin. */
const BAND_STARTS = [6 * 60, 12 * 60, 18 * 60];

/** The values of a time bucket in the dimensions the report is grouped by. */
export interface TimeKey {
  week?: string;
  weekday?: number;
  timeBand?: TimeBand;
}

/** A local day of the report, cut where its time bucket changes. */
export interface ReportDay extends LocalDay {
  /** ISO 8601 week of the date, like "2026-W13". */
  week: string;
  /** Where the day's pieces begin: its start, then local 06:00, 12:00 and 18:00 when grouped by time band. */
  cuts: number[];
  /** The time bucket of each piece, an index into `TimeBuckets.keys`. */
  buckets: number[];
}

/** The days of a report's period and its time buckets, numbered in order of appearance. */
export interface TimeBuckets {
  days: ReportDay[];
  keys: TimeKey[];
}

/**
 * The local days of [from, to) in `zone` and the time buckets of the dimensions `dims`; without
 * any, the whole period is one bucket.
 * @example timeBuckets('Europe/Rome', at('2026-12-28T00:00'), at('2027-01-11T00:00'), new Set(['week'])).keys // [{ week: '2026-W53' }, { week: '2027-W01' }]
 */
export function timeBuckets(zone: string, from: number, to: number, dims: ReadonlySet<TimeDimension> = new Set()): TimeBuckets {
  const keys: TimeKey[] = [];
  const numbers = new Map<string, number>();
  const bucketOf = (key: TimeKey): number => {
    const id = JSON.stringify(key);
    const known = numbers.get(id);
    if (known !== undefined) return known;
    numbers.set(id, keys.length);
    return keys.push(key) - 1;
  };
  const days = localDays(zone, from, to).map((day): ReportDay => {
    const week = `${day.date.weekYear}-W${String(day.date.weekNumber).padStart(2, '0')}`;
    const bands = dims.has('timeBand') ? [...TIME_BANDS] : [undefined];
    return {
      ...day,
      week,
      cuts: dims.has('timeBand') ? [day.start, ...BAND_STARTS.map((minutes) => day.at(minutes))] : [day.start],
      buckets: bands.map((timeBand) => {
        const key: TimeKey = {};
        if (dims.has('week')) key.week = week;
        if (dims.has('weekday')) key.weekday = day.weekday;
        if (timeBand) key.timeBand = timeBand;
        return bucketOf(key);
      }),
    };
  });
  return { days, keys };
}

/** The bucket holding `instant`, one of the instants of `days` (in order). */
export function bucketAt(days: readonly ReportDay[], instant: number): number {
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((days[mid]?.start ?? Infinity) <= instant) lo = mid;
    else hi = mid - 1;
  }
  const day = days[lo];
  if (!day) return 0;
  let piece = 0;
  while ((day.cuts[piece + 1] ?? Infinity) <= instant) piece++;
  return day.buckets[piece] ?? 0;
}

/** Milliseconds of sorted, disjoint `intervals` per bucket: each interval is cut into the pieces of the days it spans. */
export function cutIntoBuckets(intervals: readonly Interval[], { days, keys }: TimeBuckets): Float64Array {
  const sums = new Float64Array(keys.length);
  let first = 0;
  for (const { start, end } of intervals) {
    while ((days[first]?.end ?? Infinity) <= start) first++;
    for (let d = first; d < days.length && (days[d] as ReportDay).start < end; d++) {
      const { cuts, buckets, end: dayEnd } = days[d] as ReportDay;
      for (let k = 0; k < cuts.length; k++) {
        const piece = Math.min(end, cuts[k + 1] ?? dayEnd) - Math.max(start, cuts[k] ?? dayEnd);
        const bucket = buckets[k] ?? 0;
        if (piece > 0) sums[bucket] = (sums[bucket] ?? 0) + piece;
      }
    }
  }
  return sums;
}
