import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { accessibilityViolations, scrollsSideways, signInByEmail, startWebServer, type WebServer } from '../support/web-server.js';

/** Friday 20 March 2026, 09:00 in Rome. */
const NOW = '2026-03-20T08:00:00Z';
const TODAY = '2026-03-20';

/**
 * A desk clerk's week in a real Chromium against the real server: sign in from the e-mail link,
 * request an Arabic mediator and pick one from the candidates (seeing why others are excluded),
 * reschedule, cancel after the warning, request a language nobody speaks nearby and take a fallback
 * step, sign an attendance sheet, download the hours — once with JavaScript and once without.
 */
describe.each([
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'with JavaScript off' },
])('the desk’s week, $label', ({ js }) => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const axe: Record<string, unknown[]> = {};

  /** Every page visited with JavaScript on is checked with axe-core (WCAG 2.1 AA). */
  async function check(name: string): Promise<void> {
    if (js) axe[name] = await accessibilityViolations(page);
  }

  beforeAll(async () => {
    server = await startWebServer(NOW);
    const service = await server.make.service({ name: 'ASL Città di Torino – Consultorio', area: 'TO', address: 'Via San Secondo 29, Torino', phone: '011 123 4567' });
    await server.make.user({ role: 'desk', serviceId: service.id, email: 'sportello@asl.example.it', name: 'Giulia Rossi' });
    await server.make.mediator({ name: 'Amina Haddad', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'] });
    await server.make.mediator({ name: 'Youssef Benali', languages: [{ code: 'ar-MA', level: 'C1' }], areas: ['TO'] });
    await server.make.mediator({ name: 'Karim Saleh', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'], modalities: ['phone'] });
    // Urdu: nobody in Torino; one mediator in Asti who works by video.
    await server.make.mediator({ name: 'Imran Qureshi', languages: [{ code: 'ur', level: 'native' }], areas: ['AT'], modalities: ['in_person', 'video'] });
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

  it('signs in from the e-mail link', async () => {
    await signInByEmail(page, server, 'sportello@asl.example.it');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Agenda dello sportello');
    await check('agenda');
  }, 60_000);

  it('requests an Arabic mediator, sees the candidates and why not the others, and books one', async () => {
    await page.getByRole('link', { name: 'Nuova richiesta' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nuova richiesta di mediazione' }).waitFor();
    await check('new request');
    await page.getByLabel('Lingua', { exact: true }).selectOption({ label: 'arabo' });
    await page.getByLabel('Data').fill(TODAY);
    await page.getByLabel('Ora di inizio').fill('14:00');
    await page.getByLabel('Codice pratica').fill('PR-2026-114');
    await page.getByText('Scelgo io', { exact: true }).click(); // the label: Bootstrap Italia draws the radio over the input
    await page.getByRole('button', { name: 'Invia la richiesta' }).click();

    await page.getByRole('heading', { level: 1, name: 'Mediazione in arabo' }).waitFor();
    await page.getByRole('heading', { name: 'Scegli il mediatore' }).waitFor();
    const candidates = page.locator('#candidates-title + p + ol > li');
    expect(await candidates.count()).toBe(2);
    expect(await candidates.first().textContent()).toContain('Amina Haddad');
    await check('candidates');

    await page.getByRole('link', { name: 'Perché non altri?' }).click();
    const whyNot = page.locator('#why-not');
    await whyNot.getByText('Karim Saleh: non lavora in questa modalità').waitFor();
    expect(await whyNot.textContent()).toContain('Imran Qureshi: non parla la lingua');

    await page.getByRole('button', { name: 'Assegna a Amina Haddad' }).click();
    await page.getByRole('heading', { name: 'Prenotazione confermata' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('venerdì 20 marzo 2026, 14:00–15:00');
    await check('booked');
  }, 60_000);

  it('reschedules the booking and the mediator stays', async () => {
    await page.getByLabel('Ora di inizio').fill('14:30');
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    await page.getByText('Modifica salvata: il mediatore resta prenotato.').waitFor();
    expect(await page.locator('main').textContent()).toContain('venerdì 20 marzo 2026, 14:30–15:30');
  }, 60_000);

  it('cancels after seeing the late-cancellation warning', async () => {
    server.clock.advance(30 * 60_000); // past the 15-minute grace period, inside the notice window
    await page.getByRole('link', { name: 'Annulla l’appuntamento' }).click();
    await page.getByRole('heading', { level: 1, name: 'Annullare l’appuntamento?' }).waitFor();
    expect(await page.locator('.alert').textContent()).toContain('Annullamento tardivo');
    await check('cancel');
    await page.getByLabel('Motivo (facoltativo)').fill("L'utente ha disdetto");
    await page.getByRole('button', { name: 'Sì, annulla l’appuntamento' }).click();
    await page.getByRole('heading', { name: 'Appuntamento annullato' }).waitFor();
  }, 60_000);

  it('requests a language nobody speaks nearby and takes the video step', async () => {
    await page.goto(`${server.url}/app/appointments/new`);
    if (js) {
      await page.getByLabel('Cerca una lingua').fill('urd');
      expect(await page.getByLabel('Lingua', { exact: true }).inputValue()).toBe('ur');
    } else {
      await page.getByLabel('Lingua', { exact: true }).selectOption({ label: 'urdu' });
    }
    await page.getByLabel('Data').fill(TODAY);
    await page.getByLabel('Ora di inizio').fill('16:00');
    await page.getByRole('button', { name: 'Invia la richiesta' }).click();
    await page.getByRole('heading', { name: 'Nessun mediatore disponibile' }).waitFor();
    await check('unfilled');
    await page.getByRole('button', { name: /^In video: assegna a Imran Qureshi/ }).click();
    await page.getByRole('heading', { name: 'Prenotazione confermata' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('video');
  }, 60_000);

  it('signs the attendance sheet once the session is over', async () => {
    await page.goto(`${server.url}/app/appointments/new`);
    await page.getByLabel('Lingua', { exact: true }).selectOption({ label: 'arabo' });
    await page.getByLabel('Data').fill(TODAY);
    await page.getByLabel('Ora di inizio').fill('11:00');
    await page.getByRole('button', { name: 'Invia la richiesta' }).click();
    await page.getByRole('heading', { name: 'Prenotazione confermata' }).waitFor();
    const detail = page.url();

    server.clock.advance(3 * 60 * 60_000); // 12:30 in Rome
    await page.goto(`${server.url}/app/close-out`);
    await check('close-out');
    await page.getByRole('link', { name: /ven 20 mar, 11:00/ }).click();
    expect(page.url()).toContain(detail.replace(server.url, ''));
    await page.getByText('svolto', { exact: true }).click();
    await page.getByLabel('Inizio effettivo').fill('11:00');
    await page.getByLabel('Fine effettiva').fill('12:00');
    await page.getByRole('button', { name: 'Firma il foglio' }).click();
    await page.getByText('Foglio presenza registrato.').waitFor();
    await check('attendance');
  }, 60_000);

  it('shows exclusions and the hours, and downloads the CSV', async () => {
    await page.goto(`${server.url}/app/exclusions`);
    await page.getByLabel('Mediatore').selectOption({ label: 'Imran Qureshi' });
    await page.getByLabel('Motivo').fill('Conflitto di interessi');
    await page.getByRole('button', { name: 'Aggiungi esclusione' }).click();
    await page.getByRole('cell', { name: 'Conflitto di interessi' }).waitFor();
    await check('exclusions');

    await page.goto(`${server.url}/app/hours?month=2026-03`);
    await check('hours');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Scarica il foglio ore (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('ore-2026-03.csv');
  }, 60_000);

  it('has no accessibility violations on any desk page, and reflows at 320 px', async () => {
    if (!js) return;
    expect(axe).not.toEqual({});
    for (const [name, violations] of Object.entries(axe)) expect({ name, violations }).toEqual({ name, violations: [] });
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/app', '/app/appointments/new', '/app/close-out', '/app/exclusions', '/app/hours']) {
      await page.goto(`${server.url}${path}`);
      expect({ path, sideways: await scrollsSideways(page) }).toEqual({ path, sideways: false });
    }
  }, 60_000);
});
