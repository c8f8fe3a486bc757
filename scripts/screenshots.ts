/**
 * `npm run screenshots`: the web pages in a real Chromium, at 1366 px and at 360 px, into docs/screens/
 * (the README links them). The data is the desk's week of the browser tests (test/support/desk-week.ts)
 * on a real server with a fixed clock.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../test/support/browser.js';
import { DESK_WEEK_NOW, requestMediator, seedDeskWeek } from '../test/support/desk-week.js';
import { signInByEmail, startWebServer } from '../test/support/web-server.js';

const OUT = join(import.meta.dirname, '..', 'docs', 'screens');
mkdirSync(OUT, { recursive: true });

const server = await startWebServer(DESK_WEEK_NOW);
const browser = await launchBrowser();
try {
  const { email } = await seedDeskWeek(server.make);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  const shots: Array<[string, string]> = [];
  const shoot = async (name: string) => {
    shots.push([name, page.url().replace(server.url, '')]);
    for (const [suffix, width] of [['desktop', 1366], ['phone', 360]] as const) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 768 });
      await page.screenshot({ path: join(OUT, `desk-${name}-${suffix}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  };
  await page.goto(`${server.url}/app/login`);
  await shoot('sign-in');
  await signInByEmail(page, server, email);

  await page.goto(`${server.url}/app/appointments/new`);
  await shoot('new-request');
  await requestMediator(page, { language: 'arabo', time: '14:00', caseRef: 'PR-2026-114', manual: true });
  await page.getByRole('link', { name: 'Perché non altri?' }).click();
  await page.locator('#why-not h3').waitFor();
  await shoot('candidates');
  await page.getByRole('button', { name: 'Assegna a Amina Haddad' }).click();
  await shoot('booked');
  await page.getByRole('link', { name: 'Annulla l’appuntamento' }).click();
  await shoot('cancel');

  await page.goto(`${server.url}/app/appointments/new`);
  await requestMediator(page, { language: 'urdu', time: '16:00' });
  await shoot('nobody-available');

  await page.goto(`${server.url}/app/appointments/new`);
  await requestMediator(page, { language: 'arabo', time: '11:00' });
  server.clock.advance(4 * 60 * 60_000);
  await page.reload();
  await shoot('attendance');
  await page.goto(`${server.url}/app`);
  await shoot('agenda');
  await page.goto(`${server.url}/app/close-out`);
  await shoot('close-out');
  await page.goto(`${server.url}/app/exclusions`);
  await shoot('exclusions');
  await page.goto(`${server.url}/app/hours?month=2026-03`);
  await shoot('hours');
  console.log(shots.map(([name, path]) => `${name}: ${path}`).join('\n'));
} finally {
  await browser.close();
  await server.close();
}
