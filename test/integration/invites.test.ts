import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import nodeIcal, { type VEvent } from 'node-ical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smtpTransport } from '../../src/mail/smtp.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

let h: Harness;
let sink: SmtpSink;
beforeEach(async () => {
  h = await makeHarness();
  sink = await startSmtpSink();
});
afterEach(async () => {
  await sink.stop();
  h.close();
});

const deliver = () => h.runJobs(smtpTransport({ url: sink.url, timeoutMs: 2000 }));

/** The invite of a received mail: the text/calendar alternative part, parsed with ical.js. */
function inviteOf(mail: ReceivedMail) {
  const part = /Content-Type: text\/calendar;[^\r\n]*method=([A-Z]+)/i.exec(mail.raw);
  const ics = mail.parsed.attachments.find((a) => a.filename?.endsWith('.ics'))?.content.toString('utf8');
  if (!part || !ics) throw new Error(`no invite in ${mail.parsed.subject}`);
  const vcalendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = vcalendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  const start = vevent.getFirstPropertyValue('dtstart') as ICAL.Time;
  return {
    ics,
    contentTypeMethod: part[1],
    method: vcalendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue('status'),
    tzid: start.zone?.tzid ?? vevent.getFirstProperty('dtstart')?.getParameter('tzid'),
    wallStart: `${String(start.hour).padStart(2, '0')}:${String(start.minute).padStart(2, '0')}`,
    utcStart: start.toJSDate().toISOString(),
    hasVtimezone: vcalendar.getAllSubcomponents('vtimezone').some((z) => z.getFirstPropertyValue('tzid') === 'Europe/Rome'),
    organizer: String(vevent.getFirstPropertyValue('organizer')).replace(/^mailto:/i, 'mailto:'),
    attendees: vevent
      .getAllProperties('attendee')
      .map((p) => ({ email: String(p.getFirstValue()).replace(/^mailto:/i, 'mailto:'), partstat: p.getParameter('partstat'), rsvp: p.getParameter('rsvp'), cn: p.getParameter('cn') })),
  };
}

const to = (mail: ReceivedMail) => mail.envelopeTo.join(',');

describe('a booking reaches the mediator as a calendar invite', () => {
  it('sends a REQUEST with VTIMEZONE, wall-clock DTSTART, ORGANIZER and ATTENDEE, plus a copy to the desk', async () => {
    const desk = await h.make.desk({ name: 'Consultorio Torino', contactEmail: 'consultorio@asl.example.it' });
    const m = await h.make.mediator({ name: 'Amina Benali', email: 'amina@example.it' });
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-77', location: 'Stanza 4' });
    expect(a.mediatorId).toBe(m.id);

    const result = await deliver();
    expect(result.mail?.sent).toBe(2);
    const mediatorMail = sink.received.find((r) => to(r) === 'amina@example.it');
    const deskMail = sink.received.find((r) => to(r) === 'consultorio@asl.example.it');
    if (!mediatorMail || !deskMail) throw new Error('missing mail');
    expect(mediatorMail.parsed.subject).toMatch(/Appuntamento confermato/);
    const invite = inviteOf(mediatorMail);
    expect(invite).toMatchObject({
      contentTypeMethod: 'REQUEST',
      method: 'REQUEST',
      uid: `${a.id}@mediator-booking`,
      status: 'CONFIRMED',
      tzid: 'Europe/Rome',
      wallStart: '10:00',
      utcStart: '2026-03-23T09:00:00.000Z',
      hasVtimezone: true,
    });
    expect(invite.organizer).toBe('mailto:mediazione@localhost');
    // No RSVP asked for: nothing reads a calendar reply, so the invite arrives already accepted (the e-mail says how to decline).
    expect(invite.attendees).toEqual([{ email: 'mailto:amina@example.it', partstat: 'ACCEPTED', rsvp: 'FALSE', cn: 'Amina Benali' }]);
    const attendee = Object.values(nodeIcal.sync.parseICS(invite.ics)).find((c): c is VEvent => c?.type === 'VEVENT')?.attendee;
    expect(attendee).toMatchObject({ params: { PARTSTAT: 'ACCEPTED', RSVP: false } });
    expect(mediatorMail.parsed.text).toContain("Per rinunciare avvisi lo sportello (contatti qui sotto) o usi il servizio di prenotazione.");
    expect(invite.ics).toContain('CASE-77');
    expect(invite.ics).not.toMatch(/beneficiaryName/i);
    expect(inviteOf(deskMail).uid).toBe(invite.uid);
  });

  it('keeps the wall-clock time across the spring DST change', async () => {
    const desk = await h.make.desk();
    await h.make.mediator({ email: 'dst@example.it' });
    await h.make.appointment(desk.token, { start: '2026-03-30T10:00:00+02:00' });
    await deliver();
    const invite = inviteOf(sink.received.find((r) => to(r) === 'dst@example.it') as ReceivedMail);
    expect(invite.wallStart).toBe('10:00');
    expect(invite.utcStart).toBe('2026-03-30T08:00:00.000Z');
  });

  it('updates the same event on reschedule and cancels it with the same UID and a higher SEQUENCE', async () => {
    const desk = await h.make.desk();
    await h.make.mediator({ email: 'seq@example.it' });
    const a = await h.make.appointment(desk.token);
    await deliver();
    await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { start: '2026-03-23T11:00:00+01:00' } }), 200);
    await deliver();
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token, body: { reason: 'Family moved' } }), 200);
    await deliver();
    const invites = sink.received.filter((r) => to(r) === 'seq@example.it').map(inviteOf);
    expect(invites.map((i) => i.method)).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect(new Set(invites.map((i) => i.uid))).toEqual(new Set([`${a.id}@mediator-booking`]));
    const sequences = invites.map((i) => i.sequence);
    expect(sequences[1]).toBeGreaterThan(sequences[0] as number);
    expect(sequences[2]).toBeGreaterThan(sequences[1] as number);
    expect(invites[1]?.wallStart).toBe('11:00');
    expect(invites[2]?.status).toBe('CANCELLED');
    expect(invites[2]?.contentTypeMethod).toBe('CANCEL');
  });

  it('sends nothing and changes nothing for a PATCH that changes nothing', async () => {
    const desk = await h.make.desk();
    await h.make.mediator({ email: 'quiet@example.it' });
    const a = await h.make.appointment(desk.token, { location: 'Stanza 4' });
    await deliver();
    const before = sink.received.length;
    const same = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { location: 'Stanza 4' } }), 200);
    expect(same.version).toBe(a.version);
    expect((await deliver()).mail?.sent).toBe(0);
    expect(sink.received.length).toBe(before);
  });

  it('sends the old mediator a CANCEL when the appointment is reassigned', async () => {
    const desk = await h.make.desk();
    const first = await h.make.mediator({ email: 'first@example.it' });
    const second = await h.make.mediator({ email: 'second@example.it', languages: [{ code: 'ar', level: 'B2' }] });
    const a = await h.make.appointment(desk.token);
    expect(a.mediatorId).toBe(first.id);
    await deliver();
    await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/assign`, { token: desk.token, body: { mediatorId: second.id } }), 200);
    await deliver();
    const firstInvites = sink.received.filter((r) => to(r) === 'first@example.it').map(inviteOf);
    expect(firstInvites.map((i) => i.method)).toEqual(['REQUEST', 'CANCEL']);
    expect((firstInvites[1]?.sequence as number) > (firstInvites[0]?.sequence as number)).toBe(true);
    const secondInvites = sink.received.filter((r) => to(r) === 'second@example.it').map(inviteOf);
    expect(secondInvites.map((i) => i.method)).toEqual(['REQUEST']);
  });

  it('is read the same way by node-ical, a second parser', async () => {
    const desk = await h.make.desk();
    await h.make.mediator({ email: 'second@example.it' });
    await h.make.appointment(desk.token, { start: '2026-03-30T09:30:00+02:00' });
    await deliver();
    const invite = inviteOf(sink.received.find((r) => to(r) === 'second@example.it') as ReceivedMail);
    const calendar = nodeIcal.sync.parseICS(invite.ics);
    const components = Object.values(calendar);
    const event = components.find((c) => c?.type === 'VEVENT') as VEvent;
    expect(calendar.vcalendar?.method).toBe('REQUEST');
    expect(event.start.tz).toBe('Europe/Rome');
    expect(DateTime.fromJSDate(event.start, { zone: 'Europe/Rome' }).toFormat('HH:mm')).toBe('09:30');
    expect(event.start.toISOString()).toBe('2026-03-30T07:30:00.000Z');
    expect(components.filter((c) => c?.type === 'VTIMEZONE')).toHaveLength(1);
    expect([event.uid, event.sequence]).toEqual([invite.uid, invite.sequence]);
  });
});

describe('the outbox', () => {
  it('loses nothing while SMTP is down and delivers each message exactly once when it is back', async () => {
    const desk = await h.make.desk();
    for (let i = 0; i < 10; i++) await h.make.mediator({ email: `m${i}@example.it`, availability: [{ weekday: 1, start: '08:00', end: '18:00' }] });
    await sink.stop();
    const appointments: Json[] = [];
    for (let i = 0; i < 10; i++) appointments.push(await h.make.appointment(desk.token, { start: '2026-03-23T10:00:00+01:00' }));
    expect(appointments.every((a) => a.status === 'booked')).toBe(true);

    const down = await deliver();
    expect(down.mail).toEqual({ sent: 0, retrying: 20, failed: 0 });
    const pending = await h.call('GET', '/v1/outbox?status=pending&limit=200');
    expect(pending.body.items).toHaveLength(20);
    expect(pending.body.items[0].lastError).toBeTruthy();

    await sink.start();
    expect((await deliver()).mail?.sent).toBe(0); // not due yet: backoff
    h.clock.advance(31_000);
    expect((await deliver()).mail?.sent).toBe(20);
    h.clock.advance(3_600_000);
    expect((await deliver()).mail?.sent).toBe(0);
    const ids = sink.received.map((r) => r.parsed.messageId);
    expect(new Set(ids).size).toBe(20);
    expect(ids).toHaveLength(20);
    const sent = await h.call('GET', '/v1/outbox?status=sent&limit=200');
    expect(sent.body.items).toHaveLength(20);
  });

  it('gives up after the last attempt, shows the message as failed, and a coordinator can retry it', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    await sink.stop();
    for (let i = 0; i < h.deps.config.mail.maxAttempts; i++) {
      await deliver();
      h.clock.advance(h.deps.config.mail.maxBackoffMs);
    }
    const failed = await h.call('GET', '/v1/outbox?status=failed');
    expect(failed.body.items).toHaveLength(2);
    const detail = await h.expectStatus(h.call('GET', `/v1/outbox/${failed.body.items[0].id}`), 200);
    expect(detail.attemptLog).toHaveLength(h.deps.config.mail.maxAttempts);
    expect(detail.attemptLog.every((a: { error: string | null }) => a.error)).toBe(true);

    await sink.start();
    const desk403 = await h.call('POST', `/v1/outbox/${failed.body.items[0].id}/retry`, { token: desk.token });
    expect(desk403.status).toBe(403);
    const retried = await h.expectStatus(h.call('POST', `/v1/outbox/${failed.body.items[0].id}/retry`), 200);
    expect(retried.status).toBe('pending');
    expect((await deliver()).mail?.sent).toBe(1);
    expect((await h.call('POST', `/v1/outbox/${failed.body.items[0].id}/retry`)).status).toBe(409);
  });

  it('tells coordinators with an e-mail address about an unfilled request, not revoked ones', async () => {
    await h.make.user({ role: 'coordinator', email: 'coordinamento@example.it' });
    const former = await h.make.user({ role: 'coordinator', email: 'ex-coordinamento@example.it' });
    expect((await h.call('DELETE', `/v1/users/${former.id}`)).status).toBe(204);
    const desk = await h.make.desk({ area: 'VB' });
    await h.make.appointment(desk.token, { language: 'ti' });
    await deliver();
    const alert = sink.received.find((r) => to(r) === 'coordinamento@example.it');
    expect(alert?.parsed.subject).toBeTruthy();
    expect(alert?.parsed.text).toContain('ti');
    expect(sink.received.some((r) => to(r) === 'ex-coordinamento@example.it')).toBe(false);
  });
});

describe('reminders', () => {
  it('reminds mediator and desk once, 24 h before, and never for a cancelled appointment', async () => {
    const desk = await h.make.desk({ contactEmail: 'desk-r@example.it' });
    await h.make.mediator({ email: 'rem@example.it' });
    const kept = await h.make.appointment(desk.token);
    const cancelled = await h.make.appointment(desk.token, { start: '2026-03-23T15:00:00+01:00' });
    await h.call('POST', `/v1/appointments/${cancelled.id}/cancel`, { token: desk.token });
    await deliver();
    const before = sink.received.length;

    h.clock.set('2026-03-22T08:59:00Z'); // 25 h before: nothing yet
    expect((await deliver()).remindersQueued).toBe(0);
    h.clock.set('2026-03-22T10:00:00Z');
    const run = await deliver();
    expect(run.remindersQueued).toBe(1);
    expect((await deliver()).remindersQueued).toBe(0);
    const reminders = sink.received.slice(before);
    expect(reminders.map(to).sort()).toEqual(['desk-r@example.it', 'rem@example.it']);
    expect(reminders.every((r) => r.raw.includes(kept.id))).toBe(true);
  });
});
