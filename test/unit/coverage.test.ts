/**
 * The coverage report, as a specification: every figure and every grouping on small scenarios
 * computed by hand, then properties (the counts add up whatever the grouping; supply is additive
 * in time, across DST too, and agrees with expandWeeklyRules) and one full-size year.
 *
 * Default scene: the week Monday 16 – Monday 23 March 2026 in Europe/Rome (no DST change), "now"
 * Wednesday 18 March 12:00, an Arabic-speaking mediator in Torino available Monday–Friday
 * 09:00–13:00 (240 minutes a day, 1200 a week).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { expandWeeklyRules } from '../../src/domain/availability.js';
import {
  COVERAGE_DIMENSIONS,
  type CoverageDimension,
  type CoverageInput,
  type CoverageReport,
  type CoverageRow,
  coverageReport,
  type DemandRecord,
  type SupplyMediator,
  supplyMinutes,
} from '../../src/domain/coverage.js';
import { type Interval, MINUTE, subtractIntervals } from '../../src/domain/intervals.js';
import { timeBuckets } from '../../src/domain/time-buckets.js';
import { at, ZONE } from './factories.js';

const DAY_MS = 24 * 60 * MINUTE;
const WEEK_FROM = '2026-03-16T00:00'; // Monday
const WEEK_TO = '2026-03-23T00:00'; // the next Monday
const NOW = '2026-03-18T12:00'; // Wednesday noon
const WEEKDAYS_9_TO_13 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '13:00' }));

let seq = 0;

/** A request starting at a local time in Rome; booked ones were created two days before and booked 30 minutes later. */
function request(localStart: string, over: Partial<DemandRecord> = {}): DemandRecord {
  const start = at(localStart);
  const durationMinutes = over.durationMinutes ?? 60;
  const status = over.status ?? 'booked';
  const createdAt = over.createdAt ?? start - 2 * DAY_MS;
  return {
    language: 'ar',
    area: 'TO',
    serviceId: 'asl-to',
    sector: 'health',
    start,
    durationMinutes,
    status,
    createdAt,
    bookedAt: status === 'booked' ? createdAt + 30 * MINUTE : null,
    fallbackStep: null,
    retroactive: false,
    unfilledReason: status === 'unfilled' ? 'no_candidate' : null,
    ...over,
  };
}

function mediator(over: Partial<SupplyMediator> = {}): SupplyMediator {
  return { id: `m${++seq}`, languages: ['ar'], areas: ['TO'], sectors: ['health'], availability: WEEKDAYS_9_TO_13, timeOff: [], ...over };
}

function report(over: Partial<CoverageInput> = {}): CoverageReport {
  return coverageReport({
    from: at(WEEK_FROM),
    to: at(WEEK_TO),
    zone: ZONE,
    now: at(NOW),
    groupBy: ['language', 'area'],
    demand: [],
    mediators: [],
    serviceAreas: { 'asl-to': 'TO', 'asl-vb': 'VB', 'comune-cn': 'CN' },
    ...over,
  });
}

function onlyRow(r: CoverageReport): CoverageRow {
  expect(r.rows).toHaveLength(1);
  const row = r.rows[0];
  if (!row) throw new Error('no row');
  return row;
}

function rowWith(r: CoverageReport, key: CoverageRow['key']): CoverageRow {
  const row = r.rows.find((x) => JSON.stringify(x.key) === JSON.stringify(key));
  if (!row) throw new Error(`no row ${JSON.stringify(key)} in ${JSON.stringify(r.rows.map((x) => x.key))}`);
  return row;
}

describe('requests: filled, unfilled, pending, cancelled', () => {
  const demand = [
    request('2026-03-16T10:00'),
    request('2026-03-16T11:00'),
    request('2026-03-17T10:00', { status: 'unfilled', unfilledReason: 'no_speaker' }),
    request('2026-03-17T11:00', { status: 'unfilled', unfilledReason: 'all_taken' }),
    request('2026-03-17T12:00', { status: 'unfilled', unfilledReason: null }),
    request('2026-03-18T10:00', { status: 'open' }), // started before now: nobody took it
    request('2026-03-18T12:00', { status: 'offered' }), // starts exactly now: too late as well
    request('2026-03-19T10:00', { status: 'offered' }), // still ahead
    request('2026-03-20T10:00', { status: 'open' }), // still ahead
    request('2026-03-16T09:00', { status: 'cancelled' }),
  ];

  it('counts each request once; cancelled ones apart and out of "requested"', () => {
    const row = onlyRow(report({ demand }));
    expect(row.key).toEqual({ language: 'ar', area: 'TO' });
    expect(row).toMatchObject({ requested: 9, filled: 2, unfilled: 5, pending: 2, cancelled: 1 });
  });

  it('open or offered requests whose start is at or before now are unfilled as expired_unassigned; no reason is "unspecified"', () => {
    const row = onlyRow(report({ demand }));
    expect(row.unfilledReasons).toEqual({ expired_unassigned: 2, all_taken: 1, no_speaker: 1, unspecified: 1 });
    expect(Object.keys(row.unfilledReasons)[0]).toBe('expired_unassigned'); // most frequent first
  });

  it('fill rate = filled / (filled + unfilled), pending left out', () => {
    expect(onlyRow(report({ demand })).fillRate).toBeCloseTo(2 / 7, 12);
  });

  it('fill rate is null when nothing was filled or unfilled', () => {
    const row = onlyRow(report({ demand: [request('2026-03-20T10:00', { status: 'open' }), request('2026-03-16T10:00', { status: 'cancelled' })] }));
    expect(row).toMatchObject({ requested: 1, pending: 1, cancelled: 1, fillRate: null, medianMinutesToFill: null, p90MinutesToFill: null });
  });

  it('a row with only cancelled requests is listed, with zero requested', () => {
    const row = onlyRow(report({ demand: [request('2026-03-16T10:00', { status: 'cancelled' })] }));
    expect(row).toMatchObject({ requested: 0, cancelled: 1, demandMinutes: 0, fillRate: null });
  });

  it('a request belongs to the period when its start is in [from, to)', () => {
    const r = report({
      demand: [
        request(WEEK_FROM),
        request(WEEK_TO),
        { ...request(WEEK_FROM), start: at(WEEK_FROM) - 1 },
        request('2026-03-22T23:00', { durationMinutes: 120 }), // ends after the period: still in
      ],
    });
    expect(r.totals.requested).toBe(2);
  });

  it('totals count the same figures over every request of the period', () => {
    const r = report({ demand: [...demand, request('2026-03-16T10:00', { language: 'ro', area: 'CN' })] });
    expect(r.rows).toHaveLength(2);
    expect(r.totals).toMatchObject({ requested: 10, filled: 3, unfilled: 5, pending: 2, cancelled: 1 });
    expect(r.totals.fillRate).toBeCloseTo(3 / 8, 12);
    expect(r.totals).not.toHaveProperty('key');
  });
});

describe('time to fill: bookedAt − createdAt of filled requests, nearest rank', () => {
  const booked = (minutes: number): DemandRecord => {
    const r = request('2026-03-16T10:00');
    return { ...r, bookedAt: r.createdAt + minutes * MINUTE };
  };

  it('median is the value at rank ⌈n/2⌉ (the lower middle for an even count), p90 at ⌈0.9 n⌉', () => {
    const four = onlyRow(report({ demand: [40, 10, 30, 20].map(booked) }));
    expect([four.medianMinutesToFill, four.p90MinutesToFill]).toEqual([20, 40]);
    const ten = onlyRow(report({ demand: [3, 9, 1, 10, 5, 7, 2, 8, 4, 6].map(booked) }));
    expect([ten.medianMinutesToFill, ten.p90MinutesToFill]).toEqual([5, 9]);
    const one = onlyRow(report({ demand: [booked(7)] }));
    expect([one.medianMinutesToFill, one.p90MinutesToFill]).toEqual([7, 7]);
  });

  it('keeps fractions: 90 seconds are 1.5 minutes', () => {
    const r = request('2026-03-16T10:00');
    expect(onlyRow(report({ demand: [{ ...r, bookedAt: r.createdAt + 90_000 }] })).medianMinutesToFill).toBe(1.5);
  });

  it('leaves out unfilled requests and booked ones without bookedAt; null when none', () => {
    const row = onlyRow(
      report({ demand: [booked(15), { ...booked(1), bookedAt: null }, request('2026-03-16T10:00', { status: 'unfilled', bookedAt: 0 })] }),
    );
    expect([row.medianMinutesToFill, row.p90MinutesToFill]).toEqual([15, 15]);
    expect(onlyRow(report({ demand: [request('2026-03-16T10:00', { status: 'unfilled' })] })).medianMinutesToFill).toBeNull();
  });
  it('counts sessions recorded after the fact as filled and retroactive, never in the time to fill', () => {
    const row = onlyRow(report({ demand: [booked(15), { ...booked(0), retroactive: true }] }));
    expect([row.filled, row.retroactive, row.medianMinutesToFill, row.p90MinutesToFill]).toEqual([2, 1, 15, 15]);
  });
});

describe('fallback steps and minutes', () => {
  it('counts filled requests per fallback step taken', () => {
    const row = onlyRow(
      report({
        demand: [
          request('2026-03-16T10:00', { fallbackStep: 'neighbouring_area' }),
          request('2026-03-16T11:00', { fallbackStep: 'neighbouring_area' }),
          request('2026-03-16T12:00', { fallbackStep: 'video' }),
          request('2026-03-16T13:00', { fallbackStep: 'phone' }),
          request('2026-03-16T14:00'),
          request('2026-03-16T15:00', { status: 'unfilled', fallbackStep: 'video' }), // not filled: not counted
        ],
      }),
    );
    expect(row.fallbackSteps).toEqual({ neighbouring_area: 2, video: 1, phone: 1 });
  });

  it('demand = requested durations, booked = filled, unmet = unfilled (expired included); cancelled in none', () => {
    const row = onlyRow(
      report({
        demand: [
          request('2026-03-16T10:00', { durationMinutes: 60 }),
          request('2026-03-16T11:00', { durationMinutes: 90 }),
          request('2026-03-17T10:00', { durationMinutes: 45, status: 'unfilled' }),
          request('2026-03-17T11:00', { durationMinutes: 30, status: 'offered' }), // expired
          request('2026-03-20T10:00', { durationMinutes: 120, status: 'open' }), // pending
          request('2026-03-20T11:00', { durationMinutes: 999, status: 'cancelled' }),
        ],
      }),
    );
    expect(row).toMatchObject({ demandMinutes: 345, bookedMinutes: 150, unmetMinutes: 75 });
  });
});

describe('supply minutes', () => {
  const from = at(WEEK_FROM);
  const to = at(WEEK_TO);

  it('expands weekly rules over the period: Monday–Friday 09:00–13:00 is 1200 minutes a week', () => {
    expect(supplyMinutes(mediator(), from, to, ZONE)).toBe(1200);
  });

  it('subtracts time off, including time off that runs beyond the period', () => {
    const timeOff = [
      { start: at('2026-03-18T11:00'), end: at('2026-03-19T10:00') }, // Wednesday 11–13 and Thursday 09–10: 180
      { start: at('2026-03-20T12:30'), end: at('2026-03-25T00:00') }, // Friday 12:30–13:00: 30
      { start: at('2026-03-01T00:00'), end: at('2026-03-16T09:30') }, // Monday 09:00–09:30: 30
    ];
    expect(supplyMinutes(mediator({ timeOff }), from, to, ZONE)).toBe(1200 - 180 - 30 - 30);
  });

  it('keeps the edges of a day that time off covers almost entirely', () => {
    const m = mediator({
      availability: [{ weekday: 2, start: '00:00', end: '24:00' }],
      timeOff: [
        { start: at('2026-03-16T12:00'), end: at('2026-03-17T23:00') }, // Tuesday: 23:00–24:00 left
        { start: at('2026-03-17T23:30'), end: at('2026-03-17T23:45') }, // … less a quarter of an hour
      ],
    });
    expect(supplyMinutes(m, from, to, ZONE)).toBe(45);
    const early = mediator({ availability: [{ weekday: 2, start: '00:00', end: '02:00' }], timeOff: [{ start: at('2026-03-17T01:00'), end: at('2026-03-20T00:00') }] });
    expect(supplyMinutes(early, from, to, ZONE)).toBe(60);
  });

  it('counts only the part of a rule inside the period, and overlapping rules once', () => {
    expect(supplyMinutes(mediator(), at('2026-03-16T11:00'), to, ZONE)).toBe(1200 - 120);
    const overlapping = [
      { weekday: 1, start: '09:00', end: '13:00' },
      { weekday: 1, start: '12:00', end: '15:00' },
      { weekday: 7, start: '20:00', end: '24:00' },
    ];
    expect(supplyMinutes(mediator({ availability: overlapping }), from, to, ZONE)).toBe(360 + 240);
  });

  it('is zero for an empty or reversed period', () => {
    expect(supplyMinutes(mediator(), to, to, ZONE)).toBe(0);
    expect(supplyMinutes(mediator(), to, from, ZONE)).toBe(0);
  });

  it('a row counts the mediators who speak its language (primary subtag) and serve its area; utilisation = booked ÷ supply', () => {
    const r = report({
      demand: [
        request('2026-03-16T10:00', { language: 'ar-MA' }),
        request('2026-03-16T10:00', { area: 'CN', status: 'unfilled' }),
        request('2026-03-16T10:00', { language: 'ti', durationMinutes: 120 }),
      ],
      mediators: [
        mediator({ languages: ['ar'], areas: ['TO'] }), // 1200
        mediator({ languages: ['ar-MA'], areas: ['TO'], timeOff: [{ start: from, end: to }] }), // 0: not counted
        mediator({ languages: ['ar'], areas: ['CN'] }), // 1200
        mediator({ languages: ['ti'], areas: ['TO'] }), // 1200
        mediator({ languages: ['ar-EG', 'ro'], areas: ['TO', 'CN'], availability: [{ weekday: 1, start: '09:00', end: '13:00' }] }), // 240
      ],
    });
    expect(rowWith(r, { language: 'ar', area: 'CN' })).toMatchObject({ supplyMinutes: 1440, mediators: 2, bookedMinutes: 0, utilisation: 0 });
    expect(rowWith(r, { language: 'ar', area: 'TO' })).toMatchObject({ supplyMinutes: 1440, mediators: 2, bookedMinutes: 60 });
    expect(rowWith(r, { language: 'ar', area: 'TO' }).utilisation).toBeCloseTo(60 / 1440, 12);
    expect(rowWith(r, { language: 'ti', area: 'TO' })).toMatchObject({ supplyMinutes: 1200, mediators: 1, utilisation: 0.1 });
    expect(r.totals).toMatchObject({ supplyMinutes: 1200 + 0 + 1200 + 1200 + 240, mediators: 4, bookedMinutes: 180 });
    expect(r.totals.utilisation).toBeCloseTo(180 / 3840, 12);
  });

  it('utilisation is null when no matching mediator is available', () => {
    const row = onlyRow(report({ demand: [request('2026-03-16T10:00')], mediators: [mediator({ availability: [] })] }));
    expect(row).toMatchObject({ supplyMinutes: 0, mediators: 0, utilisation: null });
  });

  it('by sector: mediators listing the sector; by service: mediators serving the service’s area (null when unknown)', () => {
    const mediators = [mediator({ sectors: ['health'], areas: ['TO'] }), mediator({ sectors: ['school', 'health'], areas: ['CN'], availability: [{ weekday: 2, start: '08:00', end: '09:00' }] })];
    const demand = [
      request('2026-03-16T10:00', { sector: 'health', serviceId: 'asl-to' }),
      request('2026-03-16T10:00', { sector: 'school', serviceId: 'comune-cn', area: 'CN' }),
      request('2026-03-16T10:00', { sector: 'legal', serviceId: 'unknown-desk' }),
    ];
    const bySector = report({ groupBy: ['sector'], demand, mediators });
    expect(bySector.rows.map((x) => [x.key.sector, x.supplyMinutes, x.mediators])).toEqual([
      ['health', 1260, 2],
      ['legal', 0, 0],
      ['school', 60, 1],
    ]);
    const byService = report({ groupBy: ['service'], demand, mediators });
    expect(byService.rows.map((x) => [x.key.service, x.supplyMinutes, x.mediators, x.utilisation])).toEqual([
      ['asl-to', 1200, 1, 60 / 1200],
      ['comune-cn', 60, 1, 1],
      ['unknown-desk', null, null, null],
    ]);
  });

  it('with no requests there are no rows, and the totals still show the supply', () => {
    const r = report({ mediators: [mediator()] });
    expect(r.rows).toEqual([]);
    expect(r.zeroSupply).toEqual([]);
    expect(r.totals).toMatchObject({ requested: 0, fillRate: null, medianMinutesToFill: null, supplyMinutes: 1200, mediators: 1, utilisation: 0 });
  });

  it('without grouping there is one row, with every mediator’s supply, like the totals', () => {
    const r = report({ groupBy: [], demand: [request('2026-03-16T10:00'), request('2026-03-16T10:00', { language: 'ro', area: 'AL' })], mediators: [mediator(), mediator({ languages: ['uk'] })] });
    const row = onlyRow(r);
    expect(row.key).toEqual({});
    expect(row).toMatchObject({ requested: 2, supplyMinutes: 2400, mediators: 2 });
    expect(r.totals).toMatchObject({ supplyMinutes: 2400, mediators: 2 });
  });
});

describe('DST: rules are wall-clock times in the zone', () => {
  const sunday1to4 = mediator({ availability: [{ weekday: 7, start: '01:00', end: '04:00' }] });

  it('a Sunday 01:00–04:00 rule is 180 minutes, 120 on 29 March 2026 (spring forward), 240 on 25 October 2026 (fall back)', () => {
    expect(supplyMinutes(sunday1to4, at('2026-03-16T00:00'), at('2026-03-23T00:00'), ZONE)).toBe(180);
    expect(supplyMinutes(sunday1to4, at('2026-03-23T00:00'), at('2026-03-30T00:00'), ZONE)).toBe(120);
    expect(supplyMinutes(sunday1to4, at('2026-10-19T00:00'), at('2026-10-26T00:00'), ZONE)).toBe(240);
  });

  it('weekly rows carry the DST weeks’ supply: 2026-W13 and 2026-W43', () => {
    const m = mediator({ availability: [...WEEKDAYS_9_TO_13, { weekday: 7, start: '01:00', end: '04:00' }] });
    const spring = report({
      from: at('2026-03-16T00:00'),
      to: at('2026-04-06T00:00'),
      groupBy: ['week'],
      demand: [request('2026-03-16T10:00'), request('2026-03-29T10:00'), request('2026-03-30T10:00')],
      mediators: [m],
    });
    expect(spring.rows.map((x) => [x.key.week, x.supplyMinutes])).toEqual([
      ['2026-W12', 1200 + 180],
      ['2026-W13', 1200 + 120],
      ['2026-W14', 1200 + 180],
    ]);
    const autumn = report({ from: at('2026-10-19T00:00'), to: at('2026-10-26T00:00'), groupBy: ['week'], demand: [request('2026-10-25T10:00')], mediators: [m] });
    expect(autumn.rows.map((x) => [x.key.week, x.supplyMinutes])).toEqual([['2026-W43', 1200 + 240]]);
  });

  it('rule times in the skipped or repeated hour resolve like luxon (and expandWeeklyRules)', () => {
    const cases: Array<[string, string, number, number]> = [
      // start, end, minutes on 2026-03-29, minutes on 2026-10-25
      ['02:00', '03:00', 0, 120], // spring: both ends are 03:00 CEST; autumn: 02:00 CEST → 03:00 CET
      ['01:00', '02:30', 90, 90], // spring: 02:30 does not exist, moves to 03:30 CEST
      ['02:15', '02:45', 30, 30], // autumn: the first 02:15–02:45 (CEST)
      ['00:00', '24:00', 23 * 60, 25 * 60],
    ];
    for (const [start, end, spring, autumn] of cases) {
      const m = mediator({ availability: [{ weekday: 7, start, end }] });
      for (const [day, expected] of [
        ['2026-03-29', spring],
        ['2026-10-25', autumn],
      ] as const) {
        const from = at(`${day}T00:00`);
        const to = from + 26 * 60 * MINUTE;
        const reference = expandWeeklyRules(m.availability, ZONE, from, to).reduce((sum, i) => sum + (Math.min(i.end, to) - Math.max(i.start, from)) / MINUTE, 0);
        expect([start, end, day, supplyMinutes(m, from, to, ZONE)]).toEqual([start, end, day, expected]);
        expect(reference).toBe(expected);
      }
    }
  });
});

describe('weeks, weekdays and time bands are read in local time', () => {
  it('ISO weeks across the year boundary: 28 Dec 2026 – 3 Jan 2027 is 2026-W53, 4 Jan 2027 starts 2027-W01', () => {
    const r = report({
      from: at('2026-12-28T00:00'),
      to: at('2027-01-11T00:00'),
      groupBy: ['week'],
      demand: ['2026-12-28T10:00', '2026-12-31T10:00', '2027-01-03T23:30', '2027-01-04T00:15', '2027-01-10T10:00'].map((t) => request(t)),
      mediators: [mediator({ availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '10:00' })) })],
    });
    expect(r.rows.map((x) => [x.key.week, x.requested, x.supplyMinutes])).toEqual([
      ['2026-W53', 3, 420],
      ['2027-W01', 2, 420],
    ]);
  });

  it('the calendar agrees with luxon on every day’s midnight, weekday and ISO week, 2020–2030, in two zones', () => {
    for (const zone of ['Europe/Rome', 'America/New_York']) {
      const from = DateTime.fromISO('2020-01-01T00:00', { zone }).toMillis();
      const to = DateTime.fromISO('2031-01-01T00:00', { zone }).toMillis();
      const { days } = timeBuckets(zone, from, to);
      expect(days.length).toBe(4018);
      for (const [d, day] of days.entries()) {
        const dt = DateTime.fromMillis(day.start, { zone });
        const expected = [dt.startOf('day').toMillis(), dt.weekday, `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`, dt.plus({ days: 1 }).toMillis()];
        const actual = [day.start, day.weekday, day.week, day.end];
        if (JSON.stringify(actual) !== JSON.stringify(expected)) expect([zone, d, ...actual]).toEqual([zone, d, ...expected]);
      }
    }
  });

  it('weekday and time band of the local start: 00–06 night, 06–12 morning, 12–18 afternoon, 18–24 evening', () => {
    const r = report({
      groupBy: ['weekday', 'timeBand'],
      demand: [
        '2026-03-16T05:59',
        '2026-03-16T06:00',
        '2026-03-16T11:59',
        '2026-03-16T12:00',
        '2026-03-16T17:59',
        '2026-03-16T18:00',
        '2026-03-16T23:30',
        '2026-03-17T00:30', // Tuesday in Rome, still Monday (23:30) in UTC
      ].map((t) => request(t)),
      mediators: [
        mediator({
          availability: [
            { weekday: 1, start: '05:00', end: '13:00' },
            { weekday: 2, start: '00:00', end: '01:00' },
          ],
        }),
      ],
    });
    expect(r.rows.map((x) => [x.key.weekday, x.key.timeBand, x.requested, x.supplyMinutes, x.mediators])).toEqual([
      [1, 'night', 1, 60, 1],
      [1, 'morning', 2, 360, 1],
      [1, 'afternoon', 2, 60, 1],
      [1, 'evening', 2, 0, 0],
      [2, 'night', 1, 60, 1],
    ]);
    expect(rowWith(r, { weekday: 1, timeBand: 'evening' }).utilisation).toBeNull();
  });

  it('splits supply at the band boundaries on days cut by time off too', () => {
    const r = report({
      groupBy: ['timeBand'],
      demand: ['2026-03-16T05:00', '2026-03-16T07:00', '2026-03-16T12:00'].map((t) => request(t)),
      mediators: [
        mediator({
          availability: [{ weekday: 1, start: '05:00', end: '13:00' }],
          timeOff: [{ start: at('2026-03-16T05:30'), end: at('2026-03-16T06:30') }],
        }),
      ],
    });
    expect(r.rows.map((x) => [x.key.timeBand, x.supplyMinutes])).toEqual([
      ['night', 30],
      ['morning', 330],
      ['afternoon', 60],
    ]);
  });

  it('a week row counts only the supply of that week, a weekday row only of that weekday', () => {
    const r = report({
      from: at('2026-03-16T00:00'),
      to: at('2026-03-30T00:00'),
      groupBy: ['weekday'],
      demand: [request('2026-03-18T10:00')],
      mediators: [mediator()],
    });
    expect(onlyRow(r)).toMatchObject({ key: { weekday: 3 }, supplyMinutes: 2 * 240 });
  });
});

describe('zero supply: language–area pairs with no mediator at all', () => {
  it('lists a Tigrinya request in VB when no Tigrinya speaker serves VB; not Arabic in TO where a speaker exists but is unavailable', () => {
    const r = report({
      groupBy: ['week'],
      demand: [request('2026-03-16T10:00', { language: 'ti', area: 'VB', status: 'unfilled', unfilledReason: 'no_speaker' }), request('2026-03-16T10:00', { status: 'unfilled', unfilledReason: 'all_taken' })],
      mediators: [
        mediator({ languages: ['ti'], areas: ['TO'] }),
        mediator({ languages: ['ar'], areas: ['VB'] }),
        mediator({ languages: ['ar'], areas: ['TO'], availability: [], timeOff: [{ start: 0, end: at('2027-01-01T00:00') }] }),
      ],
    });
    expect(r.zeroSupply).toEqual([{ language: 'ti', area: 'VB', requested: 1, demandMinutes: 60 }]);
  });

  it('is sorted by requested, then language and area; groups variants by primary language; ignores cancelled-only pairs', () => {
    const r = report({
      demand: [
        request('2026-03-16T10:00', { language: 'ti', area: 'VB' }),
        request('2026-03-16T11:00', { language: 'ti', area: 'VB', status: 'open' }),
        request('2026-03-16T10:00', { language: 'ps', area: 'NO' }),
        request('2026-03-16T11:00', { language: 'ps', area: 'NO', durationMinutes: 30 }),
        request('2026-03-16T10:00', { language: 'ti', area: 'CN' }),
        request('2026-03-16T10:00', { language: 'ar-MA', area: 'VB' }),
        request('2026-03-16T10:00', { language: 'ur', area: 'AT', status: 'cancelled' }),
      ],
      mediators: [mediator({ languages: ['ar-EG'], areas: ['TO'] })],
    });
    expect(r.zeroSupply).toEqual([
      { language: 'ps', area: 'NO', requested: 2, demandMinutes: 90 },
      { language: 'ti', area: 'VB', requested: 2, demandMinutes: 120 },
      { language: 'ar', area: 'VB', requested: 1, demandMinutes: 60 },
      { language: 'ti', area: 'CN', requested: 1, demandMinutes: 60 },
    ]);
  });
});

describe('keys and order', () => {
  it('groups language variants under the primary subtag: ar-MA, AR and ar are "ar"', () => {
    const r = report({
      demand: [request('2026-03-16T10:00', { language: 'ar-MA' }), request('2026-03-16T10:00', { language: 'AR' }), request('2026-03-16T10:00')],
      mediators: [mediator({ languages: ['ar-EG'] })],
    });
    expect(onlyRow(r)).toMatchObject({ key: { language: 'ar', area: 'TO' }, requested: 3, supplyMinutes: 1200 });
  });

  it('has one key per grouped dimension, sorted in groupBy order; a repeated dimension counts once', () => {
    const demand = [
      request('2026-03-16T10:00', { language: 'ro', area: 'AL' }),
      request('2026-03-16T10:00', { language: 'ar', area: 'TO' }),
      request('2026-03-16T10:00', { language: 'zh', area: 'AL' }),
      request('2026-03-16T10:00', { language: 'ar', area: 'AL' }),
    ];
    expect(report({ groupBy: ['area', 'language', 'area'], demand }).rows.map((x) => x.key)).toEqual([
      { area: 'AL', language: 'ar' },
      { area: 'AL', language: 'ro' },
      { area: 'AL', language: 'zh' },
      { area: 'TO', language: 'ar' },
    ]);
    expect(report({ groupBy: ['language', 'area'], demand }).rows.map((x) => x.key)).toEqual([
      { language: 'ar', area: 'AL' },
      { language: 'ar', area: 'TO' },
      { language: 'ro', area: 'AL' },
      { language: 'zh', area: 'AL' },
    ]);
  });

  it('defines every figure and dimension in plain words', () => {
    const r = report();
    const figures = Object.keys(r.totals);
    for (const name of [...figures, ...COVERAGE_DIMENSIONS, 'zeroSupply', 'totals', 'period']) {
      expect(r.definitions[name], name).toMatch(/\w{3,}.*\./);
    }
  });
});

describe('properties', () => {
  const LANGS = ['ar', 'ar-MA', 'ro', 'ti', 'zh'];
  const AREAS = ['TO', 'CN', 'VB'];
  const SECTORS = ['health', 'school'];
  const SERVICES = ['asl-to', 'comune-cn', 'asl-vb', 'unknown-desk'];
  const from = at('2026-03-23T00:00');
  const to = at('2026-04-06T00:00');

  const demandArb = fc.record({
    language: fc.constantFrom(...LANGS),
    area: fc.constantFrom(...AREAS),
    serviceId: fc.constantFrom(...SERVICES),
    sector: fc.constantFrom(...SECTORS),
    start: fc.integer({ min: from - DAY_MS, max: to + DAY_MS }),
    durationMinutes: fc.integer({ min: 15, max: 240 }),
    status: fc.constantFrom<DemandRecord['status']>('open', 'offered', 'booked', 'unfilled', 'cancelled'),
    fallbackStep: fc.constantFrom<DemandRecord['fallbackStep']>(null, 'neighbouring_area', 'video', 'phone'),
    unfilledReason: fc.constantFrom<string | null>(null, 'no_speaker', 'all_taken'),
    wait: fc.integer({ min: 0, max: 10_000 }),
  });
  const mediatorArb = fc.record({
    languages: fc.subarray(LANGS, { minLength: 1 }),
    areas: fc.subarray(AREAS, { minLength: 1 }),
    sectors: fc.subarray(SECTORS),
    rules: fc.array(fc.record({ weekday: fc.integer({ min: 1, max: 7 }), start: fc.integer({ min: 0, max: 95 }), length: fc.integer({ min: 1, max: 40 }) }), { maxLength: 4 }),
  });
  const hhmm = (quarter: number): string => (quarter >= 96 ? '24:00' : `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`);
  const groupByArb = fc.shuffledSubarray([...COVERAGE_DIMENSIONS]);

  it('rows add up to the totals, and filled + unfilled + pending = requested, for any grouping', () => {
    fc.assert(
      fc.property(
        fc.array(demandArb, { maxLength: 60 }),
        fc.array(mediatorArb, { maxLength: 5 }),
        groupByArb,
        fc.integer({ min: from, max: to }),
        (records, meds, groupBy, now) => {
          const demand: DemandRecord[] = records.map((x) => ({
            language: x.language,
            area: x.area,
            serviceId: x.serviceId,
            sector: x.sector,
            start: x.start,
            durationMinutes: x.durationMinutes,
            status: x.status,
            createdAt: x.start - DAY_MS,
            bookedAt: x.status === 'booked' ? x.start - DAY_MS + x.wait * MINUTE : null,
            fallbackStep: x.status === 'booked' ? x.fallbackStep : null,
            retroactive: false,
            unfilledReason: x.status === 'unfilled' ? x.unfilledReason : null,
          }));
          const mediators: SupplyMediator[] = meds.map((x, i) => ({
            id: `pm${i}`,
            languages: x.languages,
            areas: x.areas,
            sectors: x.sectors,
            availability: x.rules.map((rule) => ({ weekday: rule.weekday, start: hhmm(rule.start), end: hhmm(Math.min(96, rule.start + rule.length)) })),
            timeOff: [],
          }));
          const r = coverageReport({ from, to, zone: ZONE, now, groupBy, demand, mediators, serviceAreas: { 'asl-to': 'TO', 'comune-cn': 'CN', 'asl-vb': 'VB' } });
          const sum = (f: (row: CoverageRow) => number): number => r.rows.reduce((s, row) => s + f(row), 0);
          const inPeriod = demand.filter((d) => d.start >= from && d.start < to);
          expect(r.totals.requested + r.totals.cancelled).toBe(inPeriod.length);
          expect(sum((x) => x.requested)).toBe(r.totals.requested);
          expect(sum((x) => x.cancelled)).toBe(r.totals.cancelled);
          expect(sum((x) => x.filled)).toBe(r.totals.filled);
          expect(sum((x) => x.unfilled)).toBe(r.totals.unfilled);
          expect(sum((x) => x.demandMinutes)).toBe(r.totals.demandMinutes);
          expect(r.totals.filled + r.totals.unfilled + r.totals.pending).toBe(r.totals.requested);
          const keys = new Set<string>();
          for (const row of r.rows) {
            expect(row.filled + row.unfilled + row.pending).toBe(row.requested);
            expect(row.requested + row.cancelled).toBeGreaterThan(0);
            expect(Object.keys(row.key)).toEqual(groupBy.filter((d: CoverageDimension) => d in row.key));
            expect(Object.keys(row.key).length).toBe(groupBy.length);
            expect(Object.values(row.unfilledReasons).reduce((a, b) => a + b, 0)).toBe(row.unfilled);
            if (row.supplyMinutes !== null) expect(row.supplyMinutes).toBeLessThanOrEqual((r.totals.supplyMinutes ?? 0) + 1e-9);
            keys.add(JSON.stringify(row.key));
          }
          expect(keys.size).toBe(r.rows.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('grouped by time only, with a request in every band of every day, the rows share out the total supply exactly', () => {
    fc.assert(
      fc.property(
        fc.array(mediatorArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 10 * DAY_MS }), length: fc.integer({ min: 1, max: DAY_MS }) }), { maxLength: 3 }),
        fc.constantFrom(at('2026-03-25T00:00'), at('2026-10-21T00:00')),
        fc.integer({ min: 0, max: 3 * DAY_MS }),
        fc.integer({ min: 4 * DAY_MS, max: 9 * DAY_MS }),
        fc.shuffledSubarray(['week', 'weekday', 'timeBand'] as CoverageDimension[], { minLength: 1 }),
        (meds, offs, base, fromOffset, toOffset, groupBy) => {
          const pFrom = base + fromOffset;
          const pTo = base + toOffset;
          const starts = [pFrom];
          for (let day = DateTime.fromMillis(pFrom, { zone: ZONE }).startOf('day'); day.toMillis() < pTo; day = day.plus({ days: 1 })) {
            for (const hour of [0, 6, 12, 18]) starts.push(day.set({ hour }).toMillis());
          }
          const demand = starts.filter((t) => t >= pFrom && t < pTo).map((start) => ({ ...request('2026-03-16T10:00'), start, end: start + 1 }));
          const mediators = meds.map((x, i) => ({
            ...mediator(),
            availability: x.rules.map((rule) => ({ weekday: rule.weekday, start: hhmm(rule.start), end: hhmm(Math.min(96, rule.start + rule.length)) })),
            timeOff: offs.map((o) => ({ start: base + o.start, end: base + o.start + o.length })).filter((_, k) => k % meds.length === i),
          }));
          const r = coverageReport({ from: pFrom, to: pTo, zone: ZONE, now: pFrom, groupBy, demand, mediators, serviceAreas: {} });
          const shared = r.rows.reduce((sum, row) => sum + (row.supplyMinutes ?? 0), 0);
          expect(Math.abs(shared - (r.totals.supplyMinutes ?? 0))).toBeLessThan(1e-6);
          const each = mediators.reduce((sum, m) => sum + supplyMinutes(m, pFrom, pTo, ZONE), 0);
          expect(Math.abs(each - (r.totals.supplyMinutes ?? 0))).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });

  const ruleArb = fc.record({
    weekday: fc.integer({ min: 1, max: 7 }),
    // Quarter hours, with extra weight on the hours around the DST changes (01:00–04:00).
    start: fc.oneof(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 4, max: 16 })),
    end: fc.oneof(fc.integer({ min: 1, max: 96 }), fc.integer({ min: 5, max: 16 })),
  });
  const dstWindow = fc.constantFrom(at('2026-03-25T00:00'), at('2026-10-21T00:00'), at('2026-06-01T00:00'));

  it('supply is additive over any split point, across DST, and agrees with expandWeeklyRules minus time off', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 5 }),
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 9 * DAY_MS }), length: fc.integer({ min: 1, max: 2 * DAY_MS }) }), { maxLength: 3 }),
        dstWindow,
        fc.integer({ min: 0, max: 9 * DAY_MS }),
        fc.integer({ min: 0, max: 9 * DAY_MS }),
        fc.integer({ min: 0, max: 9 * DAY_MS }),
        (rules, offs, base, x, y, z) => {
          const [a, b, c] = [x, y, z].sort((p, q) => p - q).map((v) => base + v) as [number, number, number];
          const m = mediator({
            availability: rules.map((rule) => ({ weekday: rule.weekday, start: hhmm(rule.start), end: hhmm(rule.end) })),
            timeOff: offs.map((o) => ({ start: base + o.start, end: base + o.start + o.length })),
          });
          const whole = supplyMinutes(m, a, c, ZONE);
          expect(Math.abs(whole - (supplyMinutes(m, a, b, ZONE) + supplyMinutes(m, b, c, ZONE)))).toBeLessThan(1e-6);
          const clipped: Interval[] = expandWeeklyRules(m.availability, ZONE, a, c)
            .map((i) => ({ start: Math.max(i.start, a), end: Math.min(i.end, c) }))
            .filter((i) => i.end > i.start);
          const reference = subtractIntervals(clipped, m.timeOff).reduce((s, i) => s + (i.end - i.start) / MINUTE, 0);
          expect(Math.abs(whole - reference)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('a year at full size: 200,000 requests, 2,000 mediators', () => {
  it('gets the totals, a row and the zero-supply pairs right', () => {
    const from = at('2026-01-01T00:00');
    const to = at('2027-01-01T00:00');
    const AREAS = ['TO', 'CN', 'AL', 'AT', 'NO', 'VC', 'BI', 'VB'];
    const SPOKEN = ['ar', 'ro', 'sq', 'zh', 'uk'];
    const REQUESTED = ['ar', 'ar-MA', 'ro', 'sq', 'zh', 'uk', 'ti']; // nobody speaks ti
    const STATUSES = ['booked', 'unfilled', 'open', 'offered', 'cancelled'] as const;
    // Mediator j: language j % 5, area j % 8 (all 40 pairs exist), Monday–Friday 09:00–13:00;
    // the even ones also Sunday 01:00–04:00.
    const mediators: SupplyMediator[] = [];
    for (let j = 0; j < 2000; j++) {
      const availability = [...WEEKDAYS_9_TO_13];
      if (j % 2 === 0) availability.push({ weekday: 7, start: '01:00', end: '04:00' });
      mediators.push({ id: `m${j}`, languages: [SPOKEN[j % 5] ?? 'ar'], areas: [AREAS[j % 8] ?? 'TO'], sectors: ['health'], availability, timeOff: [] });
    }
    const N = 200_000;
    const step = Math.floor((to - from) / N); // every 2 min 37.68 s, over the whole year
    const demand: DemandRecord[] = [];
    for (let i = 0; i < N; i++) {
      const start = from + i * step;
      const status = STATUSES[i % 5] ?? 'booked';
      demand.push({
        language: REQUESTED[i % 7] ?? 'ar',
        area: AREAS[i % 8] ?? 'TO',
        serviceId: `s${i % 40}`,
        sector: 'health',
        start,
        durationMinutes: 60,
        status,
        createdAt: start - DAY_MS,
        bookedAt: status === 'booked' ? start - DAY_MS + (i % 100) * MINUTE : null,
        fallbackStep: status === 'booked' && i % 3 === 0 ? 'video' : null,
        retroactive: false,
        unfilledReason: status === 'unfilled' ? 'no_candidate' : null,
      });
    }
    const input: CoverageInput = { from, to, zone: ZONE, now: to, groupBy: ['language', 'area'], demand, mediators, serviceAreas: {} };
    const r = coverageReport(input);

    // 2026 has 261 weekdays and 52 Sundays (the DST Sundays are 120 and 240 minutes: 52 × 180 in all).
    const weekdayMinutes = 261 * 240;
    const sundayMinutes = 52 * 180;
    expect(r.totals).toMatchObject({
      requested: 160_000,
      cancelled: 40_000,
      filled: 40_000,
      unfilled: 120_000, // 40,000 unfilled + 80,000 open or offered whose start has passed
      pending: 0,
      unfilledReasons: { expired_unassigned: 80_000, no_candidate: 40_000 },
      fillRate: 0.25,
      demandMinutes: 160_000 * 60,
      bookedMinutes: 40_000 * 60,
      unmetMinutes: 120_000 * 60,
      supplyMinutes: 2000 * weekdayMinutes + 1000 * sundayMinutes,
      mediators: 2000,
      // Booked 0, 5, …, 95 minutes after creation (i % 100 for i ≡ 0 mod 5), each 2,000 times.
      medianMinutesToFill: 45, // rank 20,000 of 40,000: the 10th of the 20 values
      p90MinutesToFill: 85, // rank 36,000: the 18th value
    });
    expect(r.totals.fallbackSteps.video).toBe(demand.filter((d) => d.status === 'booked' && d.fallbackStep === 'video').length);

    // (ar, TO): requests in ar or ar-MA in TO; mediators j ≡ 0 (mod 40), all even: 50 of them.
    const arTo = rowWith(r, { language: 'ar', area: 'TO' });
    const expected = demand.filter((d, i) => i % 7 <= 1 && i % 8 === 0 && d.status !== 'cancelled');
    expect(arTo.requested).toBe(expected.length);
    expect(arTo.filled).toBe(expected.filter((d) => d.status === 'booked').length);
    expect(arTo).toMatchObject({ supplyMinutes: 50 * (weekdayMinutes + sundayMinutes), mediators: 50 });
    expect(r.rows).toHaveLength(6 * 8);

    // Nobody speaks Tigrinya: every area is a zero-supply pair, and nothing else is.
    expect(r.zeroSupply.map((z) => z.language)).toEqual(Array(8).fill('ti'));
    expect(r.zeroSupply.reduce((s, z) => s + z.requested, 0)).toBe(demand.filter((d, i) => i % 7 === 6 && d.status !== 'cancelled').length);

    // By week: the weeks' supply adds up to the year's, and the spring DST week has 60 minutes less per even mediator.
    const weekly = coverageReport({ ...input, groupBy: ['language', 'area', 'week'] });
    const arToWeeks = weekly.rows.filter((x) => x.key.language === 'ar' && x.key.area === 'TO');
    expect(arToWeeks).toHaveLength(53);
    expect(arToWeeks.reduce((s, x) => s + (x.supplyMinutes ?? 0), 0)).toBe(arTo.supplyMinutes);
    expect(rowWith(weekly, { language: 'ar', area: 'TO', week: '2026-W13' }).supplyMinutes).toBe(50 * (5 * 240 + 120));
    expect(weekly.rows.reduce((s, x) => s + x.requested, 0)).toBe(160_000);
  });
});
