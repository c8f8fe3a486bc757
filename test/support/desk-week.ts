import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Json } from './factories.js';

/** Friday 20 March 2026, 09:00 in Rome: the desk's week happens on this day. */
export const DESK_WEEK_NOW = '2026-03-20T08:00:00Z';
const TODAY = '2026-03-20';

type Make = { service(o?: Json): Promise<Json>; user(o: Json): Promise<{ id: string; token: string }>; mediator(o?: Json): Promise<Json> };

/** A consultorio with a desk clerk, three Arabic mediators in Torino (one by phone only) and an Urdu one in Asti who works by video. */
export async function seedDeskWeek(make: Make): Promise<{ email: string }> {
  const service = await make.service({ name: 'ASL Città di Torino – Consultorio', area: 'TO', address: 'Via San Secondo 29, Torino', phone: '011 123 4567' });
  const email = 'sportello@asl.example.it';
  await make.user({ role: 'desk', serviceId: service.id, email, name: 'Giulia Rossi' });
  await make.mediator({ name: 'Amina Haddad', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'] });
  await make.mediator({ name: 'Youssef Benali', languages: [{ code: 'ar-MA', level: 'C1' }], areas: ['TO'] });
  await make.mediator({ name: 'Karim Saleh', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'], modalities: ['phone'] });
  await make.mediator({ name: 'Imran Qureshi', languages: [{ code: 'ur', level: 'native' }], areas: ['AT'], modalities: ['in_person', 'video'] });
  return { email };
}

/** Fills the new-request form (the page must be open) and sends it. */
export async function requestMediator(page: Page, fields: { language: string; time: string; caseRef?: string; manual?: boolean; search?: string }): Promise<void> {
  if (fields.search) await page.getByLabel('Cerca una lingua').fill(fields.search);
  else await page.getByLabel('Lingua', { exact: true }).selectOption({ label: fields.language });
  await page.getByLabel('Data').fill(TODAY);
  await page.getByLabel('Ora di inizio').fill(fields.time);
  if (fields.caseRef) await page.getByLabel('Codice pratica').fill(fields.caseRef);
  // The label: Bootstrap Italia draws the radio over its input.
  if (fields.manual) await page.getByText('Scelgo io', { exact: true }).click();
  await page.getByRole('button', { name: 'Invia la richiesta' }).click();
}

/** Requests an Arabic mediator choosing by hand, reads the candidates and why the others are excluded, and books the best. */
export async function pickFromCandidates(page: Page, check: (name: string) => Promise<void>): Promise<void> {
  await page.getByRole('link', { name: 'Nuova richiesta' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Nuova richiesta di mediazione' }).waitFor();
  await check('new request');
  await requestMediator(page, { language: 'arabo', time: '14:00', caseRef: 'PR-2026-114', manual: true });
  await page.getByRole('heading', { level: 1, name: 'Mediazione in arabo' }).waitFor();
  await page.getByRole('heading', { name: 'Scegli il mediatore' }).waitFor();
  const candidates = page.locator('#candidates-title ~ ol > li');
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
}

export async function rescheduleBooking(page: Page): Promise<void> {
  await page.getByLabel('Ora di inizio').fill('14:30');
  await page.getByRole('button', { name: 'Salva le modifiche' }).click();
  await page.getByText('Modifica salvata: il mediatore resta prenotato.').waitFor();
  expect(await page.locator('main').textContent()).toContain('venerdì 20 marzo 2026, 14:30–15:30');
}

/** Opens the cancel page, reads what it says about a charge, and cancels. */
export async function cancelBooking(page: Page, expectedCharge: RegExp, check: (name: string) => Promise<void>): Promise<void> {
  await page.getByRole('link', { name: 'Annulla l’appuntamento' }).click();
  await page.getByRole('heading', { level: 1, name: 'Annullare l’appuntamento?' }).waitFor();
  expect(await page.locator('main .alert').textContent()).toMatch(expectedCharge);
  await check('cancel');
  await page.getByLabel('Motivo (facoltativo)').fill("L'utente ha disdetto");
  await page.getByRole('button', { name: 'Sì, annulla l’appuntamento' }).click();
  await page.getByRole('heading', { name: 'Appuntamento annullato' }).waitFor();
}

/** Urdu in Torino: nobody; the video step with the mediator from Asti. */
export async function takeFallbackStep(page: Page, url: string, js: boolean, check: (name: string) => Promise<void>): Promise<void> {
  await page.goto(`${url}/app/appointments/new`);
  await requestMediator(page, { language: 'urdu', time: '16:00', ...(js ? { search: 'urd' } : {}) });
  await page.getByRole('heading', { name: 'Nessun mediatore disponibile' }).waitFor();
  await check('unfilled');
  await page.getByRole('button', { name: /^In video: assegna a Imran Qureshi/ }).click();
  await page.getByRole('heading', { name: 'Prenotazione confermata' }).waitFor();
  expect(await page.locator('main').textContent()).toContain('video');
  // Booked by video without a link: the desk is asked for one, and adds it.
  await page.getByText('manca il link della videochiamata').waitFor();
  await page.getByLabel('Link della videochiamata').fill('https://meet.example.it/urdu-1600');
  await page.getByRole('button', { name: 'Salva le modifiche' }).click();
  await page.getByRole('link', { name: 'https://meet.example.it/urdu-1600' }).waitFor();
  expect(await page.getByText('manca il link della videochiamata').count()).toBe(0);
}
