import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Json } from '../support/factories.js';
import type { Target } from './target.js';

/** A runtime the privacy scenarios can also run the jobs on, and age the data of (SQL on its database). */
export interface PrivacyTarget extends Target {
  /** One round of background jobs: the Node loop's runJobs, or the Workers cron. */
  runJobs(): Promise<unknown>;
  /** Runs one SQL statement on the runtime's database (to move appointments into the past). */
  sql(statement: string): Promise<void>;
}

const THREE_YEARS_MS = 3 * 365 * 86_400_000;

/** Pseudonymity, retention and the rights of beneficiaries and mediators, on every runtime. */
export function privacyScenarios(makeTarget: () => Promise<PrivacyTarget>): void {
  let h: PrivacyTarget;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  it('refuses a fiscal code as beneficiaryRef and warns about a name in the notes', async () => {
    const desk = await h.make.desk();
    const refused = await h.call('POST', '/v1/appointments', {
      token: desk.token,
      body: { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health', beneficiaryRef: 'RSSMRA85T10A562S' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'beneficiaryRef', message: expect.stringMatching(/fiscal code/) }]);
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-1', notes: 'con Mario Rossi' });
    expect(a.warnings).toEqual([expect.objectContaining({ path: 'notes', code: 'possible_name' })]);
  });

  it('the jobs erase the case data of appointments ended more than 24 months ago', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    const old = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-OLD', notes: 'vecchia nota' });
    const recent = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-NEW', notes: 'nota', start: '2026-03-24T10:00:00+01:00' });
    await h.sql(`UPDATE appointments SET starts_at = starts_at - ${THREE_YEARS_MS}, ends_at = ends_at - ${THREE_YEARS_MS} WHERE id = '${old.id}'`);
    await h.runJobs();
    const erased = await h.expectStatus(h.call('GET', `/v1/appointments/${old.id}`, { token: desk.token }), 200);
    expect(erased).toMatchObject({ beneficiaryRef: null, notes: null, status: 'booked', mediatorId: old.mediatorId });
    const kept = await h.expectStatus(h.call('GET', `/v1/appointments/${recent.id}`, { token: desk.token }), 200);
    expect(kept).toMatchObject({ beneficiaryRef: 'CASE-NEW', notes: 'nota' });
  });

  it('a desk exports and erases one beneficiary', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-9', notes: 'nota' });
    const path = `/v1/services/${desk.service.id}/beneficiaries/CASE-9`;
    const exported = await h.expectStatus(h.call('GET', path, { token: desk.token }), 200);
    expect(exported.appointments.map((x: Json) => x.id)).toEqual([a.id]);
    expect(await h.expectStatus(h.call('DELETE', path, { token: desk.token }), 200)).toEqual({ beneficiaryRef: 'CASE-9', appointments: 1, exclusions: 0 });
    expect((await h.call('GET', path, { token: desk.token })).status).toBe(404);
    expect(await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200)).toMatchObject({ beneficiaryRef: null, notes: null, status: 'booked' });
  });

  it('a coordinator anonymises a mediator who leaves; their future booking goes to someone else', async () => {
    const desk = await h.make.desk();
    const leaving = await h.make.mediator();
    const a = await h.make.appointment(desk.token);
    expect(a.mediatorId).toBe(leaving.id);
    const other = await h.make.mediator();
    const r = await h.expectStatus(h.call('POST', `/v1/mediators/${leaving.id}/anonymise`), 200);
    expect(r).toMatchObject({ id: leaving.id, active: false, released: [{ appointmentId: a.id, start: a.start }] });
    expect(r.name).not.toBe(leaving.name);
    const rebooked = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200);
    expect(rebooked.mediatorId).toBe(other.id);
    const exported = await h.expectStatus(h.call('GET', `/v1/mediators/${leaving.id}/export`), 200);
    expect(exported.mediator).toMatchObject({ id: leaving.id, active: false });
  });
}
