import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Json } from '../support/factories.js';
import type { Target } from './target.js';

/**
 * Recurring series: weekly occurrences created as ordinary appointments and matched as one. Run on
 * every runtime. The clock stands on Friday 20 March 2026; the first Monday, 23 March, is the week
 * before the spring DST change (Sunday 29 March).
 */
export function seriesScenarios(makeTarget: () => Promise<Target>): void {
  let h: Target;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  const MONDAYS = ['2026-03-23', '2026-03-30', '2026-04-06', '2026-04-13'];
  const weekly = (token: string, overrides: Json = {}) =>
    h.call('POST', '/v1/series', {
      token,
      body: { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health', beneficiaryRef: 'CASE-9', recurrence: { count: 4 }, ...overrides },
    });
  const dayOff = (mediatorId: string, day: string) =>
    h.expectStatus(h.call('POST', `/v1/mediators/${mediatorId}/time-off`, { body: { start: `${day}T00:00:00+02:00`, end: `${day}T23:00:00+02:00`, reason: 'leave' } }), 201);
  const mediatorsOf = (s: Json) => (s.occurrences as Json[]).map((o) => o.mediatorId);

  describe('creating a series', () => {
    it('creates each occurrence as an appointment at the same wall-clock time across DST, all with one mediator', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      const r = await weekly(desk.token);
      expect(r.status, r.text).toBe(201);
      expect(r.headers.get('location')).toBe(`/v1/series/${r.body.id}`);
      expect((r.body.occurrences as Json[]).map((o) => o.start)).toEqual([
        '2026-03-23T10:00:00+01:00',
        '2026-03-30T10:00:00+02:00',
        '2026-04-06T10:00:00+02:00',
        '2026-04-13T10:00:00+02:00',
      ]);
      expect(mediatorsOf(r.body)).toEqual([m.id, m.id, m.id, m.id]);
      expect(r.body.summary).toMatchObject({ occurrences: 4, booked: 4, unfilled: 0, mediators: [m.id], mediatorChanges: 0 });
      expect(r.body.template).toMatchObject({ language: 'ar', time: '10:00', durationMinutes: 60, beneficiaryRef: 'CASE-9' });
      const second = await h.expectStatus(h.call('GET', `/v1/appointments/${r.body.occurrences[1].appointmentId}`, { token: desk.token }), 200);
      expect(second).toMatchObject({ status: 'booked', mediatorId: m.id, seriesId: r.body.id, start: '2026-03-30T10:00:00+02:00' });
    });

    it('prefers the mediator who fits every occurrence to one ranked higher who misses one (continuity)', async () => {
      const desk = await h.make.desk();
      const best = await h.make.mediator({ name: 'Best ranked', sectors: ['health'] });
      const steady = await h.make.mediator({ name: 'Fits them all', sectors: [] });
      await dayOff(best.id, MONDAYS[2] as string);
      const single = await h.make.appointment(desk.token, { start: '2026-04-20T10:00:00+02:00' });
      expect(single.mediatorId).toBe(best.id);
      const s = await h.expectStatus(weekly(desk.token), 201);
      expect(mediatorsOf(s)).toEqual([steady.id, steady.id, steady.id, steady.id]);
    });

    it('otherwise changes mediator as seldom as it can', async () => {
      const desk = await h.make.desk();
      const a = await h.make.mediator({ name: 'A' });
      const b = await h.make.mediator({ name: 'B' });
      await dayOff(a.id, MONDAYS[2] as string);
      await dayOff(a.id, MONDAYS[3] as string);
      await dayOff(b.id, MONDAYS[0] as string);
      const s = await h.expectStatus(weekly(desk.token), 201);
      expect(mediatorsOf(s)).toEqual([a.id, a.id, b.id, b.id]);
      expect(s.summary.mediatorChanges).toBe(1);
    });

    it('lists an occurrence nobody fits as unfilled, with its reason, and books the others', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      await dayOff(m.id, MONDAYS[1] as string);
      const s = await h.expectStatus(weekly(desk.token), 201);
      expect((s.occurrences as Json[]).map((o) => [o.status, o.mediatorId, o.unfilledReason])).toEqual([
        ['booked', m.id, null],
        ['unfilled', null, 'no_candidate'],
        ['booked', m.id, null],
        ['booked', m.id, null],
      ]);
      expect(s.summary).toMatchObject({ booked: 3, unfilled: 1, mediatorChanges: 0 });
    });

    it('the longest series, 60 occurrences (Mondays and Wednesdays for 30 weeks), goes to one mediator', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      const s = await h.expectStatus(weekly(desk.token, { recurrence: { weekdays: [1, 3], count: 60 } }), 201);
      expect(s.summary).toMatchObject({ occurrences: 60, booked: 60, mediators: [m.id], mediatorChanges: 0 });
      expect(s.occurrences.at(-1).start).toBe('2026-10-14T10:00:00+02:00');
      expect(new Set((s.occurrences as Json[]).map((o) => o.start.slice(11)))).toEqual(new Set(['10:00:00+01:00', '10:00:00+02:00']));
    });

    it('every N weeks on several weekdays, until a date', async () => {
      const desk = await h.make.desk();
      await h.make.mediator();
      const s = await h.expectStatus(weekly(desk.token, { recurrence: { interval: 2, weekdays: [1, 4], until: '2026-04-09' } }), 201);
      expect((s.occurrences as Json[]).map((o) => o.start)).toEqual([
        '2026-03-23T10:00:00+01:00',
        '2026-03-26T10:00:00+01:00',
        '2026-04-06T10:00:00+02:00',
        '2026-04-09T10:00:00+02:00',
      ]);
      expect(s.recurrence).toEqual({ interval: 2, weekdays: [1, 4], until: '2026-04-09' });
    });
  });

  describe('retries', () => {
    it('an Idempotency-Key replays the first answer, never a second series; another body with the key is refused', async () => {
      const desk = await h.make.desk();
      await h.make.mediator();
      const body = { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health', recurrence: { count: 3 } };
      const post = (b: Json) => h.call('POST', '/v1/series', { token: desk.token, body: b, headers: { 'idempotency-key': 'series-7f1c' } });
      const first = await post(body);
      const again = await post(body);
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.headers.get('idempotency-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await h.call('GET', '/v1/appointments', { token: desk.token })).body.items).toHaveLength(3);
      const other = await post({ ...body, recurrence: { count: 4 } });
      expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
    });
  });

  describe('each occurrence stays an appointment of its own', () => {
    it('cancelling one occurrence leaves the others booked', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      const s = await h.expectStatus(weekly(desk.token), 201);
      await h.expectStatus(h.call('POST', `/v1/appointments/${s.occurrences[1].appointmentId}/cancel`, { token: desk.token, body: {} }), 200);
      const after = await h.expectStatus(h.call('GET', `/v1/series/${s.id}`, { token: desk.token }), 200);
      expect((after.occurrences as Json[]).map((o) => o.status)).toEqual(['booked', 'cancelled', 'booked', 'booked']);
      expect(mediatorsOf(after)).toEqual([m.id, m.id, m.id, m.id]);
    });

    it('rescheduling one occurrence moves only that one', async () => {
      const desk = await h.make.desk();
      await h.make.mediator();
      const s = await h.expectStatus(weekly(desk.token), 201);
      await h.expectStatus(h.call('PATCH', `/v1/appointments/${s.occurrences[2].appointmentId}`, { token: desk.token, body: { start: '2026-04-07T15:00:00+02:00' } }), 200);
      const after = await h.expectStatus(h.call('GET', `/v1/series/${s.id}`, { token: desk.token }), 200);
      expect((after.occurrences as Json[]).map((o) => o.start)).toEqual([
        '2026-03-23T10:00:00+01:00',
        '2026-03-30T10:00:00+02:00',
        '2026-04-07T15:00:00+02:00',
        '2026-04-13T10:00:00+02:00',
      ]);
    });
  });

  describe('cancelling and editing the series', () => {
    it('cancels an occurrence and the following ones, each with its own CANCEL to the mediator', async () => {
      const desk = await h.make.desk();
      await h.make.mediator();
      const s = await h.expectStatus(weekly(desk.token), 201);
      const r = await h.expectStatus(h.call('POST', `/v1/series/${s.id}/cancel`, { token: desk.token, body: { from: s.occurrences[2].start, reason: 'course ended' } }), 200);
      expect(r.cancelled).toEqual([s.occurrences[2].appointmentId, s.occurrences[3].appointmentId]);
      expect((r.occurrences as Json[]).map((o) => o.status)).toEqual(['booked', 'booked', 'cancelled', 'cancelled']);
      for (const o of (s.occurrences as Json[]).slice(2)) {
        const kinds = ((await h.call('GET', `/v1/outbox?appointmentId=${o.appointmentId}`)).body.items as Json[]).map((m) => m.kind);
        expect(kinds).toContain('appointment.cancelled.mediator');
      }
      const again = await h.expectStatus(h.call('POST', `/v1/series/${s.id}/cancel`, { token: desk.token }), 200);
      expect(again.cancelled).toEqual([s.occurrences[0].appointmentId, s.occurrences[1].appointmentId]);
    });

    it('editing the time changes the occurrences from then on, at the new wall-clock time on each side of DST', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      const s = await h.expectStatus(weekly(desk.token), 201);
      const r = await h.expectStatus(
        h.call('PATCH', `/v1/series/${s.id}`, { token: desk.token, body: { time: '11:30', durationMinutes: 90, location: 'Stanza 2', from: s.occurrences[1].start } }),
        200,
      );
      expect((r.occurrences as Json[]).map((o) => [o.start, o.end])).toEqual([
        ['2026-03-23T10:00:00+01:00', '2026-03-23T11:00:00+01:00'],
        ['2026-03-30T11:30:00+02:00', '2026-03-30T13:00:00+02:00'],
        ['2026-04-06T11:30:00+02:00', '2026-04-06T13:00:00+02:00'],
        ['2026-04-13T11:30:00+02:00', '2026-04-13T13:00:00+02:00'],
      ]);
      expect(r.changed).toHaveLength(3);
      expect(r.changed.every((c: Json) => c.mediatorKept)).toBe(true);
      expect(mediatorsOf(r)).toEqual([m.id, m.id, m.id, m.id]);
      expect(r.template).toMatchObject({ time: '11:30', durationMinutes: 90, location: 'Stanza 2' });
      const first = await h.expectStatus(h.call('GET', `/v1/appointments/${s.occurrences[0].appointmentId}`), 200);
      expect(first.location).toBeNull();
    });
  });

  describe('refusals', () => {
    it('more than 60 occurrences or a year, until with count, an offer series, a start not on the weekdays', async () => {
      const desk = await h.make.desk();
      const refused = async (overrides: Json, status: number, code: string) => {
        const r = await weekly(desk.token, overrides);
        expect([r.status, r.body.code], r.text).toEqual([status, code]);
      };
      await refused({ recurrence: { count: 61 } }, 400, 'validation_failed');
      await refused({ recurrence: { weekdays: [1, 2, 3, 4, 5], until: '2026-07-31' } }, 422, 'series_too_long');
      await refused({ recurrence: { until: '2027-04-01' } }, 422, 'series_too_long');
      await refused({ recurrence: { count: 2, until: '2026-04-01' } }, 400, 'validation_failed');
      await refused({ assignment: 'offer' }, 422, 'series_assignment_unsupported');
      await refused({ recurrence: { weekdays: [2], count: 2 } }, 422, 'invalid');
      expect((await h.call('GET', '/v1/appointments')).body.items).toEqual([]);
    });

    it('a mediator may not ask; another service’s desk does not see the series', async () => {
      const desk = await h.make.desk();
      const other = await h.make.desk();
      const m = await h.make.mediator();
      const mediatorUser = await h.make.mediatorUser(m.id);
      expect((await weekly(mediatorUser.token)).status).toBe(403);
      const s = await h.expectStatus(weekly(desk.token), 201);
      expect((await h.call('GET', `/v1/series/${s.id}`, { token: other.token })).status).toBe(404);
      expect((await h.call('POST', `/v1/series/${s.id}/cancel`, { token: other.token, body: {} })).status).toBe(404);
      expect((await h.call('PATCH', `/v1/series/${s.id}`, { token: other.token, body: { notes: 'x' } })).status).toBe(404);
      expect((await h.call('GET', `/v1/series/${s.id}`, { token: mediatorUser.token })).status).toBe(403);
      expect((await h.call('GET', '/v1/series/ser_nope')).status).toBe(404);
    });
  });
}
