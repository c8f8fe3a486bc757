import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLIP_TEXTS } from '../../src/slip/texts/index.js';
import { launchBrowser } from '../support/browser.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

const LANGUAGES = ['ar', 'ro', 'sq', 'zh', 'ur', 'bn', 'pa', 'es', 'en', 'fr', 'uk', 'ti', 'wo'];
const RTL = new Set(['ar', 'ur']);

/** The number of pages a PDF says it has (the page tree's root /Count). */
function pdfPages(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
  return Math.max(...counts);
}

/** Each slip printed to PDF by real Chromium: its words, each column's direction, and one A4 page. */
describe("the beneficiary's slip in Chromium", () => {
  let h: Harness;
  let browser: Browser;
  let page: Page; // one page for all: the packaged single-process Chromium ends with its last page
  let desk: { service: Json; token: string };
  let appointment: Json;

  beforeAll(async () => {
    h = await makeHarness();
    desk = await h.make.desk({ name: 'Consultorio familiare Torino Nord', address: 'Via Cigna 12, 10152 Torino' });
    await h.make.mediator();
    appointment = await h.make.appointment(desk.token, { beneficiaryRef: 'CASO-4471', notes: 'seconda visita' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 794, height: 1123 } })).newPage(); // A4 at 96 dpi
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    h?.close();
  });

  it.each(LANGUAGES)('prints the %s slip on one page, each column in its language and direction', async (lang) => {
    const html = (await h.call('GET', `/v1/appointments/${appointment.id}/slip?lang=${lang}`, { token: desk.token })).text;
    await page.setContent(html, { waitUntil: 'load' });
    const columns = await page.evaluate(() =>
      [...document.querySelectorAll('main > section')].map((s) => ({
        lang: s.getAttribute('lang'),
        dir: getComputedStyle(s).direction,
        text: (s as HTMLElement).innerText,
      })),
    );
    const expected = SLIP_TEXTS[lang] ? [lang, 'it'] : ['en', 'fr', 'it'];
    expect(columns.map((c) => c.lang)).toEqual(expected);
    for (const c of columns) {
      const t = SLIP_TEXTS[c.lang ?? ''];
      expect(c.dir).toBe(RTL.has(c.lang ?? '') ? 'rtl' : 'ltr');
      expect(c.text).toContain(t?.mediator);
      expect(c.text).toContain(t?.bringText);
      expect(c.text).toContain('Via Cigna 12');
    }
    const all = await page.evaluate(() => document.body.innerText);
    expect(all).not.toContain('CASO-4471');
    expect(all).not.toContain('seconda visita');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPages(pdf)).toBe(1);
    if (lang === 'ar') {
      mkdirSync('docs/screens', { recursive: true });
      await page.screenshot({ path: 'docs/screens/slip-ar.png', fullPage: true });
    }
  }, 60_000);
});
