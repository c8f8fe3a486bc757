import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesktopPage } from '../support/browser.js';
import { accessibilityViolations, signInByEmail, startWebServer, type WebServer } from '../support/web-server.js';

/** Monday 7 December 2026, 09:00 in Rome. */
const NOW = '2026-12-07T08:00:00Z';
/** A public https target (allowed without WEBHOOK_ALLOW_PRIVATE) in a reserved domain: nothing ever answers it. */
const TARGET = 'https://gestionale.asl.invalid/webhook';

/** A coordinator subscribes, reads the deliveries, resends one and deletes the webhook, in a real Chromium (1366×768). */
describe('the coordinator’s webhook pages', () => {
  let server: WebServer;
  let page: Page;
  let closeBrowser: (() => Promise<void>) | undefined;
  const axe: Record<string, unknown[]> = {};
  /** axe-core on every page visited; with SCREENS=1 also its screenshot under docs/screens/. */
  const check = async (name: string) => {
    axe[name] = await accessibilityViolations(page);
    if (process.env.SCREENS) await page.screenshot({ path: `docs/screens/coordinator-${name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '').toLowerCase()}.png`, fullPage: true });
  };

  beforeAll(async () => {
    server = await startWebServer(NOW);
    await server.make.user({ role: 'coordinator', email: 'coordinamento@regione.example.it', name: 'Paola Bianchi' });
    ({ page, close: closeBrowser } = await openDesktopPage());
  }, 90_000);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it('subscribes a URL from the form and shows the secret once', async () => {
    await signInByEmail(page, server, 'coordinamento@regione.example.it');
    await page.getByRole('link', { name: 'Webhook', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhook' }).waitFor();
    await check('webhooks (empty)');

    await page.getByLabel('Indirizzo di destinazione').fill('http://127.0.0.1:9000/hook');
    await page.getByText('appuntamento prenotato', { exact: true }).click(); // Bootstrap Italia draws the box on the label
    expect(await page.getByLabel('appuntamento prenotato').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Crea il webhook' }).click();
    await page.getByText('Questo indirizzo non può ricevere webhook', { exact: false }).first().waitFor();
    await check('webhooks (refused target)');

    await page.getByLabel('Indirizzo di destinazione').fill(TARGET);
    await page.getByLabel('Descrizione').fill('Gestionale ASL Città di Torino');
    await page.getByRole('button', { name: 'Crea il webhook' }).click();
    await page.getByRole('heading', { level: 2, name: 'Copi ora il segreto: non verrà più mostrato' }).waitFor();
    expect((await page.locator('#new-secret').textContent())?.trim()).toMatch(/^whsec_/);
    await check('webhook created');
  }, 60_000);

  it('lists a booking’s delivery on the webhook’s page, resends it, and deletes the webhook after a confirmation', async () => {
    const desk = await server.make.desk();
    await server.make.mediator();
    await server.make.appointment(desk.token, { start: '2026-12-10T10:00:00+01:00' });
    // The server's background jobs try the target (nothing answers a .invalid name) and record the attempt.
    const [hook] = (await server.expectStatus(server.call('GET', '/v1/webhooks'), 200)).items;
    for (let i = 0; i < 100; i++) {
      const [delivery] = (await server.expectStatus(server.call('GET', `/v1/webhooks/${hook.id}/deliveries`), 200)).items;
      if (delivery?.attemptLog.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    await page.getByRole('link', { name: 'Apri il webhook' }).click();
    await page.getByRole('heading', { level: 2, name: 'Invii' }).waitFor();
    await page.getByRole('cell', { name: 'appuntamento prenotato', exact: true }).waitFor();
    await page.getByText('1º tentativo', { exact: false }).waitFor();
    expect(await page.getByRole('cell', { name: /nessuna risposta/ }).count()).toBe(1);
    await check('webhook with deliveries');

    await page.getByRole('button', { name: /^Reinvia: appuntamento prenotato/ }).click();
    await page.getByText('Invio rimesso in coda').waitFor();

    await page.getByRole('link', { name: 'Elimina' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eliminare il webhook?' }).waitFor();
    await check('delete webhook');
    await page.getByRole('button', { name: 'Sì, elimina il webhook' }).click();
    await page.getByText('Webhook eliminato: non riceverà più nulla.').waitFor();
    expect((await server.expectStatus(server.call('GET', '/v1/webhooks'), 200)).items).toEqual([]);
  }, 60_000);

  it('has no accessibility violations (WCAG 2.1 AA) on any webhook page', () => {
    expect(Object.keys(axe)).toHaveLength(5);
    expect(axe).toEqual(Object.fromEntries(Object.keys(axe).map((k) => [k, []])));
  });
});
