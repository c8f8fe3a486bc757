import { coversWeekly, type WeeklyRule } from './availability.js';
import { type Interval, MINUTE, overlaps } from './intervals.js';
import { bestLanguageMatch, bestMatchFor, type LanguageMatch, type LanguageQuery, languageQuery, type SpokenLanguage } from './languages.js';
import { type Gender, type GenderPreference, type Level, type Modality, type Sector } from './vocabulary.js';

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
  /**
   * Mediators whose bookings, time off and recent minutes were loaded (see `needsSchedule`);
   * absent: all of them. Checking anyone else past the static rules is a programming error, not
   * a free mediator.
   */
  scheduled?: ReadonlySet<string>;
  /**
   * The static rules' results (`staticEligibility`) already computed for `request`, in the order of
   * `roster`: ranking that very roster for that very request object (as asked, no fallback option)
   * reads them by position instead of running the static rules again.
   */
  checked?: { request: MatchRequest; roster: readonly MediatorProfile[]; list: readonly Eligibility[] };
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

/** Checks every hard rule for one mediator and one request. */
export function checkEligibility(
  m: MediatorProfile,
  req: MatchRequest,
  ctx: MatchingContext,
  options: EligibilityOptions = {},
): Eligibility {
  return checkSchedule(m, req, ctx, checkStaticRules(m, req, ctx, options));
}

/**
 * The hard rules after the static ones (time off, booking conflicts with travel, weekly cap), for a
 * mediator whose static rules gave `passed`: a failure is returned as it is.
 */
export function checkSchedule(m: MediatorProfile, req: MatchRequest, ctx: MatchingContext, passed: Eligibility): Eligibility {
  if (!passed.eligible) return passed;
  if (ctx.scheduled && !ctx.scheduled.has(m.id)) {
    throw new Error(`Matching: the schedule of mediator ${m.id} was not loaded for this request (see needsSchedule).`);
  }

  // Loops rather than find/filter: this runs for every mediator who passes the static rules.
  const timeOff = ctx.timeOff.get(m.id);
  if (timeOff) {
    for (const off of timeOff) {
      if (overlaps(off, req)) return fail('time_off', `On time off from ${new Date(off.start).toISOString()} to ${new Date(off.end).toISOString()}.`);
    }
  }

  // The request's own appointment (a reschedule) is not a conflict, nor counted in the week.
  const bookings = ctx.bookings.get(m.id);
  let weekMinutes = 0;
  if (bookings) {
    for (const b of bookings) {
      if (b.appointmentId === req.appointmentId) continue;
      const toRequest = travelBetween(ctx, b, req, 'to_request') * MINUTE;
      const fromRequest = travelBetween(ctx, b, req, 'from_request') * MINUTE;
      if (b.start < req.end + fromRequest && req.start < b.end + toRequest) {
        const travel = Math.max(toRequest, fromRequest);
        const why = travel > 0 ? ` (with ${travel / MINUTE} min travel ${b.area}↔${req.area})` : '';
        return fail('booking_conflict', `Already booked ${new Date(b.start).toISOString()}–${new Date(b.end).toISOString()}${why}.`);
      }
      if (b.start >= ctx.week.start && b.start < ctx.week.end) weekMinutes += (b.end - b.start) / MINUTE;
    }
  }

  const duration = (req.end - req.start) / MINUTE;
  if (weekMinutes + duration > m.maxWeeklyMinutes) {
    return fail('weekly_cap', `Would work ${weekMinutes + duration} min this week, above the cap of ${m.maxWeeklyMinutes}.`);
  }

  return passed;
}

/**
 * Whether matching may need this mediator's schedule (bookings, time off, recent minutes) for the
 * request: true when they pass the rules before it (inactive … availability). `asked`: the request
 * as asked. `fallback`: also every variant the fallback ladder or a desk's fallback pick can try
 * (neighbouring areas allowed, by video, by phone). Storage loads schedules for these mediators only.
 */
export function needsSchedule(
  m: MediatorProfile,
  req: MatchRequest,
  ctx: MatchingContext,
  scope: { variants: 'asked' | 'fallback'; neighbourMaxTravel: number },
): boolean {
  if (scope.variants === 'asked') return checkStaticRules(m, req, ctx).eligible;
  return (
    checkStaticRules(m, req, ctx, { neighbourMaxTravel: scope.neighbourMaxTravel }).eligible ||
    (req.modality !== 'video' && checkStaticRules(m, { ...req, modality: 'video' }, ctx).eligible) ||
    (req.modality !== 'phone' && checkStaticRules(m, { ...req, modality: 'phone' }, ctx).eligible)
  );
}

/**
 * The hard rules up to availability (inactive … availability) for the request as asked: what needs
 * nothing but the profile, the request, the exclusions and the area matrix. Storage computes it once
 * per mediator to decide whose schedule to load, and hands the results on in `ctx.checked`.
 */
export function staticEligibility(m: MediatorProfile, req: MatchRequest, ctx: MatchingContext): Eligibility {
  return checkStaticRules(m, req, ctx);
}

/**
 * The static rules prepared for one request: what depends on the request alone (the language
 * query, the failure details that do not name the mediator) is worked out once, since matching
 * applies them to every speaker of the language, often several times per search.
 */
export interface StaticRules {
  /** The request values the rest was prepared from. */
  request: { language: string; minLevel: Level; modality: Modality; area: string; gender: Gender | null };
  query: LanguageQuery;
  /** Failures shared by every mediator who fails them (their detail names only the request); frozen. */
  fails: Record<'inactive' | 'modality' | 'area' | 'gender' | 'availability', Eligibility>;
}

// Matching checks one request (and its video and phone variants, for the fallback ladder) against
// every mediator in turn: the last few prepared are kept, found by the request's values, so a request
// changed in place or copied is never taken for another.
const PREPARED_KEPT = 4;
const prepared: StaticRules[] = [];
/** The static rules prepared for `req` (see StaticRules); shared with roster-table.ts. */
export function staticRulesFor(req: MatchRequest): StaticRules {
  const gender = req.gender ?? null;
  for (const r of prepared) {
    const k = r.request;
    if (k.language === req.language && k.minLevel === req.minLevel && k.modality === req.modality && k.area === req.area && k.gender === gender) return r;
  }
  const shared = (rule: HardRule, detail: string) => Object.freeze(fail(rule, detail));
  const r: StaticRules = {
    request: { language: req.language, minLevel: req.minLevel, modality: req.modality, area: req.area, gender },
    query: languageQuery(req.language, req.minLevel),
    fails: {
      inactive: shared('inactive', 'Mediator is not active.'),
      modality: shared('modality', `Does not work by ${req.modality.replace('_', ' ')}.`),
      area: shared('area', `Does not serve area ${req.area}.`),
      gender: shared('gender', `A ${gender} mediator is required.`),
      availability: shared('availability', 'Weekly availability does not cover the whole appointment.'),
    },
  };
  prepared.unshift(r);
  if (prepared.length > PREPARED_KEPT) prepared.pop();
  return r;
}

/** The hard rules up to availability: what needs nothing but the profile, the request and the area matrix. */
function checkStaticRules(m: MediatorProfile, req: MatchRequest, ctx: MatchingContext, options: EligibilityOptions = {}): Eligibility {
  const rules = staticRulesFor(req);
  const fails = rules.fails;
  if (!m.active) return fails.inactive;

  for (const e of ctx.exclusions) {
    if (e.mediatorId === m.id && (e.beneficiaryRef === null || e.beneficiaryRef === req.beneficiaryRef)) {
      return fail('excluded', e.beneficiaryRef ? 'Excluded for this beneficiary by the service.' : 'Excluded by the service.');
    }
  }

  // The qualified match first: the plain one is needed only to tell "below the level" from "does not speak".
  const qualified = bestMatchFor(m.languages, rules.query);
  if (!qualified) {
    const spoken = bestLanguageMatch(m.languages, req.language);
    if (!spoken) return fail('language', `Does not speak ${req.language}.`);
    return fail('language_level', `Speaks ${spoken.spoken.code} at ${spoken.spoken.level}, below the required ${req.minLevel}.`);
  }

  if (!m.modalities.includes(req.modality)) return fails.modality;

  let travelFromArea: string | undefined;
  let travelMinutes: number | undefined;
  if (req.modality === 'in_person' && !m.areas.includes(req.area)) {
    if (options.neighbourMaxTravel === undefined) return fails.area;
    const nearest = nearestServedArea(m, req.area, ctx);
    if (!nearest || nearest.minutes > options.neighbourMaxTravel) return fails.area;
    travelFromArea = nearest.area;
    travelMinutes = nearest.minutes;
  }

  if (req.genderPreference === 'required' && req.gender && m.gender !== req.gender) return fails.gender;

  if (!coversWeekly(m.availability, ctx.zone, req.start, req.end)) return fails.availability;
  return travelFromArea ? { eligible: true, language: qualified, travelFromArea, travelMinutes } : { eligible: true, language: qualified };
}

function nearestServedArea(m: MediatorProfile, target: string, ctx: MatchingContext): { area: string; minutes: number } | null {
  let best: { area: string; minutes: number } | null = null;
  for (const area of m.areas) {
    const minutes = ctx.travelMinutes(area, target);
    if (!best || minutes < best.minutes) best = { area, minutes };
  }
  return best;
}
