import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailTransport, OutgoingMail } from '../../src/mail/message.js';
import { type Harness, type Json, makeHarness, memoryMail } from '../support/harness.js';

let h: Harness;
let outbox: OutgoingMail[];
let memory: MailTransport;

beforeEach(async () => {
  h = await makeHarness();
  ({ transport: memory, sent: outbox } = memoryMail());
});
afterEach(() => h.close());

/** Mediators ranked by level so the order of offers is predictable. */
async function roster(n: number) {
  const levels = ['native', 'C2', 'C1', 'B2', 'B2', 'B2', 'B2', 'B2', 'B2', 'B2', 'B2', 'B2'];
  const out: Array<{ mediator: Json; token: string }> = [];
  for (let i = 0; i < n; i++) {
    const mediator = await h.make.mediator({ name: `M${i}`, email: `m${i}@example.it`, languages: [{ code: 'ar', level: levels[i] }] });
    out.push({ mediator, token: (await h.make.mediatorUser(mediator.id)).token });
  }
  return out;
}

/** The appointment's offers in the order they were made (round, then rank). */
const offersOf = async (appointmentId: string) =>
  ((await h.call('GET', `/v1/offers?appointmentId=${appointmentId}&limit=200`)).body.items as Json[]).sort((x, y) => x.round - y.round || x.rank - y.rank);

function linkFrom(mail: OutgoingMail | undefined, action: 'accept' | 'decline'): string {
  const match = new RegExp(`http://localhost:8787(/offers/[^\\s"<>]+/${action}\\?token=[^\\s"<>]+)`).exec(mail?.text ?? '');
  if (!match?.[1]) throw new Error(`no ${action} link in ${mail?.text}`);
  return match[1].replace(/&amp;/g, '&');
}

describe('offers', () => {
  it('go to the top candidates by e-mail with accept and decline links', async () => {
    const desk = await h.make.desk();
    const mediators = await roster(5);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    expect(a.status).toBe('offered');
    expect(a.mediatorId).toBeNull();
    const offers = await offersOf(a.id);
    expect(offers.map((o) => o.mediatorId)).toEqual(mediators.slice(0, 3).map((m) => m.mediator.id));
    expect(offers.every((o) => o.status === 'pending' && o.round === 1)).toBe(true);
    expect(offers[0]?.expiresAt).toBe('2026-03-20T13:00:00+01:00'); // 4 h after now
    await h.runJobs(memory);
    const mails = outbox.filter((m) => m.headers?.['X-Mediator-Booking-Kind'] === 'offer');
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['m0@example.it', 'm1@example.it', 'm2@example.it']);
    expect(linkFrom(mails[0], 'accept')).toContain('/accept?token=');
  });

  it('are wider and shorter for urgent requests', async () => {
    const desk = await h.make.desk();
    await roster(7);
    const a = await h.make.appointment(desk.token, { assignment: 'offer', urgency: 'urgent' });
    const offers = await offersOf(a.id);
    expect(offers).toHaveLength(6);
    expect(offers[0]?.expiresAt).toBe('2026-03-20T09:30:00+01:00');
  });

  it('let exactly one of ten simultaneous accepts win; the nine others are told it is gone', async () => {
    h.deps.config.offers.size = 10;
    const desk = await h.make.desk();
    const mediators = await roster(10);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    const offers = await offersOf(a.id);
    expect(offers).toHaveLength(10);
    const results = await Promise.all(
      offers.map((o) => h.call('POST', `/v1/offers/${o.id}/accept`, { token: mediators.find((m) => m.mediator.id === o.mediatorId)?.token })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(9);
    expect(losers.every((r) => r.body.code === 'offer_taken' || r.body.code === 'offer_closed')).toBe(true);
    const booked = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200);
    expect(booked.status).toBe('booked');
    const after = await offersOf(a.id);
    expect(after.filter((o) => o.status === 'accepted').map((o) => o.mediatorId)).toEqual([booked.mediatorId]);
    expect(after.filter((o) => o.status === 'withdrawn')).toHaveLength(9);
    await h.runJobs(memory);
    expect(outbox.filter((m) => m.headers?.['X-Mediator-Booking-Kind'] === 'offer_withdrawn')).toHaveLength(9);
    expect(outbox.filter((m) => m.headers?.['X-Mediator-Booking-Kind'] === 'appointment.booked.mediator')).toHaveLength(1);
  });

  it("refuse another mediator's offer with 404 and a desk with 403", async () => {
    const desk = await h.make.desk();
    const [first, second] = await roster(2);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    const offer = (await offersOf(a.id)).find((o) => o.mediatorId === first?.mediator.id);
    expect((await h.call('POST', `/v1/offers/${offer?.id}/accept`, { token: second?.token })).status).toBe(404);
    expect((await h.call('POST', `/v1/offers/${offer?.id}/accept`, { token: desk.token })).status).toBe(403);
    const own = await h.call('GET', '/v1/offers', { token: second?.token });
    expect(own.body.items.every((o: Json) => o.mediatorId === second?.mediator.id)).toBe(true);
  });

  it('move down the list when everyone declines, then mark the request unfilled', async () => {
    h.deps.config.offers.size = 2;
    h.deps.config.offers.maxRounds = 2;
    const desk = await h.make.desk();
    const mediators = await roster(4);
    const tokenOf = (id: string) => mediators.find((m) => m.mediator.id === id)?.token;
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    for (const o of await offersOf(a.id)) await h.expectStatus(h.call('POST', `/v1/offers/${o.id}/decline`, { token: tokenOf(o.mediatorId) }), 200);
    const second = (await offersOf(a.id)).filter((o) => o.round === 2);
    expect(second.map((o) => o.mediatorId)).toEqual(mediators.slice(2, 4).map((m) => m.mediator.id));
    for (const o of second) await h.call('POST', `/v1/offers/${o.id}/decline`, { token: tokenOf(o.mediatorId) });
    const final = await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token }), 200);
    expect(final.status).toBe('unfilled');
    expect(final.unfilledReason.detail).toMatch(/Nobody accepted/);
  });

  it('that expire move on to the next candidates', async () => {
    h.deps.config.offers.size = 1;
    const desk = await h.make.desk();
    const mediators = await roster(2);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    h.clock.advance(4 * 3600_000 + 1);
    const run = await h.runJobs(null);
    expect(run.offersAdvanced).toBe(1);
    const offers = await offersOf(a.id);
    expect(offers.map((o) => [o.mediatorId, o.status])).toEqual([
      [mediators[0]?.mediator.id, 'expired'],
      [mediators[1]?.mediator.id, 'pending'],
    ]);
  });

  it('are withdrawn when the request is cancelled', async () => {
    const desk = await h.make.desk();
    await roster(3);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token }), 200);
    expect((await offersOf(a.id)).every((o) => o.status === 'withdrawn')).toBe(true);
    await h.runJobs(memory);
    expect(outbox.filter((m) => m.headers?.['X-Mediator-Booking-Kind'] === 'offer_withdrawn')).toHaveLength(3);
  });
});

describe('signed links in offer e-mails', () => {
  async function offered() {
    h.deps.config.offers.size = 2;
    const desk = await h.make.desk();
    const mediators = await roster(2);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    await h.runJobs(memory);
    const mailTo = (i: number) => outbox.find((m) => m.to[0] === `m${i}@example.it` && m.headers?.['X-Mediator-Booking-Kind'] === 'offer');
    return { desk, a, mediators, mailTo };
  }
  const page = (path: string, method = 'GET') => h.app.request(path, { method });

  it('show a confirmation page on GET (changing nothing) and book on POST', async () => {
    const { a, mediators, mailTo, desk } = await offered();
    const accept = linkFrom(mailTo(0), 'accept');
    const view = await page(accept);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain('<form method="post"');
    expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token })).body.status).toBe('offered');
    const done = await page(accept, 'POST');
    expect(done.status).toBe(200);
    const booked = await h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token });
    expect(booked.body.mediatorId).toBe(mediators[0]?.mediator.id);
    const replay = await page(accept, 'POST');
    expect(replay.status).toBe(409);
    expect((await page(linkFrom(mailTo(1), 'accept'), 'POST')).status).toBe(409);
  });

  it('refuse a tampered token or a token for another offer or action, changing nothing', async () => {
    const { a, mailTo, desk } = await offered();
    const accept = linkFrom(mailTo(0), 'accept');
    const tampered = accept.replace(/token=(\d+)\./, (_, exp) => `token=${Number(exp) + 1000}.`);
    expect((await page(tampered, 'POST')).status).toBe(403);
    const decline = linkFrom(mailTo(0), 'decline');
    const swapped = accept.replace(/token=.*/, decline.replace(/.*token=/, 'token='));
    expect((await page(swapped, 'POST')).status).toBe(403);
    const other = linkFrom(mailTo(1), 'accept');
    const crossed = accept.replace(/token=.*/, other.replace(/.*token=/, 'token='));
    expect((await page(crossed, 'POST')).status).toBe(403);
    expect((await page(accept.replace(/token=.*/, 'token=garbage'), 'POST')).status).toBe(403);
    expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token })).body.status).toBe('offered');
  });

  it('refuse an expired link with a clear page', async () => {
    const { a, mailTo, desk } = await offered();
    h.clock.advance(5 * 3600_000);
    const res = await page(linkFrom(mailTo(0), 'accept'), 'POST');
    expect(res.status).toBe(410);
    expect(await res.text()).toMatch(/scadut|expired/i);
    expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token })).body.status).toBe('offered');
  });

  it('decline by link and move on', async () => {
    const { a, mailTo } = await offered();
    const res = await page(linkFrom(mailTo(0), 'decline'), 'POST');
    expect(res.status).toBe(200);
    const offers = await offersOf(a.id);
    expect(offers.find((o) => o.rank === 1)?.status).toBe('declined');
  });
});

describe('a desk picking a mediator while offers are out', () => {
  it('books the pick and withdraws the open offers', async () => {
    const desk = await h.make.desk();
    const mediators = await roster(4);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    const pick = mediators[3]?.mediator.id;
    const booked = await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/assign`, { token: desk.token, body: { mediatorId: pick } }), 200);
    expect(booked.mediatorId).toBe(pick);
    expect((await offersOf(a.id)).every((o) => o.status === 'withdrawn')).toBe(true);
    await h.runJobs(memory);
    expect(outbox.filter((m) => m.headers?.['X-Mediator-Booking-Kind'] === 'offer_withdrawn')).toHaveLength(3);
  });
});

describe('a desk rescheduling a request while offers are out', () => {
  it('withdraws the offers for the old slot, tells their mediators, and offers the new slot to the next candidates', async () => {
    const desk = await h.make.desk();
    const mediators = await roster(6);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    const first = await offersOf(a.id);
    expect(first.map((o) => o.mediatorId)).toEqual(mediators.slice(0, 3).map((m) => m.mediator.id));

    const moved = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { start: '2026-03-24T10:00:00+01:00' } }), 200);
    expect(moved.status).toBe('offered');
    const after = await offersOf(a.id);
    expect(after.filter((o) => o.round === 1).every((o) => o.status === 'withdrawn')).toBe(true);
    const next = after.filter((o) => o.status === 'pending');
    expect(next.every((o) => o.round === 2)).toBe(true);
    expect(next.map((o) => o.mediatorId).sort()).toEqual(mediators.slice(3, 6).map((m) => m.mediator.id).sort());

    await h.runJobs(memory);
    const withdrawn = outbox.filter((m) => m.headers?.['X-Mediator-Booking-Kind'] === 'offer_withdrawn');
    expect(withdrawn.map((m) => m.to[0]).sort()).toEqual(['m0@example.it', 'm1@example.it', 'm2@example.it']);
    expect(withdrawn[0]?.text).toContain("cambiato l'orario o il luogo");
    // A link from the old offer no longer books anyone.
    const old = await h.call('POST', `/v1/offers/${first[0]?.id}/accept`, { token: mediators[0]?.token });
    expect(old.status).toBe(409);
  });
});

describe('offer expiry in working hours', () => {
  it('does not let an offer sent at 20:25 expire at 00:25: its 4 hours run from 08:00 the next working morning', async () => {
    const desk = await h.make.desk();
    await roster(1);
    h.clock.set('2026-03-18T19:25:00Z'); // Wednesday 18 March, 20:25 in Rome
    const a = await h.make.appointment(desk.token, { assignment: 'offer' }); // Monday 23 March, 10:00
    const [offer] = await offersOf(a.id);
    expect(offer?.expiresAt).toBe('2026-03-19T12:00:00+01:00');
  });

  it('skips the weekend, and never runs past the start', async () => {
    const desk = await h.make.desk();
    await roster(2);
    h.clock.set('2026-03-20T16:00:00Z'); // Friday 17:00: one working hour left today
    const monday = await h.make.appointment(desk.token, { assignment: 'offer' }); // Monday 10:00
    expect((await offersOf(monday.id))[0]?.expiresAt).toBe('2026-03-23T10:00:00+01:00'); // 1 h Friday + 3 h Monday would be 11:00: capped at the start
    const tuesday = await h.make.appointment(desk.token, { assignment: 'offer', start: '2026-03-24T15:00:00+01:00' });
    expect((await offersOf(tuesday.id))[0]?.expiresAt).toBe('2026-03-23T11:00:00+01:00');
  });

  it('counts every minute for urgent requests, which cannot wait for the office to open', async () => {
    const desk = await h.make.desk();
    await roster(1);
    h.clock.set('2026-03-18T19:25:00Z');
    const a = await h.make.appointment(desk.token, { assignment: 'offer', urgency: 'urgent', start: '2026-03-19T09:00:00+01:00' });
    expect((await offersOf(a.id))[0]?.expiresAt).toBe('2026-03-18T20:55:00+01:00');
  });
});
