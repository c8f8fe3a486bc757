import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

const ORIGIN = 'http://localhost:8787';

/** The mediator's pages through the real app: each answers, and a mediator sees only their own bookings and offers. */
describe('the mediator’s pages', () => {
  let h: Harness;
  let desk: { service: Json; token: string };
  beforeEach(async () => {
    h = await makeHarness();
    desk = await h.make.desk({ name: 'Consultorio Torino', phone: '011 123 4567', address: 'Via San Secondo 29, Torino' });
  });
  afterEach(() => h.close());

  const form = (fields: Record<string, string>, cookie: string) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie: `__Host-session=${cookie}` },
    body: new URLSearchParams(fields).toString(),
  });
  const get = (path: string, cookie: string) => h.app.request(path, { headers: { cookie: `__Host-session=${cookie}` } });

  async function mediatorSession(overrides: Json = {}): Promise<{ mediator: Json; cookie: string }> {
    const mediator = await h.make.mediator(overrides);
    const email = `m-${mediator.id}@example.it`;
    await h.make.user({ role: 'mediator', mediatorId: mediator.id, email });
    await h.app.request('/app/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': email }, body: `email=${encodeURIComponent(email)}` });
    const rows = await h.db.all<{ payload: string }>(sql`SELECT payload FROM outbox WHERE kind = 'sign_in' ORDER BY id`);
    const link = (JSON.parse(rows.at(-1)?.payload ?? '{}') as { url: string }).url.replace(ORIGIN, '');
    const res = await h.app.request(link, { method: 'POST', headers: { origin: ORIGIN } });
    const cookie = /__Host-session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
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
});
