import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { mediators } from '../../db/schema.js';
import type { Logger } from '../../src/deps.js';
import { truthScenarios } from '../scenarios/truths.js';
import { type Harness, makeHarness } from '../support/harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

describe('small truths on Node + better-sqlite3', () => truthScenarios(() => makeHarness()));

describe('a reschedule that keeps the mediator', () => {
  it('keeps bookedAt (the time the request was filled), in the answer and in storage', async () => {
    h = await makeHarness();
    const desk = await h.make.desk();
    await h.make.mediator();
    const a = await h.make.appointment(desk.token);
    expect(a.bookedAt).toBe('2026-03-20T09:00:00+01:00');
    h.clock.advance(3 * 3_600_000);
    const moved = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { start: '2026-03-23T11:00:00+01:00' } }), 200);
    expect(moved.mediatorId).toBe(a.mediatorId);
    expect(moved.bookedAt).toBe(a.bookedAt);
    const read = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200);
    expect(read.bookedAt).toBe(a.bookedAt);
  });
});

describe('a PATCH that keeps the time', () => {
  it("releases a mediator who became inactive instead of confirming the booking again, and re-matches it", async () => {
    h = await makeHarness();
    const desk = await h.make.desk();
    const gone = await h.make.mediator({ name: 'Inactive Now' });
    const a = await h.make.appointment(desk.token);
    expect(a.mediatorId).toBe(gone.id);
    // Inactive without passing through the mediators API (older data, or a change made elsewhere).
    await h.db.orm.update(mediators).set({ active: false }).where(eq(mediators.id, gone.id));
    const other = await h.make.mediator({ name: 'Still Here' });

    const edited = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { location: 'Stanza 9' } }), 200);
    expect(edited.mediatorKept).toBe(false);
    expect(edited.mediatorId).toBe(other.id);
    expect(edited.location).toBe('Stanza 9');
    const outbox = await h.expectStatus(h.call('GET', `/v1/outbox?appointmentId=${a.id}&limit=100`), 200);
    const toGone = outbox.items.filter((m: { to: string[] }) => m.to.includes(gone.email)).map((m: { kind: string }) => m.kind);
    expect(toGone).toEqual(['appointment.booked.mediator', expect.stringMatching(/^appointment\.(reassigned_away|released|cancelled)\.mediator$/)]);
  });
});

describe('an edit of a booking taken from a neighbouring area', () => {
  it('keeps the mediator the desk took as that fallback step', async () => {
    h = await makeHarness();
    const desk = await h.make.desk({ area: 'AT' });
    const m = await h.make.mediator({ areas: ['TO'] });
    const a = await h.make.appointment(desk.token, { assignment: 'manual' });
    const booked = await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/assign`, { token: desk.token, body: { mediatorId: m.id, fallback: 'neighbouring_area' } }), 200);
    expect(booked.fallbackStep).toBe('neighbouring_area');
    const edited = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { notes: 'Citofono 3' } }), 200);
    expect(edited).toMatchObject({ mediatorId: m.id, mediatorKept: true, fallbackStep: 'neighbouring_area' });
    const moved = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { start: '2026-03-23T11:00:00+01:00' } }), 200);
    expect(moved).toMatchObject({ mediatorId: m.id, mediatorKept: true });
  });
});

describe('the access log', () => {
  it('writes one line per request: method, route template, status, ms, request id, and no secrets', async () => {
    const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const logger: Logger = { info: (message, fields = {}) => lines.push({ message, fields }), error: (message, fields = {}) => lines.push({ message, fields }) };
    h = await makeHarness({ deps: { logger } });
    const desk = await h.make.desk();
    await h.make.mediator();
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-SECRET-42' });
    const feed = await h.expectStatus(h.call('POST', `/v1/calendars/services/${desk.service.id}/token`, { token: desk.token }), 201);
    lines.length = 0;

    await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200);
    await h.expectStatus(h.call('GET', `/v1/appointments?beneficiaryRef=CASE-SECRET-42`, { token: desk.token }), 200);
    const fed = await h.app.request(`/v1/calendars/services/${desk.service.id}.ics?token=${feed.token}`);
    expect(fed.status).toBe(200);
    await h.expectStatus(h.call('GET', '/v1/nowhere?token=abc', { token: desk.token }), 404);
    await h.expectStatus(h.call('GET', '/v1/areas', { token: 'wrong-token' }), 401);

    expect(lines.map((l) => l.message)).toEqual(['request', 'request', 'request', 'request', 'request']);
    expect(lines.map((l) => [l.fields.method, l.fields.route, l.fields.status])).toEqual([
      ['GET', '/v1/appointments/:id', 200],
      ['GET', '/v1/appointments', 200],
      ['GET', '/v1/calendars/services/:file{[A-Za-z0-9_-]+\\.ics}', 200],
      ['GET', '/v1/*', 404],
      ['GET', '/v1/areas', 401],
    ]);
    for (const { fields } of lines) {
      expect(fields.ms).toEqual(expect.any(Number));
      expect(fields.requestId).toMatch(/^req_/);
    }
    const written = JSON.stringify(lines);
    for (const secret of [desk.token, feed.token, 'CASE-SECRET-42', 'token=', 'wrong-token', a.id]) expect(written).not.toContain(secret);
  });
});
