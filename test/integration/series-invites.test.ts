import ICAL from 'ical.js';
import nodeIcal, { type VEvent } from 'node-ical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailTransport, OutgoingMail } from '../../src/mail/message.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

/**
 * A series' invites, as the mediator's calendar reads them with two independent parsers (ical.js and
 * node-ical): one VEVENT per occurrence with its own UID, 09:00 in Europe/Rome on each side of a DST
 * change, and a cancelled occurrence removed alone.
 */
let h: Harness;
let sent: OutgoingMail[];
const capture: MailTransport = { name: 'capture', send: async (mail) => void sent.push(mail) };
beforeEach(async () => {
  h = await makeHarness();
  sent = [];
});
afterEach(() => h.close());

interface Parsed {
  method: string;
  uid: string;
  sequence: number;
  wall: string;
  utc: string;
  tzid: string | undefined;
}

function withIcalJs(ics: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  const start = event.startDate;
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    wall: `${String(start.hour).padStart(2, '0')}:${String(start.minute).padStart(2, '0')}`,
    utc: start.toJSDate().toISOString(),
    tzid: start.zone?.tzid,
  };
}

function withNodeIcal(ics: string): Parsed {
  const parsed = nodeIcal.sync.parseICS(ics);
  const event = Object.values(parsed).find((c): c is VEvent => c?.type === 'VEVENT');
  if (!event) throw new Error('no VEVENT');
  const method = /^METHOD:(.+)$/m.exec(ics)?.[1]?.trim() ?? '';
  const tz = (event.start as Date & { tz?: string }).tz;
  const wall = new Intl.DateTimeFormat('en-GB', { timeZone: tz ?? 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(event.start);
  return { method, uid: event.uid, sequence: Number(event.sequence ?? 0), wall, utc: event.start.toISOString(), tzid: tz };
}

/** A calendar that applies iTIP messages in order, as a mediator's calendar app does: REQUEST adds or updates by UID, CANCEL removes. */
function calendarAfter(mails: OutgoingMail[], parse: (ics: string) => Parsed): Map<string, Parsed> {
  const events = new Map<string, Parsed>();
  for (const mail of mails) {
    if (!mail.calendar) continue;
    const e = parse(mail.calendar.content);
    if (e.method === 'CANCEL') events.delete(e.uid);
    else events.set(e.uid, e);
  }
  return events;
}

async function seriesOf(start: string, count: number): Promise<{ desk: { token: string }; mediator: Json; series: Json }> {
  const desk = await h.make.desk();
  const mediator = await h.make.mediator({ email: 'amina@example.it' });
  const series = await h.expectStatus(h.call('POST', '/v1/series', { token: desk.token, body: { language: 'ar', start, durationMinutes: 60, sector: 'health', recurrence: { count } } }), 201);
  return { desk, mediator, series };
}

const toMediator = () => sent.filter((m) => m.to.includes('amina@example.it'));

describe('a weekly series across the last Sunday of March, in the mediator’s calendar', () => {
  it('arrives as one event per occurrence, each with its own UID, at 09:00 Rome before and after the change', async () => {
    const { series } = await seriesOf('2026-03-23T09:00:00+01:00', 3);
    await h.runJobs(capture);
    const ids = (series.occurrences as Json[]).map((o) => o.appointmentId);
    for (const parse of [withIcalJs, withNodeIcal]) {
      const calendar = calendarAfter(toMediator(), parse);
      expect([...calendar.keys()].sort()).toEqual(ids.map((id) => `${id}@mediator-booking`).sort());
      expect(ids.map((id) => calendar.get(`${id}@mediator-booking`)).map((e) => [e?.wall, e?.utc, e?.tzid])).toEqual([
        ['09:00', '2026-03-23T08:00:00.000Z', 'Europe/Rome'],
        ['09:00', '2026-03-30T07:00:00.000Z', 'Europe/Rome'],
        ['09:00', '2026-04-06T07:00:00.000Z', 'Europe/Rome'],
      ]);
    }
  });

  it('cancelling one occurrence sends one CANCEL with its UID, and removes only that event', async () => {
    const { desk, series } = await seriesOf('2026-03-23T09:00:00+01:00', 3);
    const [first, second, third] = (series.occurrences as Json[]).map((o) => o.appointmentId as string);
    await h.expectStatus(h.call('POST', `/v1/appointments/${second}/cancel`, { token: desk.token, body: {} }), 200);
    await h.runJobs(capture);
    const cancels = toMediator().filter((m) => m.calendar?.method === 'CANCEL');
    expect(cancels).toHaveLength(1);
    for (const parse of [withIcalJs, withNodeIcal]) {
      const cancel = parse(cancels[0]?.calendar?.content ?? '');
      expect([cancel.method, cancel.uid, cancel.wall]).toEqual(['CANCEL', `${second}@mediator-booking`, '09:00']);
      const calendar = calendarAfter(toMediator(), parse);
      expect([...calendar.keys()].sort()).toEqual([`${first}@mediator-booking`, `${third}@mediator-booking`].sort());
    }
  });

  it('cancelling the series from an occurrence removes that one and the following, and nothing before', async () => {
    const { desk, series } = await seriesOf('2026-03-23T09:00:00+01:00', 4);
    const ids = (series.occurrences as Json[]).map((o) => o.appointmentId as string);
    await h.expectStatus(h.call('POST', `/v1/series/${series.id}/cancel`, { token: desk.token, body: { from: series.occurrences[1].start } }), 200);
    await h.runJobs(capture);
    for (const parse of [withIcalJs, withNodeIcal]) {
      expect([...calendarAfter(toMediator(), parse).keys()]).toEqual([`${ids[0]}@mediator-booking`]);
    }
  });

  it('editing the series’ time updates the events ahead in place (same UID, higher SEQUENCE), at the new wall-clock time', async () => {
    const { desk, series } = await seriesOf('2026-03-23T09:00:00+01:00', 3);
    await h.runJobs(capture);
    const before = calendarAfter(toMediator(), withIcalJs);
    await h.expectStatus(h.call('PATCH', `/v1/series/${series.id}`, { token: desk.token, body: { time: '10:30' } }), 200);
    await h.runJobs(capture);
    for (const parse of [withIcalJs, withNodeIcal]) {
      const after = calendarAfter(toMediator(), parse);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [uid, e] of after) {
        expect(e.wall).toBe('10:30');
        expect(e.sequence).toBeGreaterThan(before.get(uid)?.sequence ?? Number.POSITIVE_INFINITY);
      }
    }
  });
});

describe('across the last Sunday of October', () => {
  it('09:00 stays 09:00 in both parsers', async () => {
    const { series } = await seriesOf('2026-10-19T09:00:00+02:00', 3);
    await h.runJobs(capture);
    const ids = (series.occurrences as Json[]).map((o) => `${o.appointmentId}@mediator-booking`);
    for (const parse of [withIcalJs, withNodeIcal]) {
      const calendar = calendarAfter(toMediator(), parse);
      expect(ids.map((uid) => [calendar.get(uid)?.wall, calendar.get(uid)?.utc])).toEqual([
        ['09:00', '2026-10-19T07:00:00.000Z'],
        ['09:00', '2026-10-26T08:00:00.000Z'],
        ['09:00', '2026-11-02T08:00:00.000Z'],
      ]);
    }
  });
});
