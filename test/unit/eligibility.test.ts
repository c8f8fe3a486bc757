import { describe, expect, it } from 'vitest';
import {
  type Booking,
  checkEligibility,
  type Eligibility,
  type EligibilityOptions,
  type Exclusion,
  HARD_RULES,
  type HardRule,
  type MatchingContext,
  type MatchRequest,
  type MediatorProfile,
  travelBetween,
} from '../../src/domain/eligibility.js';
import type { Interval } from '../../src/domain/intervals.js';
import { ALWAYS, at, booking, context, type ContextInput, mediator, request, slot } from './factories.js';

function failure(result: Eligibility): { rule: HardRule; detail: string } | 'eligible' {
  return result.eligible ? 'eligible' : { rule: result.rule, detail: result.detail };
}

function ruleOf(result: Eligibility): HardRule | 'eligible' {
  return result.eligible ? 'eligible' : result.rule;
}

function check(m: MediatorProfile, req: MatchRequest = request(), ctx: MatchingContext = context({ request: req }), options?: EligibilityOptions) {
  return checkEligibility(m, req, ctx, options);
}

describe('modality per language', () => {
  it('a phone request for a sign language fails every mediator on modality, with an honest detail', () => {
    const signer = mediator({ languages: [{ code: 'ise', level: 'native' }], modalities: ['phone', 'video', 'in_person'] });
    expect(failure(check(signer, request({ language: 'ise', modality: 'phone' })))).toEqual({
      rule: 'modality',
      detail: 'ise is a sign language: it is never mediated by phone.',
    });
    expect(ruleOf(check(signer, request({ language: 'ise', modality: 'video' })))).toBe('eligible');
  });
});

describe('the default mediator and request (sanity of the factories)', () => {
  it('are a match, with the matched language returned', () => {
    const result = check(mediator());
    // The default request is for plain "ar": no variety asked, so any Arabic speaker is a generic match.
    expect(result).toEqual({ eligible: true, language: { spoken: { code: 'ar', level: 'C1' }, variety: 'generic' } });
  });

  it('the hard rules are checked in the documented order', () => {
    expect(HARD_RULES).toEqual([
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
    ]);
  });
});

describe('each hard rule, failed alone, is named with its detail', () => {
  const req = request(); // Monday 23 March 2026 10:00–11:00 (09:00Z–10:00Z), in person in TO, ar ≥ B2

  it('inactive', () => {
    expect(failure(check(mediator({ active: false })))).toEqual({ rule: 'inactive', detail: 'Mediator is not active.' });
  });

  it('excluded by the service', () => {
    const m = mediator({ id: 'amina' });
    const ctx = context({ exclusions: [{ mediatorId: 'amina', beneficiaryRef: null }] });
    expect(failure(check(m, req, ctx))).toEqual({ rule: 'excluded', detail: 'Excluded by the service.' });
  });

  it('excluded for this beneficiary', () => {
    const m = mediator({ id: 'amina' });
    const ctx = context({ exclusions: [{ mediatorId: 'amina', beneficiaryRef: 'CASE-1' }] });
    expect(failure(check(m, req, ctx))).toEqual({ rule: 'excluded', detail: 'Excluded for this beneficiary by the service.' });
  });

  it('language: no entry with the same primary language', () => {
    const m = mediator({ languages: [{ code: 'fr', level: 'native' }, { code: 'ber', level: 'native' }] });
    expect(failure(check(m))).toEqual({ rule: 'language', detail: 'Does not speak ar.' });
  });

  it('language_level: speaks it, but below the minimum', () => {
    const m = mediator({ languages: [{ code: 'ar', level: 'B1' }] });
    expect(failure(check(m))).toEqual({ rule: 'language_level', detail: 'Speaks ar at B1, below the required B2.' });
  });

  it('modality', () => {
    const m = mediator({ modalities: ['phone', 'video'] });
    expect(failure(check(m))).toEqual({ rule: 'modality', detail: 'Does not work by in person.' });
    expect(failure(check(mediator({ modalities: ['in_person'] }), request({ modality: 'video' })))).toEqual({
      rule: 'modality',
      detail: 'Does not work by video.',
    });
  });

  it('area (in person)', () => {
    const m = mediator({ areas: ['AT'], homeArea: 'AT' });
    expect(failure(check(m))).toEqual({ rule: 'area', detail: 'Does not serve area TO.' });
  });

  it('gender, when required', () => {
    const r = request({ genderPreference: 'required', gender: 'female' });
    expect(failure(check(mediator({ gender: 'male' }), r))).toEqual({ rule: 'gender', detail: 'A female mediator is required.' });
    expect(failure(check(mediator({ gender: null }), r))).toEqual({ rule: 'gender', detail: 'A female mediator is required.' });
  });

  it('availability', () => {
    const m = mediator({ availability: [{ weekday: 1, start: '08:00', end: '10:30' }] });
    expect(failure(check(m))).toEqual({ rule: 'availability', detail: 'Weekly availability does not cover the whole appointment.' });
  });

  it('time_off', () => {
    const m = mediator({ id: 'amina' });
    const ctx = context({ timeOff: { amina: [slot('2026-03-23T10:30', 8 * 60)] } });
    expect(failure(check(m, req, ctx))).toEqual({
      rule: 'time_off',
      detail: 'On time off from 2026-03-23T09:30:00.000Z to 2026-03-23T17:30:00.000Z.',
    });
  });

  it('booking_conflict', () => {
    const m = mediator({ id: 'amina' });
    const ctx = context({ bookings: [booking({ mediatorId: 'amina', serviceId: 'svc-to', at: '2026-03-23T10:30', minutes: 60 })] });
    expect(failure(check(m, req, ctx))).toEqual({
      rule: 'booking_conflict',
      detail: 'Already booked 2026-03-23T09:30:00.000Z–2026-03-23T10:30:00.000Z.',
    });
  });

  it('weekly_cap', () => {
    const m = mediator({ id: 'amina', maxWeeklyMinutes: 90 });
    const ctx = context({ bookings: [booking({ mediatorId: 'amina', modality: 'phone', at: '2026-03-24T10:00', minutes: 45 })] });
    expect(failure(check(m, req, ctx))).toEqual({ rule: 'weekly_cap', detail: 'Would work 105 min this week, above the cap of 90.' });
  });
});

describe('rule order: the first failing rule is the one named', () => {
  // The request requires a female mediator; the base mediator passes every rule.
  const req = request({ genderPreference: 'required', gender: 'female' });
  const id = 'multi';
  type Breaker = { mediator?: Partial<MediatorProfile>; ctx?: ContextInput };
  const breakers: Record<HardRule, Breaker> = {
    inactive: { mediator: { active: false } },
    excluded: { ctx: { exclusions: [{ mediatorId: id, beneficiaryRef: null }] } },
    language: { mediator: { languages: [{ code: 'fr', level: 'native' }] } },
    language_level: { mediator: { languages: [{ code: 'ar', level: 'B1' }] } },
    modality: { mediator: { modalities: ['phone'] } },
    area: { mediator: { areas: ['AT'] } },
    gender: { mediator: { gender: 'male' } },
    availability: { mediator: { availability: [{ weekday: 6, start: '08:00', end: '18:00' }] } },
    time_off: { ctx: { timeOff: { [id]: [{ start: req.start, end: req.end }] } } },
    booking_conflict: { ctx: { bookings: [booking({ mediatorId: id, serviceId: 'svc-to', start: req.start, end: req.end })] } },
    weekly_cap: { mediator: { maxWeeklyMinutes: 30 } },
  };

  /** A mediator breaking every rule from HARD_RULES[from] on (earlier breakers applied last, so they win). */
  function breaking(from: number): { m: MediatorProfile; ctx: MatchingContext } {
    let overrides: Partial<MediatorProfile> = { id, gender: 'female' };
    const ctxInput: ContextInput = { request: req };
    for (const rule of HARD_RULES.slice(from).reverse()) {
      const b = breakers[rule];
      overrides = { ...overrides, ...b.mediator };
      Object.assign(ctxInput, b.ctx);
    }
    return { m: mediator(overrides), ctx: context(ctxInput) };
  }

  it('the base mediator, breaking nothing, is eligible', () => {
    const { m, ctx } = breaking(HARD_RULES.length);
    expect(ruleOf(checkEligibility(m, req, ctx))).toBe('eligible');
  });

  it.each(HARD_RULES.map((rule, i) => [rule, i] as const))('breaking %s and every later rule names %s', (rule, i) => {
    const { m, ctx } = breaking(i);
    expect(ruleOf(checkEligibility(m, req, ctx))).toBe(rule);
  });

  it.each(HARD_RULES.map((rule) => [rule] as const))('breaking only %s names it', (rule) => {
    const b = breakers[rule];
    const m = mediator({ id, gender: 'female', ...b.mediator });
    expect(ruleOf(checkEligibility(m, req, context({ request: req, ...b.ctx })))).toBe(rule);
  });
});

describe('exclusions', () => {
  const m = mediator({ id: 'amina' });
  const excl = (...e: Exclusion[]) => context({ exclusions: e });

  it('a service-wide exclusion applies to every beneficiary, and to requests without one', () => {
    const ctx = excl({ mediatorId: 'amina', beneficiaryRef: null });
    expect(ruleOf(check(m, request({ beneficiaryRef: 'CASE-1' }), ctx))).toBe('excluded');
    expect(ruleOf(check(m, request({ beneficiaryRef: 'CASE-2' }), ctx))).toBe('excluded');
    expect(ruleOf(check(m, request({ beneficiaryRef: null }), ctx))).toBe('excluded');
  });

  it('a per-beneficiary exclusion applies to that beneficiary only', () => {
    const ctx = excl({ mediatorId: 'amina', beneficiaryRef: 'CASE-1' });
    expect(ruleOf(check(m, request({ beneficiaryRef: 'CASE-1' }), ctx))).toBe('excluded');
    expect(ruleOf(check(m, request({ beneficiaryRef: 'CASE-2' }), ctx))).toBe('eligible');
    expect(ruleOf(check(m, request({ beneficiaryRef: null }), ctx))).toBe('eligible');
    expect(ruleOf(check(m, request({ beneficiaryRef: undefined }), ctx))).toBe('eligible');
  });

  it('an exclusion of another mediator does not touch this one', () => {
    const ctx = excl({ mediatorId: 'someone-else', beneficiaryRef: null }, { mediatorId: 'someone-else', beneficiaryRef: 'CASE-1' });
    expect(ruleOf(check(m, request(), ctx))).toBe('eligible');
  });
});

describe('language and level', () => {
  it('accepts any variety of the primary language, at or above the minimum level', () => {
    for (const code of ['ar', 'ar-MA', 'ar-EG', 'AR-eg']) {
      expect(ruleOf(check(mediator({ languages: [{ code, level: 'B2' }] }), request({ language: 'ar-MA' }))), code).toBe('eligible');
    }
  });

  it('returns the best qualified entry: a better variety below the minimum does not count', () => {
    const m = mediator({
      languages: [
        { code: 'ar-MA', level: 'B1' },
        { code: 'ar', level: 'C1' },
      ],
    });
    const result = check(m, request({ language: 'ar-MA', minLevel: 'B2' }));
    expect(result.eligible && result.language).toEqual({ spoken: { code: 'ar', level: 'C1' }, variety: 'generic' });
  });

  it('names the best entry below the minimum in the language_level detail', () => {
    const m = mediator({
      languages: [
        { code: 'ar-EG', level: 'C1' },
        { code: 'ar-MA', level: 'B2' },
      ],
    });
    expect(failure(check(m, request({ language: 'ar-MA', minLevel: 'C2' })))).toEqual({
      rule: 'language_level',
      detail: 'Speaks ar-MA at B2, below the required C2.',
    });
  });

  it('treats native as the highest level', () => {
    const m = mediator({ languages: [{ code: 'ar', level: 'native' }] });
    expect(ruleOf(check(m, request({ minLevel: 'C2' })))).toBe('eligible');
    expect(ruleOf(check(mediator({ languages: [{ code: 'ar', level: 'C2' }] }), request({ minLevel: 'native' })))).toBe('language_level');
  });
});

describe('area', () => {
  const inAsti = mediator({ areas: ['AT'], homeArea: 'AT' });

  it('is checked for in-person appointments only: phone and video ignore it', () => {
    expect(ruleOf(check(inAsti, request({ modality: 'in_person' })))).toBe('area');
    expect(ruleOf(check(inAsti, request({ modality: 'phone' })))).toBe('eligible');
    expect(ruleOf(check(inAsti, request({ modality: 'video' })))).toBe('eligible');
  });

  it('is met by any served area, not only the home area', () => {
    expect(ruleOf(check(mediator({ homeArea: 'AT', areas: ['AT', 'TO'] })))).toBe('eligible');
  });

  it('with neighbourMaxTravel, accepts the nearest served area within the limit and reports it', () => {
    const m = mediator({ homeArea: 'VB', areas: ['VB', 'AT'] }); // VB→TO 120, AT→TO 50
    const result = check(m, request(), context(), { neighbourMaxTravel: 60 });
    expect(result).toMatchObject({ eligible: true, travelFromArea: 'AT', travelMinutes: 50 });
    expect(ruleOf(check(m, request(), context(), { neighbourMaxTravel: 50 }))).toBe('eligible');
    expect(failure(check(m, request(), context(), { neighbourMaxTravel: 49 }))).toEqual({ rule: 'area', detail: 'Does not serve area TO.' });
  });

  it('with neighbourMaxTravel, a mediator serving the area itself carries no travel', () => {
    const result = check(mediator(), request(), context(), { neighbourMaxTravel: 90 });
    expect(result.eligible).toBe(true);
    expect(result).not.toHaveProperty('travelFromArea');
    expect(result).not.toHaveProperty('travelMinutes');
  });
});

describe('gender', () => {
  it('required: only a mediator of that gender', () => {
    const r = request({ genderPreference: 'required', gender: 'female' });
    expect(ruleOf(check(mediator({ gender: 'female' }), r))).toBe('eligible');
    expect(ruleOf(check(mediator({ gender: 'nonbinary' }), r))).toBe('gender');
  });

  it('preferred is not a hard rule (it only scores)', () => {
    const r = request({ genderPreference: 'preferred', gender: 'female' });
    expect(ruleOf(check(mediator({ gender: 'male' }), r))).toBe('eligible');
    expect(ruleOf(check(mediator({ gender: null }), r))).toBe('eligible');
  });

  it('none ignores the gender', () => {
    expect(ruleOf(check(mediator({ gender: 'male' }), request({ genderPreference: 'none', gender: 'female' })))).toBe('eligible');
  });
});

describe('availability', () => {
  const m = (rules: MediatorProfile['availability']) => mediator({ availability: rules });

  it('must cover the whole appointment, boundaries included', () => {
    const rules = [{ weekday: 1, start: '10:00', end: '11:00' }];
    expect(ruleOf(check(m(rules), request({ at: '2026-03-23T10:00', minutes: 60 })))).toBe('eligible');
    expect(ruleOf(check(m(rules), request({ at: '2026-03-23T09:59', minutes: 60 })))).toBe('availability');
    expect(ruleOf(check(m(rules), request({ at: '2026-03-23T10:01', minutes: 60 })))).toBe('availability');
  });

  it('a gap between two rules of the day breaks coverage; touching rules do not', () => {
    const gap = [
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 1, start: '13:00', end: '18:00' },
    ];
    expect(ruleOf(check(m(gap), request({ at: '2026-03-23T11:30', minutes: 120 })))).toBe('availability');
    const touching = [
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 1, start: '12:00', end: '18:00' },
    ];
    expect(ruleOf(check(m(touching), request({ at: '2026-03-23T11:30', minutes: 120 })))).toBe('eligible');
  });

  it('an appointment across midnight is covered by a 24:00 rule and the next day’s 00:00 rule', () => {
    const rules = [
      { weekday: 1, start: '20:00', end: '24:00' },
      { weekday: 2, start: '00:00', end: '02:00' },
    ];
    expect(ruleOf(check(m(rules), request({ at: '2026-03-23T23:00', minutes: 120 })))).toBe('eligible');
    expect(ruleOf(check(m(rules.slice(0, 1)), request({ at: '2026-03-23T23:00', minutes: 120 })))).toBe('availability');
  });

  it('on the spring-forward Sunday, 09:00–13:00 means 07:00Z–11:00Z', () => {
    const sunday = [{ weekday: 7, start: '09:00', end: '13:00' }];
    const req = (start: string, end: string) => request({ start: Date.parse(start), end: Date.parse(end) });
    expect(ruleOf(check(m(sunday), req('2026-03-29T07:00:00Z', '2026-03-29T11:00:00Z')))).toBe('eligible');
    expect(ruleOf(check(m(sunday), req('2026-03-29T11:00:00Z', '2026-03-29T12:00:00Z')))).toBe('availability');
    // The Sunday before, in CET, the same rule is 08:00Z–12:00Z.
    expect(ruleOf(check(m(sunday), req('2026-03-22T11:00:00Z', '2026-03-22T12:00:00Z')))).toBe('eligible');
    expect(ruleOf(check(m(sunday), req('2026-03-22T07:00:00Z', '2026-03-22T08:00:00Z')))).toBe('availability');
  });

  it('on the spring-forward night a 01:00–04:00 rule holds 2 h; on the fall-back night, 4 h', () => {
    const night = [{ weekday: 7, start: '01:00', end: '04:00' }];
    const hours = (startUtc: string, h: number) => {
      const start = Date.parse(startUtc);
      return request({ start, end: start + h * 3_600_000 });
    };
    expect(ruleOf(check(m(night), hours('2026-03-29T00:00:00Z', 2)))).toBe('eligible');
    expect(ruleOf(check(m(night), hours('2026-03-29T00:00:00Z', 3)))).toBe('availability');
    expect(ruleOf(check(m(night), hours('2026-10-24T23:00:00Z', 4)))).toBe('eligible');
    expect(ruleOf(check(m(night), hours('2026-10-24T23:00:00Z', 5)))).toBe('availability');
  });
});

describe('time off', () => {
  const m = mediator({ id: 'amina' });
  const off = (...intervals: Interval[]) => context({ timeOff: { amina: intervals } });

  it('refuses any overlap, even one minute', () => {
    expect(ruleOf(check(m, request(), off(slot('2026-03-23T10:59', 1))))).toBe('time_off');
    expect(ruleOf(check(m, request(), off(slot('2026-03-23T00:00', 24 * 60))))).toBe('time_off');
  });

  it('allows time off that only touches the appointment', () => {
    expect(ruleOf(check(m, request(), off(slot('2026-03-23T09:00', 60), slot('2026-03-23T11:00', 60))))).toBe('eligible');
  });

  it('ignores another mediator’s time off', () => {
    expect(ruleOf(check(m, request(), context({ timeOff: { other: [slot('2026-03-23T00:00', 24 * 60)] } })))).toBe('eligible');
  });
});

describe('booked appointments and travel', () => {
  const id = 'amina';
  const m = mediator({ id, areas: ['TO', 'AT'] });
  /** An in-person request at the Torino desk. */
  const inTorino = (localStart: string, extra: Partial<MatchRequest> = {}) =>
    request({ at: localStart, minutes: 60, serviceId: 'svc-to', area: 'TO', ...extra });
  const booked = (...b: Booking[]) => context({ bookings: b });
  /** A booking at an Asti service ending at 10:00 (TO↔AT is 50 min). */
  const astiUntil10 = (extra: Partial<Booking> = {}) =>
    booking({ mediatorId: id, serviceId: 'svc-at', area: 'AT', at: '2026-03-23T09:00', minutes: 60, ...extra });

  it('an in-person booking at another service in another area needs the travel gap before the request', () => {
    expect(failure(check(m, inTorino('2026-03-23T10:30'), booked(astiUntil10())))).toEqual({
      rule: 'booking_conflict',
      detail: 'Already booked 2026-03-23T08:00:00.000Z–2026-03-23T09:00:00.000Z (with 50 min travel AT↔TO).',
    });
    expect(ruleOf(check(m, inTorino('2026-03-23T10:49'), booked(astiUntil10())))).toBe('booking_conflict');
    expect(ruleOf(check(m, inTorino('2026-03-23T10:50'), booked(astiUntil10())))).toBe('eligible');
  });

  it('…and after it', () => {
    // Request 09:00–10:00 in TO; the Asti booking starts at 10:30 (too early) or 10:50 (just in time).
    const astiAt = (local: string) => booking({ mediatorId: id, serviceId: 'svc-at', area: 'AT', at: local, minutes: 60 });
    expect(ruleOf(check(m, inTorino('2026-03-23T09:00'), booked(astiAt('2026-03-23T10:30'))))).toBe('booking_conflict');
    expect(ruleOf(check(m, inTorino('2026-03-23T09:00'), booked(astiAt('2026-03-23T10:50'))))).toBe('eligible');
  });

  it('no travel when the booking is by phone or video', () => {
    for (const modality of ['phone', 'video'] as const) {
      expect(ruleOf(check(m, inTorino('2026-03-23T10:00'), booked(astiUntil10({ modality })))), modality).toBe('eligible');
      expect(ruleOf(check(m, inTorino('2026-03-23T09:30'), booked(astiUntil10({ modality })))), modality).toBe('booking_conflict');
    }
  });

  it('no travel when the request is by phone or video', () => {
    for (const modality of ['phone', 'video'] as const) {
      expect(ruleOf(check(m, inTorino('2026-03-23T10:00', { modality }), booked(astiUntil10()))), modality).toBe('eligible');
    }
  });

  it('no travel for another booking at the same service', () => {
    const sameDesk = booking({ mediatorId: id, serviceId: 'svc-to', area: 'TO', at: '2026-03-23T09:00', minutes: 60 });
    expect(ruleOf(check(m, inTorino('2026-03-23T10:00'), booked(sameDesk)))).toBe('eligible');
  });

  it('within-area travel between two services of the same area (TO→TO 30 min)', () => {
    const otherTorinoDesk = booking({ mediatorId: id, serviceId: 'svc-to-2', area: 'TO', at: '2026-03-23T09:00', minutes: 60 });
    expect(ruleOf(check(m, inTorino('2026-03-23T10:29'), booked(otherTorinoDesk)))).toBe('booking_conflict');
    expect(ruleOf(check(m, inTorino('2026-03-23T10:30'), booked(otherTorinoDesk)))).toBe('eligible');
  });

  it('a plain overlap conflicts whatever the modality; touching without travel does not', () => {
    const phone = booking({ mediatorId: id, modality: 'phone', at: '2026-03-23T10:30', minutes: 15 });
    expect(failure(check(m, inTorino('2026-03-23T10:00'), booked(phone)))).toEqual({
      rule: 'booking_conflict',
      detail: 'Already booked 2026-03-23T09:30:00.000Z–2026-03-23T09:45:00.000Z.',
    });
    const touching = booking({ mediatorId: id, modality: 'phone', at: '2026-03-23T11:00', minutes: 15 });
    expect(ruleOf(check(m, inTorino('2026-03-23T10:00'), booked(touching)))).toBe('eligible');
  });

  it('ignores the request’s own appointment among the bookings (a reschedule), for conflicts and the cap', () => {
    const itself = booking({ mediatorId: id, appointmentId: 'apt-new', serviceId: 'svc-to', at: '2026-03-23T10:00', minutes: 60 });
    const capped = mediator({ id, maxWeeklyMinutes: 60 });
    expect(ruleOf(check(capped, request({ appointmentId: 'apt-new' }), booked(itself)))).toBe('eligible');
    expect(ruleOf(check(capped, request({ appointmentId: 'apt-other' }), booked(itself)))).toBe('booking_conflict');
  });

  it('ignores another mediator’s bookings', () => {
    const theirs = booking({ mediatorId: 'someone-else', at: '2026-03-23T10:00', minutes: 60 });
    expect(ruleOf(check(m, inTorino('2026-03-23T10:00'), booked(theirs)))).toBe('eligible');
  });

  it('travelBetween: the matrix minutes only when both are in person at different services, in either direction', () => {
    const ctx = context();
    const req = inTorino('2026-03-23T10:30');
    for (const direction of ['to_request', 'from_request'] as const) {
      expect(travelBetween(ctx, astiUntil10(), req, direction), direction).toBe(50);
      expect(travelBetween(ctx, astiUntil10({ modality: 'video' }), req, direction), direction).toBe(0);
      expect(travelBetween(ctx, astiUntil10(), { ...req, modality: 'phone' }, direction), direction).toBe(0);
      expect(travelBetween(ctx, astiUntil10({ serviceId: 'svc-to' }), req, direction), direction).toBe(0);
    }
  });

  describe('with a one-way matrix (TO→AT 50 min, AT→TO 90 min)', () => {
    const ONE_WAY: Record<string, Record<string, number>> = { TO: { TO: 30, AT: 50 }, AT: { TO: 90, AT: 20 } };
    const ctx = (...b: Booking[]) => context({ bookings: b, travelMinutes: (from, to) => ONE_WAY[from]![to]! });

    it('travelBetween: to_request goes from the booking’s area to the request’s, from_request back', () => {
      const req = inTorino('2026-03-23T11:00');
      expect(travelBetween(ctx(), astiUntil10(), req, 'to_request')).toBe(90); // AT→TO
      expect(travelBetween(ctx(), astiUntil10(), req, 'from_request')).toBe(50); // TO→AT
    });

    it('a booking before the request needs the travel from its area to the request’s (AT→TO 90)', () => {
      // Asti 09:00–10:00, then Torino: 10:50 would do one way (TO→AT) but not this way.
      expect(ruleOf(check(m, inTorino('2026-03-23T11:29'), ctx(astiUntil10())))).toBe('booking_conflict');
      expect(ruleOf(check(m, inTorino('2026-03-23T11:30'), ctx(astiUntil10())))).toBe('eligible');
    });

    it('a booking after the request needs the travel from the request’s area to its own (TO→AT 50)', () => {
      // Torino 09:00–10:00, then Asti: 10:50 is just in time; 90 min would be the wrong direction.
      const astiAt = (local: string) => booking({ mediatorId: id, serviceId: 'svc-at', area: 'AT', at: local, minutes: 60 });
      expect(ruleOf(check(m, inTorino('2026-03-23T09:00'), ctx(astiAt('2026-03-23T10:49'))))).toBe('booking_conflict');
      expect(ruleOf(check(m, inTorino('2026-03-23T09:00'), ctx(astiAt('2026-03-23T10:50'))))).toBe('eligible');
    });
  });
});

describe('weekly cap', () => {
  const id = 'amina';
  // Friday 27 March 2026 10:00–11:00; its week runs Monday 23 March 00:00 to Monday 30 March 00:00 local.
  const req = request({ at: '2026-03-27T10:00', minutes: 60 });
  const phone = (local: string, minutes: number) => booking({ mediatorId: id, modality: 'phone', at: local, minutes });
  const week = [phone('2026-03-23T09:00', 240), phone('2026-03-24T09:00', 240), phone('2026-03-25T09:00', 60)]; // 540 min
  const withCap = (cap: number) => mediator({ id, availability: ALWAYS, maxWeeklyMinutes: cap });

  it('allows reaching the cap exactly', () => {
    expect(ruleOf(check(withCap(600), req, context({ request: req, bookings: week })))).toBe('eligible');
  });

  it('refuses going one minute over it', () => {
    expect(failure(check(withCap(599), req, context({ request: req, bookings: week })))).toEqual({
      rule: 'weekly_cap',
      detail: 'Would work 600 min this week, above the cap of 599.',
    });
  });

  it('counts the request alone against the cap', () => {
    expect(ruleOf(check(withCap(59), req, context({ request: req })))).toBe('weekly_cap');
    expect(ruleOf(check(withCap(0), req, context({ request: req })))).toBe('weekly_cap');
  });

  it('counts only bookings in the same ISO week (local Monday to Monday)', () => {
    const outside = [
      phone('2026-03-22T23:00', 600), // Sunday before: previous week
      phone('2026-03-30T00:00', 600), // Monday after, at midnight: next week
      phone('2026-03-16T10:00', 600),
    ];
    expect(ruleOf(check(withCap(600), req, context({ request: req, bookings: [...week, ...outside] })))).toBe('eligible');
    const insideEdges = [phone('2026-03-23T00:00', 1), phone('2026-03-29T23:30', 1)]; // Monday 00:00 and Sunday 23:30 (CEST)
    expect(ruleOf(check(withCap(600), req, context({ request: req, bookings: [...week, ...insideEdges] })))).toBe('weekly_cap');
  });

  it('uses the context’s week, across the fall-back week too (Sunday 25 October 23:30 is still that week)', () => {
    const octReq = request({ at: '2026-10-23T10:00', minutes: 60 });
    const late = booking({ mediatorId: id, modality: 'phone', at: '2026-10-25T23:30', minutes: 30 });
    const next = booking({ mediatorId: id, modality: 'phone', at: '2026-10-26T00:00', minutes: 30 });
    expect(ruleOf(check(withCap(90), octReq, context({ request: octReq, bookings: [late, next] })))).toBe('eligible');
    expect(ruleOf(check(withCap(89), octReq, context({ request: octReq, bookings: [late, next] })))).toBe('weekly_cap');
  });

  it('checks the cap after conflicts: an overlapping booking is named as the conflict', () => {
    const overlap = phone('2026-03-27T10:00', 600);
    expect(ruleOf(check(withCap(60), req, context({ request: req, bookings: [overlap] })))).toBe('booking_conflict');
  });
});

describe('a DST-day appointment end to end', () => {
  it('Sunday 29 March 2026, 09:00–13:00 wall time, is taken by a Sunday 09:00–13:00 mediator', () => {
    const r = request({ at: '2026-03-29T09:00', minutes: 240 });
    expect(r.start).toBe(Date.parse('2026-03-29T07:00:00Z'));
    const m = mediator({ availability: [{ weekday: 7, start: '09:00', end: '13:00' }] });
    expect(ruleOf(check(m, r, context({ request: r })))).toBe('eligible');
  });

  it('at() reads local time (sanity)', () => {
    expect(at('2026-03-29T09:00')).toBe(Date.parse('2026-03-29T07:00:00Z'));
    expect(at('2026-03-28T09:00')).toBe(Date.parse('2026-03-28T08:00:00Z'));
  });
});

describe('a request checked again after it changed (the rules prepared per request are found by its values)', () => {
  it('answers for the request as it is now, not as it was', () => {
    const m = mediator({ languages: [{ code: 'ar', level: 'B2' }], areas: ['TO'] });
    const req = request({ minLevel: 'B1' });
    const ctx = context({ request: req });
    expect(ruleOf(checkEligibility(m, req, ctx))).toBe('eligible');
    req.minLevel = 'C2';
    expect(failure(checkEligibility(m, req, ctx))).toEqual({ rule: 'language_level', detail: 'Speaks ar at B2, below the required C2.' });
    req.minLevel = 'B1';
    req.area = 'AL';
    expect(failure(checkEligibility(m, req, ctx))).toEqual({ rule: 'area', detail: 'Does not serve area AL.' });
    req.area = 'TO';
    req.language = 'zh';
    expect(failure(checkEligibility(m, req, ctx))).toEqual({ rule: 'language', detail: 'Does not speak zh.' });
  });

  it('shares a failure among mediators only as a frozen object', () => {
    const req = request();
    const ctx = context({ request: req });
    const a = checkEligibility(mediator({ id: 'a', active: false }), req, ctx);
    const b = checkEligibility(mediator({ id: 'b', active: false }), req, ctx);
    expect(failure(a)).toEqual({ rule: 'inactive', detail: 'Mediator is not active.' });
    expect(Object.isFrozen(a) || a !== b).toBe(true);
  });
});
