import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Json } from '../support/factories.js';
import type { Target } from './target.js';

/**
 * A change to a mediator that breaks a booking is never silent: the booking is released in the same
 * batch (the invite cancelled, desk and mediator told) and matched again by its assignment mode. Run
 * on every runtime. The default appointment is Monday 23 March 2026 10:00–11:00 in Rome.
 */
export function releaseScenarios(makeTarget: () => Promise<Target>): void {
  let h: Target;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  const outboxKinds = async (appointmentId: string) =>
    ((await h.call('GET', `/v1/outbox?appointmentId=${appointmentId}&limit=200`)).body.items as Json[]).map((m) => m.kind).sort();
  const get = async (id: string) => (await h.call('GET', `/v1/appointments/${id}`)).body;
  const mondayOff = { start: '2026-03-23T00:00:00+01:00', end: '2026-03-24T00:00:00+01:00', reason: 'ill' };

  describe('time off over a booking', () => {
    it('lists the booking it would release with dryRun, changing nothing', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      const a = await h.make.appointment(desk.token);
      const dry = await h.expectStatus(h.call('POST', `/v1/mediators/${m.id}/time-off?dryRun=true`, { body: mondayOff }), 200);
      expect(dry.released).toEqual([{ appointmentId: a.id, start: '2026-03-23T10:00:00+01:00' }]);
      expect((await get(a.id)).mediatorId).toBe(m.id);
      expect((await h.call('GET', `/v1/mediators/${m.id}/time-off`)).body.items).toEqual([]);
    });

    it('releases it, cancels the invite, tells both sides and books the next best (auto)', async () => {
      const desk = await h.make.desk();
      const first = await h.make.mediator({ name: 'First', sectors: ['health'] });
      const a = await h.make.appointment(desk.token);
      expect(a.mediatorId).toBe(first.id);
      const second = await h.make.mediator({ name: 'Second', sectors: [] });
      const off = await h.expectStatus(h.call('POST', `/v1/mediators/${first.id}/time-off`, { body: mondayOff }), 201);
      expect(off.released).toEqual([{ appointmentId: a.id, start: '2026-03-23T10:00:00+01:00' }]);
      const after = await get(a.id);
      expect([after.status, after.mediatorId]).toEqual(['booked', second.id]);
      const kinds = await outboxKinds(a.id);
      expect(kinds).toContain('appointment.released.mediator');
      expect(kinds).toContain('appointment.released.desk');
      expect(kinds.filter((k: string) => k === 'appointment.booked.mediator')).toHaveLength(2);
    });

    it('leaves bookings it does not touch alone', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      const a = await h.make.appointment(desk.token);
      const off = await h.expectStatus(
        h.call('POST', `/v1/mediators/${m.id}/time-off`, { body: { start: '2026-03-24T00:00:00+01:00', end: '2026-03-25T00:00:00+01:00' } }),
        201,
      );
      expect(off.released).toEqual([]);
      expect((await get(a.id)).mediatorId).toBe(m.id);
    });
  });

  it('marks an auto request unfilled with mediator_unavailable when nobody else fits, after the mediator is set inactive', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const a = await h.make.appointment(desk.token);
    const patched = await h.expectStatus(h.call('PATCH', `/v1/mediators/${m.id}`, { body: { active: false } }), 200);
    expect(patched.released.map((r: Json) => r.appointmentId)).toEqual([a.id]);
    const after = await get(a.id);
    expect([after.status, after.mediatorId, after.unfilledReason.code]).toEqual(['unfilled', null, 'mediator_unavailable']);
  });

  it('puts a manual request back to open for the desk when availability no longer covers it (dryRun first)', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const a = await h.make.appointment(desk.token, { assignment: 'manual' });
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/assign`, { token: desk.token, body: { mediatorId: m.id } }), 200);
    const afternoons = { rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '14:00', end: '18:00' })) };
    const dry = await h.expectStatus(h.call('PUT', `/v1/mediators/${m.id}/availability?dryRun=true`, { body: afternoons }), 200);
    expect(dry.released.map((r: Json) => r.appointmentId)).toEqual([a.id]);
    expect((await h.call('GET', `/v1/mediators/${m.id}/availability`)).body.rules[0].start).toBe('09:00');
    const put = await h.expectStatus(h.call('PUT', `/v1/mediators/${m.id}/availability`, { body: afternoons }), 200);
    expect(put.released.map((r: Json) => r.appointmentId)).toEqual([a.id]);
    const after = await get(a.id);
    expect([after.status, after.mediatorId]).toEqual(['open', null]);
  });

  it('releases the bookings a new exclusion covers, and only those', async () => {
    const desk = await h.make.desk();
    const other = await h.make.desk();
    const m = await h.make.mediator();
    const own = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-7' });
    const elsewhere = await h.make.appointment(other.token, { start: '2026-03-24T10:00:00+01:00', beneficiaryRef: 'CASE-7' });
    const excluded = await h.expectStatus(
      h.call('POST', `/v1/services/${desk.service.id}/exclusions`, { token: desk.token, body: { mediatorId: m.id, beneficiaryRef: 'CASE-7', reason: 'family tie' } }),
      201,
    );
    expect(excluded.released.map((r: Json) => r.appointmentId)).toEqual([own.id]);
    expect((await get(own.id)).status).toBe('unfilled');
    expect((await get(elsewhere.id)).mediatorId).toBe(m.id);
  });

  describe('a mediator hands a booking back', () => {
    it('releases it and matches it again; the mediator no longer sees it', async () => {
      const desk = await h.make.desk();
      const first = await h.make.mediator({ name: 'First', sectors: ['health'] });
      const a = await h.make.appointment(desk.token);
      const second = await h.make.mediator({ name: 'Second', sectors: [] });
      const me = await h.make.mediatorUser(first.id);
      const back = await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/release`, { token: me.token, body: { reason: 'family emergency' } }), 200);
      expect(back).toEqual({ appointmentId: a.id, start: '2026-03-23T10:00:00+01:00', late: false });
      expect((await get(a.id)).mediatorId).toBe(second.id);
      expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: me.token })).status).toBe(404);
    });

    it('needs a reason, and a booking of their own', async () => {
      const desk = await h.make.desk();
      const m = await h.make.mediator();
      const a = await h.make.appointment(desk.token);
      const me = await h.make.mediatorUser(m.id);
      const missing = await h.call('POST', `/v1/appointments/${a.id}/release`, { token: me.token, body: {} });
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: Json) => e.path)).toContain('reason');
      const stranger = await h.make.mediatorUser((await h.make.mediator()).id);
      expect((await h.call('POST', `/v1/appointments/${a.id}/release`, { token: stranger.token, body: { reason: 'x' } })).status).toBe(404);
    });
  });
}
