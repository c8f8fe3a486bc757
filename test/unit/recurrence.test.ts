import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { atLocalTime, expandRecurrence, type Recurrence } from '../../src/domain/recurrence.js';
import { mediatorChanges, planSeries } from '../../src/domain/series-plan.js';

const ZONE = 'Europe/Rome';
const rome = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const show = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISO({ suppressMilliseconds: true });
const expand = (startLocal: string, r: Partial<Recurrence>) =>
  expandRecurrence(rome(startLocal), { interval: 1, weekdays: [DateTime.fromISO(startLocal).weekday], ...r }, ZONE).map(show);

function refusal(f: () => unknown): { code: string; path: string | undefined } {
  try {
    f();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, path: error.errors[0]?.path };
    throw error;
  }
  throw new Error('not refused');
}

describe('expandRecurrence: weekly occurrences at the same wall-clock time', () => {
  it('keeps 09:00 at 09:00 across the last Sunday of March (the offset moves from +01:00 to +02:00)', () => {
    expect(expand('2026-03-23T09:00', { count: 3 })).toEqual(['2026-03-23T09:00:00+01:00', '2026-03-30T09:00:00+02:00', '2026-04-06T09:00:00+02:00']);
  });

  it('keeps 09:00 at 09:00 across the last Sunday of October', () => {
    expect(expand('2026-10-19T09:00', { count: 3 })).toEqual(['2026-10-19T09:00:00+02:00', '2026-10-26T09:00:00+01:00', '2026-11-02T09:00:00+01:00']);
  });

  it('falls on every listed weekday of the week, in order, from the start on', () => {
    expect(expand('2026-03-25T14:30', { weekdays: [1, 3, 5], count: 4 })).toEqual([
      '2026-03-25T14:30:00+01:00',
      '2026-03-27T14:30:00+01:00',
      '2026-03-30T14:30:00+02:00',
      '2026-04-01T14:30:00+02:00',
    ]);
  });

  it('every N weeks', () => {
    expect(expand('2026-03-23T09:00', { interval: 2, count: 3 })).toEqual(['2026-03-23T09:00:00+01:00', '2026-04-06T09:00:00+02:00', '2026-04-20T09:00:00+02:00']);
  });

  it('until a local date, that day included', () => {
    expect(expand('2026-03-23T09:00', { until: '2026-04-06' })).toHaveLength(3);
    expect(expand('2026-03-23T09:00', { until: '2026-04-05' })).toHaveLength(2);
  });

  it('a whole school year of Tuesdays is within the limits', () => {
    const starts = expand('2026-09-15T16:00', { weekdays: [2], until: '2027-06-08' });
    expect(starts).toHaveLength(39);
    expect(starts.every((s) => s?.slice(11, 16) === '16:00')).toBe(true);
  });
});

describe('expandRecurrence refuses', () => {
  it('more than 60 occurrences', () => {
    expect(refusal(() => expand('2026-03-23T09:00', { count: 61 }))).toEqual({ code: 'series_too_long', path: 'recurrence.count' });
    expect(refusal(() => expand('2026-03-23T09:00', { weekdays: [1, 2, 3, 4, 5], until: '2026-07-01' })).code).toBe('series_too_long');
  });

  it('more than a year', () => {
    expect(refusal(() => expand('2026-03-23T09:00', { until: '2027-03-24' }))).toEqual({ code: 'series_too_long', path: 'recurrence.until' });
    expect(refusal(() => expand('2026-03-23T09:00', { interval: 10, count: 8 })).code).toBe('series_too_long');
  });

  it('both until and count, or neither; an until before the start; a start not on the weekdays', () => {
    expect(refusal(() => expand('2026-03-23T09:00', { count: 2, until: '2026-04-01' })).path).toBe('recurrence');
    expect(refusal(() => expand('2026-03-23T09:00', {})).path).toBe('recurrence');
    expect(refusal(() => expand('2026-03-23T09:00', { until: '2026-03-20' })).path).toBe('recurrence.until');
    expect(refusal(() => expandRecurrence(rome('2026-03-23T09:00'), { interval: 1, weekdays: [2], count: 2 }, ZONE)).path).toBe('recurrence.weekdays');
  });
});

describe('atLocalTime: a new time for an occurrence, on its own local day', () => {
  it('moves 09:00 to 10:30 on each side of the DST change', () => {
    expect(show(atLocalTime(rome('2026-03-23T09:00'), '10:30', ZONE))).toBe('2026-03-23T10:30:00+01:00');
    expect(show(atLocalTime(rome('2026-03-30T09:00'), '10:30', ZONE))).toBe('2026-03-30T10:30:00+02:00');
  });
});

describe('planSeries: who takes each occurrence', () => {
  it('one mediator for all when one fits them all, even if not the best-ranked each time', () => {
    expect(planSeries([['a', 'b'], ['a', 'b'], ['c', 'b'], ['b']])).toEqual(['b', 'b', 'b', 'b']);
  });

  it('the best-ranked of those who fit them all', () => {
    expect(planSeries([['a', 'b', 'c'], ['c', 'b', 'a'], ['b', 'a']])).toEqual(['a', 'a', 'a']);
  });

  it('otherwise the fewest changes: whoever fits the longest run, kept while they fit', () => {
    const plan = planSeries([['a', 'b'], ['a', 'b'], ['a'], ['c', 'a'], ['c'], ['c', 'b']]);
    expect(plan).toEqual(['a', 'a', 'a', 'a', 'c', 'c']);
    expect(mediatorChanges(plan)).toBe(1);
  });

  it('an occurrence nobody fits is left unfilled and does not break continuity', () => {
    const plan = planSeries([['a', 'b'], [], ['b', 'a']]);
    expect(plan).toEqual(['a', null, 'a']);
    expect(mediatorChanges(plan)).toBe(0);
  });

  it('nothing to plan, nothing planned', () => {
    expect(planSeries([])).toEqual([]);
    expect(planSeries([[], []])).toEqual([null, null]);
  });
});
