import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { cancelBooking, DESK_WEEK_NOW, pickFromCandidates, rescheduleBooking, seedDeskWeek, takeFallbackStep } from '../support/desk-week.js';
import { mailApi } from '../support/mail-api.js';
import { accessibilityViolations, freePort } from '../support/web-server.js';
import { makeWorkerTarget } from '../support/worker-target.js';

/**
 * The desk's week against the Worker in workerd (Miniflare, D1, the web assets served as Workers
 * Static Assets), in a real Chromium. The Worker's clock is fixed, so the steps that need time to
 * pass (a late cancellation, an attendance sheet) run on Node only (test/e2e/desk.browser.test.ts).
 */
describe('the desk’s week on the Worker', () => {
  let target: Awaited<ReturnType<typeof makeWorkerTarget>>;
  let api: Awaited<ReturnType<typeof mailApi>>;
  let browser: Browser;
  let page: Page;
  let email = '';
  const violations: Record<string, unknown[]> = {};
  const check = async (name: string) => {
    violations[name] = await accessibilityViolations(page);
  };

  beforeAll(async () => {
    api = await mailApi();
    target = await makeWorkerTarget({ now: DESK_WEEK_NOW, web: { port: await freePort() }, bindings: { MAIL_HTTP_URL: api.url, MAIL_HTTP_API_KEY: 'key-123' } });
    ({ email } = await seedDeskWeek(target.make));
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'it-IT', timezoneId: 'Europe/Rome', reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await target?.close();
    await api?.close();
  });

  it('serves the pages with their fingerprinted assets as Static Assets', async () => {
    const res = await page.goto(`${target.url}/app/login`);
    expect(res?.status()).toBe(200);
    const css = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => (l as HTMLLinkElement).href));
    expect(css).toHaveLength(2);
    for (const href of css) {
      const asset = await fetch(href);
      expect(asset.status).toBe(200);
    }
    // Bootstrap Italia's CSS applied: the body font is Titillium Web.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Titillium Web');
  }, 60_000);

  it('signs in from the e-mail link sent through the mail API by the Cron Trigger', async () => {
    await page.getByLabel('Indirizzo e-mail').fill(email);
    await page.getByRole('button', { name: 'Inviami il link' }).click();
    await page.getByRole('heading', { level: 1, name: 'Controlli la posta' }).waitFor();
    await target.scheduled();
    const mail = api.requests.find((r) => r.body.to?.[0] === email);
    const link = /http:\/\/127\.0\.0\.1:\d+\/app\/login\/[A-Za-z0-9_-]+/.exec(String(mail?.body.text ?? ''))?.[0];
    expect(link).toBeDefined();
    await page.goto(link ?? '');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agenda dello sportello' }).waitFor();
    await check('agenda');
  }, 60_000);

  it('books from the candidates, reschedules, cancels, and takes a fallback step', async () => {
    await pickFromCandidates(page, check);
    await rescheduleBooking(page);
    await cancelBooking(page, /Nessun addebito/, check);
    await takeFallbackStep(page, target.url, true, check);
    for (const [name, found] of Object.entries(violations)) expect({ name, found }).toEqual({ name, found: [] });
  }, 90_000);
});
