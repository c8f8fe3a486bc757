/**
 * An offered mediator reads what they need to decide (time, place, service and its address,
 * modality, duration) but not the case reference or the notes until they accept; the
 * "no longer available" e-mail carries neither.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MailTransport, OutgoingMail } from '../../src/mail/message.js';
import { type Harness, type Json, makeHarness, memoryMail } from '../support/harness.js';

let h: Harness;
let outbox: OutgoingMail[];
let memory: MailTransport;
const CASE = 'CASO-7731';
const NOTES = 'Colloquio sul referto oncologico';

let desk: { service: Json; token: string };
let first: { mediator: Json; token: string };
let second: { mediator: Json; token: string };
let a: Json;

beforeEach(async () => {
  h = await makeHarness();
  ({ transport: memory, sent: outbox } = memoryMail());
  desk = await h.make.desk({ name: 'Consultorio Vanchiglia', address: 'Via Buniva 5, Torino' });
  const mediator = async (name: string, level: string) => {
    const m = await h.make.mediator({ name, email: `${name.toLowerCase()}@example.it`, languages: [{ code: 'ar', level }] });
    return { mediator: m, token: (await h.make.mediatorUser(m.id)).token };
  };
  first = await mediator('Amina', 'native');
  second = await mediator('Karim', 'C2');
  a = await h.make.appointment(desk.token, { assignment: 'offer', beneficiaryRef: CASE, notes: NOTES, durationMinutes: 90 });
  expect(a.status).toBe('offered');
});
afterEach(() => h.close());

const mailsOfKind = (kind: string) => outbox.filter((m) => m.headers?.['X-Mediator-Booking-Kind'] === kind);
const leaks = (text: string) => [CASE, NOTES].filter((secret) => text.includes(secret));

it('shows the offered mediator the appointment without its case reference or notes', async () => {
  const list = await h.expectStatus(h.call('GET', '/v1/offers', { token: first.token }), 200);
  expect(list.items).toHaveLength(1);
  expect(list.items[0].appointment).toEqual({
    id: a.id,
    start: '2026-03-23T10:00:00+01:00',
    end: '2026-03-23T11:30:00+01:00',
    durationMinutes: 90,
    language: 'ar',
    modality: 'in_person',
    area: 'TO',
    sector: 'health',
    urgency: 'standard',
    location: 'Via Buniva 5, Torino',
    service: { id: desk.service.id, name: 'Consultorio Vanchiglia', address: 'Via Buniva 5, Torino' },
  });
  expect(leaks(JSON.stringify(list))).toEqual([]);
  const one = await h.expectStatus(h.call('GET', `/v1/offers/${list.items[0].id}`, { token: first.token }), 200);
  expect(one).toEqual(list.items[0]);
  expect((await h.call('GET', `/v1/offers/${list.items[0].id}`, { token: second.token })).status).toBe(404);
  expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: first.token })).status).toBe(404);
});

it('leaves the case reference and notes out of the offer e-mail', async () => {
  await h.runJobs(memory);
  const offers = mailsOfKind('offer');
  expect(offers).toHaveLength(2);
  for (const mail of offers) {
    expect(mail.text).toContain('Via Buniva 5, Torino');
    expect(leaks(`${mail.subject}\n${mail.text}\n${mail.html}`)).toEqual([]);
  }
});

it('shows them once the mediator accepts, and the "no longer available" e-mail to the other carries neither', async () => {
  await h.expectStatus(h.call('POST', `/v1/offers/${(await h.call('GET', '/v1/offers', { token: first.token })).body.items[0].id}/accept`, { token: first.token }), 200);
  const mine = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: first.token }), 200);
  expect([mine.beneficiaryRef, mine.notes]).toEqual([CASE, NOTES]);
  await h.runJobs(memory);
  const withdrawn = mailsOfKind('offer_withdrawn');
  expect(withdrawn.map((m) => m.to[0])).toEqual(['karim@example.it']);
  expect(leaks(`${withdrawn[0]?.subject}\n${withdrawn[0]?.text}\n${withdrawn[0]?.html}`)).toEqual([]);
  const declined = await h.call('GET', '/v1/offers', { token: second.token });
  expect(declined.body.items[0]).toMatchObject({ status: 'withdrawn', appointment: { id: a.id } });
  expect(leaks(declined.text)).toEqual([]);
});
