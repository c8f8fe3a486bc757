import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness } from '../support/harness.js';
import { type Received, type Receiver, startReceiver } from '../support/receiver.js';

/**
 * Webhooks per the Standard Webhooks specification, received by a real HTTP server on 127.0.0.1
 * (allowed here by WEBHOOK_ALLOW_PRIVATE) and verified independently of the code that signs.
 */
let h: Harness;
let receiver: Receiver;
let url: string;
let received: Received[];
/** What the receiver answers next (then 204). */
let answers: number[];

beforeEach(async () => {
  h = await makeHarness({ config: { webhooks: { allowPrivate: true, maxAttempts: 3, timeoutMs: 2000 } } });
  receiver = await startReceiver('/hooks/mediation');
  ({ url, received, answers } = receiver);
});
afterEach(async () => {
  await receiver.close();
  h.close();
});

/** Standard Webhooks verification, written from the specification: HMAC-SHA256 over "id.timestamp.body" with the secret's bytes. */
function verify(secret: string, r: Received): boolean {
  const id = String(r.headers['webhook-id']);
  const timestamp = String(r.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${r.body}`).digest();
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const subscribe = (events: string[], target = url) => h.expectStatus(h.call('POST', '/v1/webhooks', { body: { url: target, events } }), 201);
const deliveriesOf = async (id: string) => (await h.expectStatus(h.call('GET', `/v1/webhooks/${id}/deliveries`), 200)).items as Json[];

describe('subscribing', () => {
  it('answers the secret once, in the Standard Webhooks form, and never again', async () => {
    const hook = await subscribe(['appointment.booked']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(hook).toMatchObject({ url, events: ['appointment.booked'] });
    const listed = await h.expectStatus(h.call('GET', '/v1/webhooks'), 200);
    expect(listed.items).toEqual([{ id: hook.id, url, events: ['appointment.booked'], description: null, createdAt: hook.createdAt }]);
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
  });

  it('is for coordinators only', async () => {
    const desk = await h.make.desk();
    expect((await h.call('POST', '/v1/webhooks', { token: desk.token, body: { url, events: ['appointment.booked'] } })).status).toBe(403);
    expect((await h.call('GET', '/v1/webhooks', { token: desk.token })).status).toBe(403);
  });

  it('refuses an unknown event', async () => {
    const r = await h.call('POST', '/v1/webhooks', { body: { url, events: ['appointment.exploded'] } });
    expect([r.status, r.body.code]).toEqual([400, 'validation_failed']);
  });
});

describe('targets that could reach inside the network are refused unless WEBHOOK_ALLOW_PRIVATE=true (SSRF)', () => {
  it('loopback, private, link-local, local names, IPv6 loopback and mapped addresses, plain http', async () => {
    const strict = await makeHarness();
    try {
      for (const target of [
        'https://127.0.0.1/hook',
        'https://localhost:8443/hook',
        'https://10.1.2.3/hook',
        'https://192.168.1.10/hook',
        'https://172.20.0.5/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[::1]/hook',
        'https://[::ffff:127.0.0.1]/hook',
        'https://2130706433/hook',
        'https://intranet/hook',
        'https://printer.local/hook',
        'http://hooks.example.org/hook',
      ]) {
        const r = await strict.call('POST', '/v1/webhooks', { body: { url: target, events: ['appointment.booked'] } });
        expect([r.status, r.body.code], target).toEqual([422, 'webhook_target_refused']);
      }
      await strict.expectStatus(strict.call('POST', '/v1/webhooks', { body: { url: 'https://hooks.example.org/mediation', events: ['appointment.booked'] } }), 201);
    } finally {
      strict.close();
    }
  });
});

describe('deliveries', () => {
  it('a booking is POSTed, signed per Standard Webhooks, with the appointment but no case reference or notes', async () => {
    const hook = await subscribe(['appointment.booked', 'appointment.cancelled']);
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-SECRET-1', notes: 'nota riservata' });
    expect(received).toEqual([]); // queued with the booking, sent by the jobs
    await h.runJobs(null);
    expect(received).toHaveLength(1);
    const [delivery] = received as [Received];
    expect(verify(hook.secret, delivery)).toBe(true);
    expect(verify(hook.secret, { ...delivery, body: delivery.body.replace('booked', 'BOOKED') })).toBe(false);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(String(delivery.headers['webhook-timestamp'])).toBe(String(Date.parse('2026-03-20T08:00:00Z') / 1000));
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({
      type: 'appointment.booked',
      timestamp: '2026-03-20T08:00:00.000Z',
      data: { appointmentId: a.id, serviceId: desk.service.id, status: 'booked', mediatorId: m.id, start: '2026-03-23T10:00:00+01:00', language: 'ar' },
    });
    expect(delivery.body).not.toContain('CASE-SECRET-1');
    expect(delivery.body).not.toContain('nota riservata');

    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token, body: {} }), 200);
    await h.runJobs(null);
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['appointment.booked', 'appointment.cancelled']);
    const listed = await deliveriesOf(hook.id);
    expect(listed.map((d) => [d.event, d.status, d.attempts])).toEqual([
      ['appointment.cancelled', 'delivered', 1],
      ['appointment.booked', 'delivered', 1],
    ]);
    expect(listed[1]?.attemptLog).toEqual([{ attempt: 1, at: '2026-03-20T09:00:00+01:00', responseStatus: 204, error: null, durationMs: 0 }]);
    expect(listed[1]?.id).toBe(delivery.headers['webhook-id']);
  });

  it('only the events subscribed to, and unfilled requests too', async () => {
    const hook = await subscribe(['appointment.unfilled']);
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token); // booked: not subscribed
    const lonely = await h.make.appointment(desk.token, { language: 'uk' }); // nobody speaks it
    await h.runJobs(null);
    expect(received.map((r) => JSON.parse(r.body))).toEqual([
      expect.objectContaining({ type: 'appointment.unfilled', data: expect.objectContaining({ appointmentId: lonely.id, status: 'unfilled', unfilledReason: 'no_speaker' }) }),
    ]);
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
  });

  it('a refused answer is retried with backoff, with the same webhook-id, then fails after the last attempt; a replay sends it again', async () => {
    const hook = await subscribe(['appointment.booked']);
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    answers.push(500, 503, 500);
    await h.runJobs(null);
    let [d] = await deliveriesOf(hook.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500', nextAttemptAt: '2026-03-20T09:00:30+01:00' });
    await h.runJobs(null); // not due yet
    expect(received).toHaveLength(1);
    h.clock.advance(30_000);
    await h.runJobs(null);
    [d] = await deliveriesOf(hook.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 503', nextAttemptAt: '2026-03-20T09:01:30+01:00' });
    h.clock.advance(60_000);
    await h.runJobs(null);
    [d] = await deliveriesOf(hook.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 3 });
    expect((d?.attemptLog as Json[]).map((a) => a.responseStatus)).toEqual([500, 503, 500]);

    const replayed = await h.expectStatus(h.call('POST', `/v1/webhooks/${hook.id}/deliveries/${d?.id}/replay`), 200);
    expect(replayed.status).toBe('pending');
    await h.runJobs(null);
    [d] = await deliveriesOf(hook.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set([d?.id]));
    expect(received.every((r) => verify(hook.secret, r))).toBe(true);
  });

  it('an unreachable target is an attempt with an error, not a crash of the jobs', async () => {
    const hook = await subscribe(['appointment.booked'], 'http://127.0.0.1:9/nobody-listens');
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    await h.runJobs(null);
    const [d] = await deliveriesOf(hook.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    expect(d?.attemptLog[0]).toMatchObject({ responseStatus: null });
    expect(d?.lastError).toBeTruthy();
  });

  it('after DELETE nothing more is queued', async () => {
    const hook = await subscribe(['appointment.booked']);
    expect((await h.call('DELETE', `/v1/webhooks/${hook.id}`)).status).toBe(204);
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    await h.runJobs(null);
    expect(received).toEqual([]);
    expect((await h.call('GET', `/v1/webhooks/${hook.id}`)).status).toBe(404);
  });
});

describe('every event', () => {
  // Deliveries go out several at once: read them in the order the changes queued them (their ids are monotonic).
  const types = () =>
    [...received].sort((x, y) => String(x.headers['webhook-id']).localeCompare(String(y.headers['webhook-id']))).map((r) => JSON.parse(r.body) as Json);

  it('appointment.released: time off over a booking releases it (and the next best is booked)', async () => {
    await subscribe(['appointment.released', 'appointment.booked']);
    const desk = await h.make.desk();
    const first = await h.make.mediator({ sectors: ['health'] });
    const second = await h.make.mediator({ sectors: [] });
    const a = await h.make.appointment(desk.token);
    await h.expectStatus(
      h.call('POST', `/v1/mediators/${first.id}/time-off`, { body: { start: '2026-03-23T00:00:00+01:00', end: '2026-03-24T00:00:00+01:00' } }),
      201,
    );
    await h.runJobs(null);
    expect(types().map((b) => [b.type, b.data.appointmentId, b.data.mediatorId, b.data.releasedMediatorId])).toEqual([
      ['appointment.booked', a.id, first.id, undefined],
      ['appointment.released', a.id, null, first.id],
      ['appointment.booked', a.id, second.id, undefined],
    ]);
  });

  it('offer.accepted, with the offer and the booking', async () => {
    await subscribe(['offer.accepted']);
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const mediatorUser = await h.make.mediatorUser(m.id);
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    const offers = (await h.expectStatus(h.call('GET', '/v1/offers', { token: mediatorUser.token }), 200)).items as Json[];
    await h.expectStatus(h.call('POST', `/v1/offers/${offers[0]?.id}/accept`, { token: mediatorUser.token }), 200);
    await h.runJobs(null);
    expect(types()).toEqual([expect.objectContaining({ type: 'offer.accepted', data: expect.objectContaining({ appointmentId: a.id, offerId: offers[0]?.id, mediatorId: m.id, status: 'booked' }) })]);
  });

  it('attendance.settled, once, when the two sheets agree', async () => {
    await subscribe(['attendance.settled']);
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const mediatorUser = await h.make.mediatorUser(m.id);
    const a = await h.make.appointment(desk.token);
    h.clock.set('2026-03-23T12:00:00Z');
    const sheet = { outcome: 'completed', checkIn: '2026-03-23T10:00:00+01:00', checkOut: '2026-03-23T11:00:00+01:00' };
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/attendance`, { token: desk.token, body: sheet }), 200);
    await h.runJobs(null);
    expect(received).toEqual([]);
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/attendance`, { token: mediatorUser.token, body: sheet }), 200);
    await h.runJobs(null);
    expect(types()).toEqual([
      expect.objectContaining({ type: 'attendance.settled', data: expect.objectContaining({ appointmentId: a.id, outcome: 'completed', billableMinutes: 60, source: 'agreed' }) }),
    ]);
  });
});
