/** Subscription feeds carry every appointment of their window, however many there are. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

it('lists all 1,201 booked appointments of a busy service, past the 1,000 read per query', async () => {
  const desk = await h.make.desk();
  await h.make.mediator();
  const a = await h.make.appointment(desk.token);
  expect(a.status).toBe('booked');
  // 1,200 more booked copies, an hour apart (written directly: the API would need 1,200 free mediators).
  h.db.sqlite
    .prepare(
      `INSERT INTO appointments (id, service_id, created_by, language, area_code, modality, starts_at, ends_at, duration_minutes, sector,
         gender_preference, urgency, min_level, assignment, status, mediator_id, version, offer_round, created_at, updated_at)
       WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 1200)
       SELECT 'apt_copy_' || n, service_id, created_by, language, area_code, modality, starts_at + n * 3600000, ends_at + n * 3600000,
         duration_minutes, sector, gender_preference, urgency, min_level, assignment, status, mediator_id, 1, 0, created_at, updated_at
       FROM appointments, k WHERE id = ?`,
    )
    .run(a.id);
  const feed = await h.expectStatus(h.call('POST', `/v1/calendars/services/${desk.service.id}/token`, { token: desk.token }), 201);
  const res = await h.app.request(`/v1/calendars/services/${desk.service.id}.ics?token=${feed.token}`);
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body.match(/^BEGIN:VEVENT/gm)).toHaveLength(1201);
  expect(body).toContain('apt_copy_1200');
});
