import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailApi } from '../support/mail-api.js';
import { makeWorkerTarget } from '../support/worker-target.js';

type Target = Awaited<ReturnType<typeof makeWorkerTarget>>;

describe('e-mail from the Worker', () => {
  let api: Awaited<ReturnType<typeof mailApi>>;
  let t: Target | undefined;
  beforeEach(async () => {
    api = await mailApi();
  });
  afterEach(async () => {
    await t?.close();
    await api.close();
  });

  async function book(target: Target) {
    const desk = await target.make.desk({ contactEmail: 'desk@example.it' });
    await target.make.mediator({ email: 'amina@example.it' });
    return target.make.appointment(desk.token);
  }

  it('sends the invites through the HTTP mail API on the Cron Trigger', async () => {
    t = await makeWorkerTarget({ bindings: { MAIL_HTTP_URL: api.url, MAIL_HTTP_API_KEY: 'key-123' } });
    const a = await book(t);
    await t.scheduled();
    expect(api.requests).toHaveLength(2);
    const toMediator = api.requests.find((r) => r.body.to[0] === 'amina@example.it');
    expect(toMediator?.auth).toBe('Bearer key-123');
    const attachment = toMediator?.body.attachments[0];
    expect(attachment.content_type).toContain('method=REQUEST');
    const ics = Buffer.from(attachment.content, 'base64').toString('utf8');
    const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent');
    expect(vevent?.getFirstPropertyValue('uid')).toBe(`${a.id}@mediator-booking`);
    const sent = await t.call('GET', '/v1/outbox?status=sent');
    expect(sent.body.items).toHaveLength(2);
  });

  it('keeps mail pending when the API is down, and never loses it', async () => {
    t = await makeWorkerTarget({ bindings: { MAIL_HTTP_URL: api.url, MAIL_HTTP_API_KEY: 'key-123' } });
    await book(t);
    api.fail(true);
    await t.scheduled();
    const pending = await t.call('GET', '/v1/outbox?status=pending');
    expect(pending.body.items).toHaveLength(2);
    expect(pending.body.items[0].lastError).toContain('503');
  });

  it('leaves mail in the outbox when no transport is configured', async () => {
    t = await makeWorkerTarget();
    await book(t);
    await t.scheduled();
    expect(api.requests).toHaveLength(0);
    expect((await t.call('GET', '/v1/outbox?status=pending')).body.items).toHaveLength(2);
  });
});
