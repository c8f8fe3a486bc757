import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { cancelBooking, DESK_WEEK_NOW, pickFromCandidates, requestMediator, rescheduleBooking, seedDeskWeek, takeFallbackStep } from '../support/desk-week.js';
import { accessibilityViolations, scrollsSideways, signInByEmail, startWebServer, type WebServer } from '../support/web-server.js';


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
  let email = '';

  /** Every page visited with JavaScript on is checked with axe-core (WCAG 2.1 AA). */
  async function check(name: string): Promise<void> {
    if (js) axe[name] = await accessibilityViolations(page);
  }

  beforeAll(async () => {
    server = await startWebServer(DESK_WEEK_NOW);
    ({ email } = await seedDeskWeek(server.make));
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'it-IT', timezoneId: 'Europe/Rome', javaScriptEnabled: js, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('serves the fingerprinted assets with a year of caching', async () => {
    const html = await (await fetch(`${server.url}/app/login`)).text();
    const hrefs = [...html.matchAll(/(?:href|src)="(\/assets\/[0-9a-f]{12}\/[^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toHaveLength(4);
    for (const href of hrefs) {
      const res = await fetch(`${server.url}${href}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  it('signs in from the e-mail link', async () => {
    await signInByEmail(page, server, email);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Agenda dello sportello');
    await check('agenda');
  }, 60_000);

  it('requests an Arabic mediator, sees the candidates and why not the others, and books one', async () => {
    await pickFromCandidates(page, check);
  }, 60_000);

  it('reschedules the booking and the mediator stays', async () => {
    await rescheduleBooking(page);
  }, 60_000);

  it('cancels after seeing the late-cancellation warning', async () => {
    server.clock.advance(30 * 60_000); // past the 15-minute grace period, inside the notice window
    await cancelBooking(page, /Annullamento tardivo/, check);
  }, 60_000);

  it('requests a language nobody speaks nearby and takes the video step', async () => {
    await takeFallbackStep(page, server.url, js, check);
  }, 60_000);

  it('signs the attendance sheet once the session is over', async () => {
    await page.goto(`${server.url}/app/appointments/new`);
    await requestMediator(page, { language: 'arabo', time: '11:00' });
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
    expect(file.suggestedFilename()).toBe('ore-servizi_2026-03-01_2026-03-31.csv');
  }, 60_000);

  it('books a weekly series from the form and sees every occurrence', async () => {
    await page.goto(`${server.url}/app/appointments/new`);
    await page.getByLabel('Lingua', { exact: true }).selectOption({ label: 'arabo' });
    await page.getByLabel('Ora di inizio').fill('09:00');
    await page.getByLabel('Ripeti').selectOption({ label: 'Ogni settimana, stesso giorno e ora' });
    await page.getByLabel('Quante volte in tutto').fill('3');
    await page.getByRole('button', { name: 'Invia la richiesta' }).click();
    await page.getByRole('heading', { level: 1, name: 'Serie: mediazione in arabo' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    await check('series');
  }, 60_000);

  it('books with the keyboard alone', async () => {
    if (!js) return;
    const focused = () => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent?.trim() ?? '' }));
    const tabTo = async (wanted: (f: { id: string; text: string }) => boolean) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (wanted(await focused())) return;
      }
      throw new Error('never reached by Tab');
    };
    await page.goto(`${server.url}/app`);
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Vai al contenuto');
    await tabTo((f) => f.text === 'Nuova richiesta');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Nuova richiesta di mediazione' }).waitFor();
    await tabTo((f) => f.id === 'f-language');
    await page.keyboard.type('arabo');
    // The date is already the next working day (Monday): the clerk keeps it.
    await tabTo((f) => f.id === 'f-time');
    await page.keyboard.type('1700');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Prenotazione confermata' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('lunedì 23 marzo 2026, 17:00–18:00');
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
