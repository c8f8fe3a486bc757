/** Half-open instant interval [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorts and joins touching or overlapping intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else merged.push({ start: i.start, end: i.end });
  }
  return merged;
}

/** True when one interval of a merged list contains the whole of `needed`. */
export function covers(merged: readonly Interval[], needed: Interval): boolean {
  return merged.some((i) => i.start <= needed.start && i.end >= needed.end);
}

/** Removes `busy` from `free`; both lists may be unsorted. The result is sorted and merged. */
export function subtractIntervals(free: readonly Interval[], busy: readonly Interval[]): Interval[] {
  const taken = mergeIntervals(busy);
  const result: Interval[] = [];
  let first = 0;
  for (const f of mergeIntervals(free)) {
    let start = f.start;
    while ((taken[first]?.end ?? Infinity) <= start) first++;
    for (let k = first; k < taken.length; k++) {
      const t = taken[k] as Interval;
      if (t.start >= f.end) break;
      if (t.start > start) result.push({ start, end: t.start });
      start = Math.max(start, t.end);
    }
    if (start < f.end) result.push({ start, end: f.end });
  }
  return result;
}

/** The parts of `intervals` inside `window`. */
export function clipIntervals(intervals: readonly Interval[], window: Interval): Interval[] {
  const clipped: Interval[] = [];
  for (const i of intervals) {
    if (i.start >= window.start && i.end <= window.end) clipped.push(i);
    else if (i.end > window.start && i.start < window.end) clipped.push({ start: Math.max(i.start, window.start), end: Math.min(i.end, window.end) });
  }
  return clipped;
}

export function totalMinutes(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).reduce((sum, i) => sum + (i.end - i.start) / MINUTE, 0);
}
