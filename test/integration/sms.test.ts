/** Offers and reminders by SMS through an HTTP gateway (a fake one on 127.0.0.1 that records what it received). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatcherFor, systemCtx } from '../../src/jobs.js';
import type { MailTransport, OutgoingMail } from '../../src/mail/message.js';
import { sha256Hex } from '../../src/ids.js';
import { httpSmsTransport } from '../../src/mail/sms.js';
import { type Harness, makeHarness } from '../support/harness.js';

interface Received {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: { to: string; text: string; reference: string };
}

let gateway: Server;
let url: string;
const received: Received[] = [];
let failNext = 0;

beforeAll(async () => {
  gateway = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end('busy');
        return;
      }
      received.push({ authorization: req.headers.authorization, idempotencyKey: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(data) });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
});
afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

const mails: OutgoingMail[] = [];
const mailbox: MailTransport = { name: 'test', send: async (m) => void mails.push(m) };

describe('SMS to mediators', () => {
  let h: Harness;
  afterEach(() => {
    h.close();
    received.length = 0;
    mails.length = 0;
    failNext = 0;
  });

  const drain = () => {
    const ctx = systemCtx(h.deps, h.repos);
    return dispatcherFor(ctx, mailbox, httpSmsTransport({ url, apiKey: 'sms-key-123' })).drainOnce();
  };
  const kinds = async () => (await h.db.all<{ kind: string; to_addresses: string }>(sql`SELECT kind, to_addresses FROM outbox ORDER BY kind`)).map((r) => `${r.kind} ${r.to_addresses}`);

  it('sends an offer by SMS only, with its signed accept link, which books the appointment', async () => {
    h = await makeHarness({ config: { smsGateway: true } });
    const desk = await h.make.desk();
    const m = await h.make.mediator({ phone: '+39 333 123 4567', notifyBy: 'sms' });
    expect(m.notifyBy).toBe('sms');
    const a = await h.make.appointment(desk.token, { assignment: 'offer', beneficiaryRef: 'CASO-77', notes: 'visita di controllo' });
    expect(a.status).toBe('offered');
    expect(await kinds()).toEqual(['sms.offer ["+39 333 123 4567"]']);

    failNext = 1; // the gateway is busy once: the outbox retries
    expect(await drain()).toMatchObject({ sent: 0, retrying: 1 });
    h.clock.advance(60_000);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const sms = received[0] as Received;
    expect(sms.authorization).toBe('Bearer sms-key-123');
    expect(sms.body.to).toBe('+39 333 123 4567');
    expect(sms.idempotencyKey).toBe(sms.body.reference);
    expect(sms.body.text).toMatch(/^Offerta di mediazione: arabo, lun 23 mar 2026, 10:00, 60 min, Service \d+, Via Roma \d+, Torino\. Per accettare entro .+: http:\/\/localhost:8787\/offers\/ofr_\w+\/accept\?token=\S+$/);
    expect(sms.body.text).not.toContain('CASO-77');
    expect(sms.body.text).not.toContain('visita');
    expect(mails).toHaveLength(0);

    const link = new URL(/https?:\/\/\S+$/.exec(sms.body.text)?.[0] ?? '');
    expect((await h.app.request(link.pathname + link.search)).status).toBe(200);
    expect((await h.app.request(link.pathname + link.search, { method: 'POST' })).status).toBe(200);
    expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token })).body.status).toBe('booked');
    expect((await h.app.request(link.pathname + link.search, { method: 'POST' })).status).toBe(409); // single use
  });

  it('sends the reminder by SMS and e-mail for "both", and by e-mail when SMS cannot be sent', async () => {
    h = await makeHarness({ now: '2026-03-22T12:00:00Z', config: { smsGateway: true } });
    const desk = await h.make.desk();
    const both = await h.make.mediator({ phone: '+39 347 000 1111', notifyBy: 'both', locale: 'en' });
    expect((await h.make.appointment(desk.token)).mediator.id).toBe(both.id);
    const noPhone = await h.make.mediator({ notifyBy: 'sms' });
    expect((await h.make.appointment(desk.token, { start: '2026-03-23T10:30:00+01:00' })).mediator.id).toBe(noPhone.id); // the first is busy
    await h.db.exec(sql`DELETE FROM outbox`);
    await h.runJobs(null);
    const rows = await kinds();
    expect(rows.filter((r) => r.startsWith('sms.'))).toEqual(['sms.reminder ["+39 347 000 1111"]']);
    expect(rows.filter((r) => r.startsWith('appointment.reminder.mediator'))).toEqual([
      expect.stringContaining(both.email),
      expect.stringContaining(noPhone.email),
    ].sort());
    await drain();
    expect(received.map((r) => r.body.text)).toEqual([expect.stringMatching(/^Mediation reminder: Arabic, Mon 23 Mar 2026, 10:00, 60 min, Service \d+, Via Roma \d+, Torino\.$/)]);
  });

  it('lets a mediator choose SMS in their profile, and keeps e-mail without a gateway', async () => {
    h = await makeHarness();
    const desk = await h.make.desk();
    const m = await h.make.mediator({ phone: '+39 333 999 0000' });
    expect(m.notifyBy).toBe('email');
    const user = await h.make.mediatorUser(m.id);
    const patched = await h.expectStatus(h.call('PATCH', `/v1/mediators/${m.id}`, { token: user.token, body: { notifyBy: 'sms' } }), 200);
    expect(patched.notifyBy).toBe('sms');
    expect((await h.call('PATCH', `/v1/mediators/${m.id}`, { token: user.token, body: { notifyBy: 'pigeon' } })).status).toBe(400);
    await h.make.appointment(desk.token, { assignment: 'offer' });
    expect(await kinds()).toEqual([expect.stringMatching(/^offer \["mediator\d+@example\.it"\]$/)]);
  });

  it("lets a mediator choose on the profile page, which shows the choice", async () => {
    h = await makeHarness();
    const m = await h.make.mediator({ phone: '+39 333 999 0001' });
    const user = await h.make.mediatorUser(m.id);
    const token = 'test-session-sms-mediator-0001';
    const now = h.clock.now();
    await h.repos.webSessions.createSession({ tokenHash: await sha256Hex(token), userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000 });
    const headers = { cookie: `__Host-session=${token}`, origin: 'http://localhost:8787', 'content-type': 'application/x-www-form-urlencoded' };
    const body = new URLSearchParams({ phone: '+39 333 999 0001', email: m.email, locale: 'it', notifyBy: 'both' }).toString();
    expect((await h.app.request('/app/profile', { method: 'POST', headers, body })).status).toBe(303);
    expect((await h.call('GET', `/v1/mediators/${m.id}`)).body.notifyBy).toBe('both');
    const page = await (await h.app.request('/app/profile', { headers: { cookie: headers.cookie } })).text();
    expect(page).toMatch(/<input[^>]*name="notifyBy"[^>]*value="both"[^>]*checked/);
  });
});

