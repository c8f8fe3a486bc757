import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../support/factories.js';
import { makeWorkerTarget } from '../support/worker-target.js';

const ORIGIN = 'http://localhost';

/**
 * The mediator's day on the Worker (workerd + D1), page by page as a browser without JavaScript
 * would: sign in from the link, today's card, an offer taken and one lost to a colleague, time off
 * warned then released, the attendance sheet, the hours and the profile.
 */
describe('the mediator’s pages on Workers (workerd) + D1', () => {
  let w: Awaited<ReturnType<typeof makeWorkerTarget>>;
  let deskToken: string;
  let today: Json;
  let amina: string;
  let youssef: string;

  const page = async (path: string, cookie: string, fields?: Record<string, string>) => {
    const init = fields
      ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie: `__Host-session=${cookie}` }, body: new URLSearchParams(fields).toString() }
      : { headers: { cookie: `__Host-session=${cookie}` } };
    const res = (await w.mf.dispatchFetch(`${ORIGIN}${path}`, { ...init, redirect: 'manual' } as never)) as unknown as Response;
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };

  async function signIn(email: string): Promise<string> {
    await w.mf.dispatchFetch(`${ORIGIN}/app/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': email },
      body: `email=${encodeURIComponent(email)}`,
    } as never);
    const d1 = await w.mf.getD1Database('DB');
    const rows = (await d1.prepare("SELECT payload FROM outbox WHERE kind = 'sign_in' ORDER BY id").all<{ payload: string }>()).results;
    const link = new URL((JSON.parse(rows.at(-1)?.payload ?? '{}') as { url: string }).url).pathname;
    const res = (await w.mf.dispatchFetch(`${ORIGIN}${link}`, { method: 'POST', headers: { origin: ORIGIN }, redirect: 'manual' } as never)) as unknown as Response;
    const cookie = /__Host-session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(cookie).not.toBe('');
    return cookie;
  }

  beforeAll(async () => {
    w = await makeWorkerTarget();
    const service = await w.make.service({ name: 'Consultorio Torino', phone: '011 123 4567', address: 'Via San Secondo 29, Torino' });
    deskToken = (await w.make.user({ role: 'desk', serviceId: service.id })).token;
    const a = await w.make.mediator({ name: 'Amina Haddad' });
    const y = await w.make.mediator({ name: 'Youssef Benali' });
    await w.make.user({ role: 'mediator', mediatorId: a.id, email: 'amina@example.it' });
    await w.make.user({ role: 'mediator', mediatorId: y.id, email: 'youssef@example.it' });
    today = await w.make.appointment(deskToken, { start: '2026-03-20T11:00:00+01:00', assignment: 'manual', beneficiaryRef: 'PR-2026-114' });
    await w.expectStatus(w.call('POST', `/v1/appointments/${today.id}/assign`, { token: deskToken, body: { mediatorId: a.id } }), 200);
    await w.make.appointment(deskToken, { start: '2026-03-23T10:00:00+01:00', assignment: 'offer' });
    await w.make.appointment(deskToken, { start: '2026-03-24T10:00:00+01:00', assignment: 'offer' });
    amina = await signIn('amina@example.it');
    youssef = await signIn('youssef@example.it');
  }, 60_000);
  afterAll(() => w?.close());

  it('shows today with the map, the desk’s phone and the case, and every page', async () => {
    const home = await page('/app', amina);
    expect(home.status).toBe(200);
    expect(home.html).toContain('Oggi e prossimi');
    expect(home.html).toContain('href="tel:0111234567"');
    expect(home.html).toContain('openstreetmap.org/search?query=Via%20San%20Secondo%2029');
    expect(home.html).toContain('PR-2026-114');
    for (const path of ['/app/offers', '/app/availability', '/app/time-off', '/app/hours', '/app/profile']) expect((await page(path, amina)).status, path).toBe(200);
    expect((await page(`/app/appointments/${today.id}/attendance`, youssef)).status).toBe(404);
  });

  it('takes one offer and loses the other to a colleague at the same moment', async () => {
    const offers = (await w.call('GET', '/v1/offers?status=pending')).body.items as Json[];
    const mediators = (await w.call('GET', '/v1/mediators?limit=10')).body.items as Json[];
    const idOf = (name: string) => mediators.find((m) => m.name === name)?.id as string;
    const [aminaId, youssefId] = [idOf('Amina Haddad'), idOf('Youssef Benali')];
    const [first, second] = [...new Set(offers.map((o) => o.appointmentId as string))];
    const own = (appointmentId: string | undefined, mediatorId: string) => offers.find((o) => o.appointmentId === appointmentId && o.mediatorId === mediatorId)?.id as string;

    const accepted = await page(`/app/offers/${own(first, aminaId)}/accept`, amina, {});
    expect(accepted.status).toBe(303);
    expect((await page(accepted.location ?? '', amina)).html).toContain('È tuo!');

    const race = await Promise.all([page(`/app/offers/${own(second, aminaId)}/accept`, amina, {}), page(`/app/offers/${own(second, youssefId)}/accept`, youssef, {})]);
    expect(race.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(race.find((r) => r.status === 409)?.html).toContain('Già preso da un collega');
  });

  it('warns before time off releases a booking, then releases it', async () => {
    const fields = { startDate: '2026-03-23', startTime: '00:00', endDate: '2026-03-23', endTime: '23:59' };
    const warned = await page('/app/time-off', amina, fields);
    expect(warned.status).toBe(200);
    expect(warned.html).toContain('verrebbero liberati');
    expect(warned.html).toContain('lunedì 23 marzo 2026, 10:00–11:00 — arabo');
    const saved = await page('/app/time-off', amina, { ...fields, confirmed: '1' });
    expect(saved.location).toBe('/app/time-off?saved=1&released=1');
  });

  it('keeps the attendance sheet closed until the start, saves the profile and follows its language', async () => {
    // The Worker's clock is fixed at 09:00: the sheet opens at 11:00 (signing it is covered on Node).
    const early = await page(`/app/appointments/${today.id}/attendance`, amina);
    expect(early.html).toContain('dall’inizio dell’appuntamento');
    const profile = await page('/app/profile', amina, { phone: '333 123 4567', email: 'amina@example.it', locale: 'en' });
    expect(profile.location).toBe('/app/profile?saved=1');
    expect((await page('/app/hours?month=2026-03', amina)).html).toContain('My hours');
  });
});
