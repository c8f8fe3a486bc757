/**
 * The coverage report's time dimensions (ISO week, weekday and time band of the local start) and the
 * last stage of the supply pipeline: available intervals cut into the report's time buckets.
 */
import { atWallClock, type LocalDay, localDays } from './availability.js';
import type { Interval } from './intervals.js';

export const TIME_BANDS = ['night', 'morning', 'afternoon', 'evening'] as const;
export type TimeBand = (typeof TIME_BANDS)[number];
export type TimeDimension = 'week' | 'weekday' | 'timeBand';

/** Local wall-clock minutes at which the morning, afternoon and evening bands begin. */
const BAND_STARTS = [6 * 60, 12 * 60, 18 * 60];

/** A local day of the report, with its ISO week and the instants where its time bands begin. */
export interface ReportDay extends LocalDay {
  /** ISO 8601 week of the date, like "2026-W13". */
  week: string;
  /** Instants of local 06:00, 12:00 and 18:00. */
  bandStarts: number[];
}

/** The values of a time bucket in the dimensions the report is grouped by. */
export interface TimeKey {
  week?: string;
  weekday?: number;
  timeBand?: TimeBand;
}

/**
 * The local days of [from, to) in `zone`, ready to be cut into buckets.
 * @example reportDays('Europe/Rome', at('2026-12-31T00:00'), at('2027-01-01T00:00'))[0]?.week // '2026-W53'
 */
export function reportDays(zone: string, from: number, to: number): ReportDay[] {
  return localDays(zone, from, to).map((day) => ({
    ...day,
    week: `${day.date.weekYear}-W${String(day.date.weekNumber).padStart(2, '0')}`,
    bandStarts: BAND_STARTS.map((minutes) => atWallClock(day, minutes)),
  }));
}

/** Index in TIME_BANDS of the band holding `instant` on `day`. */
function bandOf(day: ReportDay, instant: number): number {
  return day.bandStarts.filter((start) => start <= instant).length;
}

/** A time bucket's id: the same for every instant of the bucket, "||" for the whole period. */
function bucketId(day: ReportDay, band: number, dims: ReadonlySet<TimeDimension>): string {
  return `${dims.has('week') ? day.week : ''}|${dims.has('weekday') ? day.weekday : ''}|${dims.has('timeBand') ? band : ''}`;
}

/** The values of the bucket with this id. */
export function timeKeyOf(id: string): TimeKey {
  const [week = '', weekday = '', band = ''] = id.split('|');
  const key: TimeKey = {};
  if (week) key.week = week;
  if (weekday) key.weekday = Number(weekday);
  if (band) key.timeBand = TIME_BANDS[Number(band)];
  return key;
}

/** The day of `days` (in order) holding `instant`. */
function dayOf(days: readonly ReportDay[], instant: number): ReportDay | undefined {
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((days[mid]?.start ?? Infinity) <= instant) lo = mid;
    else hi = mid - 1;
  }
  const day = days[lo];
  return day && day.start <= instant && instant < day.end ? day : undefined;
}

const WHOLE_PERIOD = '||';

/** The id of the bucket holding `instant` (in one of `days`), in the time dimensions grouped by. */
export function bucketAt(days: readonly ReportDay[], instant: number, dims: ReadonlySet<TimeDimension>): string {
  const day = dims.size === 0 ? undefined : dayOf(days, instant);
  return day ? bucketId(day, bandOf(day, instant), dims) : WHOLE_PERIOD;
}

/**
 * Milliseconds of sorted, disjoint `intervals` per bucket id (see `bucketAt`): each interval is cut at
 * the local midnights and, when grouped by time band, at local 06:00, 12:00 and 18:00.
 */
export function cutIntoBuckets(intervals: readonly Interval[], days: readonly ReportDay[], dims: ReadonlySet<TimeDimension>): Map<string, number> {
  const sums = new Map<string, number>();
  const add = (id: string, ms: number) => sums.set(id, (sums.get(id) ?? 0) + ms);
  let first = 0;
  for (const { start, end } of intervals) {
    if (dims.size === 0) {
      add(WHOLE_PERIOD, end - start);
      continue;
    }
    while ((days[first]?.end ?? Infinity) <= start) first++;
    for (let d = first; d < days.length; d++) {
      const day = days[d] as ReportDay;
      if (day.start >= end) break;
      const s = Math.max(start, day.start);
      const e = Math.min(end, day.end);
      if (!dims.has('timeBand')) {
        add(bucketId(day, 0, dims), e - s);
        continue;
      }
      const edges = [day.start, ...day.bandStarts, day.end];
      for (let band = 0; band < TIME_BANDS.length; band++) {
        const piece = Math.min(e, edges[band + 1] ?? e) - Math.max(s, edges[band] ?? s);
        if (piece > 0) add(bucketId(day, band, dims), piece);
      }
    }
  }
  return sums;
}
