import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/ids.js';
import { renderOutboxRow } from '../../src/mail/outbox-render.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

const ORIGIN = 'http://localhost:8787';

/** The desk's pages through the real app and database: what they refuse, keep and explain. */
describe('desk pages', () => {
  let h: Harness;
  let service: Json;
  let cookie: string;

  /** A session row for a user, as a redeemed sign-in link leaves it. */
  async function sessionFor(userId: string): Promise<string> {
    const token = `test-session-${userId}`.replace(/[^A-Za-z0-9_-]/g, '-');
    const now = h.clock.now();
    await h.repos.webSessions.createSession({ tokenHash: await sha256Hex(token), userId, createdAt: now, lastSeenAt: now, expiresAt: now + 12 * 3_600_000 });
    return `__Host-session=${token}`;
  }

  const get = (path: string, as = cookie) => h.app.request(path, { headers: { cookie: as } });
  const post = (path: string, fields: Record<string, string>, as = cookie) =>
    h.app.request(path, { method: 'POST', headers: { cookie: as, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  const request = (fields: Record<string, string> = {}) => ({
    idempotencyKey: 'form-key-0001',
    language: 'ar',
    date: '2026-03-23',
    time: '10:00',
    durationMinutes: '60',
    modality: 'in_person',
    sector: 'health',
    genderPreference: 'none',
    urgency: 'standard',
    minLevel: 'B2',
    assignment: 'auto',
    ...fields,
  });

  beforeEach(async () => {
    h = await makeHarness();
    const desk = await h.make.desk({ area: 'TO' });
    service = desk.service;
    cookie = await sessionFor(desk.userId);
  });
  afterEach(() => h.close());

  it('books from the form and never twice when the same form is sent again', async () => {
    await h.make.mediator({ name: 'Amina Haddad' });
    const first = await post('/app/appointments/new', request());
    expect(first.status).toBe(303);
    const again = await post('/app/appointments/new', request());
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const rows = await h.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM appointments`);
    expect(Number(rows[0]?.n)).toBe(1);
    const page = await (await get(first.headers.get('location') ?? '')).text();
    expect(page).toContain('Prenotazione confermata');
    expect(page).toContain('Amina Haddad è prenotato/a');
    expect(page).toContain('lunedì 23 marzo 2026, 10:00–11:00');
  });

  it('sends a failed form back with what was typed and the Italian message beside each field', async () => {
    const res = await post('/app/appointments/new', request({ language: '', time: '25:99', durationMinutes: '5', beneficiaryRef: 'PR-7' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Ci sono errori nel modulo');
    expect(html).toMatch(/<a href="#f-language">Lingua: Campo obbligatorio\.<\/a>/);
    expect(html).toMatch(/<a href="#f-time">Ora di inizio: Scriva un orario valido/);
    expect(html).toMatch(/<a href="#f-durationMinutes">Durata \(minuti\): La durata va da 15 minuti a 8 ore\.<\/a>/);
    expect(html).toMatch(/id="f-durationMinutes-error"[^>]*>La durata va da 15 minuti a 8 ore\./);
    expect(html).toMatch(/aria-describedby="[^"]*f-durationMinutes-error"/);
    expect(html).toContain('value="PR-7"'); // kept
    expect(html).not.toMatch(/"code"|problem\+json|at .*\.ts:\d+/);
  });

  it('explains a start in the past beside the date', async () => {
    const res = await post('/app/appointments/new', request({ date: '2026-03-19' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/id="f-date-error"[^>]*>L’appuntamento deve essere nel futuro\./);
  });

  it('does not show another service’s appointment (404 page)', async () => {
    const other = await h.make.desk();
    await h.make.mediator();
    const theirs = await h.make.appointment(other.token);
    const res = await get(`/app/appointments/${theirs.id}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Pagina non trovata');
    const cancel = await post(`/app/appointments/${theirs.id}/cancel`, {});
    expect(cancel.status).toBe(404);
  });

  it('explains a mediator taken meanwhile and shows the next candidates', async () => {
    const amina = await h.make.mediator({ name: 'Amina Haddad' });
    await h.make.mediator({ name: 'Youssef Benali' });
    const created = await post('/app/appointments/new', request({ assignment: 'manual' }));
    const path = created.headers.get('location') ?? '';
    expect(await (await get(path)).text()).toContain('Assegna a Amina Haddad');
    // Amina goes on leave before the clerk clicks.
    await h.call('POST', `/v1/mediators/${amina.id}/time-off`, { body: { start: '2026-03-23T00:00:00+01:00', end: '2026-03-24T00:00:00+01:00', reason: 'ferie' } });
    const res = await post(`${path}/assign`, { mediatorId: amina.id });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Il mediatore scelto non è più disponibile');
    expect(html).toContain('Assegna a Youssef Benali');
    expect(html).not.toContain('Assegna a Amina Haddad');
  });

  it('tells the late-cancellation charge before cancelling, and cancels only on the POST', async () => {
    await h.make.mediator();
    const created = await post('/app/appointments/new', request({ date: '2026-03-20', time: '15:00' }));
    const path = created.headers.get('location') ?? '';
    h.clock.advance(60 * 60_000);
    const confirm = await (await get(`${path}/cancel`)).text();
    expect(confirm).toContain('Annullamento tardivo: il servizio pagherà la prestazione');
    expect(confirm).toContain('Saranno addebitati 60 minuti.');
    expect(await (await get(path)).text()).toContain('prenotata');
    const done = await post(`${path}/cancel`, { reason: 'disdetta' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Appuntamento annullato');
  });

  it('shows the service’s calendar address without changing it, and changes it on request', async () => {
    const first = await (await get('/app')).text();
    expect(first).toContain('Crea l’indirizzo del calendario');
    expect(first).not.toContain('id="feed-url"');
    expect((await post('/app/calendar-feed', {})).status).toBe(303);
    const url = /id="feed-url"[^>]*value="([^"]+)"/.exec(await (await get('/app')).text())?.[1] ?? '';
    expect(url).toMatch(new RegExp(`/v1/calendars/services/${service.id}\\.ics\\?token=`));
    expect(/id="feed-url"[^>]*value="([^"]+)"/.exec(await (await get('/app')).text())?.[1]).toBe(url);
    const feed = await h.app.request(url.replace(ORIGIN, ''));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  });

  it('links e-mails to the appointment’s page', async () => {
    await h.make.mediator();
    const created = await post('/app/appointments/new', request());
    const [desk] = await h.db.all<{ id: string }>(sql`SELECT id FROM outbox WHERE kind = 'appointment.booked.desk'`);
    const row = await h.repos.outbox.get(desk?.id ?? '');
    if (!row) throw new Error('no booking e-mail to the desk');
    const mail = renderOutboxRow(row, h.deps.config.mail, ORIGIN);
    expect(mail.text).toContain(`${ORIGIN}${created.headers.get('location')}`);
  });

  it('records a session held without a booking, straight to the attendance sheet', async () => {
    const amina = await h.make.mediator({ name: 'Amina Haddad' });
    await post('/app/appointments/new', request()); // Amina has worked with the service
    h.clock.advance(2 * 60 * 60_000); // 11:00 in Rome
    const form = await (await get('/app/appointments/past')).text();
    expect(form).toContain('Registra un intervento già svolto');
    expect(form).toContain(`<option value="${amina.id}">Amina Haddad</option>`);
    const early = await post('/app/appointments/past', { language: 'ar', mediatorId: amina.id, date: '2026-03-20', time: '10:30', durationMinutes: '60', modality: 'phone', sector: 'health', outcome: 'completed', checkIn: '10:30', checkOut: '11:30' });
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('L’intervento deve essere già concluso');
    const res = await post('/app/appointments/past', { language: 'ar', mediatorId: amina.id, date: '2026-03-20', time: '09:30', durationMinutes: '30', modality: 'phone', sector: 'health', outcome: 'completed', checkIn: '09:30', checkOut: '10:00' });
    expect(res.status).toBe(303);
    const page = await (await get(res.headers.get('location') ?? '')).text();
    expect(page).toContain('registrato dopo');
    expect(page).toMatch(/Foglio dello sportello<\/dt><dd[^>]*>svolto, 09:30–10:00/);
  });

  it('books a weekly series from the same form, shows it, and cancels from one occurrence on', async () => {
    await h.make.mediator({ name: 'Amina Haddad' });
    const refused = await post('/app/appointments/new', request({ repeat: '1', repeatCount: '1' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/id="f-repeatCount-error"[^>]*>Scriva un numero da 2 a 60\./);
    const res = await post('/app/appointments/new', request({ idempotencyKey: 'series-key-01', repeat: '1', repeatCount: '4' }));
    expect(res.status).toBe(303);
    const path = res.headers.get('location') ?? '';
    expect(path).toMatch(/^\/app\/series\/ser_/);
    const page = await (await get(path)).text();
    expect(page).toContain('4 appuntamenti. Lo stesso mediatore per tutti quelli coperti.');
    expect(page.match(/Amina Haddad/g)).toHaveLength(4);
    for (const day of ['lun 23 mar, 10:00', 'lun 30 mar, 10:00', 'lun 6 apr, 10:00', 'lun 13 apr, 10:00']) expect(page).toContain(day);
    const froms = [...page.matchAll(/name="from" value="([^"]+)"/g)].map((m) => m[1] ?? '');
    const cancelled = await post(`${path}/cancel`, { from: froms[2] ?? '' });
    expect(cancelled.status).toBe(200);
    const after = await cancelled.text();
    expect(after).toContain('2 appuntamenti annullati.');
    expect(after.match(/>annullata</g)).toHaveLength(2);
  });

  it('answers a form over the size limit with a page in Italian, not plain text', async () => {
    const res = await post('/app/appointments/new', request({ notes: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('Il testo inviato è troppo lungo per essere salvato.');
  });

  it('lists the sessions still to close with their language, mediator and case reference', async () => {
    await h.make.mediator({ name: 'Amina Haddad' });
    const desk = await h.make.user({ role: 'desk', serviceId: service.id });
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASO-88' });
    expect(a.status).toBe('booked');
    h.clock.set('2026-03-23T12:00:00Z'); // the session (10:00–11:00 Rome) is over
    const page = await (await get('/app/close-out', await sessionFor(desk.id))).text();
    expect(page).toContain(`href="/app/appointments/${a.id}#attendance-title"`);
    expect(page).toMatch(/<td>arabo<\/td><td>Amina Haddad<\/td><td>CASO-88<\/td>/);
  });
});
