/** A report's period as an office says it: calendar days, both ends included, or a month. */
import { describe, expect, it } from 'vitest';
import { periodQueryProblem, reportPeriod } from '../../src/domain/period.js';

const ZONE = 'Europe/Rome';
const iso = (ms: number) => new Date(ms).toISOString();

describe('from and to as calendar days', () => {
  it('includes the last day whole: to=2026-12-31 ends at midnight of 1 January, Rome time', () => {
    const p = reportPeriod({ from: '2026-12-01', to: '2026-12-31' }, ZONE);
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-11-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    expect([p.firstDay, p.lastDay]).toEqual(['2026-12-01', '2026-12-31']);
  });

  it('makes from = to one day', () => {
    const p = reportPeriod({ from: '2026-12-08', to: '2026-12-08' }, ZONE);
    expect(p.to - p.from).toBe(24 * 3600_000);
    expect([p.firstDay, p.lastDay]).toEqual(['2026-12-08', '2026-12-08']);
  });

  it('counts the DST days as 23 and 25 hours', () => {
    const spring = reportPeriod({ from: '2026-03-29', to: '2026-03-29' }, ZONE);
    const autumn = reportPeriod({ from: '2026-10-25', to: '2026-10-25' }, ZONE);
    expect([(spring.to - spring.from) / 3600_000, (autumn.to - autumn.from) / 3600_000]).toEqual([23, 25]);
  });

  it('still takes ISO instants as they are, the end excluded', () => {
    const p = reportPeriod({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, ZONE);
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
    expect([p.firstDay, p.lastDay]).toEqual(['2026-03-01', '2026-04-01']); // 00:00Z is 02:00 in Rome on 1 April
  });
});

describe('month', () => {
  it('is the calendar month in Rome, December to January', () => {
    const p = reportPeriod({ month: '2026-12' }, ZONE);
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-11-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    expect([p.firstDay, p.lastDay]).toEqual(['2026-12-01', '2026-12-31']);
  });

  it('is the same period as its first and last day', () => {
    expect(reportPeriod({ month: '2026-03' }, ZONE)).toEqual(reportPeriod({ from: '2026-03-01', to: '2026-03-31' }, ZONE));
  });
});

describe('a well-formed period query', () => {
  it('is month alone, or from and to together', () => {
    expect(periodQueryProblem({ month: '2026-12' })).toBeNull();
    expect(periodQueryProblem({ from: '2026-12-01', to: '2026-12-31' })).toBeNull();
  });

  it('names the field at fault', () => {
    expect(periodQueryProblem({ month: '2026-12', from: '2026-12-01' })?.field).toBe('month');
    expect(periodQueryProblem({ month: '2026-12', to: '2026-12-31' })?.field).toBe('month');
    expect(periodQueryProblem({ to: '2026-12-31' })?.field).toBe('from');
    expect(periodQueryProblem({ from: '2026-12-01' })?.field).toBe('to');
    expect(periodQueryProblem({})?.field).toBe('from');
  });
});
