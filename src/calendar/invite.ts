import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalCalendar,
} from 'ical-generator';
import { DateTime } from 'luxon';
import type { CalendarEvent } from './event.js';
import { vtimezone } from './vtimezone.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const STATUS: Record<CalendarEvent['status'], ICalEventStatus> = {
  CONFIRMED: ICalEventStatus.CONFIRMED,
  TENTATIVE: ICalEventStatus.TENTATIVE,
  CANCELLED: ICalEventStatus.CANCELLED,
};

const PARTSTAT: Record<CalendarEvent['attendees'][number]['partstat'], ICalAttendeeStatus> = {
  'NEEDS-ACTION': ICalAttendeeStatus.NEEDSACTION,
  ACCEPTED: ICalAttendeeStatus.ACCEPTED,
  DECLINED: ICalAttendeeStatus.DECLINED,
  TENTATIVE: ICalAttendeeStatus.TENTATIVE,
};

/** iTIP message (RFC 5546) for one appointment: METHOD:REQUEST to create/update, METHOD:CANCEL to cancel. */
export function buildInvite(event: CalendarEvent, method: 'REQUEST' | 'CANCEL'): string {
  if (method === 'REQUEST' && event.status === 'CANCELLED') {
    throw new RangeError(`invite ${event.uid}: a cancelled event is sent with METHOD:CANCEL`);
  }
  const cal = createCalendar(method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  addVevent(cal, event, method === 'CANCEL' ? 'CANCELLED' : event.status);
  return `${cal.toString()}\r\n`;
}

/** An ical-generator calendar with this service's PRODID, CALSCALE and VTIMEZONE generator. */
export function createCalendar(method: ICalCalendarMethod): ICalCalendar {
  // No calendar-level zone name: with one, ical-generator writes DTSTAMP and LAST-MODIFIED as local times without Z.
  return ical({
    prodId: { company: 'mediator-booking', product: 'mediator-booking', language: 'IT' },
    method,
    scale: 'GREGORIAN',
    timezone: { name: null, generator: vtimezone },
  });
}

/** Adds one VEVENT: wall-clock times under TZID when the zone has a VTIMEZONE and both times are unambiguous, else UTC. */
export function addVevent(cal: ICalCalendar, event: CalendarEvent, status: CalendarEvent['status']): void {
  assertEvent(event);
  const zoned = vtimezone(event.zone) !== null && isUnambiguous(event.start, event.zone)
    && isUnambiguous(event.end, event.zone);
  const at = (ms: number): DateTime => DateTime.fromMillis(ms, { zone: zoned ? event.zone : 'utc' });
  const stamp = DateTime.fromMillis(event.stamp, { zone: 'utc' });
  cal.createEvent({
    id: event.uid,
    sequence: event.sequence,
    stamp,
    lastModified: stamp,
    start: at(event.start),
    end: at(event.end),
    timezone: zoned ? event.zone : null,
    summary: cleanText(event.summary),
    description: event.description ? cleanText(event.description) : null,
    location: event.location ? cleanText(event.location) : null,
    status: STATUS[status],
    organizer: { name: paramText(event.organizer.name) || event.organizer.email, email: event.organizer.email },
    attendees: event.attendees.map((a) => ({
      name: paramText(a.name) || undefined,
      email: a.email,
      status: PARTSTAT[a.partstat],
      rsvp: a.rsvp,
      role: a.role === 'OPT-PARTICIPANT' ? ICalAttendeeRole.OPT : ICalAttendeeRole.REQ,
    })),
    url: event.url ? uriValue(event.url) : null,
  });
}

function assertEvent(e: CalendarEvent): void {
  // ical-generator writes UID unescaped, so anything outside visible ASCII (or an escape char) could break the line.
  if (!/^[\x21-\x7e]+$/.test(e.uid) || /[,;\\]/.test(e.uid)) throw new RangeError(`invalid UID: ${JSON.stringify(e.uid)}`);
  if (!Number.isInteger(e.sequence) || e.sequence < 0) throw new RangeError(`invalid SEQUENCE for ${e.uid}`);
  if (![e.start, e.end, e.stamp].every(Number.isFinite) || e.end < e.start) throw new RangeError(`invalid times for ${e.uid}`);
  if (!DateTime.fromMillis(e.start, { zone: e.zone }).isValid) throw new RangeError(`unknown time zone ${e.zone}`);
}

// A local time repeated the night DST ends means its first occurrence per RFC 5545, but ical.js and
// python-icalendar read the second one: such times go out in UTC, which every client reads alike.
function isUnambiguous(ms: number, zone: string): boolean {
  const offset = (t: number): number => DateTime.fromMillis(t, { zone }).offset;
  const wall = ms + offset(ms) * MINUTE;
  return [offset(ms - DAY), offset(ms + DAY)].every((o) => wall - o * MINUTE === ms || offset(wall - o * MINUTE) !== o);
}

/** Drops the control characters iCalendar TEXT cannot carry (tab and line breaks stay: ical-generator escapes them). */
export function cleanText(value: string): string {
  return value.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
}

// RFC 5545 has no escapes in parameter values (CN): ical-generator's \" and \\ would break the quoting or show up literally.
function paramText(value: string): string {
  return cleanText(value).replace(/[\r\n\t]+/g, ' ').replace(/"/g, "'").replace(/\\/g, '/').trim();
}

// ical-generator escapes URL like TEXT; percent-encoding , and ; keeps the URI intact.
function uriValue(url: string): string {
  return new URL(url).href.replace(/,/g, '%2C').replace(/;/g, '%3B');
}
