/**
 * The stages of the coverage report's supply, each on its own: the local days of the period and
 * wall-clock times on them, weekly rules expanded on those days, time off taken out, and the result
 * cut into the report's time buckets. DST days pinned: Sunday 29 March 2026 (23 hours) and Sunday
 * 25 October 2026 (25 hours) in Europe/Rome.
 */
import { describe, expect, it } from 'vitest';
import { localDays, rulesOnDays } from '../../src/domain/availability.js';
import { clipIntervals, HOUR, type Interval, MINUTE } from '../../src/domain/intervals.js';
import { availableIntervals, durationMs, weeklyAvailability } from '../../src/domain/supply.js';
import { bucketAt, cutIntoBuckets, timeBuckets } from '../../src/domain/time-buckets.js';
import { at, ZONE } from './factories.js';

const span = (from: string, to: string): Interval => ({ start: at(from), end: at(to) });

describe('localDays: the local days that overlap the period', () => {
  it('gives each day its two midnights and its weekday; the DST Sundays last 23 and 25 hours', () => {
    const days = localDays(ZONE, at('2026-03-28T00:00'), at('2026-03-30T00:00'));
    expect(days.map((d) => [d.weekday, (d.end - d.start) / HOUR])).toEqual([
      [6, 24],
      [7, 23],
    ]);
    expect(days[1]?.start).toBe(at('2026-03-29T00:00'));
    const autumn = localDays(ZONE, at('2026-10-25T00:00'), at('2026-10-26T00:00'));
    expect(autumn.map((d) => (d.end - d.start) / HOUR)).toEqual([25]);
  });

  it('includes the days the period only touches part of, and nothing for an empty period', () => {
    expect(localDays(ZONE, at('2026-03-16T23:00'), at('2026-03-17T01:00')).map((d) => d.start)).toEqual([at('2026-03-16T00:00'), at('2026-03-17T00:00')]);
    expect(localDays(ZONE, at('2026-03-17T00:00'), at('2026-03-17T00:00'))).toEqual([]);
    expect(localDays(ZONE, at('2026-03-18T00:00'), at('2026-03-17T00:00'))).toEqual([]);
  });
});

describe('LocalDay.at: wall-clock minutes to an instant', () => {
  const [monday] = localDays(ZONE, at('2026-03-16T00:00'), at('2026-03-17T00:00'));
  const [spring] = localDays(ZONE, at('2026-03-29T00:00'), at('2026-03-30T00:00'));
  const [autumn] = localDays(ZONE, at('2026-10-25T00:00'), at('2026-10-26T00:00'));

  it('is the local time on an ordinary day; 24:00 is the next midnight', () => {
    expect(monday?.at(9 * 60 + 30)).toBe(at('2026-03-16T09:30'));
    expect(monday?.at(24 * 60)).toBe(at('2026-03-17T00:00'));
  });

  it('moves a time the clocks skip forward by the hour skipped, and takes the first of a repeated time', () => {
    expect(spring?.at(2 * 60 + 30)).toBe(Date.parse('2026-03-29T01:30:00Z')); // 03:30 CEST
    expect(spring?.at(4 * 60)).toBe(at('2026-03-29T04:00'));
    expect(autumn?.at(2 * 60 + 30)).toBe(Date.parse('2026-10-25T00:30:00Z')); // 02:30 CEST, the first one
    expect(autumn?.at(4 * 60)).toBe(at('2026-10-25T04:00'));
    expect(autumn?.at(24 * 60)).toBe(at('2026-10-26T00:00'));
  });
});

describe('rulesOnDays and weeklyAvailability: weekly rules on the days of the period', () => {
  const days = localDays(ZONE, at('2026-03-16T00:00'), at('2026-03-30T00:00'));

  it('puts each rule on every day of its weekday, in day order', () => {
    const rules = [
      { weekday: 3, start: '14:00', end: '15:00' },
      { weekday: 1, start: '09:00', end: '10:00' },
    ];
    expect(rulesOnDays(rules, days)).toEqual([
      span('2026-03-16T09:00', '2026-03-16T10:00'),
      span('2026-03-18T14:00', '2026-03-18T15:00'),
      span('2026-03-23T09:00', '2026-03-23T10:00'),
      span('2026-03-25T14:00', '2026-03-25T15:00'),
    ]);
  });

  it('keeps what lies inside the period and merges overlapping and touching rules', () => {
    const rules = [
      { weekday: 1, start: '09:00', end: '13:00' },
      { weekday: 1, start: '12:00', end: '14:00' },
      { weekday: 1, start: '20:00', end: '24:00' },
      { weekday: 2, start: '00:00', end: '02:00' },
    ];
    const period = span('2026-03-16T10:00', '2026-03-17T01:00');
    expect(weeklyAvailability(rules, localDays(ZONE, period.start, period.end), period)).toEqual([
      span('2026-03-16T10:00', '2026-03-16T14:00'),
      span('2026-03-16T20:00', '2026-03-17T01:00'),
    ]);
  });

  it('reads the rules on the wall clock on DST days: Sunday 01:00–04:00 lasts 2 hours in spring and 4 in autumn', () => {
    const rules = [{ weekday: 7, start: '01:00', end: '04:00' }];
    const hours = (from: string, to: string) => durationMs(weeklyAvailability(rules, localDays(ZONE, at(from), at(to)), span(from, to))) / HOUR;
    expect(hours('2026-03-29T00:00', '2026-03-30T00:00')).toBe(2);
    expect(hours('2026-10-25T00:00', '2026-10-26T00:00')).toBe(4);
    expect(hours('2026-03-22T00:00', '2026-03-23T00:00')).toBe(3);
  });
});

describe('availableIntervals: less time off', () => {
  const weekly = [span('2026-03-16T09:00', '2026-03-16T13:00'), span('2026-03-17T09:00', '2026-03-17T13:00')];

  it('takes time off out, whether it covers a whole interval, part of one or runs on past them', () => {
    const off = [span('2026-03-16T10:00', '2026-03-16T11:00'), span('2026-03-17T12:00', '2026-03-25T00:00')];
    expect(availableIntervals(weekly, off)).toEqual([
      span('2026-03-16T09:00', '2026-03-16T10:00'),
      span('2026-03-16T11:00', '2026-03-16T13:00'),
      span('2026-03-17T09:00', '2026-03-17T12:00'),
    ]);
    expect(availableIntervals(weekly, [span('2026-03-01T00:00', '2026-04-01T00:00')])).toEqual([]);
  });

  it('gives the weekly availability unchanged without time off', () => {
    expect(availableIntervals(weekly, [])).toBe(weekly);
  });
});

describe('clipIntervals', () => {
  it('keeps the parts inside the window', () => {
    const window = span('2026-03-16T10:00', '2026-03-16T12:00');
    expect(clipIntervals([span('2026-03-16T09:00', '2026-03-16T11:00'), span('2026-03-16T11:30', '2026-03-16T13:00'), span('2026-03-16T12:00', '2026-03-16T13:00')], window)).toEqual([
      span('2026-03-16T10:00', '2026-03-16T11:00'),
      span('2026-03-16T11:30', '2026-03-16T12:00'),
    ]);
  });
});

describe('timeBuckets and bucketAt: the report’s time buckets', () => {
  it('numbers the buckets as they appear; ISO weeks around New Year belong to the week of their Thursday', () => {
    const { keys, days } = timeBuckets(ZONE, at('2026-12-28T00:00'), at('2027-01-11T00:00'), new Set(['week']));
    expect(keys).toEqual([{ week: '2026-W53' }, { week: '2027-W01' }]);
    expect(bucketAt(days, at('2027-01-03T23:30'))).toBe(0);
    expect(bucketAt(days, at('2027-01-04T00:15'))).toBe(1);
  });

  it('has a single bucket for the whole period when not grouped by time', () => {
    const { keys, days } = timeBuckets(ZONE, at('2026-03-16T00:00'), at('2026-04-16T00:00'));
    expect(keys).toEqual([{}]);
    expect(new Set(days.flatMap((d) => d.buckets))).toEqual(new Set([0]));
  });

  it('cuts each day at local 06:00, 12:00 and 18:00 by time band, on DST days too', () => {
    const { keys, days } = timeBuckets(ZONE, at('2026-10-25T00:00'), at('2026-10-26T00:00'), new Set(['weekday', 'timeBand']));
    expect(keys).toEqual(['night', 'morning', 'afternoon', 'evening'].map((timeBand) => ({ weekday: 7, timeBand })));
    expect(days[0]?.cuts).toEqual([at('2026-10-25T00:00'), at('2026-10-25T06:00'), at('2026-10-25T12:00'), at('2026-10-25T18:00')]);
    expect(bucketAt(days, at('2026-10-25T05:59'))).toBe(0);
    expect(bucketAt(days, at('2026-10-25T06:00'))).toBe(1);
    expect(bucketAt(days, at('2026-10-25T23:59'))).toBe(3);
  });
});

describe('cutIntoBuckets: available time per bucket', () => {
  it('splits an interval at local midnight into its weekdays', () => {
    const buckets = timeBuckets(ZONE, at('2026-03-16T00:00'), at('2026-03-23T00:00'), new Set(['weekday']));
    const sums = cutIntoBuckets([span('2026-03-16T22:00', '2026-03-17T02:00')], buckets);
    expect(buckets.keys.map((k, b) => [k.weekday, (sums[b] ?? 0) / MINUTE])).toEqual([
      [1, 120],
      [2, 120],
      [3, 0],
      [4, 0],
      [5, 0],
      [6, 0],
      [7, 0],
    ]);
  });

  it('counts the repeated hour of the autumn night in the night band: 00:00–06:00 is 7 hours', () => {
    const buckets = timeBuckets(ZONE, at('2026-10-25T00:00'), at('2026-10-26T00:00'), new Set(['timeBand']));
    const sums = cutIntoBuckets([span('2026-10-25T00:00', '2026-10-26T00:00')], buckets);
    expect([...sums].map((ms) => ms / HOUR)).toEqual([7, 6, 6, 6]);
  });

  it('shares out exactly the time of the intervals', () => {
    const buckets = timeBuckets(ZONE, at('2026-03-25T00:00'), at('2026-04-02T00:00'), new Set(['week', 'weekday', 'timeBand']));
    const intervals = [span('2026-03-25T05:00', '2026-03-26T13:00'), span('2026-03-28T23:00', '2026-03-29T04:00'), span('2026-04-01T17:59', '2026-04-01T18:01')];
    const sums = cutIntoBuckets(intervals, buckets);
    expect([...sums].reduce((a, b) => a + b, 0)).toBe(durationMs(intervals));
  });
});
