import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

/** The audit log, read by a coordinator: who changed what, and when. */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

describe('GET /v1/audit', () => {
  it('lists state changes oldest first, filtered by entity, actor and period, a page at a time', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    const a = await h.make.appointment(desk.token);
    h.clock.advance(3_600_000);
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token }), 200);

    const history = await h.expectStatus(h.call('GET', `/v1/audit?entity=appointment&entityId=${a.id}`), 200);
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['appointment.requested', 'appointment.booked', 'appointment.cancelled']);
    expect(history.items[0]).toMatchObject({ actor: desk.userId, entity: 'appointment', entityId: a.id });
    expect(history.items[0].at).toMatch(/^2026-03-20T09:00:00(\.000)?\+01:00$/);

    const byDesk = await h.expectStatus(h.call('GET', `/v1/audit?actor=${desk.userId}`), 200);
    expect(byDesk.items.every((e: { actor: string }) => e.actor === desk.userId)).toBe(true);
    expect(byDesk.items.length).toBeGreaterThan(0);

    const later = await h.expectStatus(h.call('GET', `/v1/audit?entity=appointment&from=${encodeURIComponent('2026-03-20T09:30:00+01:00')}`), 200);
    expect(later.items.map((e: { action: string }) => e.action)).toEqual(['appointment.cancelled']);
    const earlier = await h.expectStatus(h.call('GET', `/v1/audit?entity=appointment&to=${encodeURIComponent('2026-03-20T09:30:00+01:00')}`), 200);
    expect(earlier.items.map((e: { action: string }) => e.action)).not.toContain('appointment.cancelled');

    const all = (await h.expectStatus(h.call('GET', '/v1/audit?limit=200'), 200)).items;
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await h.expectStatus(h.call('GET', `/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`), 200)) as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      pages.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.map((e: { id: string }) => e.id));
  });

  it('is for coordinators only', async () => {
    const desk = await h.make.desk();
    expect((await h.call('GET', '/v1/audit', { token: desk.token })).status).toBe(403);
    expect((await h.call('GET', '/v1/audit', { token: null })).status).toBe(401);
  });

  it('refuses a malformed period (400) or a cursor it did not give out (422)', async () => {
    expect((await h.call('GET', '/v1/audit?from=yesterday')).status).toBe(400);
    expect((await h.call('GET', '/v1/audit?cursor=nonsense')).status).toBe(422); // as every list answers a cursor it did not give out
  });
});
