import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { JobsTarget } from './webhooks.js';

/** Where a target sends: a fake SMS gateway and a fake mail API, both on 127.0.0.1. */
export interface Gateways {
  sms: string;
  mail: string;
}

/**
 * The beneficiary's slip and SMS to mediators on every runtime. The target is built with the
 * gateways' addresses (SMS_HTTP_URL and MAIL_HTTP_URL on Workers) and the key `sms-key`.
 */
export function slipAndSmsScenarios(makeTarget: (gateways: Gateways) => Promise<JobsTarget>): void {
  let h: JobsTarget;
  let server: Server;
  let sms: Array<{ authorization: string | undefined; body: { to: string; text: string; reference: string } }>;
  beforeEach(async () => {
    sms = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (req.url === '/sms') sms.push({ authorization: req.headers.authorization, body: JSON.parse(body) });
        res.statusCode = 200;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await makeTarget({ sms: `${base}/sms`, mail: `${base}/mail` });
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  it("prints the beneficiary's slip in Arabic beside Italian, right to left, only for the appointment's desk", async () => {
    const desk = await h.make.desk({ name: 'Consultorio Torino Nord' });
    await h.make.mediator();
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASO-S1', notes: 'controllo' });
    const res = await h.call('GET', `/v1/appointments/${a.id}/slip?lang=ar`, { token: desk.token });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<section lang="ar" dir="rtl">');
    expect(res.text).toContain('سيحضر وسيط ثقافي يتحدث لغتك.');
    expect(res.text).toContain('lunedì 23 marzo 2026');
    expect(res.text).not.toContain('CASO-S1');
    expect(res.text).not.toContain('controllo');
    const other = await h.make.desk();
    expect((await h.call('GET', `/v1/appointments/${a.id}/slip?lang=ar`, { token: other.token })).status).toBe(404);
  });

  it('sends an offer by SMS through the gateway, and its link books the appointment', async () => {
    const desk = await h.make.desk();
    await h.make.mediator({ phone: '+39 333 555 0101', notifyBy: 'sms' });
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    await h.jobs();
    expect(sms).toHaveLength(1);
    expect(sms[0]?.authorization).toBe('Bearer sms-key');
    expect(sms[0]?.body.to).toBe('+39 333 555 0101');
    expect(sms[0]?.body.text).toMatch(/^Offerta di mediazione: arabo, lun 23 mar 2026, 10:00, 60 min, /);
    const link = new URL(/https?:\/\/\S+$/.exec(sms[0]?.body.text ?? '')?.[0] ?? '');
    expect((await h.call('POST', link.pathname + link.search)).status).toBe(200);
    expect((await h.call('GET', `/v1/appointments/${a.id}`, { token: desk.token })).body.status).toBe('booked');
    const outbox = (await h.expectStatus(h.call('GET', '/v1/outbox?kind=sms.offer'), 200)) as { items?: Array<{ kind: string; status: string }> };
    expect(outbox.items?.filter((m) => m.kind === 'sms.offer').map((m) => m.status)).toEqual(['sent']);
  });
}
