import { coversWeekly, type LocalDay, localDays, type WeeklyRule } from './availability.js';
import { type Interval, MINUTE, overlaps } from './intervals.js';
import { bestLanguageMatch, bestLanguageMatchAtLevel, type LanguageMatch, modalitySuitsLanguage, type SpokenLanguage } from './languages.js';
import type { Gender, GenderPreference, Level, Modality, Sector } from './vocabulary.js';

/** What a desk asks for, as matching sees it (instants in epoch ms). */
export interface MatchRequest {
  appointmentId?: string;
  serviceId: string;
  language: string;
  minLevel: Level;
  area: string;
  modality: Modality;
  start: number;
  end: number;
  sector: Sector;
  genderPreference: GenderPreference;
  gender?: Gender | null;
  beneficiaryRef?: string | null;
}

export interface MediatorProfile {
  id: string;
  name: string;
  active: boolean;
  gender: Gender | null;
  homeArea: string;
  areas: readonly string[];
  modalities: readonly Modality[];
  sectors: readonly Sector[];
  languages: readonly SpokenLanguage[];
  availability: readonly WeeklyRule[];
  maxWeeklyMinutes: number;
}

/** An appointment a mediator already holds. */
export interface Booking {
  appointmentId: string;
  mediatorId: string;
  serviceId: string;
  start: number;
  end: number;
  area: string;
  modality: Modality;
}

export interface Exclusion {
  mediatorId: string;
  beneficiaryRef: string | null;
}

/** Everything matching needs besides the roster; loaded by storage for the mediators in play. */
export interface MatchingContext {
  zone: string;
  /** Travel minutes between two areas (the area matrix). */
  travelMinutes(from: string, to: string): number;
  /** Booked appointments per mediator around the request (at least its ISO week ± one day). */
  bookings: ReadonlyMap<string, readonly Booking[]>;
  timeOff: ReadonlyMap<string, readonly Interval[]>;
  /** Exclusions recorded by the requesting service. */
  exclusions: readonly Exclusion[];
  /** Mediators who already served this beneficiary at this service. */
  continuity: ReadonlySet<string>;
  /** Minutes booked per mediator in the 30 days before the request. */
  recentMinutes: ReadonlyMap<string, number>;
  /** The ISO week (in `zone`) holding the request, for the weekly cap. */
  week: Interval;
}

/** The hard rules, in the order they are checked; `explain` names the first one a mediator fails. */
export const HARD_RULES = [
  'inactive',
  'excluded',
  'language',
  'language_level',
  'modality',
  'area',
  'gender',
  'availability',
  'time_off',
  'booking_conflict',
  'weekly_cap',
] as const;
export type HardRule = (typeof HARD_RULES)[number];

export type Eligibility =
  | { eligible: true; language: LanguageMatch; travelFromArea?: string; travelMinutes?: number }
  | { eligible: false; rule: HardRule; detail: string };

export interface EligibilityOptions {
  /** Fallback step "neighbouring area": accept a mediator whose served area is within this many travel minutes. */
  neighbourMaxTravel?: number;
  /** The local days the request spans (`requestDays`), when the caller checks many mediators against it. */
  days?: readonly LocalDay[];
}

/** The local days a request spans, in the context's zone: what its weekly availability is read on. */
export function requestDays(req: MatchRequest, ctx: MatchingContext): LocalDay[] {
  return localDays(ctx.zone, req.start, req.end);
}

/**
 * Travel minutes from one appointment's place to the other's: none unless both are in person at
 * different services. `direction` says whether the booking comes before the request or after it.
 */
export function travelBetween(ctx: MatchingContext, booking: Booking, req: MatchRequest, direction: 'to_request' | 'from_request'): number {
  if (booking.modality !== 'in_person' || req.modality !== 'in_person') return 0;
  if (booking.serviceId === req.serviceId) return 0;
  return direction === 'to_request' ? ctx.travelMinutes(booking.area, req.area) : ctx.travelMinutes(req.area, booking.area);
}

const fail = (rule: HardRule, detail: string): Eligibility => ({ eligible: false, rule, detail });

/** Checks every hard rule, in order, for one mediator and one request; the first one failed is returned. */
export function checkEligibility(m: MediatorProfile, req: MatchRequest, ctx: MatchingContext, options: EligibilityOptions = {}): Eligibility {
  if (!m.active) return fail('inactive', 'Mediator is not active.');

  const exclusion = ctx.exclusions.find((e) => e.mediatorId === m.id && (e.beneficiaryRef === null || e.beneficiaryRef === req.beneficiaryRef));
  if (exclusion) return fail('excluded', exclusion.beneficiaryRef ? 'Excluded for this beneficiary by the service.' : 'Excluded by the service.');

  const language = bestLanguageMatchAtLevel(m.languages, req.language, req.minLevel);
  if (!language) {
    const spoken = bestLanguageMatch(m.languages, req.language);
    if (!spoken) return fail('language', `Does not speak ${req.language}.`);
    return fail('language_level', `Speaks ${spoken.spoken.code} at ${spoken.spoken.level}, below the required ${req.minLevel}.`);
  }

  // The request-level refusal (create, PATCH) keeps such requests out; this covers every other path (a desk's fallback pick).
  if (!modalitySuitsLanguage(req.language, req.modality)) return fail('modality', `${req.language} is a sign language: it is never mediated by phone.`);
  if (!m.modalities.includes(req.modality)) return fail('modality', `Does not work by ${req.modality.replace('_', ' ')}.`);

  // Area matters in person only; the neighbouring-area fallback accepts a served area close enough.
  let neighbour: { area: string; minutes: number } | null = null;
  if (req.modality === 'in_person' && !m.areas.includes(req.area)) {
    neighbour = options.neighbourMaxTravel === undefined ? null : nearestServedArea(m, req.area, ctx);
    if (!neighbour || neighbour.minutes > (options.neighbourMaxTravel ?? 0)) return fail('area', `Does not serve area ${req.area}.`);
  }

  if (req.genderPreference === 'required' && req.gender && m.gender !== req.gender) return fail('gender', `A ${req.gender} mediator is required.`);

  if (!coversWeekly(m.availability, options.days ?? requestDays(req, ctx), req.start, req.end)) return fail('availability', 'Weekly availability does not cover the whole appointment.');

  const off = ctx.timeOff.get(m.id)?.find((o) => overlaps(o, req));
  if (off) return fail('time_off', `On time off from ${new Date(off.start).toISOString()} to ${new Date(off.end).toISOString()}.`);

  // The request's own appointment (a reschedule) is neither a conflict nor counted in the week.
  const bookings = (ctx.bookings.get(m.id) ?? []).filter((b) => b.appointmentId !== req.appointmentId);
  for (const b of bookings) {
    const toRequest = travelBetween(ctx, b, req, 'to_request') * MINUTE;
    const fromRequest = travelBetween(ctx, b, req, 'from_request') * MINUTE;
    if (b.start < req.end + fromRequest && req.start < b.end + toRequest) {
      const travel = Math.max(toRequest, fromRequest);
      const why = travel > 0 ? ` (with ${travel / MINUTE} min travel ${b.area}↔${req.area})` : '';
      return fail('booking_conflict', `Already booked ${new Date(b.start).toISOString()}–${new Date(b.end).toISOString()}${why}.`);
    }
  }

  const weekMinutes = bookings.filter((b) => b.start >= ctx.week.start && b.start < ctx.week.end).reduce((total, b) => total + (b.end - b.start) / MINUTE, 0);
  const duration = (req.end - req.start) / MINUTE;
  if (weekMinutes + duration > m.maxWeeklyMinutes) {
    return fail('weekly_cap', `Would work ${weekMinutes + duration} min this week, above the cap of ${m.maxWeeklyMinutes}.`);
  }

  return neighbour ? { eligible: true, language, travelFromArea: neighbour.area, travelMinutes: neighbour.minutes } : { eligible: true, language };
}

function nearestServedArea(m: MediatorProfile, target: string, ctx: MatchingContext): { area: string; minutes: number } | null {
  let best: { area: string; minutes: number } | null = null;
  for (const area of m.areas) {
    const minutes = ctx.travelMinutes(area, target);
    if (!best || minutes < best.minutes) best = { area, minutes };
  }
  return best;
}
