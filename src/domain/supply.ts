/**
 * Supply, the first stages of the coverage pipeline: weekly rules expanded on the local days of the
 * period (DST-correct, availability.ts) and clipped to it, then time off taken out.
 */
import { type LocalDay, localDays, rulesOnDays, type WeeklyRule } from './availability.js';
import { clipIntervals, type Interval, MINUTE, mergeIntervals, subtractIntervals } from './intervals.js';

/** An active mediator, as far as supply and coverage need it. */
export interface SupplyMediator {
  id: string;
  /** BCP 47 tags; coverage matches on the primary subtag (ar-MA speaks ar). */
  languages: string[];
  areas: string[];
  sectors: string[];
  /** Weekly rules in wall-clock time of the report's zone. */
  availability: WeeklyRule[];
  /** Epoch ms, half-open. */
  timeOff: Interval[];
}

/** Stage 1: weekly rules on `days` (the local days of `period`), within `period`; sorted and merged. */
export function weeklyAvailability(rules: readonly WeeklyRule[], days: readonly LocalDay[], period: Interval): Interval[] {
  return mergeIntervals(clipIntervals(rulesOnDays(rules, days), period));
}

/** Stage 2: the weekly availability less time off; sorted and merged. */
export function availableIntervals(weekly: readonly Interval[], timeOff: readonly Interval[]): readonly Interval[] {
  return timeOff.length === 0 ? weekly : subtractIntervals(weekly, timeOff);
}

/** Milliseconds covered by disjoint intervals. */
export function durationMs(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.end - i.start), 0);
}

/**
 * Minutes in [from, to) during which the mediator is available by their weekly rules in `zone`, less
 * time off. Additive: supplyMinutes(m, a, c) = supplyMinutes(m, a, b) + supplyMinutes(m, b, c).
 * @example supplyMinutes({ availability: [{ weekday: 7, start: '01:00', end: '04:00' }], timeOff: [] }, sat, mon, 'Europe/Rome') // 120 on 29 March 2026
 */
export function supplyMinutes(m: Pick<SupplyMediator, 'availability' | 'timeOff'>, from: number, to: number, zone: string): number {
  const period = { start: from, end: to };
  return durationMs(availableIntervals(weeklyAvailability(m.availability, localDays(zone, from, to), period), m.timeOff)) / MINUTE;
}
