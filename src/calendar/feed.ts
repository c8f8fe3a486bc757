import { ICalCalendarMethod, escape } from 'ical-generator';
import { DEFAULT_ZONE } from '../domain/time.js';
import type { CalendarEvent } from './event.js';
import { addVevent, cleanText, createCalendar } from './invite.js';

/** Subscription feed (METHOD:PUBLISH) with one VEVENT per event; cancelled ones keep STATUS:CANCELLED. */
export function buildFeed(input: { name: string; events: CalendarEvent[]; refreshMinutes?: number }): string {
  const refresh = input.refreshMinutes ?? 60;
  if (!Number.isInteger(refresh) || refresh < 1) throw new RangeError(`invalid refreshMinutes: ${refresh}`);
  const cal = createCalendar(ICalCalendarMethod.PUBLISH);
  // ical-generator writes NAME and X-WR-CALNAME unescaped.
  cal.name(escape(cleanText(input.name), false));
  cal.ttl(refresh * 60);
  for (const event of input.events) addVevent(cal, event, event.status);
  return `${withCalendarProperty(cal.toString(), `X-WR-TIMEZONE:${DEFAULT_ZONE}`)}\r\n`;
}

// ical-generator's custom properties land after the components; calendar properties must precede them.
function withCalendarProperty(ics: string, line: string): string {
  const first = ics.indexOf('\r\nBEGIN:');
  const at = first === -1 ? ics.lastIndexOf('\r\nEND:VCALENDAR') : first;
  return `${ics.slice(0, at)}\r\n${line}${ics.slice(at)}`;
}
