import { describe, expect, it } from 'vitest';
import type { MediatorProfile } from '../../src/domain/eligibility.js';
import {
  applicableSteps,
  DEFAULT_MATCH_OPTIONS,
  type ExcludedMediator,
  exclusionSummary,
  matchAppointment,
  rankForStep,
} from '../../src/domain/matching.js';
import { booking, context, mediator, request } from './factories.js';

const ids = (list: ReadonlyArray<{ mediatorId: string }>) => list.map((c) => c.mediatorId);

describe('matchAppointment', () => {
  it('returns the eligible mediators ranked, with name, score and reasons, and no fallback', () => {
    const roster = [
      mediator({ id: 'b1', name: 'Bouchra', languages: [{ code: 'ar', level: 'B2' }] }),
      mediator({ id: 'n1', name: 'Nadia', languages: [{ code: 'ar', level: 'native' }] }),
    ];
    const result = matchAppointment(request(), roster, context());
    expect(ids(result.candidates)).toEqual(['n1', 'b1']);
    expect(result.candidates[0]).toEqual({
      mediatorId: 'n1',
      name: 'Nadia',
      score: 43,
      reasons: [
        { code: 'fairness', points: 20, detail: '0 min booked in the last 30 days.' },
        { code: 'language_level', points: 15, detail: 'ar at native.' },
        { code: 'home_area', points: 8, detail: 'Based in TO.' },
      ],
    });
    expect(result.excluded).toEqual([]);
    expect(result.fallback).toEqual([]);
  });

  it('lists every other mediator as excluded with the rule and detail, in roster order', () => {
    const roster = [
      mediator({ id: 'off', name: 'Off', active: false }),
      mediator({ id: 'ok', name: 'Ok' }),
      mediator({ id: 'fr', name: 'French', languages: [{ code: 'fr', level: 'native' }] }),
    ];
    const result = matchAppointment(request(), roster, context());
    expect(ids(result.candidates)).toEqual(['ok']);
    expect(result.excluded).toEqual([
      { mediatorId: 'off', name: 'Off', rule: 'inactive', detail: 'Mediator is not active.' },
      { mediatorId: 'fr', name: 'French', rule: 'language', detail: 'Does not speak ar.' },
    ]);
  });

  it('names each roster member exactly once, as a candidate or as excluded', () => {
    const roster = [mediator({ id: 'a' }), mediator({ id: 'b', active: false }), mediator({ id: 'c', modalities: ['phone'] }), mediator({ id: 'd' })];
    const result = matchAppointment(request(), roster, context());
    expect([...ids(result.candidates), ...ids(result.excluded)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('with an empty roster, nobody fits and the whole ladder is proposed, empty', () => {
    const result = matchAppointment(request(), [], context());
    expect(result.candidates).toEqual([]);
    expect(result.excluded).toEqual([]);
    expect(result.fallback).toEqual([
      { step: 'neighbouring_area', modality: 'in_person', candidates: [] },
      { step: 'video', modality: 'video', candidates: [] },
      { step: 'phone', modality: 'phone', candidates: [] },
    ]);
  });
});

describe('the fallback ladder', () => {
  // An in-person request in Torino. Nobody serves TO; around it:
  const asti = mediator({ id: 'asti', homeArea: 'AT', areas: ['AT'], modalities: ['in_person'] }); // AT→TO 50 min
  const verbania = mediator({ id: 'verbania', homeArea: 'VB', areas: ['VB'], modalities: ['in_person', 'video'] }); // VB→TO 120 min
  const phoneOnly = mediator({ id: 'phone-only', homeArea: 'NO', areas: ['NO'], modalities: ['phone'] });
  const roster = [asti, verbania, phoneOnly];

  it('is explored only when nobody fits', () => {
    const withLocal = [...roster, mediator({ id: 'local' })];
    const result = matchAppointment(request(), withLocal, context());
    expect(ids(result.candidates)).toEqual(['local']);
    expect(result.fallback).toEqual([]);
  });

  it('for an in-person request: neighbouring area, then video, then phone, each with who could take it', () => {
    const result = matchAppointment(request(), roster, context());
    expect(result.candidates).toEqual([]);
    expect(result.excluded.map((e) => [e.mediatorId, e.rule])).toEqual([
      ['asti', 'area'],
      ['verbania', 'area'],
      ['phone-only', 'modality'],
    ]);
    expect(result.fallback.map((f) => [f.step, f.modality, ids(f.candidates)])).toEqual([
      ['neighbouring_area', 'in_person', ['asti']], // VB is 120 min away, beyond the default 90
      ['video', 'video', ['verbania']],
      ['phone', 'phone', ['phone-only']],
    ]);
  });

  it('a neighbouring-area candidate carries the area it travels from and the minutes', () => {
    const [neighbour] = matchAppointment(request(), roster, context()).fallback;
    expect(neighbour?.candidates[0]).toMatchObject({ mediatorId: 'asti', travelFromArea: 'AT', travelMinutes: 50 });
  });

  it('the neighbouring-area step respects neighbourMaxTravel', () => {
    const near = matchAppointment(request(), roster, context(), { neighbourMaxTravel: 49, fallbackSize: 5 });
    expect(near.fallback[0]).toEqual({ step: 'neighbouring_area', modality: 'in_person', candidates: [] });
    const far = matchAppointment(request(), roster, context(), { neighbourMaxTravel: 120, fallbackSize: 5 });
    expect(far.fallback[0]?.candidates.map((c) => [c.mediatorId, c.travelFromArea, c.travelMinutes])).toEqual([
      ['asti', 'AT', 50],
      ['verbania', 'VB', 120],
    ]);
  });

  it('the neighbouring-area step still checks every other rule, travel between bookings included', () => {
    // asti holds an in-person booking in Asti until 09:30; the request starts at 10:00 in Torino (50 min away).
    const ctx = context({ bookings: [booking({ mediatorId: 'asti', serviceId: 'svc-at', area: 'AT', at: '2026-03-23T08:30', minutes: 60 })] });
    expect(matchAppointment(request(), roster, ctx).fallback[0]?.candidates).toEqual([]);
  });

  it('for a video request: phone only', () => {
    const req = request({ modality: 'video' });
    const result = matchAppointment(req, [asti, phoneOnly], context());
    expect(result.candidates).toEqual([]);
    expect(result.fallback.map((f) => [f.step, f.modality, ids(f.candidates)])).toEqual([['phone', 'phone', ['phone-only']]]);
  });

  it('for a phone request: no ladder at all', () => {
    const result = matchAppointment(request({ modality: 'phone' }), [asti, verbania], context());
    expect(result.candidates).toEqual([]);
    expect(result.fallback).toEqual([]);
  });

  it('lists at most fallbackSize candidates per step, the best first', () => {
    const videoers = ['v3', 'v1', 'v2', 'v4'].map((id) =>
      mediator({ id, homeArea: 'VB', areas: ['VB'], modalities: ['video'], languages: [{ code: 'ar', level: id === 'v4' ? 'native' : 'C1' }] }),
    );
    const result = matchAppointment(request(), videoers, context(), { neighbourMaxTravel: 90, fallbackSize: 2 });
    expect(result.fallback.find((f) => f.step === 'video')?.candidates.map((c) => c.mediatorId)).toEqual(['v4', 'v1']);
  });

  it('uses 90 minutes and 5 candidates by default', () => {
    expect(DEFAULT_MATCH_OPTIONS).toEqual({ neighbourMaxTravel: 90, fallbackSize: 5 });
  });
});

describe('applicableSteps', () => {
  it('in person: neighbouring area, video, phone; video: phone; phone: none', () => {
    expect(applicableSteps('in_person', 'ar')).toEqual(['neighbouring_area', 'video', 'phone']);
    expect(applicableSteps('video', 'ar')).toEqual(['phone']);
    expect(applicableSteps('phone', 'ar')).toEqual([]);
  });

  it('never the phone step for a sign language', () => {
    expect(applicableSteps('in_person', 'ise')).toEqual(['neighbouring_area', 'video']);
    expect(applicableSteps('video', 'sgn-IT')).toEqual([]);
  });

  it('the ladder of an unfillable LIS request proposes no phone step, even with phone-only signers', () => {
    const phoneOnly = mediator({ id: 'phone-signer', languages: [{ code: 'ise', level: 'native' }], modalities: ['phone'] });
    const req = request({ language: 'ise' });
    const result = matchAppointment(req, [phoneOnly], context({ request: req }));
    expect(result.candidates).toEqual([]);
    expect(result.fallback.map((f) => f.step)).toEqual(['neighbouring_area', 'video']);
  });
});

describe('rankForStep', () => {
  const asti = mediator({ id: 'asti', homeArea: 'AT', areas: ['AT'], modalities: ['in_person', 'video'] });
  const local = mediator({ id: 'local', modalities: ['in_person'] });

  it('neighbouring_area keeps the request and lists only mediators travelling from another area', () => {
    const req = request();
    const { request: stepReq, candidates, excluded } = rankForStep(req, 'neighbouring_area', [asti, local], context());
    expect(stepReq).toBe(req);
    expect(ids(candidates)).toEqual(['asti']);
    expect(excluded).toEqual([]);
  });

  it('video and phone change the modality of the request and rank for it', () => {
    const req = request();
    const video = rankForStep(req, 'video', [asti, local], context());
    expect(video.request).toEqual({ ...req, modality: 'video' });
    expect(ids(video.candidates)).toEqual(['asti']);
    expect(video.excluded.map((e) => [e.mediatorId, e.rule])).toEqual([['local', 'modality']]);
    const phone = rankForStep(req, 'phone', [asti, local], context());
    expect(phone.request.modality).toBe('phone');
    expect(phone.candidates).toEqual([]);
  });

  it('drops travel when moving to video: an Asti in-person booking no longer blocks', () => {
    const ctx = context({ bookings: [booking({ mediatorId: 'asti', serviceId: 'svc-at', area: 'AT', at: '2026-03-23T09:00', minutes: 60 })] });
    expect(rankForStep(request(), 'neighbouring_area', [asti], ctx).candidates).toEqual([]);
    expect(ids(rankForStep(request(), 'video', [asti], ctx).candidates)).toEqual(['asti']);
  });
});

describe('exclusionSummary', () => {
  it('counts excluded mediators per rule', () => {
    const e = (mediatorId: string, rule: ExcludedMediator['rule']): ExcludedMediator => ({ mediatorId, name: mediatorId, rule, detail: '' });
    expect(exclusionSummary([e('a', 'area'), e('b', 'language'), e('c', 'area'), e('d', 'weekly_cap')])).toEqual({
      area: 2,
      language: 1,
      weekly_cap: 1,
    });
    expect(exclusionSummary([])).toEqual({});
  });

  it('summarises a real match', () => {
    const roster: MediatorProfile[] = [
      mediator({ id: 'x', active: false }),
      mediator({ id: 'y', areas: ['AT'] }),
      mediator({ id: 'z', areas: ['AL'] }),
    ];
    expect(exclusionSummary(matchAppointment(request(), roster, context()).excluded)).toEqual({ inactive: 1, area: 2 });
  });
});
