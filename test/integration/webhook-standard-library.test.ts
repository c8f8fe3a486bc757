/**
 * A delivery as a receiving system checks it: with `standardwebhooks`, the Standard Webhooks
 * project's own verification library (not this service's code), on a real receiver on 127.0.0.1.
 * The clock is the real one: the library refuses timestamps more than five minutes off.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

let h: Harness;
let server: Server;
let url: string;
const received: Array<{ headers: Record<string, string>; body: string }> = [];

beforeEach(async () => {
  const now = new Date();
  h = await makeHarness({ now: now.toISOString(), config: { webhooks: { allowPrivate: true, maxAttempts: 3, timeoutMs: 2000 } } });
  received.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/asl/prenotazioni`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.close();
});

it('signs each delivery so that the Standard Webhooks library verifies it, and refuses a tampered body', async () => {
  const hook = await h.expectStatus(h.call('POST', '/v1/webhooks', { body: { url, events: ['appointment.booked'] } }), 201);
  const desk = await h.make.desk();
  const m = await h.make.mediator({ availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) });
  const start = new Date(Date.now() + 3 * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  const a = await h.make.appointment(desk.token, { start: start.toISOString() });
  expect(a.mediatorId).toBe(m.id);
  await h.runJobs(null);

  expect(received).toHaveLength(1);
  const [delivery] = received;
  if (process.env.SHOW_EXAMPLE) console.log(JSON.stringify(delivery, null, 2));
  const verified = new Webhook(hook.secret).verify(delivery?.body ?? '', delivery?.headers ?? {}) as { type: string; data: { appointmentId: string } };
  expect(verified.type).toBe('appointment.booked');
  expect(verified.data.appointmentId).toBe(a.id);
  expect(() => new Webhook(hook.secret).verify((delivery?.body ?? '').replace(a.id, 'apt_other'), delivery?.headers ?? {})).toThrow(WebhookVerificationError);
});
