import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const START = '2026-03-23T10:00:00+01:00';
const request = (overrides: Record<string, unknown>) => ({ language: 'ise', start: START, durationMinutes: 60, sector: 'health', ...overrides });

describe('sign languages are never booked by phone', () => {
  it('refuses a phone request for LIS at creation with 400 naming modality, and stores nothing', async () => {
    const desk = await h.make.desk();
    await h.make.mediator({ languages: [{ code: 'ise', level: 'native' }], modalities: ['phone'] });
    const res = await h.call('POST', '/v1/appointments', { token: desk.token, body: request({ modality: 'phone' }) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('modality_unsuitable');
    expect(res.body.errors).toEqual([{ path: 'modality', message: expect.stringContaining('sign language') }]);
    expect((await h.call('GET', '/v1/appointments', { token: desk.token })).body.items).toEqual([]);
  });

  it('the auto fallback ladder stops at video: a phone-only signer is neither proposed nor booked', async () => {
    const desk = await h.make.desk();
    await h.make.mediator({ languages: [{ code: 'ise', level: 'native' }], modalities: ['phone'] });
    const a = await h.make.appointment(desk.token, { language: 'ise', allowFallback: true });
    expect(a.status).toBe('unfilled');
    expect(a.mediatorId).toBeNull();
    expect(a.fallback.map((f: { step: string }) => f.step)).toEqual(['neighbouring_area', 'video']);
  });

  it("refuses a desk's manual pick with fallback phone (409, rule modality)", async () => {
    const desk = await h.make.desk();
    const signer = await h.make.mediator({ languages: [{ code: 'ise', level: 'native' }], modalities: ['phone'] });
    const a = await h.make.appointment(desk.token, { language: 'ise', assignment: 'manual' });
    const res = await h.call('POST', `/v1/appointments/${a.id}/assign`, { token: desk.token, body: { mediatorId: signer.id, fallback: 'phone' } });
    expect(res.status).toBe(409);
    expect(res.body.rule).toBe('modality');
    expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token })).body.mediatorId).toBeNull();
  });

  it('refuses a reschedule of a LIS booking to phone (400 naming modality); video is fine', async () => {
    const desk = await h.make.desk();
    await h.make.mediator({ languages: [{ code: 'ise', level: 'native' }], modalities: ['in_person', 'video', 'phone'] });
    const a = await h.make.appointment(desk.token, { language: 'ise' });
    expect(a.status).toBe('booked');
    const res = await h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { modality: 'phone' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('modality');
    const after = await h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token });
    expect(after.body.modality).toBe('in_person');
    await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { modality: 'video' } }), 200);
  });
});

describe('GET /v1/languages', () => {
  it('lists the curated languages with Italian names by default, English with lang=en, and both in names', async () => {
    const desk = await h.make.desk();
    const it_ = await h.expectStatus(h.call('GET', '/v1/languages', { token: desk.token }), 200);
    const moroccan = it_.items.find((l: { code: string }) => l.code === 'ar-MA');
    expect(moroccan).toEqual({ code: 'ar-MA', name: 'arabo (marocchino)', names: { it: 'arabo (marocchino)', en: 'Arabic (Moroccan)' }, signLanguage: false, inRoster: false });
    expect(it_.items.find((l: { code: string }) => l.code === 'ise')).toMatchObject({ signLanguage: true });
    for (const code of ['ar-TN', 'ar-EG', 'zh', 'ro', 'sq', 'uk', 'pcm', 'tl', 'ku']) expect(it_.items.map((l: { code: string }) => l.code)).toContain(code);
    const en = await h.expectStatus(h.call('GET', '/v1/languages?lang=en', { token: desk.token }), 200);
    expect(en.items.find((l: { code: string }) => l.code === 'ar-MA').name).toBe('Arabic (Moroccan)');
    await h.expectStatus(h.call('GET', '/v1/languages?lang=de', { token: desk.token }), 400);
  });

  it('adds the languages of the roster; one outside the list is named by its code', async () => {
    await h.make.mediator({ languages: [{ code: 'ro', level: 'native' }] });
    // A roster language outside the catalogue (written before this check existed).
    await h.db.exec(sql`INSERT INTO mediator_languages (mediator_id, code, base, level) SELECT id, 'lis', 'lis', 'native' FROM mediators LIMIT 1`);
    const { items } = await h.expectStatus(h.call('GET', '/v1/languages'), 200);
    expect(items.find((l: { code: string }) => l.code === 'ro').inRoster).toBe(true);
    expect(items.find((l: { code: string }) => l.code === 'lis')).toMatchObject({ name: 'lis', names: { it: 'lis', en: 'lis' }, inRoster: true });
  });

  it('is open to every role and closed without a token', async () => {
    const m = await h.make.mediator();
    const mediatorUser = await h.make.mediatorUser(m.id);
    await h.expectStatus(h.call('GET', '/v1/languages', { token: mediatorUser.token }), 200);
    await h.expectStatus(h.call('GET', '/v1/languages', { token: null }), 401);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await h.expectStatus(h.call('GET', '/openapi.json', { token: null }), 200);
    expect(doc.paths['/v1/languages'].get).toBeDefined();
  });
});

describe('known languages only', () => {
  it.each([
    ['ara', 'ar'],
    ['LIS', 'ise'],
  ])('refuses %s on POST /v1/appointments with 400 naming language, suggesting %s', async (typed, suggested) => {
    const desk = await h.make.desk();
    const res = await h.call('POST', '/v1/appointments', { token: desk.token, body: request({ language: typed }) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('unknown_language');
    expect(res.body.errors).toEqual([{ path: 'language', message: expect.stringContaining(`Did you mean ${suggested}`) }]);
    expect(res.body.suggestion.code).toBe(suggested);
    expect((await h.call('GET', '/v1/appointments', { token: desk.token })).body.items).toEqual([]);
  });

  it('an unknown code with nothing close gets no suggestion and is not a coverage gap', async () => {
    const desk = await h.make.desk();
    const res = await h.call('POST', '/v1/appointments', { token: desk.token, body: request({ language: 'xyz' }) });
    expect(res.status).toBe(400);
    expect(res.body.suggestion).toBeNull();
    const report = await h.expectStatus(h.call('GET', '/v1/reports/coverage?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z'), 200);
    expect(report.rows).toEqual([]);
  });

  it('accepts varieties of a listed language, sign-language tags and the languages of the roster', async () => {
    const desk = await h.make.desk();
    await h.expectStatus(h.call('POST', '/v1/appointments', { token: desk.token, body: request({ language: 'ar-DZ', assignment: 'manual' }) }), 201);
    await h.expectStatus(h.call('POST', '/v1/appointments', { token: desk.token, body: request({ language: 'sgn-IT', assignment: 'manual' }) }), 201);
    const m = await h.make.mediator();
    await h.db.exec(sql`INSERT INTO mediator_languages (mediator_id, code, base, level) VALUES (${m.id}, 'lis', 'lis', 'native')`);
    await h.expectStatus(h.call('POST', '/v1/appointments', { token: desk.token, body: request({ language: 'lis', assignment: 'manual' }) }), 201);
  });

  it('refuses an unknown code on a mediator (POST and PATCH) naming the field path', async () => {
    const res = await h.call('POST', '/v1/mediators', {
      body: { name: 'Amina', email: 'amina@example.org', languages: [{ code: 'ar', level: 'native' }, { code: 'ara', level: 'C1' }], areas: ['TO'], modalities: ['in_person'], sectors: ['health'], maxWeeklyMinutes: 600 },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'languages.1.code', message: expect.stringContaining('Did you mean ar') }]);
    const m = await h.make.mediator();
    const patch = await h.call('PATCH', `/v1/mediators/${m.id}`, { body: { languages: [{ code: 'LIS', level: 'native' }] } });
    expect(patch.status).toBe(400);
    expect(patch.body.errors[0].path).toBe('languages.0.code');
  });

  it('refuses an unknown code in the language filter of the lists (a typo is not an empty result)', async () => {
    const desk = await h.make.desk();
    const appointments = await h.call('GET', '/v1/appointments?language=ara', { token: desk.token });
    expect(appointments.status).toBe(400);
    expect(appointments.body.errors[0].path).toBe('query.language');
    const mediators = await h.call('GET', '/v1/mediators?language=ara');
    expect(mediators.status).toBe(400);
    expect(mediators.body.suggestion.code).toBe('ar');
    await h.expectStatus(h.call('GET', '/v1/mediators?language=ar-DZ'), 200);
  });
});
