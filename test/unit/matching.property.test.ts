/**
 * Property: whatever the roster and the request, matching never proposes a mediator who breaks a
 * hard rule (fallback steps: with that step's rule relaxed), names the first rule each excluded
 * mediator breaks, and accounts for every roster member exactly once.
 *
 * The oracle below re-states each hard rule from DESIGN.md in the most direct way, without the
 * domain's helpers: wall-clock availability is read instant by instant with Intl (not luxon), travel
 * gaps are checked separately before (booking's area → request's) and after (request's → booking's)
 * on a one-way travel matrix, the weekly cap is a plain sum. Candidates' language reasons are
 * re-stated too: a variety is scored only when the request names one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandWeeklyRules, weekContaining, type WeeklyRule } from '../../src/domain/availability.js';
import {
  type Booking,
  checkEligibility,
  type Exclusion,
  HARD_RULES,
  type HardRule,
  type MatchingContext,
  type MatchRequest,
  type MediatorProfile,
} from '../../src/domain/eligibility.js';
import { covers, type Interval } from '../../src/domain/intervals.js';
import { applicableSteps, type Candidate, matchAppointment, type MatchOptions } from '../../src/domain/matching.js';
import { type FallbackStep, GENDERS, LEVELS, MODALITIES, type Modality, SECTORS } from '../../src/domain/vocabulary.js';
import { ALWAYS, AREAS, at, TRAVEL as SEEDED_TRAVEL, ZONE } from './factories.js';

const MIN = 60_000;

/**
 * The seeded matrix made one-way, so that travelling in the wrong direction shows: towards an area
 * earlier in the alphabet takes a quarter of an hour more (AT→TO 50 min, TO→AT 65 min).
 */
const TRAVEL: Record<string, Record<string, number>> = Object.fromEntries(
  AREAS.map((from) => [from, Object.fromEntries(AREAS.map((to) => [to, SEEDED_TRAVEL[from]![to]! + (from > to ? 15 : 0)]))]),
);

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Weekday (1 = Monday) and minute of the day shown by a wall clock in Rome at `instant`. */
function wall(instant: number): { weekday: number; minute: number } {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAY[parts.weekday ?? ''] ?? -1, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

function hhmm(s: string): number {
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

/** Available at `instant`: some rule of that weekday holds the wall-clock minute ("24:00" = end of day). */
function availableAt(rules: readonly WeeklyRule[], instant: number): boolean {
  const { weekday, minute } = wall(instant);
  return rules.some((r) => r.weekday === weekday && hhmm(r.start) <= minute && minute < hhmm(r.end));
}

/**
 * Generated rule boundaries are whole hours and appointment boundaries are on a 15-minute grid, and
 * Rome's offsets are whole hours: availability is constant on each quarter hour, so testing the
 * start of every quarter of the appointment is exact.
 */
function availableThroughout(rules: readonly WeeklyRule[], start: number, end: number): boolean {
  for (let t = start; t < end; t += 15 * MIN) if (!availableAt(rules, t)) return false;
  return true;
}

function primary(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}

const LEVEL_POINTS: Record<string, number> = { native: 15, C2: 12, C1: 9, B2: 5, B1: 2 };
const VARIETY_POINTS = { exact: 10, generic: 4, other_variety: 0 };

/**
 * The language reasons a candidate should carry. The entry matched is among those of the requested
 * language at or above the minimum level: for "ar-MA", an ar-MA entry (exact) over a plain "ar" one
 * (generic) over any other variety; for plain "ar", every variety alike; then the highest level.
 * Only a request naming a variety gets a language_variety reason.
 */
function expectedLanguageReasons(m: MediatorProfile, req: MatchRequest): { level: number; variety?: number } {
  const wantsVariety = req.language.includes('-');
  const kind = (code: string): keyof typeof VARIETY_POINTS =>
    !wantsVariety || !code.includes('-') ? 'generic' : code.toLowerCase() === req.language.toLowerCase() ? 'exact' : 'other_variety';
  const qualified = m.languages.filter((l) => primary(l.code) === primary(req.language) && LEVELS.indexOf(l.level) >= LEVELS.indexOf(req.minLevel));
  const best = Math.max(...qualified.map((l) => VARIETY_POINTS[kind(l.code)]));
  const level = Math.max(...qualified.filter((l) => VARIETY_POINTS[kind(l.code)] === best).map((l) => LEVEL_POINTS[l.level]!));
  return wantsVariety ? { level, variety: best } : { level };
}

interface World {
  bookings: readonly Booking[];
  timeOff: ReadonlyArray<{ mediatorId: string; interval: Interval }>;
  exclusions: readonly Exclusion[];
  week: Interval;
}

/** The first hard rule (in HARD_RULES order) that `m` breaks for `req`, or null. */
function firstBrokenRule(m: MediatorProfile, req: MatchRequest, world: World, neighbourMaxTravel?: number): HardRule | null {
  const broken = (rule: HardRule): boolean => {
    switch (rule) {
      case 'inactive':
        return !m.active;
      case 'excluded':
        return world.exclusions.some(
          (e) => e.mediatorId === m.id && (e.beneficiaryRef === null || (req.beneficiaryRef != null && e.beneficiaryRef === req.beneficiaryRef)),
        );
      case 'language':
        return !m.languages.some((l) => primary(l.code) === primary(req.language));
      case 'language_level':
        return !m.languages.some((l) => primary(l.code) === primary(req.language) && LEVELS.indexOf(l.level) >= LEVELS.indexOf(req.minLevel));
      case 'modality':
        return !m.modalities.includes(req.modality);
      case 'area': {
        if (req.modality !== 'in_person' || m.areas.includes(req.area)) return false;
        if (neighbourMaxTravel === undefined) return true;
        return !m.areas.some((a) => TRAVEL[a]![req.area]! <= neighbourMaxTravel);
      }
      case 'gender':
        return req.genderPreference === 'required' && req.gender != null && m.gender !== req.gender;
      case 'availability':
        return !availableThroughout(m.availability, req.start, req.end);
      case 'time_off':
        return world.timeOff.some((t) => t.mediatorId === m.id && t.interval.start < req.end && req.start < t.interval.end);
      case 'booking_conflict':
        return world.bookings.some((b) => {
          if (b.mediatorId !== m.id || b.appointmentId === req.appointmentId) return false;
          const travels = b.modality === 'in_person' && req.modality === 'in_person' && b.serviceId !== req.serviceId;
          if (b.end <= req.start) return travels && req.start - b.end < TRAVEL[b.area]![req.area]! * MIN; // before: travel there
          if (b.start >= req.end) return travels && b.start - req.end < TRAVEL[req.area]![b.area]! * MIN; // after: travel back
          return true; // overlapping
        });
      case 'weekly_cap': {
        let minutes = (req.end - req.start) / MIN;
        for (const b of world.bookings) {
          if (b.mediatorId === m.id && b.appointmentId !== req.appointmentId && b.start >= world.week.start && b.start < world.week.end) {
            minutes += (b.end - b.start) / MIN;
          }
        }
        return minutes > m.maxWeeklyMinutes;
      }
    }
  };
  return HARD_RULES.find(broken) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** Local days around both DST changes (Sundays 29 March and 25 October 2026) and an ordinary one. */
const DAYS = ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-06-10', '2026-10-24', '2026-10-25', '2026-10-26'];
/** Mostly Arabic varieties, so that many mediators speak what is asked (most requests are Arabic too). */
const arbSpokenCode = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('ar', 'ar-MA', 'ar-EG', 'AR-ma') },
  { weight: 1, arbitrary: fc.constantFrom('ti', 'uk', 'zh-Hant', 'zh-hans', 'fr') },
);
const arbRequestedLanguage = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('ar', 'ar-MA') },
  { weight: 1, arbitrary: fc.constantFrom('ti', 'zh-Hant', 'uk') },
);
/** Mediators' levels lean high, requested minimums lean low, as in practice. */
const arbSpokenLevel = fc.constantFrom(...LEVELS, 'C1', 'C2', 'native', 'native');
const arbMinLevel = fc.constantFrom(...LEVELS, 'B1', 'B2', 'B2');
const SERVICES = ['svc-a', 'svc-b', 'svc-c'];
const BENEFICIARIES = ['B1', 'B2'];

const arbRequest = fc
  .record({
    day: fc.oneof(fc.constantFrom(...DAYS), fc.constantFrom('2026-03-29', '2026-10-25')),
    quarter: fc.oneof(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 0, max: 24 })),
    quarters: fc.integer({ min: 1, max: 16 }),
    serviceId: fc.constantFrom(...SERVICES),
    language: arbRequestedLanguage,
    minLevel: arbMinLevel,
    area: fc.constantFrom(...AREAS),
    modality: fc.constantFrom(...MODALITIES),
    sector: fc.constantFrom(...SECTORS),
    genderPreference: fc.constantFrom('none', 'preferred', 'required'),
    gender: fc.constantFrom(null, ...GENDERS),
    beneficiaryRef: fc.constantFrom(null, ...BENEFICIARIES),
  } as const)
  .map(({ day, quarter, quarters, ...rest }): MatchRequest => {
    // Real elapsed time from local midnight, so any instant of a DST day can come up.
    const start = at(`${day}T00:00`) + quarter * 15 * MIN;
    return { appointmentId: 'apt-new', start, end: start + quarters * 15 * MIN, ...rest };
  });

/** Whole-hour rules, leaning towards weekends and night hours, where the DST changes bite. */
const arbRule: fc.Arbitrary<WeeklyRule> = fc
  .record({
    weekday: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constantFrom(6, 7)),
    start: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 4 })),
    length: fc.oneof(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 4 })),
  })
  .map(({ weekday, start, length }) => {
    const end = Math.min(24, start + length);
    const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
    return { weekday, start: pad(start), end: pad(end) };
  });

const arbAvailability: fc.Arbitrary<WeeklyRule[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(ALWAYS) },
  { weight: 2, arbitrary: fc.constant([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '21:00' }))) },
  { weight: 3, arbitrary: fc.array(arbRule, { maxLength: 8 }) },
);

/** A booking relative to the request: near it (minutes) or elsewhere in the fortnight around it. */
const arbBookingShape = fc.record({
  offset: fc.oneof(fc.integer({ min: -24, max: 24 }).map((q) => q * 15), fc.integer({ min: -7 * 24, max: 7 * 24 }).map((h) => h * 60)),
  quarters: fc.integer({ min: 1, max: 16 }),
  serviceId: fc.constantFrom(...SERVICES),
  area: fc.constantFrom(...AREAS),
  modality: fc.constantFrom(...MODALITIES),
  // Sometimes the request's own appointment (a reschedule), which must be ignored.
  itself: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 6, arbitrary: fc.constant(false) }),
});

const arbTimeOffShape = fc.record({
  offset: fc.integer({ min: -40, max: 40 }).map((q) => q * 15),
  quarters: fc.integer({ min: 1, max: 48 }),
});

const arbMediatorShape = fc.record({
  active: fc.oneof({ weight: 19, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  gender: fc.constantFrom(null, ...GENDERS),
  homeArea: fc.constantFrom(...AREAS),
  areas: fc.subarray(AREAS, { minLength: 1, maxLength: 4 }),
  modalities: fc.oneof(fc.constant([...MODALITIES]), fc.subarray([...MODALITIES] as Modality[], { minLength: 1 })),
  sectors: fc.subarray([...SECTORS]),
  languages: fc.array(fc.record({ code: arbSpokenCode, level: arbSpokenLevel }), { minLength: 1, maxLength: 3 }),
  availability: arbAvailability,
  maxWeeklyMinutes: fc.oneof(fc.constantFrom(0, 60, 600, 2400, 10_080), fc.integer({ min: 0, max: 160 }).map((q) => q * 15)),
  bookings: fc.array(arbBookingShape, { maxLength: 4 }),
  timeOff: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(arbTimeOffShape, { minLength: 1, maxLength: 2 }) }),
  exclusion: fc.oneof({ weight: 12, arbitrary: fc.constant('none') }, { weight: 1, arbitrary: fc.constantFrom('service', ...BENEFICIARIES) }),
  recentMinutes: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
  continuity: fc.boolean(),
  /** Speaks the requested language natively and is always available: the other rules decide. */
  friendly: fc.boolean(),
});

interface Scenario {
  req: MatchRequest;
  roster: MediatorProfile[];
  ctx: MatchingContext;
  world: World;
  options: MatchOptions;
}

const arbScenario: fc.Arbitrary<Scenario> = fc
  .record({
    req: arbRequest,
    shapes: fc.array(arbMediatorShape, { minLength: 1, maxLength: 8, size: 'max' }),
    neighbourMaxTravel: fc.constantFrom(0, 25, 50, 60, 70, 90, 200), // some equal to matrix entries: the limit is inclusive
    fallbackSize: fc.integer({ min: 1, max: 6 }),
  })
  .map(({ req, shapes, neighbourMaxTravel, fallbackSize }) => {
    const bookings: Booking[] = [];
    const timeOff: World['timeOff'][number][] = [];
    const exclusions: Exclusion[] = [];
    const recentMinutes = new Map<string, number>();
    const continuity = new Set<string>();
    const roster = shapes.map((s, i): MediatorProfile => {
      const id = `m${i}`;
      s.bookings.forEach((b, j) => {
        const start = req.start + b.offset * MIN;
        bookings.push({
          appointmentId: b.itself ? req.appointmentId! : `apt-${i}-${j}`,
          mediatorId: id,
          serviceId: b.serviceId,
          start,
          end: start + b.quarters * 15 * MIN,
          area: b.area,
          modality: b.modality,
        });
      });
      for (const t of s.timeOff) {
        const start = req.start + t.offset * MIN;
        timeOff.push({ mediatorId: id, interval: { start, end: start + t.quarters * 15 * MIN } });
      }
      if (s.exclusion !== 'none') exclusions.push({ mediatorId: id, beneficiaryRef: s.exclusion === 'service' ? null : s.exclusion });
      if (s.recentMinutes !== undefined) recentMinutes.set(id, s.recentMinutes);
      if (s.continuity) continuity.add(id);
      return {
        id,
        name: `Mediator ${i}`,
        active: s.active,
        gender: s.gender,
        homeArea: s.homeArea,
        areas: s.areas,
        modalities: s.modalities,
        sectors: s.sectors,
        languages: s.friendly ? [...s.languages, { code: req.language, level: 'native' }] : s.languages,
        availability: s.friendly ? ALWAYS : s.availability,
        maxWeeklyMinutes: s.maxWeeklyMinutes,
      };
    });
    const week = weekContaining(req.start, ZONE);
    const byMediator = new Map<string, Booking[]>();
    for (const b of bookings) byMediator.set(b.mediatorId, [...(byMediator.get(b.mediatorId) ?? []), b]);
    const offByMediator = new Map<string, Interval[]>();
    for (const t of timeOff) offByMediator.set(t.mediatorId, [...(offByMediator.get(t.mediatorId) ?? []), t.interval]);
    const ctx: MatchingContext = {
      zone: ZONE,
      travelMinutes: (from, to) => TRAVEL[from]![to]!,
      bookings: byMediator,
      timeOff: offByMediator,
      exclusions,
      continuity,
      recentMinutes,
      week,
    };
    return { req, roster, ctx, world: { bookings, timeOff, exclusions, week }, options: { neighbourMaxTravel, fallbackSize } };
  });

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const RUNS = { numRuns: 200 };

/** Ordered by score, then fewer recent minutes, then id; each score is the sum of its reasons, the language ones as expected. */
function assertRanked(candidates: readonly Candidate[], req: MatchRequest, roster: readonly MediatorProfile[], ctx: MatchingContext): void {
  for (const c of candidates) {
    expect(c.score).toBeCloseTo(c.reasons.reduce((sum, r) => sum + r.points, 0), 1);
    expect(c.reasons.filter((r) => r.code === 'fairness')).toHaveLength(1);
    const language = {
      level: c.reasons.find((r) => r.code === 'language_level')?.points,
      variety: c.reasons.find((r) => r.code === 'language_variety')?.points,
    };
    const expected = expectedLanguageReasons(roster.find((m) => m.id === c.mediatorId)!, req);
    expect(language, `${c.mediatorId} for ${req.language}`).toEqual({ level: expected.level, variety: expected.variety });
  }
  for (let i = 1; i < candidates.length; i++) {
    const a = candidates[i - 1]!;
    const b = candidates[i]!;
    const ra = ctx.recentMinutes.get(a.mediatorId) ?? 0;
    const rb = ctx.recentMinutes.get(b.mediatorId) ?? 0;
    const inOrder = a.score > b.score || (a.score === b.score && (ra < rb || (ra === rb && a.mediatorId < b.mediatorId)));
    expect(inOrder, `${a.mediatorId} (${a.score}, ${ra} min) before ${b.mediatorId} (${b.score}, ${rb} min)`).toBe(true);
  }
}

describe('matching against an independent oracle of the hard rules (property)', () => {
  it('candidates break no hard rule, excluded mediators break the rule named first, and each mediator appears exactly once', () => {
    fc.assert(
      fc.property(arbScenario, ({ req, roster, ctx, world, options }) => {
        const result = matchAppointment(req, roster, ctx, options);
        const named = [...result.candidates.map((c) => c.mediatorId), ...result.excluded.map((e) => e.mediatorId)];
        expect(named.sort()).toEqual(roster.map((m) => m.id).sort());

        const byId = new Map(roster.map((m) => [m.id, m]));
        for (const c of result.candidates) {
          expect(firstBrokenRule(byId.get(c.mediatorId)!, req, world), `candidate ${c.mediatorId}`).toBeNull();
          expect(c.travelFromArea).toBeUndefined();
        }
        for (const e of result.excluded) {
          expect(firstBrokenRule(byId.get(e.mediatorId)!, req, world), `excluded ${e.mediatorId}: ${e.detail}`).toBe(e.rule);
        }
        assertRanked(result.candidates, req, roster, ctx);
      }),
      RUNS,
    );
  });

  it('fallback candidates break no hard rule once the step’s rule is relaxed, and the ladder appears only when nobody fits', () => {
    fc.assert(
      fc.property(arbScenario, ({ req, roster, ctx, world, options }) => {
        const result = matchAppointment(req, roster, ctx, options);
        if (result.candidates.length > 0) {
          expect(result.fallback).toEqual([]);
          return;
        }
        expect(result.fallback.map((f) => f.step)).toEqual(applicableSteps(req.modality, req.language));

        const byId = new Map(roster.map((m) => [m.id, m]));
        for (const proposal of result.fallback) {
          const step: FallbackStep = proposal.step;
          const stepReq: MatchRequest = step === 'neighbouring_area' ? req : { ...req, modality: step };
          const relax = step === 'neighbouring_area' ? options.neighbourMaxTravel : undefined;
          expect(proposal.modality).toBe(stepReq.modality);

          const ids = proposal.candidates.map((c) => c.mediatorId);
          expect(new Set(ids).size).toBe(ids.length);
          for (const c of proposal.candidates) {
            const m = byId.get(c.mediatorId)!;
            expect(firstBrokenRule(m, stepReq, world, relax), `${step} candidate ${c.mediatorId}`).toBeNull();
            if (step === 'neighbouring_area') {
              // Travels from the nearest area it serves, within the limit.
              expect(m.areas.includes(req.area)).toBe(false);
              const nearest = Math.min(...m.areas.map((a) => TRAVEL[a]![req.area]!));
              expect(c.travelMinutes).toBe(nearest);
              expect(c.travelMinutes).toBeLessThanOrEqual(options.neighbourMaxTravel);
              expect(m.areas).toContain(c.travelFromArea);
              expect(TRAVEL[c.travelFromArea!]![req.area]).toBe(nearest);
            }
          }
          // Nobody eligible for the step is left out, up to fallbackSize.
          const eligible = roster.filter((m) => firstBrokenRule(m, stepReq, world, relax) === null);
          expect(proposal.candidates.length).toBe(Math.min(options.fallbackSize, eligible.length));
          assertRanked(proposal.candidates, stepReq, roster, ctx);
        }
      }),
      RUNS,
    );
  });
});

describe('travel between bookings against the oracle (property)', () => {
  it('one booking near an in-person request conflicts exactly when the oracle says, travel taken the right way', () => {
    const arbNearBooking = fc.record({
      offset: fc.integer({ min: -20, max: 24 }).map((q) => q * 15),
      quarters: fc.integer({ min: 1, max: 8 }),
      serviceId: fc.constantFrom(...SERVICES),
      area: fc.constantFrom(...AREAS),
      modality: fc.oneof({ weight: 3, arbitrary: fc.constant<Modality>('in_person') }, { weight: 1, arbitrary: fc.constantFrom(...MODALITIES) }),
    });
    fc.assert(
      fc.property(arbRequest, arbNearBooking, (anyReq, { offset, quarters, ...where }) => {
        const req: MatchRequest = { ...anyReq, modality: 'in_person' };
        // Passes every other rule, so that only the booking can stand in the way.
        const m: MediatorProfile = {
          id: 'm',
          name: 'M',
          active: true,
          gender: req.gender ?? null,
          homeArea: req.area,
          areas: AREAS,
          modalities: [...MODALITIES],
          sectors: [],
          languages: [{ code: req.language, level: 'native' }],
          availability: ALWAYS,
          maxWeeklyMinutes: 10_080,
        };
        const start = req.start + offset * MIN;
        const b: Booking = { appointmentId: 'apt-near', mediatorId: 'm', ...where, start, end: start + quarters * 15 * MIN };
        const world: World = { bookings: [b], timeOff: [], exclusions: [], week: weekContaining(req.start, ZONE) };
        const ctx: MatchingContext = {
          zone: ZONE,
          travelMinutes: (from, to) => TRAVEL[from]![to]!,
          bookings: new Map([['m', [b]]]),
          timeOff: new Map(),
          exclusions: [],
          continuity: new Set(),
          recentMinutes: new Map(),
          week: world.week,
        };
        const result = checkEligibility(m, req, ctx);
        expect(result.eligible ? null : result.rule).toBe(firstBrokenRule(m, req, world));
      }),
      { numRuns: 500 },
    );
  });
});

describe('weekly availability against the wall clock (property)', () => {
  it('an appointment is covered exactly when the wall clock shows an available minute throughout, DST days included', () => {
    const arbDstAppointment = fc
      .record({
        day: fc.constantFrom('2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26'),
        quarter: fc.integer({ min: -8, max: 100 }),
        quarters: fc.integer({ min: 1, max: 24 }),
      })
      .map(({ day, quarter, quarters }) => {
        const start = at(`${day}T00:00`) + quarter * 15 * MIN;
        return { start, end: start + quarters * 15 * MIN };
      });
    fc.assert(
      fc.property(fc.array(arbRule, { minLength: 1, maxLength: 6 }), arbDstAppointment, (rules, { start, end }) => {
        const expanded = expandWeeklyRules(rules, ZONE, start, end);
        expect(covers(expanded, { start, end })).toBe(availableThroughout(rules, start, end));
      }),
      { numRuns: 500 },
    );
  });
});

describe('the oracle itself (sanity)', () => {
  it('reads Rome’s wall clock across DST', () => {
    expect(wall(Date.parse('2026-03-29T00:30:00Z'))).toEqual({ weekday: 7, minute: 90 }); // 01:30 CET
    expect(wall(Date.parse('2026-03-29T01:30:00Z'))).toEqual({ weekday: 7, minute: 210 }); // 03:30 CEST
    expect(wall(Date.parse('2026-10-25T00:30:00Z'))).toEqual({ weekday: 7, minute: 150 }); // 02:30 CEST
    expect(wall(Date.parse('2026-10-25T01:30:00Z'))).toEqual({ weekday: 7, minute: 150 }); // 02:30 CET
    expect(wall(Date.parse('2026-03-22T23:00:00Z'))).toEqual({ weekday: 1, minute: 0 }); // Monday 00:00
  });
});

