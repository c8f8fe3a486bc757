import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import type { Json } from '../support/factories.js';
import { accessibilityViolations, signInByEmail, startWebServer, type WebServer } from '../support/web-server.js';

/** Monday 7 December 2026, 09:00 in Rome. */
const NOW = '2026-12-07T08:00:00Z';

/**
 * November's demand, made with the clock set to 2 November: Arabic in Torino is covered; Tigrinya in
 * Asti is not (the only Tigrinya mediator works in Torino), one Arabic session ends in a dispute.
 * Then a Tigrinya request in Asti for Thursday 10 December, still uncovered this morning.
 */
async function seed(server: WebServer) {
  server.clock.set('2026-11-02T08:00:00Z');
  const asl = await server.make.service({ name: 'ASL Città di Torino', area: 'TO' });
  const asti = await server.make.service({ name: 'Comune di Asti – Servizi sociali', kind: 'municipality', area: 'AT' });
  const aslDesk = await server.make.user({ role: 'desk', serviceId: asl.id, email: 'sportello@asl.example.it' });
  const astiDesk = await server.make.user({ role: 'desk', serviceId: asti.id });
  const amina = await server.make.mediator({ name: 'Amina Haddad', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'] });
  await server.make.mediator({ name: 'Senait Tesfay', languages: [{ code: 'ti', level: 'native' }], areas: ['TO'], modalities: ['in_person', 'video'], sectors: ['social'] });
  await server.make.user({ role: 'coordinator', email: 'coordinamento@regione.example.it', name: 'Paola Bianchi' });
  const aminaUser = await server.make.mediatorUser(amina.id);
  const booked: Json[] = [];
  for (const day of ['09', '12', '18']) booked.push(await server.make.appointment(aslDesk.token, { start: `2026-11-${day}T10:00:00+01:00` }));
  for (const day of ['10', '17']) await server.make.appointment(astiDesk.token, { language: 'ti', sector: 'social', start: `2026-11-${day}T10:00:00+01:00` });
  server.clock.set(NOW);
  const disputed = booked[1] as Json;
  const sheet = (checkOut: string) => ({ outcome: 'completed', checkIn: '2026-11-12T10:00:00+01:00', checkOut });
  await server.expectStatus(server.call('POST', `/v1/appointments/${disputed.id}/attendance`, { token: aslDesk.token, body: sheet('2026-11-12T11:00:00+01:00') }), 200);
  await server.expectStatus(server.call('POST', `/v1/appointments/${disputed.id}/attendance`, { token: aminaUser.token, body: sheet('2026-11-12T11:45:00+01:00') }), 200);
  const upcoming = await server.make.appointment(astiDesk.token, { language: 'ti', sector: 'social', start: '2026-12-10T10:00:00+01:00' });
  expect(upcoming.status).toBe('unfilled');
  // The seed's e-mails go out first, so that the sign-in mail is the next one the sink receives.
  for (let i = 0; i < 100; i++) {
    const [pending, sending] = await Promise.all(['pending', 'sending'].map((s) => server.expectStatus(server.call('GET', `/v1/outbox?status=${s}`), 200)));
    if ((pending?.items.length ?? 0) + (sending?.items.length ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A coordinator's morning in a real Chromium (1366×768), with JavaScript (htmx in place) and without (full pages). */
describe.each([
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'with JavaScript off' },
])('the coordinator’s morning, $label', ({ js }) => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const axe: Record<string, unknown[]> = {};

  /** axe-core on every page visited with JavaScript on; with SCREENS=1 also its screenshot under docs/screens/. */
  async function check(name: string): Promise<void> {
    if (!js) return;
    axe[name] = await accessibilityViolations(page);
    if (process.env.SCREENS) await page.screenshot({ path: `docs/screens/coordinator-${name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '').toLowerCase()}.png`, fullPage: true });
  }

  const tile = (label: string) => page.locator('.tile', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('.tile-value').textContent();

  beforeAll(async () => {
    server = await startWebServer(NOW);
    await seed(server);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'it-IT', timezoneId: 'Europe/Rome', javaScriptEnabled: js });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('signs in and opens the dashboard for last month; the figures are the JSON report’s', async () => {
    await signInByEmail(page, server, 'coordinamento@regione.example.it');
    await page.getByRole('heading', { level: 1, name: 'Cruscotto della copertura' }).waitFor();
    await check('dashboard (last 30 days)');
    await page.getByRole('link', { name: 'mese scorso' }).click();
    await page.waitForURL(/from=2026-11-01&to=2026-11-30/);

    const report = await server.expectStatus(server.call('GET', '/v1/reports/coverage?from=2026-11-01&to=2026-12-01&groupBy=language,area'), 200);
    expect(await tile('Richieste')).toBe(String(report.totals.requested));
    expect(await tile('Coperte')).toBe(String(report.totals.filled));
    expect(await tile('Non coperte')).toBe(String(report.totals.unfilled));
    expect(await tile('Tasso di copertura')).toBe(`${Math.round(report.totals.fillRate * 100)} %`);
    expect(report.totals).toMatchObject({ requested: 5, filled: 3, unfilled: 2 });

    // The same filters on both sides: the sector narrows the figures alike.
    await page.getByLabel('Settore').selectOption({ label: 'servizi sociali' });
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.waitForURL(/sector=social/);
    const social = await server.expectStatus(server.call('GET', '/v1/reports/coverage?from=2026-11-01&to=2026-12-01&groupBy=language,area&sector=social'), 200);
    expect(await tile('Richieste')).toBe(String(social.totals.requested));
    expect(social.totals.requested).toBe(2);

    await page.goto(`${server.url}/app?from=2026-11-01&to=2026-11-30`);
    const heat = page.locator('table.heat-map');
    expect(await heat.getByRole('row', { name: /arabo/ }).textContent()).toContain('100 % (3/3)');
    const worst = heat.getByRole('row', { name: /tigrino/ }).locator('td.heat-none');
    expect(await worst.textContent()).toContain('0 % (0/2)');
    expect(await worst.textContent()).toContain('nessun mediatore');
    expect(await page.locator('#zero-supply').textContent()).toContain('Asti');
    expect(await page.getByRole('img', { name: 'Tasso di copertura per settimana' }).count()).toBe(1);
    await check('dashboard (November)');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Scarica i dati mostrati (CSV)' }).click();
    expect((await download).suggestedFilename()).toBe('copertura-2026-11-01-2026-11-30.csv');

    await worst.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Richieste da coprire' }).waitFor();
  }, 60_000);

  it('follows the worst cell to the uncovered request and assigns it through a fallback step', async () => {
    expect(page.url()).toContain('language=ti&area=AT');
    const request = page.locator('tbody', { hasText: 'tigrino' });
    expect(await request.textContent()).toContain('non coperta');
    await request.getByRole('link', { name: /^Candidati per tigrino/ }).click();
    const video = page.getByRole('button', { name: /In video: assegna a Senait Tesfay/ });
    await video.waitFor();
    // With JavaScript the candidates open in place (htmx); without, the page reloads with them open.
    expect(page.url().includes('open=')).toBe(!js);
    await check('to cover (candidates open)');
    await video.click();
    await page.getByText(/Assegnata/).waitFor();
    expect(await page.locator('tbody', { hasText: 'tigrino' }).textContent()).toContain('Senait Tesfay');
    const booked = await server.expectStatus(server.call('GET', '/v1/appointments?status=booked&language=ti'), 200);
    expect(booked.items.map((a: Json) => a.fallbackStep)).toEqual(['video']);
  }, 60_000);

  it('settles the dispute with a note, seeing both sheets side by side', async () => {
    await page.getByRole('link', { name: 'Contestazioni' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contestazioni' }).waitFor();
    expect(await page.getByRole('row', { name: /Fine effettiva/ }).first().textContent()).toMatch(/11:00.*11:45.*≠ diverso/);
    await check('disputes');
    await page.getByRole('link', { name: 'Decidi' }).click();
    await check('dispute');
    await page.locator('#f-outcome').getByText('svolto', { exact: true }).click();
    await page.getByLabel('Fine effettiva').fill('11:30');
    await page.getByLabel('Nota della decisione').fill('Confermato dal registro di reparto');
    await page.getByRole('button', { name: 'Chiudi con questa decisione' }).click();
    await page.getByText('Contestazione chiusa.').waitFor();
    await page.getByText('Nessuna contestazione aperta.').waitFor();
  }, 60_000);

  it('adds a Tigrinya mediator for Asti and the zero-supply pair disappears', async () => {
    await page.goto(`${server.url}/app?from=2026-11-01&to=2026-11-30`);
    await page.getByRole('link', { name: 'Aggiungi mediatore: tigrino, Asti' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nuovo mediatore' }).waitFor();
    await check('new mediator');
    expect(await page.getByLabel('Lingua 1', { exact: true }).inputValue()).toBe('ti');
    await page.getByLabel('Nome e cognome').fill('Yonas Gebremedhin');
    await page.getByLabel('E-mail').fill('yonas@coop.example.it');
    await page.getByRole('button', { name: 'Crea il mediatore' }).click();
    await page.getByText('Mediatore creato.').waitFor();
    await check('mediator');

    await page.goto(`${server.url}/app?from=2026-11-01&to=2026-11-30`);
    await page.getByText('Ogni lingua richiesta ha almeno un mediatore nella sua provincia.').waitFor();
    expect(await page.locator('table.heat-map td.heat-none').count()).toBe(0);
  }, 60_000);

  it('shows a release before saving a mediator who would lose a booking', async () => {
    await page.getByRole('link', { name: 'Mediatori' }).click();
    await check('mediators');
    await page.getByLabel('Lingua').selectOption({ label: 'tigrino' });
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.getByText('2 mediatori.').waitFor();
    await page.getByRole('link', { name: 'Senait Tesfay' }).click();
    await page.getByText('Attivo (riceve richieste)').click();
    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await page.getByText('Questa modifica libera 1 appuntamento già prenotato').waitFor();
    const still = await server.expectStatus(server.call('GET', '/v1/appointments?status=booked&language=ti'), 200);
    expect(still.items).toHaveLength(1);
  }, 60_000);

  it('runs services, users, timesheets and the outbox', async () => {
    await page.goto(`${server.url}/app/services`);
    await check('services');
    await page.getByRole('link', { name: 'ASL Città di Torino' }).click();
    await page.getByLabel('Dal giorno').fill('2026-11-01');
    await page.getByLabel('Al giorno (compreso)').fill('2026-11-30');
    await page.getByLabel('Ore', { exact: true }).fill('100');
    await page.getByRole('button', { name: 'Aggiungi budget' }).click();
    await page.getByRole('cell', { name: '100 h' }).waitFor();
    await check('service');

    await page.goto(`${server.url}/app/users`);
    await check('users');
    await page.getByLabel('Nome', { exact: true }).fill('Marco Verdi');
    await page.getByLabel('E-mail').fill('marco@comune.asti.example.it');
    await page.getByLabel('Servizio (per uno sportello)').selectOption({ label: 'Comune di Asti – Servizi sociali' });
    await page.getByRole('button', { name: 'Crea l’utente' }).click();
    const token = (await page.locator('#new-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^mb_/);
    await check('user created');
    const before = server.sink.received.length;
    await page.getByRole('button', { name: 'Invia invito di accesso' }).click();
    await page.getByText('Invito inviato').waitFor();
    const mails = await server.sink.waitFor(before + 1);
    expect(mails.slice(before).some((m) => m.envelopeTo.includes('marco@comune.asti.example.it'))).toBe(true);
    await page.getByRole('button', { name: 'Revoca: Marco Verdi' }).click();
    await page.getByText('Utente revocato').waitFor();
    expect((await server.call('GET', '/v1/me', { token })).status).toBe(401);

    await page.goto(`${server.url}/app/timesheets?month=2026-11`);
    await check('timesheets');
    await page.getByRole('row', { name: /Amina Haddad/ }).waitFor();

    await page.goto(`${server.url}/app/supply?language=ar&area=TO&from=2026-11-01&to=2026-11-30`);
    await page.getByRole('img', { name: 'arabo a Torino' }).waitFor();
    expect(await page.getByRole('row', { name: /2026-W46/ }).textContent()).toBe('2026-W4622 h2 h45 h'); // Amina: weekdays 9–18
    await check('supply and demand');

    await page.goto(`${server.url}/app/outbox?status=all`);
    await page.getByRole('cell', { name: 'marco@comune.asti.example.it' }).first().waitFor();
    await check('outbox');
    await page.getByRole('row', { name: /marco@comune\.asti\.example\.it/ }).first().getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Tentativi di consegna' }).waitFor();
    await check('outbox message');
  }, 60_000);

  it('has no accessibility violations on any coordinator page', () => {
    if (!js) return;
    expect(axe).toEqual(Object.fromEntries(Object.keys(axe).map((k) => [k, []])));
  });
});
