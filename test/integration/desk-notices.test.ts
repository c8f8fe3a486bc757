import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemCtx } from '../../src/jobs.js';
import { markUnfilled } from '../../src/operations/booking.js';
import { type Harness, type Json, makeHarness, memoryMail } from '../support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const outboxOf = async (appointmentId: string): Promise<Json[]> =>
  (await h.expectStatus(h.call('GET', `/v1/outbox?appointmentId=${appointmentId}&limit=200`), 200)).items as Json[];
const kindsOf = async (appointmentId: string) => (await outboxOf(appointmentId)).map((m) => m.kind as string).sort();

describe('the desk is told when its request goes unfilled', () => {
  it('at once, when nobody can take an auto request: once, to the desk, with the reason and what it can do', async () => {
    const desk = await h.make.desk();
    const a = await h.make.appointment(desk.token);
    expect(a.status).toBe('unfilled');
    const toDesk = (await outboxOf(a.id)).filter((m) => m.kind === 'appointment.unfilled.desk');
    expect(toDesk.map((m) => m.to)).toEqual([[desk.service.contactEmail]]);

    // A stale caller marking it again changes nothing and tells nobody twice.
    const read = await h.repos.appointments.get(a.id);
    if (!read) throw new Error('missing appointment');
    await markUnfilled(systemCtx(h.deps, h.repos), { ...read, status: 'open' }, { code: 'no_speaker', detail: 'again', rules: {} });
    expect((await kindsOf(a.id)).filter((k) => k === 'appointment.unfilled.desk')).toHaveLength(1);
    expect((await kindsOf(a.id)).filter((k) => k === 'unfilled_alert').length).toBeLessThanOrEqual(1);

    const { transport, sent } = memoryMail();
    await h.runJobs(transport);
    const mail = sent.find((m) => m.headers?.['X-Mediator-Booking-Kind'] === 'appointment.unfilled.desk');
    expect(mail?.to).toEqual([desk.service.contactEmail]);
    expect(mail?.subject).toMatch(/^Nessun mediatore disponibile/);
    expect(mail?.text).toMatch(/Motivo/);
    expect(mail?.text).toMatch(/altro orario/);
    expect(mail?.calendar).toBeUndefined();
  });

  it('after offers, when every offer expires', async () => {
    h.deps.config.offers.size = 1;
    h.deps.config.offers.maxRounds = 1;
    const desk = await h.make.desk();
    await h.make.mediator({ name: 'Only One' });
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    expect(a.status).toBe('offered');
    expect(await kindsOf(a.id)).not.toContain('appointment.unfilled.desk');
    h.clock.advance(4 * 3600_000 + 1);
    await h.runJobs(null);
    const after = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200);
    expect(after.status).toBe('unfilled');
    const toDesk = (await outboxOf(a.id)).filter((m) => m.kind === 'appointment.unfilled.desk');
    expect(toDesk.map((m) => m.to)).toEqual([[desk.service.contactEmail]]);
  });
});

describe('a reschedule that drops the mediator', () => {
  it('tells the mediator they are released (with a CANCEL) and the desk, never that another mediator took it', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator({ name: 'Mornings Only', availability: [{ weekday: 1, start: '09:00', end: '12:00' }] });
    const a = await h.make.appointment(desk.token, { assignment: 'manual' });
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/assign`, { token: desk.token, body: { mediatorId: m.id } }), 200);
    const moved = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { start: '2026-03-23T16:00:00+01:00' } }), 200);
    expect(moved.mediatorKept).toBe(false);

    const outbox = await outboxOf(a.id);
    const kinds = outbox.map((x) => x.kind);
    expect(kinds).toContain('appointment.released.mediator');
    expect(kinds).toContain('appointment.released.desk');
    expect(kinds.filter((k) => String(k).startsWith('appointment.reassigned_away'))).toEqual([]);
    expect(outbox.find((x) => x.kind === 'appointment.released.mediator')?.to).toEqual([m.email]);
    expect(outbox.find((x) => x.kind === 'appointment.released.desk')?.to).toEqual([desk.service.contactEmail]);

    const { transport, sent } = memoryMail();
    await h.runJobs(transport);
    const toMediator = sent.find((x) => x.headers?.['X-Mediator-Booking-Kind'] === 'appointment.released.mediator');
    expect(toMediator?.calendar?.method).toBe('CANCEL');
    expect(toMediator?.text).not.toMatch(/altro mediatore|another mediator/);
  });
});
