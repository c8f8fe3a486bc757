import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

/**
 * Data subjects' rights: a service exports and erases what it holds about one beneficiary; a
 * mediator exports their data, and a coordinator anonymises one who leaves, keeping their history.
 */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const MONDAY_10 = '2026-03-23T10:00:00+01:00';
const TUESDAY_10 = '2026-03-24T10:00:00+01:00';

describe('a beneficiary: export and erasure', () => {
  async function world() {
    const desk = await h.make.desk();
    const other = await h.make.desk();
    const mediator = await h.make.mediator();
    const spare = await h.make.mediator();
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-9', notes: 'secondo piano', start: MONDAY_10 });
    const b = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-9', start: TUESDAY_10 });
    const unrelated = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-10', notes: 'altro caso', start: TUESDAY_10 });
    const elsewhere = await h.make.appointment(other.token, { beneficiaryRef: 'CASE-9', notes: 'altro servizio', start: '2026-03-25T10:00:00+01:00' });
    const path = `/v1/services/${desk.service.id}/beneficiaries/CASE-9`;
    await h.expectStatus(h.call('POST', `/v1/services/${desk.service.id}/exclusions`, { token: desk.token, body: { mediatorId: spare.id, beneficiaryRef: 'CASE-9', reason: 'family tie' } }), 201);
    return { desk, other, mediator, spare, a, b, unrelated, elsewhere, path };
  }

  it('exports its appointments, the case exclusions and their history — that service’s only', async () => {
    const w = await world();
    const r = await h.expectStatus(h.call('GET', w.path, { token: w.desk.token }), 200);
    expect(r.appointments.map((x: Json) => x.id)).toEqual([w.a.id, w.b.id]);
    expect(r.appointments[0]).toMatchObject({ beneficiaryRef: 'CASE-9', notes: 'secondo piano' });
    expect(r.exclusions).toEqual([expect.objectContaining({ mediatorId: w.spare.id, beneficiaryRef: 'CASE-9', reason: 'family tie' })]);
    expect(new Set(r.audit.map((e: Json) => e.entityId))).toEqual(new Set([w.a.id, w.b.id]));
    expect(JSON.stringify(r)).not.toContain('altro');
    // Another desk, and an unknown reference: 404.
    expect((await h.call('GET', w.path, { token: w.other.token })).status).toBe(404);
    expect((await h.call('GET', `/v1/services/${w.desk.service.id}/beneficiaries/CASE-404`, { token: w.desk.token })).status).toBe(404);
  });

  it('erases the reference and notes everywhere, deletes the case exclusions, keeps the rest, and audits without the reference', async () => {
    const w = await world();
    const coverage = () => h.expectStatus(h.call('GET', '/v1/reports/coverage?from=2026-03-01&to=2026-03-31&groupBy=language,area'), 200);
    const before = await coverage();

    const r = await h.expectStatus(h.call('DELETE', w.path, { token: w.desk.token }), 200);
    expect(r).toEqual({ beneficiaryRef: 'CASE-9', appointments: 2, exclusions: 1 });

    for (const id of [w.a.id, w.b.id]) {
      const a = await h.expectStatus(h.call('GET', `/v1/appointments/${id}`, { token: w.desk.token }), 200);
      expect(a).toMatchObject({ beneficiaryRef: null, notes: null, status: 'booked', language: 'ar' });
    }
    expect((await h.call('GET', `/v1/services/${w.desk.service.id}/exclusions`, { token: w.desk.token })).body.items).toEqual([]);
    expect((await h.call('GET', w.path, { token: w.desk.token })).status).toBe(404);
    // Copies: the e-mails' facts and the audit.
    const mail = await h.db.all<{ payload: string }>(sql`SELECT payload FROM outbox WHERE appointment_id IN (${w.a.id}, ${w.b.id})`);
    expect(mail.length).toBeGreaterThan(0);
    expect(mail.map((m) => m.payload).join()).not.toMatch(/CASE-9|secondo piano/);
    const audit = await h.expectStatus(h.call('GET', '/v1/audit?limit=200'), 200);
    expect(JSON.stringify(audit)).not.toContain('CASE-9');
    expect(audit.items).toContainEqual(expect.objectContaining({ action: 'beneficiary.erased', entity: 'service', entityId: w.desk.service.id, actor: w.desk.userId, detail: { appointments: 2, exclusions: 1 } }));
    // Other cases and other services keep theirs; the statistics are the same.
    expect((await h.call('GET', `/v1/appointments/${w.unrelated.id}`, { token: w.desk.token })).body.beneficiaryRef).toBe('CASE-10');
    expect((await h.call('GET', `/v1/appointments/${w.elsewhere.id}`, { token: w.other.token })).body.beneficiaryRef).toBe('CASE-9');
    expect(await coverage()).toEqual(before);
  });

  it('erases a reference stored before identifiers were refused', async () => {
    const w = await world();
    h.db.sqlite.prepare("UPDATE appointments SET beneficiary_ref = 'RSSMRA85T10A562S' WHERE beneficiary_ref = 'CASE-9' AND service_id = ?").run(w.desk.service.id);
    const r = await h.expectStatus(h.call('DELETE', `/v1/services/${w.desk.service.id}/beneficiaries/RSSMRA85T10A562S`, { token: w.desk.token }), 200);
    expect(r.appointments).toBe(2);
  });
});

describe('a mediator: export and anonymisation', () => {
  it('exports their profile, bookings (without case data), time off and accounts — never a token', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator({ phone: '+39 011 555 0101' });
    const user = await h.make.mediatorUser(m.id);
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-5', notes: 'nota riservata' });
    await h.expectStatus(h.call('POST', `/v1/mediators/${m.id}/time-off`, { token: user.token, body: { start: '2026-04-01T00:00:00+02:00', end: '2026-04-03T00:00:00+02:00', reason: 'ferie' } }), 201);

    const r = await h.expectStatus(h.call('GET', `/v1/mediators/${m.id}/export`, { token: user.token }), 200);
    expect(r.mediator).toMatchObject({ id: m.id, name: m.name, email: m.email });
    expect(r.appointments).toEqual([expect.objectContaining({ id: a.id, beneficiaryRef: null, notes: null })]);
    expect(r.timeOff).toEqual([expect.objectContaining({ startsAt: '2026-04-01T00:00:00+02:00', reason: 'ferie' })]);
    expect(r.accounts).toEqual([expect.objectContaining({ id: user.id, role: 'mediator' })]);
    expect(JSON.stringify(r)).not.toMatch(/CASE-5|nota riservata|token/i);
  });

  it('anonymises one who leaves: identity replaced, inactive, accounts revoked, future bookings released, history kept', async () => {
    const desk = await h.make.desk();
    const leaving = await h.make.mediator({ phone: '+39 011 555 0101' });
    const user = await h.make.mediatorUser(leaving.id);
    const past = await h.make.appointment(desk.token, { start: MONDAY_10 });
    expect(past.mediatorId).toBe(leaving.id);
    const future = await h.make.appointment(desk.token, { start: '2026-03-30T10:00:00+02:00' });
    expect(future.mediatorId).toBe(leaving.id);
    // The Monday session took place and was signed; it is now the 27th.
    h.clock.set('2026-03-27T08:00:00Z');
    await h.expectStatus(h.call('POST', `/v1/appointments/${past.id}/attendance`, { token: desk.token, body: { outcome: 'completed', checkIn: MONDAY_10, checkOut: '2026-03-23T11:00:00+01:00' } }), 200);
    await h.expectStatus(h.call('POST', `/v1/appointments/${past.id}/attendance`, { token: user.token, body: { outcome: 'completed', checkIn: MONDAY_10, checkOut: '2026-03-23T11:00:00+01:00' } }), 200);
    const sheets = () => h.expectStatus(h.call('GET', '/v1/reports/timesheets?from=2026-03-01&to=2026-03-31'), 200);
    const before = await sheets();
    await h.make.mediator(); // someone to take the released booking
    await h.runJobs({ name: 'memory', async send() {} }); // the booking e-mails are sent
    const sent = await h.db.all<{ to: string }>(sql`SELECT to_addresses AS "to" FROM outbox WHERE status = 'sent'`);
    expect(sent.map((m) => m.to).join()).toContain(leaving.email);

    const r = await h.expectStatus(h.call('POST', `/v1/mediators/${leaving.id}/anonymise`), 200);
    expect(r).toMatchObject({ id: leaving.id, active: false, phone: null, gender: null });
    expect(r.name).not.toBe(leaving.name);
    expect(r.email).toMatch(/@anonymised\.invalid$/);
    expect(r.released).toEqual([{ appointmentId: future.id, start: '2026-03-30T10:00:00+02:00' }]);

    const rebooked = await h.expectStatus(h.call('GET', `/v1/appointments/${future.id}`, { token: desk.token }), 200);
    expect(rebooked.mediatorId).not.toBe(leaving.id);
    const kept = await h.expectStatus(h.call('GET', `/v1/appointments/${past.id}`, { token: desk.token }), 200);
    expect(kept).toMatchObject({ mediatorId: leaving.id, status: 'booked' });
    expect((await sheets()).rows.find((x: Json) => x.mediatorId === leaving.id)).toMatchObject({
      ...before.rows.find((x: Json) => x.mediatorId === leaving.id),
      name: r.name,
    });
    expect((await h.call('GET', `/v1/mediators/${leaving.id}`, { token: user.token })).status).toBe(401);

    // Sent mail no longer carries their address; the cancellation still goes to them.
    const mail = await h.db.all<{ to: string; payload: string; status: string }>(sql`SELECT to_addresses AS "to", payload, status FROM outbox`);
    const done = mail.filter((m) => m.status === 'sent');
    expect(done.length).toBe(sent.length);
    expect(done.map((m) => m.to + m.payload).join()).not.toMatch(new RegExp(`${leaving.email}|${leaving.name}|555 0101`));
    expect(mail.filter((m) => m.status === 'pending').map((m) => m.to).join()).toContain(leaving.email);
    const audit = await h.expectStatus(h.call('GET', `/v1/audit?entity=mediator&entityId=${leaving.id}`), 200);
    expect(audit.items.map((e: Json) => e.action)).toContain('mediator.anonymised');

    expect((await h.call('POST', `/v1/mediators/${leaving.id}/anonymise`)).status).toBe(409);
  });
});
