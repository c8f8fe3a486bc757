import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesktopPage } from '../support/browser.js';
import { accessibilityViolations, signInByEmail, startWebServer, type WebServer } from '../support/web-server.js';

/** Monday 7 December 2026, 09:00 in Rome. */
const NOW = '2026-12-07T08:00:00Z';
const HEADER = 'Nome e cognome;E-mail;Telefono;Lingue e livelli;Zone servite;Modalità;Settori;Ore settimanali massime;Disponibilità settimanale;Attivo';
/** Rows of the larger file: the server's jobs apply 500 a round, so it stays running across several rounds. */
const LARGE_ROWS = 2_000;

/** A CSV as Italian Excel saves it (`;`, CRLF, UTF-8 with a BOM), as a file for the file input. */
const csvFile = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`) });

/** A coordinator imports mediators from a spreadsheet in a real Chromium (1366×768): the check, the commit, the progress of a large file. */
describe('the coordinator’s import pages', () => {
  let server: WebServer;
  let page: Page;
  let closeBrowser: (() => Promise<void>) | undefined;
  const axe: Record<string, unknown[]> = {};
  /** axe-core on the page; with SCREENS=1 and a `screen` name, its screenshot docs/screens/coordinator-import-<screen>.png. */
  const check = async (name: string, screen?: string) => {
    axe[name] = await accessibilityViolations(page);
    if (process.env.SCREENS && screen) await page.screenshot({ path: `docs/screens/coordinator-import-${screen}.png`, fullPage: true });
  };
  const fileInput = () => page.getByLabel('File da importare');

  beforeAll(async () => {
    server = await startWebServer(NOW);
    await server.make.user({ role: 'coordinator', email: 'coordinamento@regione.example.it', name: 'Paola Bianchi' });
    ({ page, close: closeBrowser } = await openDesktopPage({ acceptDownloads: true }));
  }, 90_000);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it('opens the import from the mediators page, downloads the template, and says beside the field why a file cannot be read', async () => {
    await signInByEmail(page, server, 'coordinamento@regione.example.it');
    await page.getByRole('link', { name: 'Mediatori', exact: true }).click();
    await page.getByRole('link', { name: 'Importa da foglio di calcolo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importa mediatori da un foglio di calcolo' }).waitFor();
    await check('upload', 'upload');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Scarica il modello (CSV per Excel)' }).click()]);
    expect(download.suggestedFilename()).toBe('modello_mediatori.csv');
    const template = await readFile((await download.path()) as string, 'utf8');
    expect(template.split(/\r?\n/)[0]).toBe('\uFEFFNome e cognome;E-mail;Telefono;Genere;Lingue e livelli;Zone servite;Zona di residenza;Modalità;Settori;Ore settimanali massime;Disponibilità settimanale;Attivo;Avvisi via');

    await fileInput().setInputFiles(csvFile('rubrica.csv', ['Nome;Lingue', 'Amina;arabo madrelingua']));
    await page.getByRole('button', { name: 'Controlla il file' }).click();
    await page.locator('#file-error').getByText('Mancano le colonne obbligatorie: E-mail. Usi il modello scaricabile da questa pagina.').waitFor();
    expect(await fileInput().getAttribute('aria-invalid')).toBe('true');
    await check('upload (file refused)');
  }, 60_000);

  it('checks a CSV, shows the reason for a refused row beside it, and imports the good row when confirmed', async () => {
    await fileInput().setInputFiles(
      csvFile('mediatori.csv', [
        HEADER,
        'Amina Benali;amina.benali@example.org;+39 333 123 4567;arabo madrelingua, francese C1;TO;in presenza, video;sanità;20;"lun-ven 9:00-13:00; mer 14:00-18:00";sì',
        'Mario Rossi;mario.rossi@example;;arabo madrelingua;Marte;in presenza;;;;',
      ]),
    );
    await page.getByRole('button', { name: 'Controlla il file' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importazione di mediatori.csv' }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'nuovo mediatore' }).textContent()).toBe('1 nuovo mediatore');
    expect(await page.getByRole('listitem').filter({ hasText: 'riga scartata' }).textContent()).toBe('1 riga scartata');
    await page.getByRole('link', { name: 'Scarica le righe scartate (CSV) per correggerle' }).waitFor();
    const refused = page.getByRole('row').filter({ hasText: 'Mario Rossi' });
    expect(await refused.getByRole('cell').nth(3).textContent()).toBe('scartata');
    await refused.getByText('E-mail: «mario.rossi@example» non è un indirizzo e-mail valido.').waitFor();
    await refused.getByText(/^Zone servite: Zona «Marte» sconosciuta\. Zone: /).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Amina Benali' }).getByRole('cell').nth(3).textContent()).toBe('nuovo');
    await check('report (checked)', 'checked');

    await page.getByRole('button', { name: 'Importa 1 riga' }).click();
    await page.getByText('Importazione confermata.').waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'mediatore aggiunto' }).textContent()).toBe('1 mediatore aggiunto');
    await page.getByRole('row').filter({ hasText: 'Amina Benali' }).getByText('aggiunto').waitFor();
    await check('report (done)');

    await page.getByRole('link', { name: 'scheda: Amina Benali' }).click();
    await page.getByRole('heading', { level: 1, name: 'Amina Benali' }).waitFor();
  }, 60_000);

  it(`shows a progress bar while the jobs apply a ${LARGE_ROWS}-row file, and the result when they are done`, async () => {
    const lines = [HEADER];
    for (let i = 1; i <= LARGE_ROWS; i++) lines.push(`Mediatore ${i};m${i}@example.org;;rumeno madrelingua;TO;in presenza;;;lun 9-13;sì`);
    await page.goto(`${server.url}/app/imports`);
    await fileInput().setInputFiles(csvFile('rete-regionale.csv', lines));
    await page.getByRole('button', { name: 'Controlla il file' }).click();
    await page.getByRole('button', { name: `Importa ${LARGE_ROWS} righe` }).click();

    // The server's own loop runs the jobs: the bar is asked again by htmx until they are done, then the whole page is shown.
    const bar = page.getByRole('progressbar', { name: 'Avanzamento dell’importazione' });
    await bar.waitFor();
    expect(await bar.getAttribute('max')).toBe(String(LARGE_ROWS));
    expect(Number(await bar.getAttribute('value'))).toBeLessThan(LARGE_ROWS);
    await page.getByRole('status').getByText(new RegExp(`^\\d+ di ${LARGE_ROWS} righe$`)).waitFor();
    await check('report (running)');

    await page.getByText('completato', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await bar.count()).toBe(0);
    expect(await page.getByRole('listitem').filter({ hasText: 'mediatori aggiunti' }).textContent()).toBe(`${LARGE_ROWS} mediatori aggiunti`);
    await check('report (large file done)');
  }, 90_000);

  it('has no accessibility violations (WCAG 2.1 AA) on any import page', () => {
    expect(Object.keys(axe)).toHaveLength(6);
    expect(axe).toEqual(Object.fromEntries(Object.keys(axe).map((k) => [k, []])));
  });
});
