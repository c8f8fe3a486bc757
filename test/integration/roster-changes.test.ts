import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

/** Every roster change shows in the next search. */
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

it('uses a new area and its travel times in the next search', async () => {
  // A search first: nothing read for it may hide the new area from the next one.
  const turin = await h.make.desk();
  await h.make.appointment(turin.token, { assignment: 'manual' });
  const travelMinutes = { TO: 60, CN: 120, AL: 80, AT: 90, NO: 40, VC: 60, BI: 80, VB: 90 };
  await h.expectStatus(h.call('POST', '/v1/areas', { body: { code: 'MI', name: 'Milano', travelMinutes } }), 201);
  const desk = await h.make.desk({ area: 'MI' });
  const m = await h.make.mediator({ areas: ['TO'], homeArea: 'TO' });
  const a = await h.make.appointment(desk.token, { allowFallback: true });
  expect(a.fallbackStep).toBe('neighbouring_area'); // TO→MI 60 min is within the 90 min neighbour limit
  expect(a.mediatorId).toBe(m.id);
});
