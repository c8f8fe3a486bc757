import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

/**
 * Retention: RETENTION_MONTHS (24 by default) after an appointment ends, the jobs erase its
 * beneficiary reference and notes — and their copies in e-mails and the audit — keeping every statistic.
 */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const coverage = () => h.expectStatus(h.call('GET', '/v1/reports/coverage?from=2026-03-01&to=2026-06-30&groupBy=language,area'), 200);
const timesheets = () => h.expectStatus(h.call('GET', '/v1/reports/timesheets?from=2026-03-01&to=2026-06-30'), 200);
const outboxFacts = (appointmentId: string) =>
  h.db.all<{ ref: string | null; notes: string | null }>(
    sql`SELECT json_extract(payload, '$.facts.beneficiaryRef') AS ref, json_extract(payload, '$.facts.notes') AS notes FROM outbox WHERE appointment_id = ${appointmentId}`,
  );

describe('the retention job', () => {
  it('erases the reference and notes of appointments ended more than 24 months ago, and only those', async () => {
    const desk = await h.make.desk();
    const mediator = await h.make.mediator();
    const old = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-1', notes: 'primo colloquio' });
    await h.expectStatus(h.call('PATCH', `/v1/appointments/${old.id}`, { token: desk.token, body: { notes: 'secondo piano, stanza 4' } }), 200);
    const recent = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-2', notes: 'controllo', start: '2026-06-01T10:00:00+02:00' });
    expect(old.mediatorId).toBe(mediator.id);
    expect((await outboxFacts(old.id)).some((f) => f.ref === 'CASE-1')).toBe(true);

    h.clock.set('2026-03-24T08:00:00Z');
    await h.expectStatus(h.call('POST', `/v1/appointments/${old.id}/attendance`, { token: desk.token, body: { outcome: 'completed', checkIn: '2026-03-23T10:00:00+01:00', checkOut: '2026-03-23T11:10:00+01:00', comment: 'utente agitato' } }), 200);
    h.clock.set('2028-03-23T09:59:00Z'); // a minute short of 24 months after the end (11:00 Rome, 10:00Z)
    expect((await h.runJobs(null)).caseDataErased).toBe(0);
    const before = { coverage: await coverage(), timesheets: await timesheets() };

    h.clock.set('2028-03-23T10:01:00Z');
    expect((await h.runJobs(null)).caseDataErased).toBe(1);
    const erased = await h.expectStatus(h.call('GET', `/v1/appointments/${old.id}`, { token: desk.token }), 200);
    expect(erased).toMatchObject({ beneficiaryRef: null, notes: null, status: 'booked', mediatorId: mediator.id, language: 'ar', durationMinutes: 60 });
    expect(await outboxFacts(old.id)).toSatisfy((facts: { ref: unknown; notes: unknown }[]) => facts.length > 0 && facts.every((f) => f.ref === null && f.notes === null));
    const history = await h.expectStatus(h.call('GET', `/v1/audit?entity=appointment&entityId=${old.id}`), 200);
    expect(JSON.stringify(history.items)).not.toContain('stanza 4');
    expect(history.items.map((e: { action: string }) => e.action)).toContain('appointment.edited');
    const sheets = await h.db.all<{ comment: string | null }>(sql`SELECT comment FROM attendance WHERE appointment_id = ${old.id}`);
    expect(sheets).toEqual([{ comment: null }]);

    const kept = await h.expectStatus(h.call('GET', `/v1/appointments/${recent.id}`, { token: desk.token }), 200);
    expect(kept).toMatchObject({ beneficiaryRef: 'CASE-2', notes: 'controllo' });
    expect(await coverage()).toEqual(before.coverage);
    expect(await timesheets()).toEqual(before.timesheets);

    expect((await h.runJobs(null)).caseDataErased).toBe(0); // nothing left to erase
  });

  it('follows RETENTION_MONTHS', async () => {
    await h.close();
    h = await makeHarness({ config: { retentionMonths: 6 } });
    const desk = await h.make.desk();
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-3' });
    h.clock.set('2026-09-24T08:00:00Z');
    expect((await h.runJobs(null)).caseDataErased).toBe(1);
    expect((await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200)).beneficiaryRef).toBeNull();
  });
});
