import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../db/repositories/index.js';
import { queryOf } from '../../db/database.js';
import type { AppointmentRow } from '../../db/repositories/appointments.js';
import { weekContaining } from '../../src/domain/availability.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

/**
 * The database guard on its own: matching may have read stale data (another request booked the
 * mediator in between), so the conditional UPDATE must refuse by itself. These tests bypass the
 * domain check on purpose and call the claim statement directly.
 */
let h: Harness;
let repos: Repositories;
let desk: { service: Json; token: string };
let mediator: Json;

beforeEach(async () => {
  h = await makeHarness();
  repos = createRepositories(h.db);
  desk = await h.make.desk();
  mediator = await h.make.mediator({ availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) });
});
afterEach(() => h.close());

async function openRequest(overrides: Json = {}, token = desk.token) {
  return h.make.appointment(token, { assignment: 'manual', ...overrides });
}

/**
 * The claim statement alone, with the slot as `read` (default: as stored now) required to be still
 * held; `moveTo` changes the slot's modality (a fallback step).
 */
async function claim(appointmentId: string, mediatorId = mediator.id as string, read?: AppointmentRow, moveTo?: 'video' | 'phone') {
  const a = read ?? (await repos.appointments.get(appointmentId));
  if (!a) throw new Error('missing appointment');
  const held = { serviceId: a.serviceId, area: a.areaCode, modality: a.modality as 'in_person', start: a.startsAt, end: a.endsAt, durationMinutes: a.durationMinutes, beneficiaryRef: a.beneficiaryRef };
  const slot = moveTo ? { ...held, modality: moveTo } : held;
  return h.db.exec(
    repos.appointments.claimStatement({
      appointmentId,
      mediatorId,
      fromStatuses: ['open', 'unfilled'],
      slot,
      heldSlot: held,
      week: weekContaining(a.startsAt, 'Europe/Rome'),
      fallbackStep: null,
      now: h.clock.now(),
      changeId: `chg_test_${appointmentId}_${mediatorId}`,
    }),
  );
}

describe('the booking guard (one conditional UPDATE)', () => {
  it('with the slot as read (heldSlot), books only while the row still holds that slot', async () => {
    const a = await openRequest();
    const read = (await repos.appointments.get(a.id)) as AppointmentRow;
    const later = read.startsAt + 2 * 3_600_000;
    h.db.sqlite.prepare('UPDATE appointments SET starts_at = ?, ends_at = ? WHERE id = ?').run(later, later + 3_600_000, a.id);
    expect(await claim(a.id, mediator.id, read)).toBe(0);
    expect(await claim(a.id, mediator.id, read, 'video')).toBe(0);
    const moved = (await repos.appointments.get(a.id)) as AppointmentRow;
    expect([moved.status, moved.startsAt, moved.modality, moved.mediatorId]).toEqual(['open', later, 'in_person', null]);
    expect(await claim(a.id, mediator.id, moved, 'video')).toBe(1);
    const booked = (await repos.appointments.get(a.id)) as AppointmentRow;
    expect([booked.status, booked.startsAt, booked.endsAt, booked.modality, booked.mediatorId]).toEqual(['booked', later, later + 3_600_000, 'video', mediator.id]);
  });

  it('books the first of two overlapping requests and refuses the second', async () => {
    const first = await openRequest();
    const second = await openRequest({ start: '2026-03-23T10:30:00+01:00' });
    expect(await claim(first.id)).toBe(1);
    expect(await claim(second.id)).toBe(0);
  });

  it('allows back-to-back appointments at the same service', async () => {
    const first = await openRequest();
    const next = await openRequest({ start: '2026-03-23T11:00:00+01:00' });
    expect(await claim(first.id)).toBe(1);
    expect(await claim(next.id)).toBe(1);
  });

  it('requires the travel time between areas (AT→TO is 50 min)', async () => {
    const asti = await h.make.desk({ area: 'AT' });
    await h.call('PATCH', `/v1/mediators/${mediator.id}`, { body: { areas: ['TO', 'AT'] } });
    const inAsti = await openRequest({ start: '2026-03-23T09:00:00+01:00' }, asti.token); // ends 10:00
    const tooSoon = await openRequest({ start: '2026-03-23T10:30:00+01:00' });
    const inTime = await openRequest({ start: '2026-03-23T10:50:00+01:00' });
    expect(await claim(inAsti.id)).toBe(1);
    expect(await claim(tooSoon.id)).toBe(0);
    expect(await claim(inTime.id)).toBe(1);
  });

  it('needs no travel for a phone appointment', async () => {
    const asti = await h.make.desk({ area: 'AT' });
    await h.call('PATCH', `/v1/mediators/${mediator.id}`, { body: { areas: ['TO', 'AT'] } });
    const inAsti = await openRequest({ start: '2026-03-23T09:00:00+01:00' }, asti.token);
    const byPhone = await openRequest({ start: '2026-03-23T10:00:00+01:00', modality: 'phone' });
    expect(await claim(inAsti.id)).toBe(1);
    expect(await claim(byPhone.id)).toBe(1);
  });

  it('refuses during time off recorded after matching', async () => {
    const a = await openRequest();
    await h.expectStatus(h.call('POST', `/v1/mediators/${mediator.id}/time-off`, { body: { start: '2026-03-23T00:00:00+01:00', end: '2026-03-24T00:00:00+01:00' } }), 201);
    expect(await claim(a.id)).toBe(0);
  });

  it('refuses time off that covers only part of the appointment, and allows time off that ends as it starts', async () => {
    const a = await openRequest(); // Monday 10:00–11:00
    const b = await openRequest({ start: '2026-03-24T10:00:00+01:00' });
    const off = (start: string, end: string) => h.expectStatus(h.call('POST', `/v1/mediators/${mediator.id}/time-off`, { body: { start, end } }), 201);
    await off('2026-03-23T10:30:00+01:00', '2026-03-23T12:00:00+01:00');
    await off('2026-03-24T08:00:00+01:00', '2026-03-24T10:00:00+01:00');
    expect(await claim(a.id)).toBe(0);
    expect(await claim(b.id)).toBe(1);
  });

  it('takes travel in the right direction on a one-way matrix: to the request before it, back from it after', async () => {
    const asti = await h.make.desk({ area: 'AT' });
    await h.call('PATCH', `/v1/mediators/${mediator.id}`, { body: { areas: ['TO', 'AT'] } });
    // Torino → Asti 60 min, Asti → Torino 5 min (written directly: the API keeps the matrix symmetric).
    h.db.sqlite.prepare("UPDATE area_travel SET minutes = 60 WHERE from_code = 'TO' AND to_code = 'AT'").run();
    h.db.sqlite.prepare("UPDATE area_travel SET minutes = 5 WHERE from_code = 'AT' AND to_code = 'TO'").run();
    const inAsti = await openRequest({ start: '2026-03-23T11:00:00+01:00' }, asti.token); // 11:00–12:00 in Asti
    expect(await claim(inAsti.id)).toBe(1);
    // Before it in Torino: ends 10:30, then 60 min Torino → Asti: too late for 11:00.
    expect(await claim((await openRequest({ start: '2026-03-23T09:30:00+01:00' })).id)).toBe(0);
    // After it in Torino: 12:00 + 5 min Asti → Torino: 12:10 is fine.
    expect(await claim((await openRequest({ start: '2026-03-23T12:10:00+01:00' })).id)).toBe(1);
  });

  it('refuses above the weekly cap', async () => {
    await h.call('PATCH', `/v1/mediators/${mediator.id}`, { body: { maxWeeklyMinutes: 90 } });
    const first = await openRequest();
    const second = await openRequest({ start: '2026-03-24T10:00:00+01:00' });
    expect(await claim(first.id)).toBe(1);
    expect(await claim(second.id)).toBe(0);
  });

  it('refuses an excluded or inactive mediator', async () => {
    const a = await openRequest({ beneficiaryRef: 'CASE-7' });
    await h.expectStatus(h.call('POST', `/v1/services/${desk.service.id}/exclusions`, { token: desk.token, body: { mediatorId: mediator.id, beneficiaryRef: 'CASE-7', reason: 'family tie' } }), 201);
    expect(await claim(a.id)).toBe(0);
    const b = await openRequest({ beneficiaryRef: 'CASE-8' });
    await h.call('PATCH', `/v1/mediators/${mediator.id}`, { body: { active: false } });
    expect(await claim(b.id)).toBe(0);
  });

  it('reads the mediator\'s bookings index-only, from the covering index of booked appointments', async () => {
    const a = await repos.appointments.get((await openRequest()).id);
    if (!a) throw new Error('missing appointment');
    const slot = { serviceId: a.serviceId, area: a.areaCode, modality: 'in_person' as const, start: a.startsAt, end: a.endsAt, durationMinutes: a.durationMinutes, beneficiaryRef: null };
    const q = queryOf(
      repos.appointments.claimStatement({
        appointmentId: a.id,
        mediatorId: mediator.id,
        fromStatuses: ['open'],
        slot,
        heldSlot: slot,
        week: weekContaining(a.startsAt, 'Europe/Rome'),
        fallbackStep: null,
        now: h.clock.now(),
        changeId: 'chg_plan',
      }),
    );
    const plan = (h.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail);
    const bookingReads = plan.filter((d) => /^SEARCH [wb] /.test(d));
    expect(bookingReads).toHaveLength(2);
    for (const d of bookingReads) expect(d).toMatch(/USING COVERING INDEX appointments_booked_idx \(mediator_id=\? AND starts_at/);
  });

  it('does not book a cancelled request', async () => {
    const a = await openRequest();
    await h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token });
    expect(await claim(a.id)).toBe(0);
  });
});
