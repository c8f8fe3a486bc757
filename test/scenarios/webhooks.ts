import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Json } from '../support/factories.js';
import { type Received, type Receiver, startReceiver } from '../support/receiver.js';
import type { Target } from './target.js';

/** A target whose background jobs can be run once (the Node loop's round, or the Workers cron). */
export type JobsTarget = Target & { jobs(): Promise<unknown> };

/**
 * Webhooks on every runtime, received on 127.0.0.1 (the target runs with WEBHOOK_ALLOW_PRIVATE=true)
 * and verified here from the Standard Webhooks specification.
 */
export function webhookScenarios(makeTarget: () => Promise<JobsTarget>): void {
  let h: JobsTarget;
  let receiver: Receiver;
  let url: string;
  let received: Received[];
  beforeEach(async () => {
    h = await makeTarget();
    receiver = await startReceiver('/hook', 200);
    ({ url, received } = receiver);
  });
  afterEach(async () => {
    await receiver.close();
    await h.close();
  });

  const signatureOf = (secret: string, r: (typeof received)[number]) =>
    `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`).digest('base64')}`;

  it('a booking and its cancellation are delivered by the jobs, signed, and listed with their attempts', async () => {
    const hook = await h.expectStatus(h.call('POST', '/v1/webhooks', { body: { url, events: ['appointment.booked', 'appointment.cancelled'] } }), 201);
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-W1' });
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token, body: {} }), 200);
    expect(received).toEqual([]);
    await h.jobs();
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['appointment.booked', 'appointment.cancelled']);
    for (const r of received) expect(r.headers['webhook-signature']).toBe(signatureOf(hook.secret, r));
    expect(JSON.parse(received[0]?.body ?? '{}').data).toMatchObject({ appointmentId: a.id, mediatorId: m.id, status: 'booked' });
    expect(received.some((r) => r.body.includes('CASE-W1'))).toBe(false);
    const deliveries = (await h.expectStatus(h.call('GET', `/v1/webhooks/${hook.id}/deliveries`), 200)).items as Json[];
    expect(deliveries.map((d) => [d.event, d.status, d.attemptLog.length, d.attemptLog[0]?.responseStatus])).toEqual([
      ['appointment.cancelled', 'delivered', 1, 200],
      ['appointment.booked', 'delivered', 1, 200],
    ]);
  });

  it('a replay sends the same delivery again under the same webhook-id', async () => {
    const hook = await h.expectStatus(h.call('POST', '/v1/webhooks', { body: { url, events: ['appointment.unfilled'] } }), 201);
    const desk = await h.make.desk();
    await h.make.appointment(desk.token, { language: 'uk' });
    await h.jobs();
    const [delivery] = (await h.expectStatus(h.call('GET', `/v1/webhooks/${hook.id}/deliveries`), 200)).items as Json[];
    await h.expectStatus(h.call('POST', `/v1/webhooks/${hook.id}/deliveries/${delivery?.id}/replay`), 200);
    await h.jobs();
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([delivery?.id, delivery?.id]);
    expect(received[1]?.body).toBe(received[0]?.body);
  });
}
