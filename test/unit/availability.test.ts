import { describe, expect, it } from 'vitest';
import {
  coversWeekly,
  expandWeeklyRules,
  localDays,
  minutesOfDay,
  TIME_OF_DAY,
  weekContaining,
  type WeeklyRule,
  weeklyRuleProblems,
} from '../../src/domain/availability.js';
import { covers, HOUR, type Interval, mergeIntervals, subtractIntervals, totalMinutes } from '../../src/domain/intervals.js';
import { at, iso, ZONE } from './factories.js';

/** Expands `rules` over the local days [fromDay 00:00, toDay 00:00) and shows the result as UTC ranges. */
function expand(rules: WeeklyRule[], fromDay: string, toDay: string, zone = ZONE): string[] {
  return expandWeeklyRules(rules, zone, at(`${fromDay}T00:00`), at(`${toDay}T00:00`)).map((i) => `${iso(i.start)}–${iso(i.end)}`);
}

function hours(i: Interval): number {
  return (i.end - i.start) / HOUR;
}

describe('minutesOfDay and the time-of-day format', () => {
  it('reads HH:MM as minutes after midnight, 24:00 as the end of the day', () => {
    expect(minutesOfDay('00:00')).toBe(0);
    expect(minutesOfDay('09:30')).toBe(570);
    expect(minutesOfDay('24:00')).toBe(1440);
  });

  it('accepts 00:00–23:59 and 24:00 only', () => {
    for (const ok of ['00:00', '09:05', '23:59', '24:00']) expect(TIME_OF_DAY.test(ok), ok).toBe(true);
    for (const bad of ['24:01', '25:00', '9:00', '09:60', '0900', '09:00:00', '']) expect(TIME_OF_DAY.test(bad), bad).toBe(false);
  });
});

describe('weeklyRuleProblems', () => {
  it('accepts a valid rule set, including overlapping rules and a rule ending at 24:00', () => {
    expect(
      weeklyRuleProblems([
        { weekday: 1, start: '09:00', end: '13:00' },
        { weekday: 1, start: '12:00', end: '18:00' },
        { weekday: 7, start: '20:00', end: '24:00' },
      ]),
    ).toEqual([]);
    expect(weeklyRuleProblems([])).toEqual([]);
  });

  it('names each rule whose end is not after its start, by index', () => {
    expect(
      weeklyRuleProblems([
        { weekday: 1, start: '09:00', end: '13:00' },
        { weekday: 2, start: '13:00', end: '09:00' },
        { weekday: 3, start: '10:00', end: '10:00' },
        { weekday: 4, start: '24:00', end: '24:00' },
      ]),
    ).toEqual([
      [1, 'end 09:00 must be after start 13:00'],
      [2, 'end 10:00 must be after start 10:00'],
      [3, 'end 24:00 must be after start 24:00'],
    ]);
  });
});

describe('expandWeeklyRules on ordinary days (Europe/Rome)', () => {
  it('maps weekday 1 to Monday and 7 to Sunday', () => {
    // Monday 23 March 2026 … Sunday 29 March 2026 (CET, +01:00 until the Sunday 02:00).
    expect(expand([{ weekday: 1, start: '09:00', end: '13:00' }], '2026-03-23', '2026-03-30')).toEqual([
      '2026-03-23T08:00Z–2026-03-23T12:00Z',
    ]);
    expect(expand([{ weekday: 7, start: '18:00', end: '20:00' }], '2026-03-16', '2026-03-23')).toEqual([
      '2026-03-22T17:00Z–2026-03-22T19:00Z',
    ]);
    expect(expand([{ weekday: 3, start: '09:00', end: '10:00' }], '2026-06-01', '2026-06-08')).toEqual([
      '2026-06-03T07:00Z–2026-06-03T08:00Z', // Wednesday, CEST (+02:00)
    ]);
  });

  it('repeats a rule every week within the range', () => {
    expect(expand([{ weekday: 2, start: '14:00', end: '15:00' }], '2026-02-01', '2026-02-22')).toEqual([
      '2026-02-03T13:00Z–2026-02-03T14:00Z',
      '2026-02-10T13:00Z–2026-02-10T14:00Z',
      '2026-02-17T13:00Z–2026-02-17T14:00Z',
    ]);
  });

  it('merges overlapping and touching rules of the same day', () => {
    expect(
      expand(
        [
          { weekday: 1, start: '09:00', end: '11:00' },
          { weekday: 1, start: '11:00', end: '13:00' },
          { weekday: 1, start: '12:00', end: '14:00' },
          { weekday: 1, start: '16:00', end: '17:00' },
        ],
        '2026-02-02',
        '2026-02-03',
      ),
    ).toEqual(['2026-02-02T08:00Z–2026-02-02T13:00Z', '2026-02-02T15:00Z–2026-02-02T16:00Z']);
  });

  it('joins a rule ending at 24:00 with the next day’s rule starting at 00:00 into one interval', () => {
    const rules = [
      { weekday: 1, start: '20:00', end: '24:00' },
      { weekday: 2, start: '00:00', end: '06:00' },
    ];
    const expanded = expandWeeklyRules(rules, ZONE, at('2026-02-02T00:00'), at('2026-02-04T00:00'));
    expect(expanded).toEqual([{ start: at('2026-02-02T20:00'), end: at('2026-02-03T06:00') }]);
    // …so an appointment across midnight is covered.
    expect(covers(expanded, { start: at('2026-02-02T23:00'), end: at('2026-02-03T01:00') })).toBe(true);
  });

  it('wraps Sunday 24:00 onto Monday 00:00 of the next week', () => {
    const rules = [
      { weekday: 7, start: '22:00', end: '24:00' },
      { weekday: 1, start: '00:00', end: '02:00' },
    ];
    const expanded = expandWeeklyRules(rules, ZONE, at('2026-02-08T23:00'), at('2026-02-09T01:00'));
    expect(expanded).toEqual([{ start: at('2026-02-08T22:00'), end: at('2026-02-09T02:00') }]);
  });

  it('keeps only intervals that overlap the range, whole', () => {
    const rules = [{ weekday: 1, start: '09:00', end: '13:00' }];
    // A range inside the rule returns the whole rule interval, not a clipped one.
    expect(expandWeeklyRules(rules, ZONE, at('2026-02-02T10:00'), at('2026-02-02T11:00'))).toEqual([
      { start: at('2026-02-02T09:00'), end: at('2026-02-02T13:00') },
    ]);
    // A range that only touches the rule does not include it.
    expect(expandWeeklyRules(rules, ZONE, at('2026-02-02T13:00'), at('2026-02-02T14:00'))).toEqual([]);
    expect(expandWeeklyRules(rules, ZONE, at('2026-02-02T08:00'), at('2026-02-02T09:00'))).toEqual([]);
  });

  it('returns nothing for no rules or an empty range', () => {
    expect(expandWeeklyRules([], ZONE, at('2026-02-02T00:00'), at('2026-02-09T00:00'))).toEqual([]);
    const rules = [{ weekday: 1, start: '09:00', end: '13:00' }];
    expect(expandWeeklyRules(rules, ZONE, at('2026-02-02T10:00'), at('2026-02-02T10:00'))).toEqual([]);
    expect(expandWeeklyRules(rules, ZONE, at('2026-02-02T11:00'), at('2026-02-02T10:00'))).toEqual([]);
  });

  it('uses the zone it is given', () => {
    const rules = [{ weekday: 1, start: '09:00', end: '10:00' }];
    const from = Date.parse('2026-02-02T00:00:00Z');
    const to = Date.parse('2026-02-03T00:00:00Z');
    expect(expandWeeklyRules(rules, 'UTC', from, to)).toEqual([{ start: Date.parse('2026-02-02T09:00:00Z'), end: Date.parse('2026-02-02T10:00:00Z') }]);
  });
});

describe('expandWeeklyRules on the spring-forward day, Sunday 29 March 2026 (02:00 CET → 03:00 CEST)', () => {
  const day = ['2026-03-29', '2026-03-30'] as const;

  it('makes a 01:00–04:00 rule two hours long: the skipped hour is not worked', () => {
    const [i, ...rest] = expandWeeklyRules([{ weekday: 7, start: '01:00', end: '04:00' }], ZONE, at(`${day[0]}T00:00`), at(`${day[1]}T00:00`));
    expect(rest).toEqual([]);
    expect(iso(i!.start)).toBe('2026-03-29T00:00Z'); // 01:00 +01:00
    expect(iso(i!.end)).toBe('2026-03-29T02:00Z'); // 04:00 +02:00
    expect(hours(i!)).toBe(2);
  });

  it('keeps 09:00–13:00 at 09:00–13:00 on the wall: 07:00Z–11:00Z after the change, 08:00Z–12:00Z the day before', () => {
    const rules = [
      { weekday: 6, start: '09:00', end: '13:00' },
      { weekday: 7, start: '09:00', end: '13:00' },
    ];
    expect(expand(rules, '2026-03-28', '2026-03-30')).toEqual([
      '2026-03-28T08:00Z–2026-03-28T12:00Z', // Saturday, CET
      '2026-03-29T07:00Z–2026-03-29T11:00Z', // Sunday, CEST
    ]);
  });

  it('joins Saturday 20:00–24:00 and Sunday 00:00–03:00 into one interval of 7 wall hours but 6 real hours', () => {
    const [i, ...rest] = expandWeeklyRules(
      [
        { weekday: 6, start: '20:00', end: '24:00' },
        { weekday: 7, start: '00:00', end: '03:00' },
      ],
      ZONE,
      at('2026-03-28T00:00'),
      at('2026-03-30T00:00'),
    );
    expect(rest).toEqual([]);
    expect(iso(i!.start)).toBe('2026-03-28T19:00Z');
    expect(iso(i!.end)).toBe('2026-03-29T01:00Z');
    expect(hours(i!)).toBe(6);
  });

  it('reads a boundary inside the skipped hour with the offset before the gap, as RFC 5545 does (02:30 → 03:30 CEST)', () => {
    expect(expand([{ weekday: 7, start: '01:00', end: '02:30' }], ...day)).toEqual(['2026-03-29T00:00Z–2026-03-29T01:30Z']);
    expect(expand([{ weekday: 7, start: '02:30', end: '05:00' }], ...day)).toEqual(['2026-03-29T01:30Z–2026-03-29T03:00Z']);
  });

  it('drops a rule lying wholly inside the skipped hour', () => {
    expect(expand([{ weekday: 7, start: '02:00', end: '03:00' }], ...day)).toEqual([]);
  });
});

describe('expandWeeklyRules on the fall-back day, Sunday 25 October 2026 (03:00 CEST → 02:00 CET)', () => {
  const day = ['2026-10-25', '2026-10-26'] as const;

  it('makes a 01:00–04:00 rule four hours long: the repeated hour is worked twice', () => {
    const [i, ...rest] = expandWeeklyRules([{ weekday: 7, start: '01:00', end: '04:00' }], ZONE, at(`${day[0]}T00:00`), at(`${day[1]}T00:00`));
    expect(rest).toEqual([]);
    expect(iso(i!.start)).toBe('2026-10-24T23:00Z'); // 01:00 +02:00
    expect(iso(i!.end)).toBe('2026-10-25T03:00Z'); // 04:00 +01:00
    expect(hours(i!)).toBe(4);
  });

  it('keeps 09:00–13:00 on the wall: 08:00Z–12:00Z after the change, 07:00Z–11:00Z the day before', () => {
    const rules = [
      { weekday: 6, start: '09:00', end: '13:00' },
      { weekday: 7, start: '09:00', end: '13:00' },
    ];
    expect(expand(rules, '2026-10-24', '2026-10-26')).toEqual([
      '2026-10-24T07:00Z–2026-10-24T11:00Z', // Saturday, CEST
      '2026-10-25T08:00Z–2026-10-25T12:00Z', // Sunday, CET
    ]);
  });

  it('reads an ambiguous boundary (02:30) as its first occurrence, in CEST', () => {
    expect(expand([{ weekday: 7, start: '02:30', end: '04:00' }], ...day)).toEqual(['2026-10-25T00:30Z–2026-10-25T03:00Z']);
  });

  it('joins Saturday 22:00–24:00 and Sunday 00:00–03:00 into 5 wall hours but 6 real hours', () => {
    const expanded = expandWeeklyRules(
      [
        { weekday: 6, start: '22:00', end: '24:00' },
        { weekday: 7, start: '00:00', end: '03:00' },
      ],
      ZONE,
      at('2026-10-24T00:00'),
      at('2026-10-26T00:00'),
    );
    expect(expanded.map((i) => `${iso(i.start)}–${iso(i.end)}`)).toEqual(['2026-10-24T20:00Z–2026-10-25T02:00Z']);
    expect(hours(expanded[0]!)).toBe(6);
  });
});

describe('coversWeekly', () => {
  const covered = (rules: WeeklyRule[], start: number, end: number, zone = ZONE) => coversWeekly(rules, localDays(zone, start, end), start, end);
  const monday = (hh: string) => at(`2026-03-23T${hh}`);

  it('covers 09:00–10:00 on a Monday with two touching rules, and not with a gap or on another weekday', () => {
    expect(covered([{ weekday: 1, start: '09:00', end: '09:30' }, { weekday: 1, start: '09:30', end: '12:00' }], monday('09:00'), monday('10:00'))).toBe(true);
    expect(covered([{ weekday: 1, start: '09:00', end: '09:30' }, { weekday: 1, start: '09:45', end: '12:00' }], monday('09:00'), monday('10:00'))).toBe(false);
    expect(covered([{ weekday: 2, start: '09:00', end: '12:00' }], monday('09:00'), monday('10:00'))).toBe(false);
  });

  it('covers an appointment across midnight with Sunday 22:00–24:00 and Monday 00:00–02:00', () => {
    const rules = [{ weekday: 7, start: '22:00', end: '24:00' }, { weekday: 1, start: '00:00', end: '02:00' }];
    expect(covered(rules, at('2026-03-22T23:00'), at('2026-03-23T01:00'))).toBe(true);
    expect(covered(rules.slice(0, 1), at('2026-03-22T23:00'), at('2026-03-23T01:00'))).toBe(false);
  });

  it('reads the wall clock on the spring-forward day: 09:00–13:00 covers 09:00–10:00 CEST', () => {
    expect(covered([{ weekday: 7, start: '09:00', end: '13:00' }], at('2026-03-29T09:00'), at('2026-03-29T10:00'))).toBe(true);
    expect(covered([{ weekday: 7, start: '10:00', end: '13:00' }], at('2026-03-29T09:00'), at('2026-03-29T10:00'))).toBe(false);
  });

  it('covers an empty interval whatever the rules', () => {
    expect(covered([], monday('09:00'), monday('09:00'))).toBe(true);
  });
});

describe('weekContaining', () => {
  it('runs from Monday 00:00 to the next Monday 00:00, local time', () => {
    const week = weekContaining(at('2026-02-04T15:30'), ZONE); // a Wednesday
    expect(week).toEqual({ start: at('2026-02-02T00:00'), end: at('2026-02-09T00:00') });
    expect(hours(week)).toBe(168);
  });

  it('puts Monday 00:00 in its own week and Sunday 23:59 in the week before', () => {
    expect(weekContaining(at('2026-02-09T00:00'), ZONE).start).toBe(at('2026-02-09T00:00'));
    expect(weekContaining(at('2026-02-08T23:59'), ZONE).start).toBe(at('2026-02-02T00:00'));
  });

  it('is 167 hours long across the spring-forward Sunday', () => {
    const week = weekContaining(at('2026-03-29T12:00'), ZONE);
    expect(iso(week.start)).toBe('2026-03-22T23:00Z'); // Monday 23 March 00:00 +01:00
    expect(iso(week.end)).toBe('2026-03-29T22:00Z'); // Monday 30 March 00:00 +02:00
    expect(hours(week)).toBe(167);
  });

  it('is 169 hours long across the fall-back Sunday', () => {
    const week = weekContaining(at('2026-10-25T12:00'), ZONE);
    expect(iso(week.start)).toBe('2026-10-18T22:00Z'); // Monday 19 October 00:00 +02:00
    expect(iso(week.end)).toBe('2026-10-25T23:00Z'); // Monday 26 October 00:00 +01:00
    expect(hours(week)).toBe(169);
  });

  it('decides the week by local time, not UTC: Monday 00:30 in Rome is still Sunday in UTC', () => {
    const mondayEarly = at('2026-02-09T00:30');
    expect(new Date(mondayEarly).getUTCDay()).toBe(0); // Sunday in UTC
    expect(weekContaining(mondayEarly, ZONE).start).toBe(at('2026-02-09T00:00'));
  });
});

describe('interval helpers', () => {
  const i = (a: number, b: number): Interval => ({ start: a, end: b });

  it('mergeIntervals sorts, joins touching and overlapping intervals, and drops empty ones', () => {
    expect(mergeIntervals([i(5, 7), i(1, 3), i(3, 4), i(6, 9), i(10, 10)])).toEqual([i(1, 4), i(5, 9)]);
  });

  it('covers asks for one interval containing the whole need', () => {
    const merged = mergeIntervals([i(0, 10), i(10, 20), i(30, 40)]);
    expect(covers(merged, i(5, 20))).toBe(true);
    expect(covers(merged, i(15, 35))).toBe(false);
  });

  it('subtractIntervals and totalMinutes', () => {
    const m = 60_000;
    expect(subtractIntervals([i(0, 10)], [i(2, 3), i(5, 12)])).toEqual([i(0, 2), i(3, 5)]);
    expect(totalMinutes([i(0, 30 * m), i(15 * m, 45 * m), i(60 * m, 70 * m)])).toBe(55);
  });
});
