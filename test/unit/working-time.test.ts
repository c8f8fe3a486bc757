/** Offer expiry counted in the network's working hours (default Monday–Friday 08:00–18:00, Europe/Rome). */
import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, DEFAULT_WORKING_HOURS, parseWorkingWindow } from '../../src/domain/working-time.js';

const ZONE = 'Europe/Rome';
const ms = (iso: string) => Date.parse(iso);
/** The result as Rome wall-clock time with its offset. */
const rome = (t: number) => new Date(t).toLocaleString('sv-SE', { timeZone: ZONE, timeZoneName: 'shortOffset' });
const plus = (from: string, minutes: number, deadline?: string) =>
  rome(addWorkingMinutes(ms(from), minutes, DEFAULT_WORKING_HOURS, ZONE, deadline === undefined ? undefined : ms(deadline)));

describe('addWorkingMinutes', () => {
  it('counts straight through inside the working day', () => {
    expect(plus('2026-12-09T09:00:00+01:00', 240)).toBe('2026-12-09 13:00:00 GMT+1');
  });

  it('does not let an offer sent at 20:25 expire at 00:25: the 4 hours start at 08:00 the next morning', () => {
    expect(plus('2026-12-09T20:25:00+01:00', 240)).toBe('2026-12-10 12:00:00 GMT+1');
  });

  it('carries what is left of the day over to the next working morning', () => {
    expect(plus('2026-12-09T16:30:00+01:00', 240)).toBe('2026-12-10 10:30:00 GMT+1'); // 90 min today, 150 tomorrow
  });

  it('skips the weekend: Friday 17:00 + 4 h is Monday 11:00', () => {
    expect(plus('2026-12-11T17:00:00+01:00', 240)).toBe('2026-12-14 11:00:00 GMT+1');
    expect(plus('2026-12-12T10:00:00+01:00', 60)).toBe('2026-12-14 09:00:00 GMT+1'); // sent on Saturday
  });

  it('reads the window in wall-clock time across the DST changes', () => {
    // Friday 27 March 2026 at 17:00 (+01:00); the clocks go forward on Sunday 29; Monday opens at 08:00 +02:00.
    expect(plus('2026-03-27T17:00:00+01:00', 120)).toBe('2026-03-30 09:00:00 GMT+2');
    // Friday 23 October at 17:30 (+02:00); back to +01:00 on Sunday 25; Monday opens at 08:00 +01:00.
    expect(plus('2026-10-23T17:30:00+02:00', 60)).toBe('2026-10-26 08:30:00 GMT+1');
  });

  it('never goes past the deadline (the appointment start), even in the night', () => {
    expect(plus('2026-12-09T20:25:00+01:00', 240, '2026-12-10T09:00:00+01:00')).toBe('2026-12-10 09:00:00 GMT+1');
    expect(plus('2026-12-09T20:25:00+01:00', 240, '2026-12-09T22:00:00+01:00')).toBe('2026-12-09 22:00:00 GMT+1');
  });

  it('counts every minute when no day is a working day', () => {
    const never = { ...DEFAULT_WORKING_HOURS, days: [] };
    expect(rome(addWorkingMinutes(ms('2026-12-09T20:25:00+01:00'), 240, never, ZONE))).toBe('2026-12-10 00:25:00 GMT+1');
  });

  it('follows other hours when configured, e.g. Saturday mornings too', () => {
    const withSaturday = { days: [1, 2, 3, 4, 5, 6], start: '09:00', end: '13:00' };
    expect(rome(addWorkingMinutes(ms('2026-12-11T12:00:00+01:00'), 120, withSaturday, ZONE))).toBe('2026-12-12 10:00:00 GMT+1');
  });
});

describe('parseWorkingWindow', () => {
  it('reads HH:mm-HH:mm with the start first', () => {
    expect(parseWorkingWindow('08:00-18:00')).toEqual({ start: '08:00', end: '18:00' });
    expect(parseWorkingWindow('18:00-08:00')).toBeNull();
    expect(parseWorkingWindow('8-18')).toBeNull();
    expect(parseWorkingWindow('08:00-24:00')).toBeNull();
  });
});
