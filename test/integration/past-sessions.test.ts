import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

/** A session that already happened (an emergency handled by phone) recorded by the desk after the fact. */
describe('sessions recorded after the fact', () => {
  let h: Harness;
  let desk: { token: string };
  let amina: Json;
  beforeEach(async () => {
    h = await makeHarness({ now: '2026-03-20T15:00:00Z' }); // Friday 16:00 in Rome
    desk = await h.make.desk();
    amina = await h.make.mediator({ name: 'Amina Haddad' });
  });
  afterEach(() => h.close());

  const past = (over: Record<string, unknown> = {}) =>
    h.call('POST', '/v1/appointments/past', {
      token: desk.token,
      body: {
        language: 'ar',
        start: '2026-03-20T08:30:00+01:00',
        durationMinutes: 30,
        sector: 'health',
        mediatorId: amina.id,
        outcome: 'completed',
        checkIn: '2026-03-20T08:30:00+01:00',
        checkOut: '2026-03-20T09:00:00+01:00',
        beneficiaryRef: 'PS-2026-0311',
        ...over,
      },
    });

  it('stores it booked to the mediator, flagged retroactive, with the desk’s sheet, and sends nothing', async () => {
    const res = await past();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'booked', mediatorId: amina.id, modality: 'phone', retroactive: true, beneficiaryRef: 'PS-2026-0311' });
    const sheet = await h.call('GET', `/v1/appointments/${res.body.id}/attendance`, { token: desk.token });
    expect(sheet.body).toMatchObject({ state: 'partial', desk: { outcome: 'completed' } });
    expect((await h.call('GET', '/v1/outbox')).body.items).toEqual([]);

    // The mediator signs theirs as for any session, and it settles.
    const user = await h.make.mediatorUser(amina.id);
    const signed = await h.call('POST', `/v1/appointments/${res.body.id}/attendance`, {
      token: user.token,
      body: { outcome: 'completed', checkIn: '2026-03-20T08:30:00+01:00', checkOut: '2026-03-20T09:00:00+01:00' },
    });
    expect(signed.body.state).toBe('confirmed');
  });

  it('is counted apart in coverage and flagged in the session lines', async () => {
    await past();
    await h.make.appointment(desk.token, { start: '2026-03-23T10:00:00+01:00' });
    const coverage = await h.call('GET', '/v1/reports/coverage?from=2026-03-01&to=2026-03-31&groupBy=language');
    expect(coverage.body.totals).toMatchObject({ filled: 2, retroactive: 1 });
    // The retroactive one never counts towards the time to fill (it was booked as it was recorded).
    expect(coverage.body.totals.medianMinutesToFill).toBe(coverage.body.totals.p90MinutesToFill);
    const lines = await h.call('GET', '/v1/reports/timesheets?from=2026-03-01&to=2026-03-31&by=service&detail=sessions');
    expect(lines.body.sessions).toEqual([expect.objectContaining({ retroactive: true, state: 'awaiting_close_out' })]);
  });

  it('refuses a session not over yet, one older than 30 days, a bad sheet, and a mediator booked elsewhere then', async () => {
    expect((await past({ start: '2026-03-20T15:45:00+01:00' })).body).toMatchObject({ status: 422, code: 'not_past', errors: [{ path: 'start' }] });
    expect((await past({ start: '2026-02-10T08:30:00+01:00', checkIn: undefined, checkOut: undefined, outcome: 'beneficiary_no_show' })).body).toMatchObject({ code: 'too_old' });
    expect((await past({ checkIn: undefined })).status).toBe(422);
    const other = await h.make.desk();
    h.clock.set('2026-03-19T08:00:00Z');
    expect(await h.make.appointment(other.token, { start: '2026-03-20T09:00:00+01:00' })).toMatchObject({ status: 'booked', mediatorId: amina.id });
    h.clock.set('2026-03-20T15:00:00Z');
    const clash = await past({ start: '2026-03-20T09:30:00+01:00', checkIn: '2026-03-20T09:30:00+01:00', checkOut: '2026-03-20T10:00:00+01:00' });
    expect(clash.body).toMatchObject({ status: 409, code: 'mediator_busy' });
  });
});
