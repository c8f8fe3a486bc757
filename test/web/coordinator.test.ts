import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';
import { getPage, pageSession, postPage } from '../support/page-session.js';

/** Every coordinator page (GET) and action (POST): other roles are refused before anything is read or written. */
const PAGES = ['/app/dashboard.csv', '/app/to-cover', '/app/disputes', '/app/mediators', '/app/mediators/new', '/app/services', '/app/users', '/app/timesheets', '/app/timesheets.csv', '/app/outbox', '/app/supply', '/app/supply?language=ar&area=TO', '/app/imports', '/app/imports/template.csv', '/app/webhooks'];
const ACTIONS = ['/app/mediators/new', '/app/services/new', '/app/users/new', '/app/outbox/x/retry', '/app/to-cover/x/assign', '/app/disputes/x/settle', '/app/imports', '/app/imports/x/commit', '/app/imports/x/delete', '/app/webhooks/new'];

describe('coordinator pages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness({ now: '2026-12-07T08:00:00Z' });
  });
  afterEach(() => h.close());

  const sessionOf = (email: string) => pageSession(h, email);
  const get = (path: string, session: string) => getPage(h, path, session);

  it('shows a coordinator the dashboard at /app and every page of theirs', async () => {
    await h.make.user({ role: 'coordinator', email: 'coord@regione.example.it' });
    const session = await sessionOf('coord@regione.example.it');
    const home = await get('/app', session);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Cruscotto della copertura');
    for (const path of PAGES) expect([path, (await get(path, session)).status]).toEqual([path, 200]);
  });

  it('re-renders a failed form with 422 and the message beside each field', async () => {
    await h.make.user({ role: 'coordinator', email: 'coord@regione.example.it' });
    const session = await sessionOf('coord@regione.example.it');
    const post = (path: string, fields: Record<string, string>) => postPage(h, path, session, fields);

    const mediator = await post('/app/mediators/new', { name: 'Senza Lingua', email: 'non-una-mail', maxWeeklyHours: '20' });
    expect(mediator.status).toBe(422);
    const text = await mediator.text();
    expect(text).toContain('Indichi almeno una lingua.');
    expect(text).toContain('Scriva un indirizzo e-mail valido');
    expect(text).toContain('value="Senza Lingua"');

    const user = await post('/app/users/new', { name: 'Sportello senza servizio', role: 'desk' });
    expect(user.status).toBe(422);
    expect(await user.text()).toContain('Scelga il servizio dello sportello.');

    const budget = await post(`/app/services/${(await h.make.service()).id}/budgets`, { from: '2026-12-31', to: '2026-12-01', hours: '10' });
    expect(budget.status).toBe(422);
    expect(await budget.text()).toContain('La fine deve venire dopo l’inizio.');
  });

  it('shows a new user’s token once, on a page never cached, and never in a URL', async () => {
    await h.make.user({ role: 'coordinator', email: 'coord@regione.example.it' });
    const session = await sessionOf('coord@regione.example.it');
    const service = await h.make.service();
    const res = await postPage(h, '/app/users/new', session, { name: 'Marco Verdi', role: 'desk', serviceId: service.id });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const token = /id="new-token">\s*(mb_[A-Za-z0-9_-]+)/.exec(await res.text())?.[1] ?? '';
    expect((await h.call('GET', '/v1/me', { token })).status).toBe(200);
    expect((await get('/app/users', session)).status).toBe(200);
    expect(await (await get('/app/users', session)).text()).not.toContain(token);
  });

  it('re-offers a request to the mediators not asked yet, or says there is nobody new', async () => {
    await h.make.user({ role: 'coordinator', email: 'coord@regione.example.it' });
    const session = await sessionOf('coord@regione.example.it');
    const desk = await h.make.desk();
    await h.make.mediator({ name: 'Amina Haddad' });
    const a = await h.make.appointment(desk.token, { start: '2026-12-10T10:00:00+01:00', assignment: 'offer' });
    expect(a.status).toBe('offered');
    const reoffer = () => postPage(h, `/app/to-cover/${a.id}/reoffer`, session, { days: '30' });

    const nobody = await reoffer();
    expect(nobody.status).toBe(303);
    expect(nobody.headers.get('location')).toContain('result=nobody');
    expect((await h.call('GET', `/v1/appointments/${a.id}`)).body.status).toBe('unfilled');

    await h.make.mediator({ name: 'Youssef Benali' });
    const again = await reoffer();
    expect(again.headers.get('location')).toContain('result=reoffered');
    expect((await h.call('GET', `/v1/appointments/${a.id}`)).body.status).toBe('offered');
    const page = await get(again.headers.get('location') ?? '', session);
    expect(await page.text()).toContain('Offerte inviate ai mediatori non ancora interpellati.');
  });

  it('refuses a desk and a mediator on every coordinator page and action', async () => {
    const service = await h.make.service();
    await h.make.user({ role: 'desk', serviceId: service.id, email: 'desk@asl.example.it' });
    const mediator = await h.make.mediator({ email: 'med@coop.example.it' });
    await h.make.user({ role: 'mediator', mediatorId: mediator.id, email: 'med-user@coop.example.it' });
    for (const email of ['desk@asl.example.it', 'med-user@coop.example.it']) {
      const session = await sessionOf(email);
      for (const path of PAGES) expect([email, path, (await get(path, session)).status]).toEqual([email, path, 403]);
      for (const path of ACTIONS) {
        const res = await postPage(h, path, session, { name: 'x' });
        expect([email, path, res.status]).toEqual([email, path, 403]);
      }
    }
  });

  it('saves every availability row the form sends, however many the mediator has', async () => {
    await h.make.user({ role: 'coordinator', email: 'coord@regione.example.it' });
    const session = await sessionOf('coord@regione.example.it');
    const m = await h.make.mediator();
    // 35 short slots: more rows than the form ever had fixed places for.
    const rules = Array.from({ length: 35 }, (_, i) => ({ weekday: (i % 7) + 1, start: `${String(8 + Math.floor(i / 7) * 2).padStart(2, '0')}:00`, end: `${String(9 + Math.floor(i / 7) * 2).padStart(2, '0')}:00` }));
    const fields = Object.fromEntries(rules.flatMap((r, i) => [[`rules.${i}.weekday`, String(r.weekday)], [`rules.${i}.start`, r.start], [`rules.${i}.end`, r.end]]));
    const res = await postPage(h, `/app/mediators/${m.id}/availability`, session, { ...fields, confirm: '1' });
    expect(res.status).toBe(303);
    expect((await h.call('GET', `/v1/mediators/${m.id}/availability`)).body.rules).toHaveLength(35);
  });
});
