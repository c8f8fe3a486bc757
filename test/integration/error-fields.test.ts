/** Refusals that say what is wrong: the field at fault (query parameters as `query.…`, as the validator names them), or the account at fault. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type ApiResponse, type Harness, makeHarness } from '../support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const fields = (r: ApiResponse) => (r.body.errors as Array<{ path: string }>).map((e) => e.path);

it('names query.to for a report period that ends before it starts or is too long', async () => {
  for (const q of ['from=2026-03-10&to=2026-03-01', 'from=2025-01-01&to=2026-03-01']) {
    const r = await h.call('GET', `/v1/reports/coverage?${q}&groupBy=language`);
    expect(r.status).toBe(422);
    expect(fields(r)).toEqual(['query.to']);
  }
});

it('names query.serviceId when a desk asks for another service’s appointments', async () => {
  const desk = await h.make.desk();
  const other = await h.make.desk();
  const r = await h.call('GET', `/v1/appointments?serviceId=${other.service.id}`, { token: desk.token });
  expect(r.status).toBe(422);
  expect(fields(r)).toEqual(['query.serviceId']);
});

it('names areas or homeArea, whichever holds the unknown area', async () => {
  const bad = await h.call('POST', '/v1/mediators', {
    body: { name: 'M', email: 'm@example.it', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'], homeArea: 'ZZ', modalities: ['phone'], sectors: ['health'] },
  });
  expect(bad.status).toBe(422);
  expect(fields(bad)).toEqual(['homeArea']);
  const m = await h.make.mediator();
  const patch = await h.call('PATCH', `/v1/mediators/${m.id}`, { body: { homeArea: 'TO', areas: ['TO', 'ZZ'] } });
  expect(patch.status).toBe(422);
  expect(fields(patch)).toEqual(['areas']);
});

it('refuses a desk account that is not tied to a service, instead of letting its filters see everything', async () => {
  const desk = await h.make.desk();
  h.db.sqlite.prepare("UPDATE users SET service_id = NULL WHERE role = 'desk'").run();
  const r = await h.call('GET', '/v1/appointments', { token: desk.token });
  expect(r.status).toBe(403);
  expect(r.body.code).toBe('account_incomplete');
});

it('says a neighbouring-area pick is not needed for a mediator who serves the area, instead of blaming their language', async () => {
  const desk = await h.make.desk();
  const m = await h.make.mediator();
  const a = await h.make.appointment(desk.token, { assignment: 'manual' });
  const r = await h.call('POST', `/v1/appointments/${a.id}/assign`, { token: desk.token, body: { mediatorId: m.id, fallback: 'neighbouring_area' } });
  expect(r.status).toBe(409);
  expect(r.body.code).toBe('fallback_not_needed');
  expect(r.body.detail).toContain('without a fallback step');
});
