import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Json } from '../support/factories.js';
import type { Target } from './target.js';

/** Offers and the outbox as a mediator and a coordinator see them, on every runtime. */
export function offerScenarios(makeTarget: () => Promise<Target>): void {
  let h: Target;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  async function offeredTo(n: number) {
    const desk = await h.make.desk();
    const mediators: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < n; i++) {
      const m = await h.make.mediator({ email: `offer${i}@example.it` });
      mediators.push({ id: m.id, token: (await h.make.mediatorUser(m.id)).token });
    }
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    const offers = (await h.call('GET', `/v1/offers?appointmentId=${a.id}`)).body.items as Json[];
    return { desk, a, mediators, offers, tokenOf: (id: string) => mediators.find((m) => m.id === id)?.token };
  }

  it('offers the request and books the first mediator to accept; the others hear it is gone', async () => {
    const { desk, a, offers, tokenOf } = await offeredTo(3);
    expect(a.status).toBe('offered');
    expect(offers).toHaveLength(3);
    const results = await Promise.all(offers.map((o) => h.call('POST', `/v1/offers/${o.id}/accept`, { token: tokenOf(o.mediatorId) })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const winner = results.find((r) => r.status === 200)?.body;
    const booked = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200);
    expect(booked.status).toBe('booked');
    expect(booked.mediatorId).toBe(winner?.mediatorId);
    const kinds = ((await h.call('GET', `/v1/outbox?appointmentId=${a.id}&limit=200`)).body.items as Json[]).map((m) => m.kind).sort();
    expect(kinds).toEqual([
      'appointment.booked.desk',
      'appointment.booked.mediator',
      'offer',
      'offer',
      'offer',
      'offer_withdrawn',
      'offer_withdrawn',
    ]);
  });

  it('lets a mediator see and answer only their own offers', async () => {
    const { offers, mediators, tokenOf } = await offeredTo(2);
    const [first, second] = offers;
    const own = await h.call('GET', '/v1/offers', { token: tokenOf(first?.mediatorId) });
    expect(own.body.items.map((o: Json) => o.id)).toEqual([first?.id]);
    expect((await h.call('POST', `/v1/offers/${first?.id}/decline`, { token: tokenOf(second?.mediatorId) })).status).toBe(404);
    const declined = await h.expectStatus(h.call('POST', `/v1/offers/${first?.id}/decline`, { token: tokenOf(first?.mediatorId) }), 200);
    expect(declined.status).toBe('declined');
    expect(mediators).toHaveLength(2);
  });
}
