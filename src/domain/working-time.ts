/**
 * Working time: the network's office hours (by default Monday to Friday, 08:00–18:00 in
 * Europe/Rome), in which a standard offer's expiry is counted, so that an offer sent at 20:25
 * is still open when the mediator reads their mail in the morning.
 */
import { DateTime } from 'luxon';
import { MINUTE } from './intervals.js';

/** Office hours: the ISO weekdays (1 = Monday … 7 = Sunday) and one wall-clock window each day. */
export interface WorkingHours {
  days: readonly number[];
  /** "HH:mm", wall clock in the zone. */
  start: string;
  /** "HH:mm", after `start`. */
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };

/** How far ahead to look for office hours: a year is more than any offer waits. */
const HORIZON_DAYS = 366;

function at(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 });
}

/**
 * The instant when `minutes` of working time have passed since `from` (epoch ms), read in `zone`
 * (so a DST day's window is still its wall-clock hours), and never later than `deadline`. Time
 * outside the working hours does not count: 240 minutes from Friday 20:25 end on Monday 12:00.
 * With no working days at all, or none within a year, every minute counts.
 */
export function addWorkingMinutes(from: number, minutes: number, hours: WorkingHours, zone: string, deadline = Number.POSITIVE_INFINITY): number {
  let remaining = minutes * MINUTE;
  let day = DateTime.fromMillis(from, { zone }).startOf('day');
  for (let i = 0; i < HORIZON_DAYS && hours.days.length > 0; i++, day = day.plus({ days: 1 }).startOf('day')) {
    if (!hours.days.includes(day.weekday)) continue;
    const open = Math.max(at(day, hours.start).toMillis(), from);
    const close = at(day, hours.end).toMillis();
    if (open >= close) continue;
    if (remaining <= close - open) return Math.min(open + remaining, deadline);
    remaining -= close - open;
    if (close >= deadline) return deadline;
  }
  return Math.min(from + minutes * MINUTE, deadline);
}

/** "08:00-18:00" → its start and end, or null unless both are times and the start comes first. */
export function parseWorkingWindow(text: string): { start: string; end: string } | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) return null;
  const start = `${m[1]}:${m[2]}`;
  const end = `${m[3]}:${m[4]}`;
  return start < end ? { start, end } : null;
}
