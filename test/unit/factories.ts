/**
 * Builders for the pure matching domain, with defaults that make the default mediator a valid
 * candidate for the default request: an Arabic (C1) speaker serving Torino in person, phone and
 * video, available Monday–Friday 08:00–18:00, asked for Monday 23 March 2026 10:00–11:00 in Torino.
 * Each test overrides only what it is about.
 */
import { DateTime } from 'luxon';
import { weekContaining, type WeeklyRule } from '../../src/domain/availability.js';
import type { Booking, Exclusion, MatchingContext, MatchRequest, MediatorProfile } from '../../src/domain/eligibility.js';
import { type Interval, MINUTE } from '../../src/domain/intervals.js';

export const ZONE = 'Europe/Rome';

/** Local wall-clock time in Rome ("2026-03-23T10:00") → epoch ms. Avoid the ambiguous hour of the fall-back night. */
export function at(localIso: string): number {
  const dt = DateTime.fromISO(localIso, { zone: ZONE });
  if (!dt.isValid) throw new Error(`bad local time ${localIso}`);
  return dt.toMillis();
}

/** Epoch ms of a UTC instant ("2026-03-29T07:00Z"). */
export function utc(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
}

/** Epoch ms → "2026-03-29T07:00Z" (seconds shown only when not zero). */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z').replace(/:00Z$/, 'Z');
}

/** [start, start + minutes) from a local start time. */
export function slot(localStart: string, minutes: number): Interval {
  const start = at(localStart);
  return { start, end: start + minutes * MINUTE };
}

export const DEFAULT_START = '2026-03-23T10:00'; // a Monday, the week before the spring DST change

/** Every day, around the clock. */
export const ALWAYS: WeeklyRule[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
export const WEEKDAYS_8_TO_18: WeeklyRule[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' }));

/** A subset of the seeded Piedmont travel matrix (db/migrations/0001_seed_areas.sql), symmetric. */
export const TRAVEL: Record<string, Record<string, number>> = {
  TO: { TO: 30, AT: 50, AL: 75, NO: 70, VC: 60, VB: 120 },
  AT: { TO: 50, AT: 20, AL: 35, NO: 90, VC: 75, VB: 150 },
  AL: { TO: 75, AT: 35, AL: 20, NO: 70, VC: 55, VB: 130 },
  NO: { TO: 70, AT: 90, AL: 70, NO: 20, VC: 25, VB: 60 },
  VC: { TO: 60, AT: 75, AL: 55, NO: 25, VC: 20, VB: 80 },
  VB: { TO: 120, AT: 150, AL: 130, NO: 60, VC: 80, VB: 20 },
};
export const AREAS = Object.keys(TRAVEL);

export function travelMinutes(from: string, to: string): number {
  const minutes = TRAVEL[from]?.[to];
  if (minutes === undefined) throw new Error(`no travel time ${from}→${to} in the test matrix`);
  return minutes;
}

let serial = 0;

export function mediator(overrides: Partial<MediatorProfile> = {}): MediatorProfile {
  serial++;
  const id = overrides.id ?? `med-${serial}`;
  return {
    id,
    name: `Mediator ${id}`,
    active: true,
    gender: null,
    homeArea: 'TO',
    areas: ['TO'],
    modalities: ['in_person', 'phone', 'video'],
    sectors: [],
    languages: [{ code: 'ar', level: 'C1' }],
    availability: WEEKDAYS_8_TO_18,
    maxWeeklyMinutes: 20 * 60,
    ...overrides,
  };
}

/** A request; `at` + `minutes` set start/end from local time (default Monday 23 March 2026 10:00, 60 min). */
export function request(overrides: Partial<MatchRequest> & { at?: string; minutes?: number } = {}): MatchRequest {
  const { at: localStart, minutes, ...rest } = overrides;
  const s = slot(localStart ?? DEFAULT_START, minutes ?? 60);
  return {
    appointmentId: 'apt-new',
    serviceId: 'svc-to',
    language: 'ar',
    minLevel: 'B2',
    area: 'TO',
    modality: 'in_person',
    start: s.start,
    end: s.end,
    sector: 'health',
    genderPreference: 'none',
    gender: null,
    beneficiaryRef: 'CASE-1',
    ...rest,
  };
}

/** A booking a mediator already holds; `at` + `minutes` set start/end from local time. */
export function booking(overrides: Partial<Booking> & { mediatorId: string; at?: string; minutes?: number }): Booking {
  serial++;
  const { at: localStart, minutes, ...rest } = overrides;
  const s = slot(localStart ?? DEFAULT_START, minutes ?? 60);
  return {
    appointmentId: `apt-${serial}`,
    serviceId: 'svc-other',
    area: 'TO',
    modality: 'in_person',
    start: s.start,
    end: s.end,
    ...rest,
  };
}

export interface ContextInput {
  /** The request whose ISO week the weekly cap uses (default: the default request). */
  request?: MatchRequest;
  bookings?: readonly Booking[];
  timeOff?: Record<string, readonly Interval[]>;
  exclusions?: readonly Exclusion[];
  continuity?: readonly string[];
  recentMinutes?: Record<string, number>;
  travelMinutes?: (from: string, to: string) => number;
  week?: Interval;
  zone?: string;
}

export function context(input: ContextInput = {}): MatchingContext {
  const zone = input.zone ?? ZONE;
  const bookings = new Map<string, Booking[]>();
  for (const b of input.bookings ?? []) bookings.set(b.mediatorId, [...(bookings.get(b.mediatorId) ?? []), b]);
  return {
    zone,
    travelMinutes: input.travelMinutes ?? travelMinutes,
    bookings,
    timeOff: new Map(Object.entries(input.timeOff ?? {})),
    exclusions: input.exclusions ?? [],
    continuity: new Set(input.continuity ?? []),
    recentMinutes: new Map(Object.entries(input.recentMinutes ?? {})),
    week: input.week ?? weekContaining(input.request?.start ?? at(DEFAULT_START), zone),
  };
}
