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
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

/** True when one interval of a merged list contains the whole of `needed`. */
export function covers(merged: readonly Interval[], needed: Interval): boolean {
  return merged.some((i) => i.start <= needed.start && i.end >= needed.end);
}

/** Removes `busy` from `free`; both lists may be unsorted. */
export function subtractIntervals(free: readonly Interval[], busy: readonly Interval[]): Interval[] {
  let result = mergeIntervals(free);
  for (const b of mergeIntervals(busy)) {
    result = result.flatMap((f) => {
      if (!overlaps(f, b)) return [f];
      const parts: Interval[] = [];
      if (f.start < b.start) parts.push({ start: f.start, end: b.start });
      if (b.end < f.end) parts.push({ start: b.end, end: f.end });
      return parts;
    });
  }
  return result;
}

export function totalMinutes(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).reduce((sum, i) => sum + (i.end - i.start) / MINUTE, 0);
}
