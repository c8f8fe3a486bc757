import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import type { Json } from '../support/factories.js';
import { accessibilityViolations, scrollsSideways, signInByEmail, startWebServer, type WebServer } from '../support/web-server.js';

/** Friday 20 March 2026, 09:00 in Rome. */
const NOW = '2026-03-20T08:00:00Z';
// Reduced motion: axe never measures a button's colours in the middle of a transition.
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'it-IT', timezoneId: 'Europe/Rome', reducedMotion: 'reduce' as const };
const DESK_MAIL = 'consultorio@asl.example.it';

/**
 * A mediator's day on a phone, in a real Chromium against the real server: sign in from the e-mail
 * link, see today's appointment with the map and the desk's phone, take one offer and race a colleague
 * for the other (two browsers), add time off that hits a booking (warned first, then released and the
 * desk e-mailed), sign the attendance sheet, read the month's hours, edit the profile — with and without JavaScript.
 */
describe.each([
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'with JavaScript off' },
])('the mediator’s day, $label', ({ js }) => {
  let server: WebServer;
  let browser: Browser;
  let amina: BrowserContext;
  let youssef: BrowserContext;
  let page: Page;
  let other: Page;
  let deskToken: string;
  let today: Json;
  const axe: Record<string, unknown[]> = {};
  const visited = new Set<string>();

  /** Every page visited is checked with axe-core (with JavaScript on) and its path kept for the reflow and target checks. */
  async function check(name: string): Promise<void> {
    visited.add(new URL(page.url()).pathname + new URL(page.url()).search);
    if (js) axe[name] = await accessibilityViolations(page);
    // SCREENSHOTS=1 refreshes the pictures of each page at 360 px in docs/screens/.
    if (js && process.env.SCREENSHOTS) await page.screenshot({ path: `docs/screens/mediator-${name.replace(/\s+/g, '-')}.png`, fullPage: true });
  }

  beforeAll(async () => {
    server = await startWebServer(NOW);
    const service = await server.make.service({ name: 'Consultorio Torino', area: 'TO', address: 'Via San Secondo 29, Torino', phone: '011 123 4567', contactEmail: DESK_MAIL });
    deskToken = (await server.make.user({ role: 'desk', serviceId: service.id, email: 'sportello@asl.example.it' })).token;
    const a = await server.make.mediator({ name: 'Amina Haddad', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'] });
    const y = await server.make.mediator({ name: 'Youssef Benali', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'] });
    await server.make.user({ role: 'mediator', mediatorId: a.id, email: 'amina@example.it', name: 'Amina Haddad' });
    await server.make.user({ role: 'mediator', mediatorId: y.id, email: 'youssef@example.it', name: 'Youssef Benali' });
    const request = (body: Json) =>
      server.expectStatus(server.call('POST', '/v1/appointments', { token: deskToken, body: { language: 'ar', durationMinutes: 60, sector: 'health', ...body } }), 201);
    today = await request({ start: '2026-03-20T11:00:00+01:00', assignment: 'manual', beneficiaryRef: 'PR-2026-114', notes: 'Portare il modulo ISEE' });
    await server.expectStatus(server.call('POST', `/v1/appointments/${today.id}/assign`, { token: deskToken, body: { mediatorId: a.id } }), 200);
    const wednesday = await request({ start: '2026-03-25T15:00:00+01:00', assignment: 'manual' });
    await server.expectStatus(server.call('POST', `/v1/appointments/${wednesday.id}/assign`, { token: deskToken, body: { mediatorId: a.id } }), 200);
    await request({ start: '2026-03-23T10:00:00+01:00', assignment: 'offer' });
    await request({ start: '2026-03-24T10:00:00+01:00', assignment: 'offer' });
    browser = await launchBrowser();
    // The offline agenda's service worker is tried in a browser of its own (below): two contexts with
    // workers bring down the packaged Chromium, which runs as a single process.
    amina = await browser.newContext({ ...PHONE, javaScriptEnabled: js, serviceWorkers: 'block' });
    youssef = await browser.newContext({ ...PHONE, javaScriptEnabled: js, serviceWorkers: 'block' });
    page = await amina.newPage();
    other = await youssef.newPage();
    page.setDefaultTimeout(10_000);
    other.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close(); // closes both contexts
    await server?.close();
  });

  it('signs in from the e-mail link and sees today’s appointment with the map and the desk’s phone', async () => {
    await signInByEmail(page, server, 'amina@example.it');
    await page.getByRole('heading', { level: 1, name: 'Oggi e prossimi' }).waitFor();
    const card = page.locator('article.appointment-card').first();
    expect(await card.textContent()).toContain('11:00–12:00 · arabo');
    expect(await card.getByRole('link', { name: /^Apri nella mappa/ }).getAttribute('href')).toContain('Via%20San%20Secondo%2029');
    expect(await card.getByRole('link', { name: /^Chiama lo sportello/ }).getAttribute('href')).toBe('tel:0111234567');
    expect(await card.textContent()).toContain('PR-2026-114');
    expect(await card.textContent()).toContain('Portare il modulo ISEE');
    await page.getByText('Ha 2 offerte in attesa di risposta.').waitFor();
    await check('home');
  }, 60_000);

  it('accepts one offer and loses the other to a colleague accepting at the same moment', async () => {
    await page.getByRole('link', { name: 'Vedi le offerte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Offerte' }).waitFor();
    expect(await page.locator('article.offer-card').count()).toBe(2);
    expect(await page.locator('article.offer-card').first().textContent()).toContain('Risponda entro');
    await check('offers');

    await signInByEmail(other, server, 'youssef@example.it');
    await other.goto(`${server.url}/app/offers`);
    await page.getByRole('button', { name: /^Accetto: arabo, lun 23 mar/ }).click();
    await page.getByText('È tuo!', { exact: false }).waitFor();
    await check('offer accepted');

    // Both press "Accetto" on Tuesday's offer at the same moment: one gets it, the other is told at once.
    await page.goto(`${server.url}/app/offers`);
    await Promise.all([
      page.getByRole('button', { name: /^Accetto: arabo, mar 24 mar/ }).click(),
      other.getByRole('button', { name: /^Accetto: arabo, mar 24 mar/ }).click(),
    ]);
    const outcome = async (p: Page) => (await p.locator('#offer-outcome').textContent()) ?? '';
    await Promise.all([page.locator('#offer-outcome').waitFor(), other.locator('#offer-outcome').waitFor()]);
    const answers = [await outcome(page), await outcome(other)];
    expect(answers.filter((a) => a.includes('È tuo!'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes('Già preso da un collega'))).toHaveLength(1);
    await check('offer race');
  }, 60_000);

  it('accepts an offer with the keyboard alone', async () => {
    await server.expectStatus(
      server.call('POST', '/v1/appointments', { token: deskToken, body: { language: 'ar', durationMinutes: 60, sector: 'health', start: '2026-03-26T10:00:00+01:00', assignment: 'offer' } }),
      201,
    );
    await page.goto(`${server.url}/app/offers`);
    let focused = '';
    for (let i = 0; i < 40 && !focused.startsWith('Accetto: arabo, gio 26 mar'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    }
    expect(focused).toMatch(/^Accetto: arabo, gio 26 mar/);
    await page.keyboard.press('Enter');
    await page.getByText('È tuo!', { exact: false }).waitFor();
  }, 60_000);

  it('adds time off that hits a booking: warned first, then the booking is released and the desk e-mailed', async () => {
    await page.getByRole('link', { name: 'Assenze' }).click();
    await page.getByRole('heading', { level: 1, name: 'Assenze' }).waitFor();
    await check('time off');
    await page.getByLabel('Dal giorno', { exact: true }).fill('2026-03-23');
    await page.getByLabel('Dalle ore', { exact: true }).fill('00:00');
    await page.getByLabel('Al giorno', { exact: true }).fill('2026-03-23');
    await page.getByLabel('Alle ore', { exact: true }).fill('23:59');
    await page.getByLabel('Motivo (facoltativo)').fill('Visita medica');
    await page.getByRole('button', { name: 'Salva l’assenza' }).click();
    await page.getByText('Attenzione: questi appuntamenti verrebbero liberati').waitFor();
    expect(await page.locator('.release-list').textContent()).toContain('lunedì 23 marzo 2026, 10:00–11:00 — arabo');
    await check('time off warning');
    const before = server.sink.received.length;
    await page.getByRole('button', { name: 'Conferma e libera gli appuntamenti' }).click();
    await page.getByText('1 appuntamento è stato liberato e lo sportello avvisato.', { exact: false }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Visita medica');
    const toDesk = () => server.sink.received.slice(before).some((m) => m.envelopeTo.includes(DESK_MAIL));
    for (const until = Date.now() + 10_000; !toDesk() && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(toDesk()).toBe(true);
  }, 60_000);

  it('hands a booking back with a reason', async () => {
    await page.getByRole('link', { name: 'Oggi', exact: true }).click();
    await page.getByRole('link', { name: 'Restituisci l’appuntamento di mer 25 mar, 15:00' }).click();
    await page.getByRole('heading', { level: 1, name: 'Restituire l’appuntamento?' }).waitFor();
    await page.getByRole('button', { name: 'Restituisci l’appuntamento' }).click();
    await page.locator('.field-error').getByText('Campo obbligatorio.').waitFor();
    await check('hand back');
    await page.getByLabel('Motivo').fill('Sovrapposizione con un altro impegno');
    await page.getByRole('button', { name: 'Restituisci l’appuntamento' }).click();
    await page.getByText('Appuntamento restituito', { exact: false }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('15:00–16:00');
  }, 60_000);

  it('edits the weekly availability, and is warned before removing the hours of a booking', async () => {
    await page.getByRole('link', { name: 'Disponibilità' }).click();
    await page.getByRole('heading', { level: 1, name: 'Disponibilità settimanale' }).waitFor();
    await check('availability');
    await page.getByLabel('Giorno').selectOption({ label: 'sabato' });
    await page.getByLabel('Dalle', { exact: true }).fill('09:00');
    await page.getByLabel('Alle', { exact: true }).fill('12:00');
    await page.getByRole('button', { name: 'Aggiungi', exact: true }).click();
    await page.getByText('Disponibilità salvata.').waitFor();
    expect(await page.locator('main').textContent()).toContain('sabato 09:00–12:00');
    await page.getByRole('button', { name: 'Rimuovi venerdì 09:00–18:00' }).click();
    await page.getByText('Attenzione: questi appuntamenti verrebbero liberati').waitFor();
    expect(await page.locator('.release-list').textContent()).toContain('venerdì 20 marzo 2026, 11:00–12:00');
    await page.getByRole('link', { name: 'Non salvare' }).click();
    expect(await page.locator('main').textContent()).toContain('venerdì 09:00–18:00');
  }, 60_000);

  it('signs the attendance sheet with "sono arrivato/a", and it settles with the desk’s', async () => {
    server.clock.set('2026-03-20T10:05:00Z'); // 11:05 in Rome
    await page.goto(`${server.url}/app`);
    await page.getByRole('link', { name: /^Foglio presenza/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Foglio presenza' }).waitFor();
    expect(await page.getByLabel('Ora di arrivo').inputValue()).toBe('11:00');
    await page.getByRole('button', { name: 'Sono arrivato/a' }).click();
    await page.getByRole('heading', { level: 1, name: 'Foglio presenza' }).waitFor();
    expect(await page.getByLabel('Ora di arrivo').inputValue()).toBe('11:05');
    await check('attendance');

    server.clock.set('2026-03-20T11:10:00Z'); // 12:10
    await server.expectStatus(
      server.call('POST', `/v1/appointments/${today.id}/attendance`, { token: deskToken, body: { outcome: 'completed', checkIn: '2026-03-20T11:00:00+01:00', checkOut: '2026-03-20T12:00:00+01:00' } }),
      200,
    );
    await page.getByText('Svolto', { exact: true }).click();
    await page.getByLabel('Ora di fine').fill('12:00');
    await page.getByRole('button', { name: 'Firma il foglio' }).click();
    await page.getByText('Foglio firmato. Grazie.').waitFor();
    await page.getByText('Il foglio è chiuso', { exact: false }).waitFor();
    await check('attendance signed');
  }, 60_000);

  it('reads the month’s hours, one line per session', async () => {
    await page.getByRole('link', { name: 'Ore' }).click();
    await page.getByRole('heading', { level: 1, name: 'Le mie ore' }).waitFor();
    const line = page.locator('ul.sessions > li').first();
    expect(await line.textContent()).toContain('ven 20 mar, 11:00');
    expect(await line.textContent()).toContain('Svolto');
    expect(await page.locator('#hours-total').textContent()).toContain('(60 min)');
    await check('hours');
  }, 60_000);

  it('changes the phone on the profile', async () => {
    await page.getByRole('link', { name: 'Profilo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profilo' }).waitFor();
    await page.getByLabel('Telefono').fill('abc');
    await page.getByRole('button', { name: 'Salva il profilo' }).click();
    await page.locator('.field-error').getByText('Scriva un numero di telefono valido', { exact: false }).waitFor();
    await check('profile error');
    await page.getByLabel('Telefono').fill('333 123 4567');
    await page.getByRole('button', { name: 'Salva il profilo' }).click();
    await page.getByText('Profilo salvato.').waitFor();
    expect(await page.getByLabel('Telefono').inputValue()).toBe('333 123 4567');
    await check('profile');
  }, 60_000);

  it('has no accessibility violations, reflows at 320 px and keeps targets at least 44 px tall', async () => {
    if (js) for (const [name, violations] of Object.entries(axe)) expect({ name, violations }).toEqual({ name, violations: [] });
    const pages = ['/app', '/app/offers', '/app/availability', '/app/time-off', '/app/hours', '/app/profile', `/app/appointments/${today.id}/attendance`];
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      expect({ path, sideways: await scrollsSideways(page) }).toEqual({ path, sideways: false });
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('main .btn, main .form-control, main .form-select, .app-nav .nav-link, header .btn')]
          .map((el) => ({ text: (el.textContent ?? '').trim() || el.id, height: el.getBoundingClientRect().height }))
          .filter((t) => t.height > 0 && t.height < 44),
      );
      expect({ path, small }).toEqual({ path, small: [] });
    }
    await page.setViewportSize(PHONE.viewport);
  }, 60_000);

  it('transfers at most 30 KB for a later page (the assets are cached for good)', async () => {
    if (!js) return;
    await page.goto(`${server.url}/app/offers`);
    const sizes: Array<Promise<number>> = [];
    const count = (response: import('playwright-core').Response) => {
      sizes.push(response.request().sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    };
    page.on('response', count);
    await page.goto(`${server.url}/app`);
    page.off('response', count);
    const total = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1024);
    expect(total).toBeLessThanOrEqual(30 * 1024);
  }, 60_000);

  it('keeps the agenda readable offline after one visit', async () => {
    if (!js) return;
    const own = await launchBrowser();
    try {
      const context = await own.newContext(PHONE);
      const phone = await context.newPage();
      phone.setDefaultTimeout(10_000);
      await signInByEmail(phone, server, 'amina@example.it');
      await phone.waitForFunction(() => navigator.serviceWorker.ready.then(() => caches.match('/app')).then(Boolean));
      await context.setOffline(true);
      await phone.goto(`${server.url}/app`);
      expect(await phone.locator('#offline-banner').textContent()).toMatch(/^offline — aggiornato alle \d\d:\d\d$/);
      expect(await phone.locator('main').textContent()).toContain('11:00–12:00 · arabo');
    } finally {
      await own.close();
    }
  }, 60_000);

  it('signs out on every device', async () => {
    await page.goto(`${server.url}/app/profile`);
    await page.getByRole('button', { name: 'Esci da tutti i dispositivi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accedi' }).waitFor();
    await page.goto(`${server.url}/app`);
    expect(new URL(page.url()).pathname).toBe('/app/login');
    // The colleague's session is untouched.
    await other.goto(`${server.url}/app`);
    await other.getByRole('heading', { level: 1, name: 'Oggi e prossimi' }).waitFor();
  }, 60_000);
});
