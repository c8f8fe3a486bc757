import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Statement } from '../../db/database.js';
import { systemCtx } from '../../src/jobs.js';
import { markUnfilled } from '../../src/operations/booking.js';
import { type Harness, makeHarness } from '../support/harness.js';

/** What happens to a request when the world moves, or the database fails, between its writes. */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const body = { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health' };

describe('a booking that fails after its request was written', () => {
  it('answers a retry with the same Idempotency-Key with the written request, instead of "in progress" for ever', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    // The claim's batch (the second one of the request) fails once, as a full disk or a lost connection would.
    const batch = h.db.batch;
    let batches = 0;
    h.db.batch = (statements: Statement[]) => (++batches === 2 ? Promise.reject(new Error('disk I/O error')) : batch(statements));
    const first = await h.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-1' }, body });
    expect(first.status).toBe(500);
    h.db.batch = batch;

    const retry = await h.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-1' }, body });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ status: 'open', mediatorId: null });
    const listed = await h.call('GET', '/v1/appointments', { token: desk.token });
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([retry.body.id]);
  });
});

describe('an unfilled mark overtaken by another change', () => {
  it('leaves the request as the other change left it, and says so', async () => {
    const desk = await h.make.desk();
    const a = await h.make.appointment(desk.token, { assignment: 'manual' });
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token }), 200);
    const read = await h.repos.appointments.get(a.id);
    if (!read) throw new Error('missing appointment');
    const stale = { ...read, status: 'open', cancelledAt: null };
    const after = await markUnfilled(systemCtx(h.deps, h.repos), stale, { code: 'no_speaker', detail: 'nobody', rules: {} });
    expect(after.status).toBe('cancelled');
    expect((await h.repos.appointments.get(a.id))?.status).toBe('cancelled');
  });
});
