import { DateTime } from 'luxon';
import { InvalidError } from './errors.js';

/** The most occurrences one series may have, and how far ahead its last one may be. */
export const SERIES_MAX_OCCURRENCES = 60;

/** Weekly, or every `interval` weeks, on the given ISO weekdays (1 = Monday), until a local date or for a count. */
export interface Recurrence {
  interval: number;
  weekdays: readonly number[];
  /** YYYY-MM-DD in the zone, included. */
  until?: string | undefined;
  count?: number | undefined;
}

/**
 * The occurrences' starts: the first is `start` (on one of the weekdays); the others fall on the
 * weekdays of every `interval`-th ISO week from the start's, at the start's wall-clock time in `zone`
 * (so 09:00 stays 09:00 across DST). More than 60 or beyond a year from the start → InvalidError.
 * e.g. expandRecurrence(mon 09:00, { interval: 1, weekdays: [1, 4], count: 4 }, 'Europe/Rome') → Mon, Thu, Mon, Thu 09:00.
 */
export function expandRecurrence(start: number, r: Recurrence, zone: string): number[] {
  if ((r.until === undefined) === (r.count === undefined)) throw new InvalidError('recurrence', 'Give either until or count.');
  if (r.count !== undefined && r.count > SERIES_MAX_OCCURRENCES) {
    throw new InvalidError('recurrence.count', `A series has at most ${SERIES_MAX_OCCURRENCES} occurrences.`, 'series_too_long');
  }
  const first = DateTime.fromMillis(start, { zone });
  if (!r.weekdays.includes(first.weekday)) {
    throw new InvalidError('recurrence.weekdays', `The start falls on weekday ${first.weekday}, which is not among the weekdays.`);
  }
  const limit = first.plus({ years: 1 });
  const until = r.until === undefined ? undefined : DateTime.fromISO(r.until, { zone }).endOf('day');
  if (until && !until.isValid) throw new InvalidError('recurrence.until', 'until must be a date (YYYY-MM-DD).');
  if (until && until > limit) throw new InvalidError('recurrence.until', 'A series spans at most one year.', 'series_too_long');
  if (until && until < first) throw new InvalidError('recurrence.until', 'until is before the start.');

  const weekdays = [...new Set(r.weekdays)].sort((a, b) => a - b);
  const wanted = r.count ?? SERIES_MAX_OCCURRENCES + 1;
  const starts: number[] = [];
  const monday = first.startOf('week');
  for (let week = 0; starts.length < wanted; week += r.interval) {
    for (const weekday of weekdays) {
      // Date arithmetic on the local calendar, then the wall-clock time set in the zone: DST-correct.
      const day = monday.plus({ weeks: week, days: weekday - 1 });
      const at = day.set({ hour: first.hour, minute: first.minute, second: first.second, millisecond: 0 });
      if (at < first) continue;
      if (until && at > until) return checked(starts);
      if (at > limit) throw new InvalidError('recurrence.count', 'A series spans at most one year.', 'series_too_long');
      starts.push(at.toMillis());
      if (starts.length === wanted) break;
    }
  }
  return checked(starts);
}

function checked(starts: number[]): number[] {
  if (starts.length > SERIES_MAX_OCCURRENCES) {
    throw new InvalidError('recurrence', `A series has at most ${SERIES_MAX_OCCURRENCES} occurrences.`, 'series_too_long');
  }
  return starts;
}

/** The same local day as `instant`, at `time` ("HH:MM") in the zone: how a series' new time applies to an occurrence. */
export function atLocalTime(instant: number, time: string, zone: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromMillis(instant, { zone }).set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 }).toMillis();
}

/** The ISO weekday (1 = Monday) of an instant in the zone. */
export function weekdayIn(instant: number, zone: string): number {
  return DateTime.fromMillis(instant, { zone }).weekday;
}

/** The wall-clock time ("HH:MM") of an instant in the zone. */
export function localTimeOf(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('HH:mm');
}
