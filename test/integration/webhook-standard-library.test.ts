/**
 * A delivery as a receiving system checks it: with `standardwebhooks`, the Standard Webhooks
 * project's own verification library (not this service's code), on a real receiver on 127.0.0.1.
 * The clock is the real one: the library refuses timestamps more than five minutes off.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';
import { type Receiver, startReceiver } from '../support/receiver.js';

let h: Harness;
let receiver: Receiver;

beforeEach(async () => {
  h = await makeHarness({ now: new Date().toISOString(), config: { webhooks: { allowPrivate: true, maxAttempts: 3, timeoutMs: 2000 } } });
  receiver = await startReceiver('/asl/prenotazioni');
});
afterEach(async () => {
  await receiver.close();
  h.close();
});

it('signs each delivery so that the Standard Webhooks library verifies it, and refuses a tampered body', async () => {
  const hook = await h.expectStatus(h.call('POST', '/v1/webhooks', { body: { url: receiver.url, events: ['appointment.booked'] } }), 201);
  const desk = await h.make.desk();
  const m = await h.make.mediator({ availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) });
  const start = new Date(Date.now() + 3 * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  const a = await h.make.appointment(desk.token, { start: start.toISOString() });
  expect(a.mediatorId).toBe(m.id);
  await h.runJobs(null);

  expect(receiver.received).toHaveLength(1);
  const delivery = receiver.received[0] ?? { body: '', headers: {} };
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
  const verified = new Webhook(hook.secret).verify(delivery.body, headers) as { type: string; data: { appointmentId: string } };
  expect(verified.type).toBe('appointment.booked');
  expect(verified.data.appointmentId).toBe(a.id);
  expect(() => new Webhook(hook.secret).verify(delivery.body.replace(a.id, 'apt_other'), headers)).toThrow(WebhookVerificationError);
});
