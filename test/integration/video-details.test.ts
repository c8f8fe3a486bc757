import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

/** `videoUrl` and `dialIn`: stored, edited, refused when malformed, and carried by the invite. */
describe('video and phone details of an appointment', () => {
  let h: Harness;
  let desk: { token: string };
  beforeEach(async () => {
    h = await makeHarness();
    desk = await h.make.desk();
  });
  afterEach(() => h.close());

  it('keeps the video link and the number to dial, and the invite carries them', async () => {
    await h.make.mediator();
    const a = await h.make.appointment(desk.token, { modality: 'video', videoUrl: 'https://meet.example.it/abc-123', dialIn: '+39 011 555 0000 (codice 4821)' });
    expect(a).toMatchObject({ status: 'booked', videoUrl: 'https://meet.example.it/abc-123', dialIn: '+39 011 555 0000 (codice 4821)' });
    const ics = await h.call('GET', `/v1/appointments/${a.id}/invite.ics`, { token: desk.token });
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.text)).getFirstSubcomponent('vevent') ?? undefined);
    expect(event.description).toContain('Video: https://meet.example.it/abc-123');
    expect(event.description).toContain('Telefono / Dial-in: +39 011 555 0000 (codice 4821)');
    expect(event.location).toBe('https://meet.example.it/abc-123');

    const patched = await h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { videoUrl: 'https://meet.example.it/new', dialIn: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ videoUrl: 'https://meet.example.it/new', dialIn: null, mediatorKept: true });
  });

  it('refuses a link that is not http(s), naming videoUrl', async () => {
    const res = await h.call('POST', '/v1/appointments', {
      token: desk.token,
      body: { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health', modality: 'video', videoUrl: 'javascript:alert(1)' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'videoUrl' })]);
  });
});
