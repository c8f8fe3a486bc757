import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

let h: Harness;
let desk: { service: Json; token: string };
let mediator: Json;
let mediatorToken: string;
let a: Json;

beforeEach(async () => {
  h = await makeHarness();
  desk = await h.make.desk();
  mediator = await h.make.mediator();
  mediatorToken = (await h.make.mediatorUser(mediator.id)).token;
  a = await h.make.appointment(desk.token); // Monday 23 March 2026, 10:00–11:00 Rome
});
afterEach(() => h.close());

const sign = (token: string, body: Json, id = a.id) => h.call('POST', `/v1/appointments/${id}/attendance`, { token, body });
const completed = (checkIn: string, checkOut: string, extra: Json = {}) => ({ outcome: 'completed', checkIn, checkOut, ...extra });

describe('attendance sheets', () => {
  it('are refused before the appointment starts', async () => {
    const r = await sign(desk.token, completed('2026-03-23T10:00:00+01:00', '2026-03-23T11:00:00+01:00'));
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('not_started');
  });

  it('confirm the session when both sides agree within the tolerance, and bill it', async () => {
    h.clock.set('2026-03-23T12:00:00Z');
    const first = await h.expectStatus(sign(desk.token, completed('2026-03-23T10:00:00+01:00', '2026-03-23T11:20:00+01:00', { rating: 5, comment: 'Ottimo' })), 200);
    expect(first.state).toBe('partial');
    const both = await h.expectStatus(sign(mediatorToken, completed('2026-03-23T10:05:00+01:00', '2026-03-23T11:25:00+01:00')), 200);
    expect(both.state).toBe('confirmed');
    expect(both.settlement).toMatchObject({ outcome: 'completed', actualMinutes: 80, billableMinutes: 90, source: 'agreed' });
    expect(both.desk.rating).toBe(5);
    const again = await sign(desk.token, completed('2026-03-23T10:00:00+01:00', '2026-03-23T11:00:00+01:00'));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_settled');
  });

  it('are disputed when they differ, and a coordinator settles with a recorded decision', async () => {
    h.clock.set('2026-03-23T12:00:00Z');
    await sign(desk.token, { outcome: 'beneficiary_no_show' });
    const disputed = await h.expectStatus(sign(mediatorToken, completed('2026-03-23T10:00:00+01:00', '2026-03-23T11:00:00+01:00')), 200);
    expect(disputed.state).toBe('disputed');
    expect(disputed.differences.map((d: Json) => d.field)).toContain('outcome');
    const listed = await h.expectStatus(h.call('GET', '/v1/attendance?state=disputed'), 200);
    expect(listed.items.map((i: Json) => i.appointmentId)).toEqual([a.id]);
    expect((await h.call('POST', `/v1/appointments/${a.id}/attendance/settle`, { token: desk.token, body: { outcome: 'completed', note: 'x' } })).status).toBe(403);
    const settled = await h.expectStatus(
      h.call('POST', `/v1/appointments/${a.id}/attendance/settle`, { body: { outcome: 'beneficiary_no_show', note: 'Desk register shows no arrival' } }),
      200,
    );
    expect(settled.state).toBe('settled');
    expect(settled.settlement).toMatchObject({ outcome: 'beneficiary_no_show', billableMinutes: 60, source: 'coordinator', note: 'Desk register shows no arrival' });
    expect((await h.call('GET', '/v1/attendance?state=disputed')).body.items).toEqual([]);
  });

  it('are only for the parties: another desk or mediator gets 404, and a mediator cannot rate', async () => {
    h.clock.set('2026-03-23T12:00:00Z');
    const other = await h.make.desk();
    expect((await sign(other.token, { outcome: 'completed' })).status).toBe(404);
    const stranger = await h.make.mediator({ email: 'stranger@example.it' });
    const strangerToken = (await h.make.mediatorUser(stranger.id)).token;
    expect((await sign(strangerToken, { outcome: 'completed' })).status).toBe(404);
    const rated = await sign(mediatorToken, completed('2026-03-23T10:00:00+01:00', '2026-03-23T11:00:00+01:00', { rating: 4 }));
    expect(rated.status).toBe(422);
    expect(rated.body.errors[0].path).toBe('rating');
  });

  it('list sessions awaiting close-out once they have ended', async () => {
    expect((await h.call('GET', '/v1/attendance')).body.items).toEqual([]);
    h.clock.set('2026-03-23T12:00:00Z');
    const awaiting = await h.expectStatus(h.call('GET', '/v1/attendance?state=awaiting_close_out', { token: desk.token }), 200);
    expect(awaiting.items).toEqual([expect.objectContaining({ appointmentId: a.id, state: 'awaiting_close_out', sheets: 0 })]);
  });
});

describe('late cancellations', () => {
  it('are billable when notice is under 24 h, and free with more notice', async () => {
    const early = await h.make.appointment(desk.token, { start: '2026-03-24T10:00:00+01:00' });
    h.clock.set('2026-03-22T10:00:00Z'); // 48 h before `early`, 24 h before `a` is 2026-03-22T09:00Z: now is later → late
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token }), 200);
    await h.expectStatus(h.call('POST', `/v1/appointments/${early.id}/cancel`, { token: desk.token }), 200);
    const late = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}/attendance`, { token: desk.token }), 200);
    expect(late.settlement).toMatchObject({ outcome: 'cancelled_late', billableMinutes: 60, source: 'late_cancellation' });
    const free = await h.expectStatus(h.call('GET', `/v1/appointments/${early.id}/attendance`, { token: desk.token }), 200);
    expect(free.settlement).toBeNull();
  });

  const MIN = 60_000;
  const settlementOf = async (id: string) => (await h.expectStatus(h.call('GET', `/v1/appointments/${id}/attendance`, { token: desk.token }), 200)).settlement;
  const cancel = (id: string, query = '') => h.call('POST', `/v1/appointments/${id}/cancel${query}`, { token: desk.token });
  // Booked on Sunday at 15:00 Rome for Monday 14:00 Rome: 23 h ahead, inside the 24 h notice.
  const bookInsideNotice = async () => {
    h.clock.set('2026-03-22T14:00:00Z');
    const b = await h.make.appointment(desk.token, { start: '2026-03-23T14:00:00+01:00' });
    expect(b).toMatchObject({ status: 'booked', mediatorId: mediator.id });
    return b;
  };

  it('are free within the grace period after booking (10 min), and say so', async () => {
    const b = await bookInsideNotice();
    h.clock.advance(10 * MIN);
    const r = await h.expectStatus(cancel(b.id), 200);
    expect(r).toMatchObject({ id: b.id, status: 'cancelled', charge: { applies: false, reason: 'grace_period', billableMinutes: 0 } });
    expect(await settlementOf(b.id)).toBeNull();
    const sheet = await h.expectStatus(h.call('GET', '/v1/reports/timesheets?from=2026-03-01&to=2026-03-31'), 200);
    expect(sheet.rows.find((row: Json) => row.mediatorId === mediator.id)?.billableMinutes ?? 0).toBe(0);
  });

  it('are charged after the grace period (20 min), and say so', async () => {
    const b = await bookInsideNotice();
    h.clock.advance(20 * MIN);
    const r = await h.expectStatus(cancel(b.id), 200);
    expect(r.charge).toEqual({ applies: true, reason: 'late', billableMinutes: 60 });
    expect(await settlementOf(b.id)).toMatchObject({ outcome: 'cancelled_late', billableMinutes: 60, source: 'late_cancellation' });
  });

  it('are free when the booking was made 3 h before its start and cancelled at once', async () => {
    h.clock.set('2026-03-23T10:00:00Z');
    const b = await h.make.appointment(desk.token, { start: '2026-03-23T14:00:00+01:00' });
    expect(b.status).toBe('booked');
    const r = await h.expectStatus(cancel(b.id), 200);
    expect(r.charge).toEqual({ applies: false, reason: 'grace_period', billableMinutes: 0 });
    expect(await settlementOf(b.id)).toBeNull();
  });

  it('with dryRun=true tell the same charge and cancel nothing', async () => {
    const b = await bookInsideNotice();
    h.clock.advance(20 * MIN);
    const dry = await h.expectStatus(cancel(b.id, '?dryRun=true'), 200);
    expect(dry).toMatchObject({ id: b.id, status: 'booked', mediatorId: mediator.id, cancelledAt: null, charge: { applies: true, reason: 'late', billableMinutes: 60 } });
    const still = await h.expectStatus(h.call('GET', `/v1/appointments/${b.id}`, { token: desk.token }), 200);
    expect(still).toMatchObject({ status: 'booked', mediatorId: mediator.id, version: b.version });
    expect(await settlementOf(b.id)).toBeNull();
    const real = await h.expectStatus(cancel(b.id), 200);
    expect(real.charge).toEqual(dry.charge);

    const early = await h.make.appointment(desk.token, { start: '2026-03-25T10:00:00+01:00' });
    const free = await h.expectStatus(cancel(early.id, '?dryRun=true'), 200);
    expect(free).toMatchObject({ status: 'booked', charge: { applies: false, reason: 'outside_notice', billableMinutes: 0 } });
  });
});

describe('timesheets', () => {
  it('give payroll minutes by outcome and billable minutes, per mediator, in JSON and CSV', async () => {
    h.clock.set('2026-03-23T12:00:00Z');
    await sign(desk.token, completed('2026-03-23T10:00:00+01:00', '2026-03-23T10:40:00+01:00'));
    await sign(mediatorToken, completed('2026-03-23T10:00:00+01:00', '2026-03-23T10:40:00+01:00'));
    const sheet = await h.expectStatus(h.call('GET', '/v1/reports/timesheets?from=2026-03-01&to=2026-03-31'), 200);
    expect(sheet.rows).toEqual([
      expect.objectContaining({ mediatorId: mediator.id, name: mediator.name, sessions: 1, actualMinutes: 40, billableMinutes: 60, disputed: 0, awaitingCloseOut: 0 }),
    ]);
    const csv = await h.call('GET', '/v1/reports/timesheets.csv?from=2026-03-01&to=2026-03-31');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.startsWith('ID mediatore;Mediatore;Sessioni chiuse;Minuti effettivi;Minuti fatturabili;Ore fatturabili')).toBe(true);
    const raw = new Uint8Array(await (await h.app.request('/v1/reports/timesheets.csv?from=2026-03-01&to=2026-03-31', { headers: { authorization: 'Bearer coordinator-test-token-0001' } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, so Excel shows accents
    expect(csv.text).toContain(`${mediator.id};${mediator.name};1;40;60;1,0`);
    const own = await h.expectStatus(h.call('GET', '/v1/reports/timesheets?from=2026-03-01&to=2026-03-31', { token: mediatorToken }), 200);
    expect(own.rows).toHaveLength(1);
    const stranger = await h.make.mediator({ email: 'x@example.it' });
    expect((await h.call('GET', `/v1/reports/timesheets?from=2026-03-01&to=2026-03-31&mediatorId=${stranger.id}`, { token: mediatorToken })).status).toBe(404);
  });

  it("show a service's use against its hours budget", async () => {
    h.clock.set('2026-03-23T12:00:00Z');
    await h.expectStatus(h.call('POST', `/v1/services/${desk.service.id}/budgets`, { body: { from: '2026-03-01', to: '2026-04-01', minutes: 600 } }), 201);
    await sign(desk.token, completed('2026-03-23T10:00:00+01:00', '2026-03-23T11:30:00+01:00'));
    await sign(mediatorToken, completed('2026-03-23T10:00:00+01:00', '2026-03-23T11:30:00+01:00'));
    const sheet = await h.expectStatus(h.call('GET', '/v1/reports/timesheets?from=2026-03-01&to=2026-03-31&by=service', { token: desk.token }), 200);
    expect(sheet.budgets).toEqual([expect.objectContaining({ serviceId: desk.service.id, budgetMinutes: 600, usedMinutes: 90, remainingMinutes: 510 })]);
  });
});
