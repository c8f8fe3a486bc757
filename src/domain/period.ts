/**
 * The period a report covers, as an office reads it: calendar days in the network's zone, both
 * ends included (`to=2026-12-31` includes the 31st; `from` = `to` is one day), or a month
 * (`month=2026-12`). An ISO instant is still accepted at either end and is taken as it is
 * (`to` then excludes that instant), as the contract has always allowed.
 */
import { DateTime } from 'luxon';

/** The period's instants, [from, to) in epoch ms, and the calendar days it touches, both inclusive. */
export interface ReportPeriod {
  from: number;
  to: number;
  firstDay: string;
  lastDay: string;
}

/** What a query may say: `from` and `to` (dates or instants), or `month`. */
export interface PeriodInput {
  from?: string | undefined;
  to?: string | undefined;
  month?: string | undefined;
}

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const MONTH_PATTERN = /^20\d\d-(0[1-9]|1[0-2])$/;

const isDate = (v: string) => DATE_PATTERN.test(v);

function startOfDay(date: string, zone: string): DateTime {
  return DateTime.fromISO(date, { zone }).startOf('day');
}

function instant(v: string): DateTime {
  return DateTime.fromISO(v, { setZone: true });
}

/** `from`: a date is its first instant in the zone; an instant is itself. */
export function periodStart(from: string, zone: string): number {
  return isDate(from) ? startOfDay(from, zone).toMillis() : instant(from).toMillis();
}

/** `to`: a date is included whole (its end is the next day's midnight, 23 or 25 hours on DST days); an instant is excluded. */
export function periodEnd(to: string, zone: string): number {
  return isDate(to) ? startOfDay(to, zone).plus({ days: 1 }).toMillis() : instant(to).toMillis();
}

/**
 * The period a query names; the caller has checked each field's format and that either `month`
 * or both `from` and `to` are given. `firstDay` and `lastDay` are the local days of [from, to),
 * e.g. for a file name.
 */
export function reportPeriod(input: PeriodInput, zone: string): ReportPeriod {
  let from: number;
  let to: number;
  if (input.month !== undefined) {
    const first = DateTime.fromISO(`${input.month}-01`, { zone }).startOf('day');
    from = first.toMillis();
    to = first.plus({ months: 1 }).toMillis();
  } else {
    from = periodStart(input.from ?? '', zone);
    to = periodEnd(input.to ?? '', zone);
  }
  const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
  return { from, to, firstDay: day(from), lastDay: day(Math.max(from, to - 1)) };
}

/**
 * Why a period query is malformed, naming the field, or null when it is well-formed: `month`
 * alone, or `from` and `to` together.
 */
export function periodQueryProblem(input: PeriodInput): { field: 'from' | 'to' | 'month'; message: string } | null {
  if (input.month !== undefined) {
    if (input.from !== undefined || input.to !== undefined) return { field: 'month', message: 'give either month or from and to, not both' };
    return null;
  }
  if (input.from === undefined) return { field: 'from', message: 'required (or give month=YYYY-MM)' };
  if (input.to === undefined) return { field: 'to', message: 'required (or give month=YYYY-MM)' };
  return null;
}
