import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness } from '../support/harness.js';
import { formPost, getPage, pageSession } from '../support/page-session.js';

/** The mediator's pages through the real app: each answers, and a mediator sees only their own bookings and offers. */
describe('the mediator’s pages', () => {
  let h: Harness;
  let desk: { service: Json; token: string };
  beforeEach(async () => {
    h = await makeHarness();
    desk = await h.make.desk({ name: 'Consultorio Torino', phone: '011 123 4567', address: 'Via San Secondo 29, Torino' });
  });
  afterEach(() => h.close());

  const form = (fields: Record<string, string>, cookie: string) => formPost(fields, { cookie: `__Host-session=${cookie}` });
  const get = (path: string, cookie: string) => getPage(h, path, cookie);

  async function mediatorSession(overrides: Json = {}): Promise<{ mediator: Json; cookie: string }> {
    const mediator = await h.make.mediator(overrides);
    const email = `m-${mediator.id}@example.it`;
    await h.make.user({ role: 'mediator', mediatorId: mediator.id, email });
    const cookie = await pageSession(h, email);
    expect(cookie).not.toBe('');
    return { mediator, cookie };
  }

  it('shows every page to a mediator, in their language', async () => {
    const { mediator, cookie } = await mediatorSession({ name: 'Amina Haddad' });
    const booked = await h.make.appointment(desk.token, { beneficiaryRef: 'PR-1', notes: 'Portare il modulo' });
    expect(booked.mediatorId).toBe(mediator.id);
    const home = await get('/app', cookie);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Oggi e prossimi');
    expect(html).toContain('tel:0111234567');
    expect(html).toContain('PR-1');
    for (const path of ['/app/offers', '/app/availability', '/app/time-off', '/app/hours', '/app/profile', `/app/appointments/${booked.id}/hand-back`, `/app/appointments/${booked.id}/attendance`]) {
      const res = await get(path, cookie);
      expect(res.status, path).toBe(200);
    }
    expect(await (await get(`/app/appointments/${booked.id}`, cookie)).text()).toContain(`href="/app/appointments/${booked.id}/hand-back"`);
    await h.expectStatus(h.call('PATCH', `/v1/mediators/${mediator.id}`, { body: { locale: 'en' } }), 200);
    expect(await (await get('/app', cookie)).text()).toContain('Today and next');
  });

  it('gives 404 for another mediator’s appointment and offer', async () => {
    const first = await mediatorSession({ name: 'Amina Haddad' });
    const other = await mediatorSession({ name: 'Youssef Benali', areas: ['CN'] });
    const booked = await h.make.appointment(desk.token);
    expect(booked.mediatorId).toBe(first.mediator.id);
    for (const path of [`/app/appointments/${booked.id}`, `/app/appointments/${booked.id}/attendance`, `/app/appointments/${booked.id}/hand-back`]) {
      expect((await get(path, other.cookie)).status, path).toBe(404);
    }
    expect((await h.app.request(`/app/appointments/${booked.id}/hand-back`, form({ reason: 'x' }, other.cookie))).status).toBe(404);
    const offered = await h.make.appointment(desk.token, { start: '2026-03-24T10:00:00+01:00', assignment: 'offer' });
    const offers = await h.call('GET', `/v1/offers?appointmentId=${offered.id}`);
    const offerId = offers.body.items[0].id as string;
    expect(offers.body.items.map((o: Json) => o.mediatorId)).not.toContain(other.mediator.id);
    expect((await h.app.request(`/app/offers/${offerId}/accept`, form({}, other.cookie))).status).toBe(404);
  });

  it('warns before time off releases a booking, then releases it on confirmation', async () => {
    const { mediator, cookie } = await mediatorSession();
    const booked = await h.make.appointment(desk.token);
    expect(booked.mediatorId).toBe(mediator.id);
    const fields = { startDate: '2026-03-23', startTime: '00:00', endDate: '2026-03-23', endTime: '23:59' };
    const warn = await h.app.request('/app/time-off', form(fields, cookie));
    expect(warn.status).toBe(200);
    expect(await warn.text()).toContain('verrebbero liberati');
    expect((await h.call('GET', `/v1/appointments/${booked.id}`)).body.status).toBe('booked');
    const done = await h.app.request('/app/time-off', form({ ...fields, confirmed: '1' }, cookie));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/app/time-off?saved=1&released=1');
    expect((await h.call('GET', `/v1/appointments/${booked.id}`)).body.mediatorId).not.toBe(mediator.id);
    const mails = await h.db.all<{ kind: string }>(sql`SELECT kind FROM outbox WHERE kind LIKE '%released%' OR kind LIKE '%cancel%'`);
    expect(mails.length).toBeGreaterThan(0);
  });

  it('shows a differing desk sheet as a dispute, with both versions', async () => {
    const { cookie } = await mediatorSession();
    const booked = await h.make.appointment(desk.token, { start: '2026-03-20T10:00:00+01:00' });
    h.clock.set('2026-03-20T11:30:00Z');
    await h.expectStatus(
      h.call('POST', `/v1/appointments/${booked.id}/attendance`, { token: desk.token, body: { outcome: 'beneficiary_no_show' } }),
      200,
    );
    const signed = await h.app.request(`/app/appointments/${booked.id}/attendance`, form({ outcome: 'completed', checkIn: '10:00', checkOut: '11:00' }, cookie));
    expect(signed.status).toBe(200);
    const html = await signed.text();
    expect(html).toContain('Le due versioni non coincidono');
    expect(html).toContain('Svolto, 10:00–11:00');
    expect(html).toContain('L’utente non si è presentato');
  });

  it('fills the arrival time with "sono arrivato/a" without saving, and refuses a sheet without times', async () => {
    const { cookie } = await mediatorSession();
    const booked = await h.make.appointment(desk.token, { start: '2026-03-20T10:00:00+01:00' });
    h.clock.set('2026-03-20T09:07:00Z');
    const arrived = await h.app.request(`/app/appointments/${booked.id}/attendance`, form({ outcome: 'completed', checkIn: '10:00', checkOut: '11:00', arrived: '1' }, cookie));
    expect(await arrived.text()).toContain('value="10:07"');
    expect((await h.call('GET', `/v1/appointments/${booked.id}/attendance`)).body.mediator).toBeNull();
    const missing = await h.app.request(`/app/appointments/${booked.id}/attendance`, form({ outcome: 'completed', checkIn: '', checkOut: '11:00' }, cookie));
    expect(missing.status).toBe(422);
  });

  it('shows the calendar address only when asked, rotating it', async () => {
    const { cookie } = await mediatorSession();
    expect(await (await get('/app', cookie)).text()).not.toContain('/v1/calendars/mediators/');
    const rotated = await h.app.request('/app/calendar', form({}, cookie));
    expect(rotated.status).toBe(200);
    expect(await rotated.text()).toMatch(/webcal:\/\/localhost:8787\/v1\/calendars\/mediators\/med_[^"]+\.ics\?token=/);
  });

  it('hands a booking back with a reason', async () => {
    const { mediator, cookie } = await mediatorSession();
    const booked = await h.make.appointment(desk.token);
    const refused = await h.app.request(`/app/appointments/${booked.id}/hand-back`, form({ reason: ' ' }, cookie));
    expect(refused.status).toBe(422);
    const done = await h.app.request(`/app/appointments/${booked.id}/hand-back`, form({ reason: 'Malattia' }, cookie));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/app?handedBack=1');
    expect((await h.call('GET', `/v1/appointments/${booked.id}`)).body.mediatorId).not.toBe(mediator.id);
  });

  it('leaves the desk’s pages at the shared addresses to the desk', async () => {
    const deskUser = await h.make.user({ role: 'desk', serviceId: desk.service.id, email: 'desk-shared@example.it' });
    expect(deskUser.id).toBeTruthy();
    const cookie = await pageSession(h, 'desk-shared@example.it');
    const hours = await get('/app/hours', cookie);
    expect(hours.status).toBe(200);
    expect(await hours.text()).toContain('Ore e budget');
    expect((await get('/app/offers', cookie)).status).toBe(404);
  });
});
