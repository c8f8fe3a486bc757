import { describe, expect, it } from 'vitest';
import type { MatchingContext, MatchRequest, MediatorProfile } from '../../src/domain/eligibility.js';
import type { LanguageMatch, SpokenLanguage, VarietyMatch } from '../../src/domain/languages.js';
import { matchAppointment } from '../../src/domain/matching.js';
import { SCORE_WEIGHTS, type ScoreReason, scoreCandidate } from '../../src/domain/scoring.js';
import { LEVELS } from '../../src/domain/vocabulary.js';
import { context, mediator, request } from './factories.js';

/** A mediator who earns only the always-present reasons: no sector, based elsewhere, no gender. */
const plain = (overrides: Partial<MediatorProfile> = {}) => mediator({ homeArea: 'AT', areas: ['TO', 'AT'], sectors: [], gender: null, ...overrides });

function score(
  m: MediatorProfile,
  opts: { req?: MatchRequest; ctx?: MatchingContext; language?: LanguageMatch; maxRecent?: number } = {},
) {
  const spoken: SpokenLanguage = m.languages[0] ?? { code: 'ar', level: 'C1' };
  const language = opts.language ?? { spoken, variety: 'generic' };
  return scoreCandidate({ mediator: m, language }, opts.req ?? request(), opts.ctx ?? context(), opts.maxRecent ?? 0);
}

function reason(reasons: ScoreReason[], code: ScoreReason['code']): ScoreReason | undefined {
  return reasons.find((r) => r.code === code);
}

function ranking(req: MatchRequest, roster: MediatorProfile[], ctx: MatchingContext = context({ request: req })): string[] {
  return matchAppointment(req, roster, ctx).candidates.map((c) => c.mediatorId);
}

describe('the documented weights', () => {
  it('are these points', () => {
    expect(SCORE_WEIGHTS).toEqual({
      continuity: 30,
      fairness: 20,
      level: { native: 15, C2: 12, C1: 9, B2: 5, B1: 2 },
      variety: { exact: 10, generic: 4, other_variety: 0 },
      sector: 10,
      homeArea: 8,
      genderPreferred: 10,
    });
  });
});

describe('scoreCandidate: each reason and its points', () => {
  it('a plain candidate, for a request without a variety (ar), gets fairness and language level, and their sum', () => {
    const { score: total, reasons } = score(plain({ languages: [{ code: 'ar', level: 'C1' }] }));
    expect(reasons).toEqual([
      { code: 'fairness', points: 20, detail: '0 min booked in the last 30 days.' },
      { code: 'language_level', points: 9, detail: 'ar at C1.' },
    ]);
    expect(total).toBe(29);
  });

  it('continuity: 30 when the mediator already served this beneficiary at this service', () => {
    const m = plain({ id: 'amina' });
    expect(reason(score(m, { ctx: context({ continuity: ['amina'] }) }).reasons, 'continuity')).toEqual({
      code: 'continuity',
      points: 30,
      detail: 'Already served this beneficiary at this service.',
    });
    expect(reason(score(m, { ctx: context({ continuity: ['someone-else'] }) }).reasons, 'continuity')).toBeUndefined();
  });

  it.each(LEVELS.map((level) => [level, SCORE_WEIGHTS.level[level]] as const))('language level %s: %i points', (level, points) => {
    const { reasons } = score(plain({ languages: [{ code: 'ar', level }] }));
    expect(reason(reasons, 'language_level')).toEqual({ code: 'language_level', points, detail: `ar at ${level}.` });
  });

  it.each([
    ['exact', 'ar-MA', 10, 'ar-MA for ar-MA: exact.'],
    ['generic', 'ar', 4, 'ar for ar-MA: generic.'],
    ['other_variety', 'ar-EG', 0, 'ar-EG for ar-MA: other variety.'],
  ] as const)('language variety %s (%s for ar-MA): %i points', (variety: VarietyMatch, code, points, detail) => {
    const spoken: SpokenLanguage = { code, level: 'native' };
    const { reasons } = score(plain({ languages: [spoken] }), { req: request({ language: 'ar-MA' }), language: { spoken, variety } });
    expect(reason(reasons, 'language_variety')).toEqual({ code: 'language_variety', points, detail });
  });

  it.each(['ar', 'ar-MA', 'ar-EG'])('no language variety reason at all for a request without a variety (%s speaker for ar)', (code) => {
    const spoken: SpokenLanguage = { code, level: 'native' };
    const { reasons } = score(plain({ languages: [spoken] }), { req: request({ language: 'ar' }), language: { spoken, variety: 'generic' } });
    expect(reason(reasons, 'language_variety')).toBeUndefined();
  });

  it('sector: 10 for experience in the request’s sector', () => {
    const req = request({ sector: 'school' });
    expect(reason(score(plain({ sectors: ['health', 'school'] }), { req }).reasons, 'sector')).toEqual({
      code: 'sector',
      points: 10,
      detail: 'Experienced in school.',
    });
    expect(reason(score(plain({ sectors: ['health'] }), { req }).reasons, 'sector')).toBeUndefined();
  });

  it('home area: 8 when based in the request’s area (serving it is not enough)', () => {
    expect(reason(score(plain({ homeArea: 'TO' })).reasons, 'home_area')).toEqual({ code: 'home_area', points: 8, detail: 'Based in TO.' });
    expect(reason(score(plain({ homeArea: 'AT', areas: ['AT', 'TO'] })).reasons, 'home_area')).toBeUndefined();
  });

  it('gender: 10 when preferred and matching; nothing when required (a hard rule), absent or different', () => {
    const preferred = request({ genderPreference: 'preferred', gender: 'female' });
    expect(reason(score(plain({ gender: 'female' }), { req: preferred }).reasons, 'gender_preferred')).toEqual({
      code: 'gender_preferred',
      points: 10,
      detail: 'Preferred gender (female).',
    });
    expect(reason(score(plain({ gender: 'male' }), { req: preferred }).reasons, 'gender_preferred')).toBeUndefined();
    expect(reason(score(plain({ gender: null }), { req: preferred }).reasons, 'gender_preferred')).toBeUndefined();
    const required = request({ genderPreference: 'required', gender: 'female' });
    expect(reason(score(plain({ gender: 'female' }), { req: required }).reasons, 'gender_preferred')).toBeUndefined();
  });

  it('the score is the sum of every reason', () => {
    const spoken: SpokenLanguage = { code: 'ar-MA', level: 'native' };
    const m = plain({ id: 'amina', homeArea: 'TO', sectors: ['health'], gender: 'female', languages: [spoken] });
    const req = request({ language: 'ar-MA', genderPreference: 'preferred', gender: 'female' });
    const { score: total, reasons } = score(m, { req, ctx: context({ continuity: ['amina'] }), language: { spoken, variety: 'exact' } });
    expect(reasons.map((r) => r.code)).toEqual([
      'continuity',
      'fairness',
      'language_level',
      'language_variety',
      'sector',
      'home_area',
      'gender_preferred',
    ]);
    expect(total).toBe(30 + 20 + 15 + 10 + 10 + 8 + 10);
  });
});

describe('fairness: fewer minutes in the last 30 days score more', () => {
  const m = plain({ id: 'amina' });
  const fairness = (recent: number | undefined, maxRecent: number) =>
    reason(score(m, { ctx: context({ recentMinutes: recent === undefined ? {} : { amina: recent } }), maxRecent }).reasons, 'fairness');

  it('scales linearly against the busiest candidate scored together: 20 points with no minutes, 0 for the busiest', () => {
    expect(fairness(0, 600)?.points).toBe(20);
    expect(fairness(150, 600)?.points).toBe(15);
    expect(fairness(300, 600)?.points).toBe(10);
    expect(fairness(600, 600)?.points).toBe(0);
  });

  it('rounds to hundredths', () => {
    expect(fairness(200, 600)?.points).toBe(13.33);
    expect(fairness(400, 600)?.points).toBe(6.67);
  });

  it('gives everyone full points when nobody has recent minutes; a mediator without an entry has 0 minutes', () => {
    expect(fairness(undefined, 0)).toEqual({ code: 'fairness', points: 20, detail: '0 min booked in the last 30 days.' });
    expect(fairness(undefined, 600)).toEqual({ code: 'fairness', points: 20, detail: '0 min booked in the last 30 days.' });
  });

  it('says the minutes in the detail', () => {
    expect(fairness(150, 600)?.detail).toBe('150 min booked in the last 30 days.');
  });

  it('in a ranking, the busiest eligible candidate sets the scale', () => {
    const req = request();
    const roster = [plain({ id: 'busy' }), plain({ id: 'half' }), plain({ id: 'idle' })];
    const ctx = context({ request: req, recentMinutes: { busy: 900, half: 450, idle: 0 } });
    const result = matchAppointment(req, roster, ctx);
    expect(result.candidates.map((c) => [c.mediatorId, reason(c.reasons, 'fairness')?.points])).toEqual([
      ['idle', 20],
      ['half', 10],
      ['busy', 0],
    ]);
  });
});

describe('ordering of candidates', () => {
  it('continuity beats the whole range of language levels', () => {
    const req = request({ minLevel: 'B1' });
    const roster = [plain({ id: 'native', languages: [{ code: 'ar', level: 'native' }] }), plain({ id: 'known', languages: [{ code: 'ar', level: 'B1' }] })];
    expect(ranking(req, roster, context({ request: req, continuity: ['known'] }))).toEqual(['known', 'native']);
  });

  it('a higher level wins when nothing else differs', () => {
    const roster = (['B2', 'native', 'C1', 'C2'] as const).map((level) => plain({ id: level, languages: [{ code: 'ar', level }] }));
    expect(ranking(request(), roster)).toEqual(['native', 'C2', 'C1', 'B2']);
  });

  it('sector experience, home area and a preferred gender each lift a candidate', () => {
    const req = request({ genderPreference: 'preferred', gender: 'female' });
    const roster = [
      plain({ id: 'a-none' }),
      plain({ id: 'b-home', homeArea: 'TO' }),
      plain({ id: 'c-sector', sectors: ['health'] }),
      plain({ id: 'd-gender', gender: 'female' }),
    ];
    const result = matchAppointment(req, roster, context({ request: req }));
    expect(result.candidates.map((c) => [c.mediatorId, c.score])).toEqual([
      ['c-sector', 20 + 9 + 10],
      ['d-gender', 20 + 9 + 10],
      ['b-home', 20 + 9 + 8],
      ['a-none', 20 + 9],
    ]);
  });

  it('variety: for ar-MA, an ar-MA native beats an ar native, who beats an ar-EG native', () => {
    const req = request({ language: 'ar-MA' });
    const roster = [
      plain({ id: 'egyptian', languages: [{ code: 'ar-EG', level: 'native' }] }),
      plain({ id: 'generic', languages: [{ code: 'ar', level: 'native' }] }),
      plain({ id: 'moroccan', languages: [{ code: 'ar-MA', level: 'native' }] }),
    ];
    const result = matchAppointment(req, roster, context({ request: req }));
    expect(result.candidates.map((c) => [c.mediatorId, c.score])).toEqual([
      ['moroccan', 20 + 15 + 10],
      ['generic', 20 + 15 + 4],
      ['egyptian', 20 + 15 + 0],
    ]);
  });

  it('no variety asked: for ar, an ar-EG, an ar and an ar-MA native score the same (ties go to the smaller id)', () => {
    const req = request({ language: 'ar' });
    const roster = [
      plain({ id: 'moroccan', languages: [{ code: 'ar-MA', level: 'native' }] }),
      plain({ id: 'generic', languages: [{ code: 'ar', level: 'native' }] }),
      plain({ id: 'egyptian', languages: [{ code: 'ar-EG', level: 'native' }] }),
    ];
    const result = matchAppointment(req, roster, context({ request: req }));
    expect(result.candidates.map((c) => [c.mediatorId, c.score])).toEqual([
      ['egyptian', 20 + 15],
      ['generic', 20 + 15],
      ['moroccan', 20 + 15],
    ]);
  });

  it('fewer recent minutes first among otherwise equal candidates', () => {
    const req = request();
    const roster = [plain({ id: 'a' }), plain({ id: 'b' })];
    expect(ranking(req, roster, context({ request: req, recentMinutes: { a: 300, b: 60 } }))).toEqual(['b', 'a']);
  });

  it('ties on score go to fewer recent minutes, then to the smaller id', () => {
    const req = request({ genderPreference: 'preferred', gender: 'female' });
    // 'aa-busy' has the most minutes (fairness 0) but makes up 20 points with sector and gender: 0+9+10+10 = 29.
    // 'zz-idle' has no minutes: 20+9 = 29. Same score: the idle one comes first despite its id.
    const roster = [plain({ id: 'aa-busy', sectors: ['health'], gender: 'female' }), plain({ id: 'zz-idle' })];
    const result = matchAppointment(req, roster, context({ request: req, recentMinutes: { 'aa-busy': 600 } }));
    expect(result.candidates.map((c) => [c.mediatorId, c.score])).toEqual([
      ['zz-idle', 29],
      ['aa-busy', 29],
    ]);
    // Identical candidates: by id, whatever the roster order.
    const twins = [plain({ id: 'm-3' }), plain({ id: 'm-1' }), plain({ id: 'm-2' })];
    expect(ranking(request(), twins)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(ranking(request(), [...twins].reverse())).toEqual(['m-1', 'm-2', 'm-3']);
  });
});
