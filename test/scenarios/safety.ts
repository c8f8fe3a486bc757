import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Target } from './target.js';

/**
 * Guarantees that must hold on every runtime: per-object authorisation, problem+json errors,
 * and no double booking when many requests race for the same mediator.
 */
export function safetyScenarios(makeTarget: () => Promise<Target>): void {
  let h: Target;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  it('answers 401 without a token and 403 for the wrong role, as problem+json', async () => {
    const anonymous = await h.call('GET', '/v1/appointments', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const desk = await h.make.desk();
    const forbidden = await h.call('POST', '/v1/mediators', { token: desk.token, body: {} });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
  });

  it('sends X-Request-Id and nosniff on every kind of answer: JSON, problem+json, CSV, unknown route', async () => {
    const desk = await h.make.desk();
    const answers = [
      await h.call('GET', '/v1/areas', { token: desk.token }),
      await h.call('GET', '/v1/appointments', { token: null }),
      await h.call('POST', '/v1/appointments', { token: desk.token, body: { language: 42 } }),
      await h.call('GET', '/v1/reports/coverage?from=2026-03-01&to=2026-03-31&format=csv'),
      await h.call('GET', '/v1/nowhere'),
      await h.call('GET', '/health', { token: null }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 200, 404, 200]);
    for (const a of answers) {
      expect(a.headers.get('x-request-id')).toMatch(/^req_[0-9A-Z]{22}$/);
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const named = await h.call('GET', '/v1/areas', { token: desk.token, headers: { 'x-request-id': 'desk-trace.42' } });
    expect(named.headers.get('x-request-id')).toBe('desk-trace.42');
    const refused = await h.call('GET', '/v1/nowhere', { headers: { 'x-request-id': 'desk-trace.42' } });
    expect(refused.body.requestId).toBe('desk-trace.42');
  });

  it("shows a desk only its own service's appointments; a foreign id is 404", async () => {
    const mine = await h.make.desk();
    const theirs = await h.make.desk();
    await h.make.mediator();
    const a = await h.make.appointment(theirs.token, { beneficiaryRef: 'CASE-9' });
    expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: mine.token })).status).toBe(404);
    expect((await h.call('GET', `/v1/appointments/${a.id}/candidates`, { token: mine.token })).status).toBe(404);
    expect((await h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: mine.token })).status).toBe(404);
    const list = await h.call('GET', '/v1/appointments', { token: mine.token });
    expect(list.body.items).toEqual([]);
  });

  it('shows a mediator only the appointments assigned to them', async () => {
    const desk = await h.make.desk();
    const m1 = await h.make.mediator({ availability: [{ weekday: 1, start: '09:00', end: '11:00' }] });
    const m2 = await h.make.mediator({ availability: [{ weekday: 2, start: '09:00', end: '11:00' }] });
    const a1 = await h.make.appointment(desk.token);
    const a2 = await h.make.appointment(desk.token, { start: '2026-03-24T09:30:00+01:00' });
    expect([a1.mediatorId, a2.mediatorId]).toEqual([m1.id, m2.id]);
    const u1 = await h.make.mediatorUser(m1.id);
    const list = await h.call('GET', '/v1/appointments', { token: u1.token });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([a1.id]);
    expect((await h.call('GET', `/v1/appointments/${a2.id}`, { token: u1.token })).status).toBe(404);
    expect((await h.call('GET', `/v1/mediators/${m2.id}`, { token: u1.token })).status).toBe(404);
  });

  it('names every field at fault in a 400 problem+json', async () => {
    const desk = await h.make.desk();
    const r = await h.call('POST', '/v1/appointments', {
      token: desk.token,
      body: { language: 'not a tag!', start: 'tomorrow', durationMinutes: -5, sector: 'health', surprise: true },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['durationMinutes', 'language', 'start', 'surprise']);
  });

  it('lets exactly one of 20 simultaneous requests book the favourite’s only free hour', async () => {
    const desk = await h.make.desk();
    const favourite = await h.make.mediator({ availability: [{ weekday: 1, start: '10:00', end: '11:00' }] });
    const backup = await h.make.mediator({ languages: [{ code: 'ar', level: 'B2' }], sectors: [], availability: [{ weekday: 1, start: '08:00', end: '18:00' }] });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.call('POST', '/v1/appointments', {
          token: desk.token,
          body: { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health' },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const count = (id: string) => results.filter((r) => r.body.mediatorId === id).length;
    expect(count(favourite.id)).toBe(1);
    expect(count(backup.id)).toBe(1);
    expect(results.filter((r) => r.body.status === 'unfilled')).toHaveLength(18);
  });
}
