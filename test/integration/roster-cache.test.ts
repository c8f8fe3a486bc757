import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

/** Matching reuses the parsed roster between searches; every roster change must show in the next one. */
it('sees every roster change in the next search (languages, availability, active)', async () => {
  const desk = await h.make.desk();
  const m = await h.make.mediator({ languages: [{ code: 'ro', level: 'native' }] });
  const a = await h.make.appointment(desk.token, { assignment: 'manual' });
  const ids = async () => (await h.call('GET', `/v1/appointments/${a.id}/candidates`, { token: desk.token })).body.candidates.map((c: { mediatorId: string }) => c.mediatorId);
  expect(await ids()).toEqual([]);

  await h.expectStatus(h.call('PATCH', `/v1/mediators/${m.id}`, { body: { languages: [{ code: 'ar', level: 'native' }] } }), 200);
  expect(await ids()).toEqual([m.id]);

  await h.expectStatus(h.call('PUT', `/v1/mediators/${m.id}/availability`, { body: { rules: [{ weekday: 2, start: '09:00', end: '12:00' }] } }), 200);
  expect(await ids()).toEqual([]);

  await h.expectStatus(h.call('PUT', `/v1/mediators/${m.id}/availability`, { body: { rules: [{ weekday: 1, start: '09:00', end: '12:00' }] } }), 200);
  expect(await ids()).toEqual([m.id]);

  await h.expectStatus(h.call('PATCH', `/v1/mediators/${m.id}`, { body: { active: false } }), 200);
  expect(await ids()).toEqual([]);
});
