import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from './target.js';

/**
 * Booking scenarios as a desk and a coordinator would live them, run against every runtime:
 * the Node app on better-sqlite3 and the Worker in workerd on D1.
 */
export function bookingScenarios(makeTarget: () => Promise<Target>): void {
  let h: Target;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  describe('languages', () => {
    it('never books a sign language by phone: refused when asked, and the ladder stops at video', async () => {
      const desk = await h.make.desk();
      await h.make.mediator({ languages: [{ code: 'ise', level: 'native' }], modalities: ['phone'] });
      const byPhone = await h.call('POST', '/v1/appointments', {
        token: desk.token,
        body: { language: 'ise', modality: 'phone', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health' },
      });
      expect(byPhone.status).toBe(400);
      expect(byPhone.body.errors[0].path).toBe('modality');
      const a = await h.make.appointment(desk.token, { language: 'ise', allowFallback: true });
      expect(a.status).toBe('unfilled');
      expect(a.fallback.map((f: { step: string }) => f.step)).toEqual(['neighbouring_area', 'video']);
    });

    it('lists the languages it serves and refuses an unknown code with a suggestion', async () => {
      const desk = await h.make.desk();
      const listed = await h.call('GET', '/v1/languages?lang=en', { token: desk.token });
      expect(listed.status).toBe(200);
      expect(listed.body.items.find((l: { code: string }) => l.code === 'ar-MA').name).toBe('Arabic (Moroccan)');
      const typo = await h.call('POST', '/v1/appointments', {
        token: desk.token,
        body: { language: 'ara', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health' },
      });
      expect(typo.status).toBe(400);
      expect(typo.body.errors[0].path).toBe('language');
      expect(typo.body.suggestion.code).toBe('ar');
    });
  });

  describe('auto assignment', () => {
    it('books the best candidate at once and shows the mediator', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator({ languages: [{ code: 'ar-MA', level: 'native' }] });
      const a = await h.make.appointment(desk.token, { language: 'ar-MA', beneficiaryRef: 'CASE-1' });
      expect(a.status).toBe('booked');
      expect(a.mediatorId).toBe(m.id);
      expect(a.mediator.name).toBe(m.name);
      expect(a.start).toBe('2026-03-23T10:00:00+01:00');
      expect(a.end).toBe('2026-03-23T11:00:00+01:00');
    });

    it('keeps a request nobody can take as unfilled, with the reason and the fallback ladder', async () => {
      const desk = await h.make.desk({ area: 'VB' });
      await h.make.mediator({ languages: [{ code: 'ti', level: 'native' }], areas: ['TO'], modalities: ['in_person', 'video'] });
      const a = await h.make.appointment(desk.token, { language: 'ti' });
      expect(a.status).toBe('unfilled');
      expect(a.mediatorId).toBeNull();
      expect(a.unfilledReason.code).toBe('no_candidate');
      expect(a.unfilledReason.rules).toEqual({ area: 1 });
      expect(a.fallback.map((f: { step: string }) => f.step)).toEqual(['neighbouring_area', 'video', 'phone']);
      expect(a.fallback[0].candidates).toEqual([]); // TO→VB is 120 min, beyond the 90 min neighbour limit
      expect(a.fallback[1].candidates).toHaveLength(1);
      expect(a.fallback[2].candidates).toEqual([]);

      const listed = await h.call('GET', '/v1/appointments?status=unfilled', { token: desk.token });
      expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    });

    it('says no_speaker when nobody in the roster speaks the language', async () => {
      const desk = await h.make.desk();
      const a = await h.make.appointment(desk.token, { language: 'wo' });
      expect(a.unfilledReason.code).toBe('no_speaker');
    });

    it('keeps a mediator who is busy as asked out of every fallback step too (their bookings stay loaded)', async () => {
      const desk = await h.make.desk();
      const busy = await h.make.mediator({ name: 'Busy', modalities: ['in_person', 'video'] });
      await h.make.appointment(desk.token); // books Busy, Monday 10:00
      const remote = await h.make.mediator({ name: 'Remote', areas: ['CN'], homeArea: 'CN', modalities: ['video'] });
      const a = await h.make.appointment(desk.token, { assignment: 'manual' }); // Monday 10:00 again: nobody as asked
      expect(a.status).toBe('unfilled');
      const video = a.fallback.find((f: { step: string }) => f.step === 'video');
      expect(video.candidates.map((c: { mediatorId: string }) => c.mediatorId)).toEqual([remote.id]);
      expect(JSON.stringify(a.fallback)).not.toContain(busy.id);
    });

    it('takes the first fallback step when allowed and records it', async () => {
      const desk = await h.make.desk({ area: 'NO' });
      const m = await h.make.mediator({ areas: ['VC'], homeArea: 'VC' });
      const a = await h.make.appointment(desk.token, { allowFallback: true });
      expect(a.status).toBe('booked');
      expect(a.mediatorId).toBe(m.id);
      expect(a.fallbackStep).toBe('neighbouring_area');
    });
  });

  describe('manual assignment', () => {
    it('leaves the request open, ranks candidates with reasons and books the pick', async () => {
      const desk = await h.make.desk();
      const generic = await h.make.mediator({ name: 'Generic', languages: [{ code: 'ar', level: 'C1' }] });
      const moroccan = await h.make.mediator({ name: 'Moroccan', languages: [{ code: 'ar-MA', level: 'native' }] });
      const a = await h.make.appointment(desk.token, { language: 'ar-MA', assignment: 'manual' });
      expect(a.status).toBe('open');

      const c = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}/candidates`, { token: desk.token }), 200);
      expect(c.candidates.map((x: { mediatorId: string }) => x.mediatorId)).toEqual([moroccan.id, generic.id]);
      const codes = c.candidates[0].reasons.map((r: { code: string }) => r.code);
      expect(codes).toEqual(expect.arrayContaining(['fairness', 'language_level', 'language_variety', 'sector', 'home_area']));

      const booked = await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/assign`, { token: desk.token, body: { mediatorId: generic.id } }), 200);
      expect(booked.status).toBe('booked');
      expect(booked.mediatorId).toBe(generic.id);
    });

    it('lists at most `limit` candidates, best first, and counts them all', async () => {
      const desk = await h.make.desk();
      const ids = [];
      for (const name of ['A', 'B', 'C']) ids.push((await h.make.mediator({ name })).id);
      const a = await h.make.appointment(desk.token, { assignment: 'manual' });
      const all = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}/candidates`, { token: desk.token }), 200);
      expect(all.candidateCount).toBe(3);
      expect(all.candidates.map((x: { mediatorId: string }) => x.mediatorId).sort()).toEqual(ids.sort());
      const two = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}/candidates?limit=2`, { token: desk.token }), 200);
      expect(two.candidateCount).toBe(3);
      expect(two.candidates).toEqual(all.candidates.slice(0, 2));
      for (const bad of ['0', '1001', 'two']) {
        const r = await h.call('GET', `/v1/appointments/${a.id}/candidates?limit=${bad}`, { token: desk.token });
        expect(r.status).toBe(400);
        expect(r.body.errors.map((e: { path: string }) => e.path)).toContain('query.limit');
      }
    });

    it('books a desk\'s fallback pick by video while someone fits in person, checked against that mediator\'s own bookings', async () => {
      const desk = await h.make.desk();
      const cuneo = await h.make.desk({ area: 'CN' });
      await h.make.mediator({ name: 'In person', modalities: ['in_person'] });
      const remote = await h.make.mediator({ name: 'Remote', areas: ['CN'], homeArea: 'CN', modalities: ['video'] });
      const busy = await h.make.appointment(cuneo.token, { modality: 'video' }); // Monday 10:00, by video
      expect(busy.mediatorId).toBe(remote.id);

      const clash = await h.make.appointment(desk.token, { assignment: 'manual' }); // Monday 10:00 in person in TO
      expect(clash.status).toBe('open');
      const refused = await h.call('POST', `/v1/appointments/${clash.id}/assign`, { token: desk.token, body: { mediatorId: remote.id, fallback: 'video' } });
      expect(refused.status).toBe(409);
      expect(refused.body.rule).toBe('availability'); // a desk is not told why (booked elsewhere): test/integration/why-not.test.ts

      const later = await h.make.appointment(desk.token, { assignment: 'manual', start: '2026-03-23T14:00:00+01:00' });
      const booked = await h.expectStatus(h.call('POST', `/v1/appointments/${later.id}/assign`, { token: desk.token, body: { mediatorId: remote.id, fallback: 'video' } }), 200);
      expect(booked).toMatchObject({ status: 'booked', mediatorId: remote.id, modality: 'video', fallbackStep: 'video' });
    });

    it('refuses a mediator who is already booked at that time with 409', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      await h.make.appointment(desk.token); // books m 10:00–11:00
      const b = await h.make.appointment(desk.token, { assignment: 'manual', start: '2026-03-23T10:30:00+01:00' });
      expect(b.status).toBe('unfilled');
      const r = await h.call('POST', `/v1/appointments/${b.id}/assign`, { token: desk.token, body: { mediatorId: m.id } });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('mediator_not_eligible');
      expect(r.body.rule).toBe('availability');
    });
  });

  describe('explain', () => {
    it('names the rule that excluded every mediator in the roster', async () => {
      const desk = await h.make.desk();
      const chinese = await h.make.mediator({ languages: [{ code: 'zh', level: 'native' }] });
      const weak = await h.make.mediator({ languages: [{ code: 'ar', level: 'B1' }] });
      const a = await h.make.appointment(desk.token, { assignment: 'manual' });
      const full = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}/candidates?explain=true`, { token: desk.token }), 200);
      const rules = Object.fromEntries(full.excluded.map((e: { mediatorId: string; rule: string }) => [e.mediatorId, e.rule]));
      expect(rules).toEqual({ [chinese.id]: 'language', [weak.id]: 'language_level' });
      expect(full.excluded.find((e: { mediatorId: string }) => e.mediatorId === weak.id).detail).toBe('Speaks ar at B1, below the required B2.');
      expect(full.excludedByRule).toEqual({ language: 1, language_level: 1 });
    });

    it('without explain counts the speakers who fail a rule and names nobody', async () => {
      const desk = await h.make.desk();
      await h.make.mediator({ languages: [{ code: 'zh', level: 'native' }] });
      await h.make.mediator({ languages: [{ code: 'ar', level: 'B1' }] });
      await h.make.mediator({ areas: ['CN'], homeArea: 'CN' });
      const fits = await h.make.mediator();
      const a = await h.make.appointment(desk.token, { assignment: 'manual' });
      const plain = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}/candidates`, { token: desk.token }), 200);
      expect(plain.candidates.map((c: { mediatorId: string }) => c.mediatorId)).toEqual([fits.id]);
      expect(plain.excluded).toEqual([]);
      expect(plain.excludedByRule).toEqual({ language_level: 1, area: 1 });
      expect(plain.candidateCount).toBe(1);
      const explicit = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}/candidates?explain=false`, { token: desk.token }), 200);
      expect(explicit).toEqual(plain);
    });
  });

  describe('reschedule and cancel', () => {
    it('keeps the mediator when they still fit and frees them when they do not', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator({ availability: [{ weekday: 1, start: '09:00', end: '12:00' }] });
      const a = await h.make.appointment(desk.token);
      const kept = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { start: '2026-03-23T11:00:00+01:00' } }), 200);
      expect(kept.mediatorKept).toBe(true);
      expect(kept.mediatorId).toBe(m.id);
      expect(kept.start).toBe('2026-03-23T11:00:00+01:00');

      const moved = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { start: '2026-03-23T15:00:00+01:00' } }), 200);
      expect(moved.mediatorKept).toBe(false);
      expect(moved.mediatorId).toBeNull();
      expect(moved.status).toBe('unfilled');
      expect(moved.unfilledReason.rules).toEqual({ availability: 1 });
    });

    it('cancels, frees the slot for another booking, and refuses a second cancel', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      const a = await h.make.appointment(desk.token);
      const cancelled = await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token, body: { reason: 'beneficiary moved' } }), 200);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.cancelReason).toBe('beneficiary moved');
      const b = await h.make.appointment(desk.token);
      expect(b.mediatorId).toBe(m.id);
      const again = await h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token });
      expect(again.status).toBe(409);
    });
  });

  describe('idempotency', () => {
    it('replays the first answer and never books twice', async () => {
      const desk = await h.make.desk();
      await h.make.mediator();
      await h.make.mediator();
      const first = await h.make.appointment(desk.token, {}, { 'Idempotency-Key': 'req-42' });
      const replay = await h.call('POST', '/v1/appointments', {
        token: desk.token,
        headers: { 'Idempotency-Key': 'req-42' },
        body: { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health' },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
      expect(replay.body).toEqual(first);
      const all = await h.call('GET', '/v1/appointments', { token: desk.token });
      expect(all.body.items).toHaveLength(1);
    });

    it('refuses the same key with a different body', async () => {
      const desk = await h.make.desk();
      await h.make.appointment(desk.token, {}, { 'Idempotency-Key': 'k1' });
      const r = await h.call('POST', '/v1/appointments', {
        token: desk.token,
        headers: { 'Idempotency-Key': 'k1' },
        body: { language: 'ar', start: '2026-03-24T10:00:00+01:00', durationMinutes: 60, sector: 'health' },
      });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('idempotency_key_reused');
    });
  });
}
