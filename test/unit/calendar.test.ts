import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import ical, { type DateWithTimeZone, type TimeZoneDef, type VEvent, type VTimeZone } from 'node-ical';
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/calendar/event.js';
import { buildFeed } from '../../src/calendar/feed.js';
import { buildInvite } from '../../src/calendar/invite.js';
import { deriveVtimezone, vtimezone } from '../../src/calendar/vtimezone.js';
import { calendarEventOf } from '../../src/mail/outbox-render.js';
import type { AppointmentFacts } from '../../src/mail/notices.js';
import { at, iso, utc } from './factories.js';

/** One appointment in Rome on Friday 27 March 2026 09:30–10:30; tests override what they are about. */
function event(over: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: 'apt_01JQ0000000000000000000000@mediator-booking',
    sequence: 0,
    start: at('2026-03-27T09:30'),
    end: at('2026-03-27T10:30'),
    zone: 'Europe/Rome',
    stamp: utc('2026-03-20T08:15Z'),
    summary: 'Mediazione linguistica (arabo)',
    description: 'Colloquio con l’assistente sociale',
    location: 'ASL TO3, Via Martiri XXX Aprile 30, Collegno',
    status: 'CONFIRMED',
    organizer: { name: 'Servizio Mediazione ASL TO3', email: 'mediazione@aslto3.example.it' },
    attendees: [{ name: 'Amina El Idrissi', email: 'amina@example.it', partstat: 'NEEDS-ACTION', rsvp: true }],
    ...over,
  };
}

const tricky = {
  summary: 'Mediazione, arabo; turno 1\\2 "urgente"\nSUMMARY:evil',
  description: 'Riga 1\nRiga 2, con virgola; e punto e virgola\n\nATTENDEE:mailto:evil@x.it\nEND:VEVENT',
  location: 'Via Roma 1, Torino; piano 2\r\nATTENDEE:mailto:evil@x.it\u2028X-EVIL:1',
};

const at27 = event();
/** A booking as the outbox renders its invite for the mediator. */
const bookedFacts: AppointmentFacts = {
  appointmentId: 'apt_01JQ0000000000000000000001', serviceName: 'ASL TO3', serviceAddress: 'Via Martiri XXX Aprile 30, Collegno',
  deskEmail: 'desk@aslto3.example.it', deskPhone: null, language: 'ar', modality: 'in_person',
  start: '2026-03-27T09:30:00+01:00', end: '2026-03-27T10:30:00+01:00', startMs: at('2026-03-27T09:30'), endMs: at('2026-03-27T10:30'),
  location: null, beneficiaryRef: null, notes: null, mediatorName: 'Amina El Idrissi', mediatorPhone: null,
  mediatorEmail: 'amina@example.it', cancelReason: null, urgency: 'standard',
};

const docs: Record<string, string> = {
  booked: buildInvite(calendarEventOf(bookedFacts, 1, utc('2026-03-20T08:15Z'), 'mediazione@example.it', false), 'REQUEST'),
  request27: buildInvite(at27, 'REQUEST'),
  cancel27: buildInvite({ ...at27, sequence: 1, stamp: utc('2026-03-21T10:00Z'), status: 'CANCELLED' }, 'CANCEL'),
  request30: buildInvite(event({ start: at('2026-03-30T09:30'), end: at('2026-03-30T10:30'), sequence: 3 }), 'REQUEST'),
  request23oct: buildInvite(event({ start: at('2026-10-23T09:30'), end: at('2026-10-23T10:30') }), 'REQUEST'),
  request26oct: buildInvite(event({ start: at('2026-10-26T09:30'), end: at('2026-10-26T10:30') }), 'REQUEST'),
  nightMarch: buildInvite(event({ start: at('2026-03-28T22:00'), end: at('2026-03-29T06:00') }), 'REQUEST'),
  nightOctober: buildInvite(event({ start: at('2026-10-24T22:00'), end: at('2026-10-25T06:00') }), 'REQUEST'),
  firstOf0230: buildInvite(event({ start: utc('2026-10-25T00:30Z'), end: utc('2026-10-25T00:45Z') }), 'REQUEST'),
  secondOf0230: buildInvite(event({ start: utc('2026-10-25T01:30Z'), end: utc('2026-10-25T02:00Z') }), 'REQUEST'),
  blankNames: buildInvite(event({
    organizer: { name: ' \n ', email: 'org@asl.example.it' },
    attendees: [{ name: '', email: 'amina@example.it', partstat: 'DECLINED', rsvp: false }],
  }), 'REQUEST'),
  backslashN: buildInvite(event({ description: 'C:\\nuovi\\note' }), 'REQUEST'),
  tricky: buildInvite(event({
    ...tricky,
    organizer: { name: 'ASL "TO3" \\ Ufficio\r\nX-EVIL:1', email: 'org@asl.example.it' },
    attendees: [
      { name: 'D’Angelo, Fatima; "Fati"', email: 'fatima@example.it', partstat: 'ACCEPTED', rsvp: false, role: 'OPT-PARTICIPANT' },
      { name: 'Operatore', email: 'op@comune.torino.example.it', partstat: 'TENTATIVE', rsvp: true },
    ],
    url: 'https://prenota.example.it/appuntamenti/apt_1?lang=it,en;x=1',
  }), 'REQUEST'),
  unicode: buildInvite(event({
    summary: 'Mediazione 中文 / العربية / ትግርኛ 🗓️ '.repeat(4),
    location: null,
    description: '',
  }), 'REQUEST'),
  newYork: buildInvite(event({ zone: 'America/New_York', start: utc('2026-03-09T13:30Z'), end: utc('2026-03-09T14:30Z') }), 'REQUEST'),
  casablanca: buildInvite(event({ zone: 'Africa/Casablanca', start: utc('2026-03-09T09:30Z'), end: utc('2026-03-09T10:30Z') }), 'REQUEST'),
  feed: buildFeed({
    name: 'Amina, turni; mediazione\r\nX-EVIL:1',
    refreshMinutes: 30,
    events: [
      at27,
      event({ uid: 'apt_2@mediator-booking', start: at('2026-03-30T09:30'), end: at('2026-03-30T11:00'), location: null }),
      event({ uid: 'apt_3@mediator-booking', sequence: 2, status: 'CANCELLED', start: at('2026-10-26T15:00'), end: at('2026-10-26T16:00') }),
    ],
  }),
  emptyFeed: buildFeed({ name: 'Vuoto', events: [] }),
};

interface When { wall: string; tzid: string | null; utc: string; utcVtz?: string }
interface Person { value: string; cn: string | null; partstat: string | null; rsvp: string | null; role: string | null }
interface ParsedEvent {
  props: string[]; uid: string; sequence: number; status: string | null; summary: string | null; description: string | null;
  location: string | null; url: string | null; dtstamp: When; lastModified: When | null; dtstart: When; dtend: When;
  organizer: Person; attendees: Person[];
}
interface ParsedCalendar {
  props: string[]; components: string[]; method: string | null; calname: string | null; name: string | null;
  xwrTimezone: string | null; refresh: string | null; ttl: string | null;
  vtimezones: Array<{ tzid: string; observances: Array<{ kind: string; from: string; to: string; dtstart: string; rrule: string | null }> }>;
  events: ParsedEvent[];
}

// The second parser, independent of ical.js. UTC is computed twice: by node-ical from the TZID name, and from our VTIMEZONE.
// node-ical keeps no syntax tree: it folds each component into an object keyed by property name, renames
// some (DTSTART → start, X-WR-CALNAME → WR-CALNAME), adds its own keys, and turns TRUE/FALSE into booleans.
const NODE_ICAL_NAMES: Record<string, string> = { start: 'DTSTART', end: 'DTEND', lastmodified: 'LAST-MODIFIED' };
const NODE_ICAL_ADDED = new Set(['type', 'datetype', 'method', 'params']);

type NodeIcalValue = string | number | boolean | Date | { params?: Record<string, unknown>; val?: unknown } | undefined;

function propertyNames(component: object, added = NODE_ICAL_ADDED): string[] {
  return Object.entries(component).filter(([k, v]) => !added.has(k) && v !== undefined && !isComponent(v)).flatMap(([k, v]) => {
    const name = NODE_ICAL_NAMES[k] ?? (k === k.toLowerCase() ? k.toUpperCase() : `X-${k}`);
    return Array<string>(Array.isArray(v) ? v.length : 1).fill(name);
  });
}

function isComponent(v: unknown): v is { type: string } {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && typeof (v as { type?: unknown }).type === 'string';
}

function nodeIcalText(v: NodeIcalValue): string | null {
  if (v === undefined) return null;
  return String(typeof v === 'object' && !(v instanceof Date) ? v.val : v);
}

function nodeIcalParam(v: NodeIcalValue, name: string): string | null {
  const p = typeof v === 'object' && !(v instanceof Date) ? v.params?.[name] : undefined;
  if (p === undefined) return null;
  return typeof p === 'boolean' ? String(p).toUpperCase() : String(p);
}

/** An observance's DTSTART as written: node-ical reads it as a machine-local time. */
function observanceStart(rule: TimeZoneDef): string {
  return DateTime.fromJSDate(rule.start).toFormat("yyyyMMdd'T'HHmmss");
}

function offsetMs(offset: string): number {
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(offset);
  if (!m) throw new Error(`bad offset ${offset}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** The instant of a wall-clock time by the VTIMEZONE's own rules (RRULEs expanded by node-ical): the offset of the latest onset. */
function viaVtimezone(vtz: VTimeZone, wall: string): string {
  const t = Date.parse(`${wall}Z`);
  const onsets = Object.values(vtz).filter(isComponent).flatMap((o) => {
    const rule = o as unknown as TimeZoneDef;
    const event = ical.sync.parseICS(`BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:onset\r\nDTSTAMP:20000101T000000Z\r\nDTSTART:${observanceStart(rule)}Z\r\n${rule.rrule ?? ''}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`).onset as VEvent;
    const times = event.rrule ? event.rrule.between(new Date(t - 800 * 86_400_000), new Date(t), true) : [event.start];
    return times.map((at) => ({ at: at.getTime(), offset: offsetMs(rule.tzoffsetto) }));
  });
  const latest = onsets.filter((o) => o.at <= t).sort((a, b) => b.at - a.at)[0];
  if (!latest) throw new Error(`no observance before ${wall}`);
  return new Date(t - latest.offset).toISOString();
}

function parseWithNodeIcal(ics: string): ParsedCalendar {
  const parsed = ical.sync.parseICS(ics);
  const { vcalendar, ...rest } = parsed;
  const components = Object.values(rest).filter(isComponent) as Array<VEvent | VTimeZone>;
  const vtzs = components.filter((c): c is VTimeZone => c.type === 'VTIMEZONE');
  // A calendar property with parameters (REFRESH-INTERVAL;VALUE=DURATION) stays beside the components, not in vcalendar.
  const calendar = { ...vcalendar, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => !isComponent(v))) } as Record<string, NodeIcalValue>;
  const when = (d: DateWithTimeZone | undefined): When | null => {
    if (!d) return null;
    const tzid = d.tz && d.tz !== 'Etc/UTC' ? d.tz : null;
    const wall = DateTime.fromJSDate(d, { zone: tzid ?? 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    const vtz = vtzs.find((z) => z.tzid === tzid);
    return { wall, tzid, utc: d.toISOString(), ...(tzid && vtz && { utcVtz: viaVtimezone(vtz, wall) }) };
  };
  const person = (p: NodeIcalValue): Person => ({
    value: String(nodeIcalText(p)), cn: nodeIcalParam(p, 'CN'), partstat: nodeIcalParam(p, 'PARTSTAT'), rsvp: nodeIcalParam(p, 'RSVP'), role: nodeIcalParam(p, 'ROLE'),
  });
  return {
    props: propertyNames(calendar, new Set(['type'])), components: components.map((c) => c.type),
    method: nodeIcalText(calendar.method), calname: nodeIcalText(calendar['WR-CALNAME']), name: nodeIcalText(calendar.name),
    xwrTimezone: nodeIcalText(calendar['WR-TIMEZONE']), refresh: nodeIcalText(calendar['refresh-interval']), ttl: nodeIcalText(calendar['PUBLISHED-TTL']),
    vtimezones: vtzs.map((z) => ({
      tzid: z.tzid,
      observances: (Object.values(z).filter(isComponent) as unknown as TimeZoneDef[]).map((o) => ({
        kind: o.type, from: o.tzoffsetfrom, to: o.tzoffsetto, dtstart: observanceStart(o), rrule: o.rrule ?? null,
      })),
    })),
    events: components.filter((c): c is VEvent => c.type === 'VEVENT').map((e) => {
      const v = e as unknown as Record<string, NodeIcalValue>;
      return {
        props: propertyNames(e), uid: e.uid, sequence: Number(e.sequence), status: e.status ?? null,
        summary: nodeIcalText(v.summary), description: nodeIcalText(v.description), location: nodeIcalText(v.location), url: nodeIcalText(v.url),
        dtstamp: when(e.dtstamp) as When, lastModified: when(e.lastmodified), dtstart: when(e.start) as When, dtend: when(e.end) as When,
        organizer: person(v.organizer), attendees: ([] as NodeIcalValue[]).concat(e.attendee ?? []).map(person),
      };
    }),
  };
}

// ical.js knows no value type for NAME and X- properties and returns them still escaped.
function unescapeText(value: string | null): string | null {
  return value?.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c)) ?? null;
}

function parseWithIcalJs(ics: string): ParsedCalendar {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vtzs = cal.getAllSubcomponents('vtimezone');
  const zones = new Map(vtzs.map((c) => [String(c.getFirstPropertyValue('tzid')), new ICAL.Timezone(c)]));
  const str = (c: ICAL.Component, name: string): string | null => {
    const v = c.getFirstPropertyValue(name);
    return v === null ? null : String(v);
  };
  const when = (c: ICAL.Component, name: string): When | null => {
    const p = c.getFirstProperty(name);
    if (!p) return null;
    const t = (p.getFirstValue() as ICAL.Time).clone();
    const tzid = p.getParameter('tzid');
    if (typeof tzid === 'string') {
      const zone = zones.get(tzid);
      if (!zone) throw new Error(`no VTIMEZONE for ${tzid}`);
      t.zone = zone;
    }
    return { wall: t.toString().replace(/Z$/, ''), tzid: typeof tzid === 'string' ? tzid : null, utc: iso(t.toUnixTime() * 1000) };
  };
  const person = (p: ICAL.Property): Person => {
    const param = (n: string): string | null => { const v = p.getParameter(n); return typeof v === 'string' ? v : null; };
    return { value: String(p.getFirstValue()), cn: param('cn'), partstat: param('partstat'), rsvp: param('rsvp'), role: param('role') };
  };
  return {
    props: cal.getAllProperties().map((p) => p.name.toUpperCase()),
    components: cal.getAllSubcomponents().map((c) => c.name.toUpperCase()),
    method: str(cal, 'method'), calname: unescapeText(str(cal, 'x-wr-calname')), name: unescapeText(str(cal, 'name')),
    xwrTimezone: str(cal, 'x-wr-timezone'), refresh: str(cal, 'refresh-interval'), ttl: str(cal, 'x-published-ttl'),
    vtimezones: vtzs.map((z) => ({
      tzid: String(z.getFirstPropertyValue('tzid')),
      observances: z.getAllSubcomponents().map((s) => ({
        kind: s.name.toUpperCase(), from: String(s.getFirstPropertyValue('tzoffsetfrom')), to: String(s.getFirstPropertyValue('tzoffsetto')),
        dtstart: String(s.getFirstPropertyValue('dtstart')), rrule: str(s, 'rrule'),
      })),
    })),
    events: cal.getAllSubcomponents('vevent').map((e) => ({
      props: e.getAllProperties().map((p) => p.name.toUpperCase()),
      uid: String(str(e, 'uid')), sequence: Number(str(e, 'sequence')), status: str(e, 'status'),
      summary: str(e, 'summary'), description: str(e, 'description'), location: str(e, 'location'), url: str(e, 'url'),
      dtstamp: when(e, 'dtstamp') as When, lastModified: when(e, 'last-modified'),
      dtstart: when(e, 'dtstart') as When, dtend: when(e, 'dtend') as When,
      organizer: person(e.getFirstProperty('organizer') as ICAL.Property),
      attendees: e.getAllProperties('attendee').map(person),
    })),
  };
}

const icaljs: Record<string, ParsedCalendar> = Object.fromEntries(Object.entries(docs).map(([k, v]) => [k, parseWithIcalJs(v)]));
const nodeIcal: Record<string, ParsedCalendar> = Object.fromEntries(Object.entries(docs).map(([k, v]) => [k, parseWithNodeIcal(v)]));

/** The document as seen by each parser, for assertions that must hold for both. */
function both(key: string): Array<[string, ParsedCalendar]> {
  const fromNodeIcal = nodeIcal[key];
  const fromIcalJs = icaljs[key];
  if (!fromNodeIcal || !fromIcalJs) throw new Error(`no parse for ${key}`);
  return [['ical.js', fromIcalJs], ['node-ical', fromNodeIcal]];
}

function unfold(ics: string | undefined): string {
  return (ics ?? '').replace(/\r\n[ \t]/g, '');
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

/** UTC instant as both parsers report it, in the factories' "2026-03-27T08:30Z" format. */
function instant(w: When): string {
  return iso(Date.parse(w.utc.endsWith('Z') || w.utc.includes('+') ? w.utc : `${w.utc}Z`));
}

const EVENT_PROPS = ['UID', 'SEQUENCE', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY', 'LOCATION', 'DESCRIPTION', 'ORGANIZER', 'ATTENDEE', 'STATUS', 'LAST-MODIFIED'];

describe('document shape', () => {
  it.each(Object.keys(docs))('%s: CRLF lines of at most 75 octets, ending with CRLF', (key) => {
    const ics = docs[key] as string;
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length, line).toBeLessThanOrEqual(75);
  });

  it('an invite has PRODID, VERSION, CALSCALE, METHOD, one VTIMEZONE for Europe/Rome, then one VEVENT', () => {
    for (const [parser, cal] of both('request27')) {
      expect(cal.props, parser).toEqual(['VERSION', 'PRODID', 'CALSCALE', 'METHOD']);
      expect(cal.components, parser).toEqual(['VTIMEZONE', 'VEVENT']);
      expect(cal.method, parser).toBe('REQUEST');
      const tz = only(cal.vtimezones);
      expect(tz.tzid).toBe('Europe/Rome');
      expect(tz.observances.map((o) => [o.kind, o.from.replace(':', ''), o.to.replace(':', '')]), parser).toEqual([
        ['STANDARD', '+0200', '+0100'],
        ['DAYLIGHT', '+0100', '+0200'],
      ]);
      expect(tz.observances.map((o) => o.rrule?.replace(/^RRULE:/, '').split(';').sort()), parser).toEqual([
        ['BYDAY=-1SU', 'BYMONTH=10', 'FREQ=YEARLY'],
        ['BYDAY=-1SU', 'BYMONTH=3', 'FREQ=YEARLY'],
      ]);
      expect(only(cal.events).props.slice().sort(), parser).toEqual(EVENT_PROPS.slice().sort());
    }
    expect(unfold(docs.request27)).toContain('PRODID:-//mediator-booking//mediator-booking//IT\r\n');
  });
});

describe('REQUEST and CANCEL', () => {
  it('a REQUEST carries UID, SEQUENCE, UTC DTSTAMP/LAST-MODIFIED, STATUS:CONFIRMED, ORGANIZER and ATTENDEE', () => {
    for (const [parser, cal] of both('request27')) {
      const e = only(cal.events);
      expect(e.uid, parser).toBe(at27.uid);
      expect(e.sequence, parser).toBe(0);
      expect(e.status, parser).toBe('CONFIRMED');
      expect(e.dtstamp.tzid, parser).toBeNull();
      expect(instant(e.dtstamp), parser).toBe('2026-03-20T08:15Z');
      expect(e.lastModified && instant(e.lastModified), parser).toBe('2026-03-20T08:15Z');
      expect([e.summary, e.description, e.location], parser).toEqual([at27.summary, at27.description, at27.location]);
      expect(e.organizer, parser).toMatchObject({ value: 'mailto:mediazione@aslto3.example.it', cn: 'Servizio Mediazione ASL TO3' });
      expect(only(e.attendees), parser).toEqual({
        value: expect.stringMatching(/^mailto:amina@example\.it$/i),
        cn: 'Amina El Idrissi', partstat: 'NEEDS-ACTION', rsvp: 'TRUE', role: 'REQ-PARTICIPANT',
      });
    }
    expect(unfold(docs.request27)).toContain('DTSTAMP:20260320T081500Z\r\n');
  });

  it('a CANCEL keeps the UID, carries the higher SEQUENCE and STATUS:CANCELLED', () => {
    for (const [parser, cal] of both('cancel27')) {
      expect(cal.method, parser).toBe('CANCEL');
      expect(cal.components, parser).toEqual(['VTIMEZONE', 'VEVENT']);
      const e = only(cal.events);
      const request = only(only(both('request27').filter(([p]) => p === parser))[1].events);
      expect(e.uid, parser).toBe(request.uid);
      expect(e.sequence, parser).toBe(1);
      expect(e.status, parser).toBe('CANCELLED');
      expect(e.dtstart, parser).toEqual(request.dtstart);
      expect(only(e.attendees).value.toLowerCase(), parser).toBe('mailto:amina@example.it');
    }
  });

  it('writes SEQUENCE as given', () => {
    for (const [parser, cal] of both('request30')) expect(only(cal.events).sequence, parser).toBe(3);
  });

  it('refuses a REQUEST for a cancelled event, an unsafe UID, a bad SEQUENCE or an unknown zone', () => {
    expect(() => buildInvite(event({ status: 'CANCELLED' }), 'REQUEST')).toThrow(/METHOD:CANCEL/);
    expect(() => buildInvite(event({ uid: 'apt_1\r\nATTENDEE:mailto:evil@x.it' }), 'REQUEST')).toThrow(/UID/);
    expect(() => buildInvite(event({ uid: 'a,b' }), 'REQUEST')).toThrow(/UID/);
    expect(() => buildInvite(event({ sequence: -1 }), 'REQUEST')).toThrow(/SEQUENCE/);
    expect(() => buildInvite(event({ sequence: 1.5 }), 'CANCEL')).toThrow(/SEQUENCE/);
    expect(() => buildInvite(event({ zone: 'Europe/Atlantis' }), 'REQUEST')).toThrow(/time zone/);
    expect(() => buildInvite(event({ end: at('2026-03-27T09:00') }), 'REQUEST')).toThrow(/times/);
  });
});

describe('wall-clock times under TZID=Europe/Rome', () => {
  const cases: Array<[string, string, string, string, string]> = [
    ['request27', '2026-03-27T09:30:00', '2026-03-27T08:30Z', '2026-03-27T10:30:00', '2026-03-27T09:30Z'],
    ['request30', '2026-03-30T09:30:00', '2026-03-30T07:30Z', '2026-03-30T10:30:00', '2026-03-30T08:30Z'],
    ['request23oct', '2026-10-23T09:30:00', '2026-10-23T07:30Z', '2026-10-23T10:30:00', '2026-10-23T08:30Z'],
    ['request26oct', '2026-10-26T09:30:00', '2026-10-26T08:30Z', '2026-10-26T10:30:00', '2026-10-26T09:30Z'],
    ['nightMarch', '2026-03-28T22:00:00', '2026-03-28T21:00Z', '2026-03-29T06:00:00', '2026-03-29T04:00Z'],
    ['nightOctober', '2026-10-24T22:00:00', '2026-10-24T20:00Z', '2026-10-25T06:00:00', '2026-10-25T05:00Z'],
  ];

  it.each(cases)('%s: DTSTART %s (%s), DTEND %s (%s)', (key, startWall, startUtc, endWall, endUtc) => {
    for (const [parser, cal] of both(key)) {
      const e = only(cal.events);
      expect(e.dtstart, parser).toMatchObject({ wall: startWall, tzid: 'Europe/Rome' });
      expect(e.dtend, parser).toMatchObject({ wall: endWall, tzid: 'Europe/Rome' });
      expect([instant(e.dtstart), instant(e.dtend)], parser).toEqual([startUtc, endUtc]);
      if (parser === 'node-ical') {
        expect([e.dtstart.utcVtz, e.dtend.utcVtz].map((u) => iso(Date.parse(u ?? ''))), 'via our VTIMEZONE').toEqual([startUtc, endUtc]);
      }
    }
  });

  it.each([
    ['firstOf0230', '2026-10-25T00:30Z', '2026-10-25T00:45Z'],
    ['secondOf0230', '2026-10-25T01:30Z', '2026-10-25T02:00Z'],
  ])('%s: a time in the repeated hour of the night DST ends goes out in UTC', (key, startUtc, endUtc) => {
    for (const [parser, cal] of both(key)) {
      const e = only(cal.events);
      expect([e.dtstart.tzid, e.dtend.tzid], parser).toEqual([null, null]);
      expect([instant(e.dtstart), instant(e.dtend)], parser).toEqual([startUtc, endUtc]);
    }
    expect(unfold(docs[key])).toContain(`DTSTART:${startUtc.replace(/[-:]/g, '').replace('Z', '00Z')}\r\n`);
  });

  it('uses a derived VTIMEZONE for another regular zone, UTC for an irregular one', () => {
    for (const [parser, cal] of both('newYork')) {
      expect(only(cal.vtimezones).tzid, parser).toBe('America/New_York');
      expect(only(cal.events).dtstart, parser).toMatchObject({ wall: '2026-03-09T09:30:00', tzid: 'America/New_York' });
      expect(instant(only(cal.events).dtstart), parser).toBe('2026-03-09T13:30Z');
    }
    for (const [parser, cal] of both('casablanca')) {
      expect(cal.components, parser).toEqual(['VEVENT']);
      expect(only(cal.events).dtstart.tzid, parser).toBeNull();
      expect(instant(only(cal.events).dtstart), parser).toBe('2026-03-09T09:30Z');
    }
  });
});

describe('escaping', () => {
  it('user text round-trips exactly and injects no property', () => {
    for (const [parser, cal] of both('tricky')) {
      expect(cal.components, parser).toEqual(['VTIMEZONE', 'VEVENT']);
      const e = only(cal.events);
      // node-ical 0.26.1 drops a property whose value holds U+2028 (its line pattern stops at a JS line terminator).
      const location = parser === 'node-ical' ? [] : ['LOCATION'];
      expect(e.props.slice().sort(), parser).toEqual([...EVENT_PROPS.filter((p) => p !== 'LOCATION'), ...location, 'ATTENDEE', 'URL'].sort());
      expect(e.summary, parser).toBe(tricky.summary);
      expect(e.description, parser).toBe(tricky.description);
      // A bare CR cannot be represented in iCalendar TEXT: CRLF comes back as LF.
      if (parser !== 'node-ical') expect(e.location, parser).toBe(tricky.location.replace('\r\n', '\n'));
      // The URI goes out with , and ; percent-encoded; parsers differ on decoding them back.
      expect(e.url?.replace(/%2C/g, ',').replace(/%3B/g, ';'), parser).toBe('https://prenota.example.it/appuntamenti/apt_1?lang=it,en;x=1');
    }
    expect(unfold(docs.tricky)).toContain('URL;VALUE=URI:https://prenota.example.it/appuntamenti/apt_1?lang=it%2Cen%3Bx=1\r\n');
  });

  it('a literal backslash before n stays literal (node-ical 0.26.1 mis-decodes it, so checked with ical.js)', () => {
    expect(unfold(docs.backslashN)).toContain('DESCRIPTION:C:\\\\nuovi\\\\note\r\n');
    expect(only(icaljs.backslashN?.events ?? []).description).toBe('C:\\nuovi\\note');
  });

  it('names in CN stay inside their parameter (quotes and backslashes replaced, line breaks flattened)', () => {
    for (const [parser, cal] of both('tricky')) {
      const e = only(cal.events);
      expect(e.organizer, parser).toMatchObject({ cn: "ASL 'TO3' / Ufficio X-EVIL:1", value: 'mailto:org@asl.example.it' });
      expect(e.attendees.map((a) => [a.partstat, a.rsvp, a.role]), parser).toEqual([
        ['ACCEPTED', 'FALSE', 'OPT-PARTICIPANT'],
        ['TENTATIVE', 'TRUE', 'REQ-PARTICIPANT'],
      ]);
      // node-ical 0.26.1 cuts a quoted parameter value at its first ';' (RFC 5545 allows one there): that CN is ical.js's to check.
      const first = parser === 'node-ical' ? '"D’Angelo, Fatima' : 'D’Angelo, Fatima; \'Fati\'';
      expect(e.attendees.map((a) => a.cn), parser).toEqual([first, 'Operatore']);
    }
  });

  it('a booking invite asks for no reply: the mediator is already ACCEPTED with RSVP=FALSE (nothing reads iTIP REPLY)', () => {
    for (const [parser, cal] of both('booked')) {
      const e = only(cal.events);
      expect(only(e.attendees), parser).toMatchObject({ value: expect.stringMatching(/^mailto:amina@example.it$/i), cn: 'Amina El Idrissi', partstat: 'ACCEPTED', rsvp: 'FALSE', role: 'REQ-PARTICIPANT' });
    }
  });

  it('a blank organizer name falls back to the address, a blank attendee name leaves CN out', () => {
    for (const [parser, cal] of both('blankNames')) {
      const e = only(cal.events);
      expect(e.organizer.cn, parser).toBe('org@asl.example.it');
      expect(only(e.attendees), parser).toMatchObject({ cn: null, partstat: 'DECLINED', rsvp: 'FALSE' });
    }
  });

  it('multi-byte text is folded without splitting characters and round-trips', () => {
    for (const [parser, cal] of both('unicode')) {
      const e = only(cal.events);
      expect(e.summary, parser).toBe('Mediazione 中文 / العربية / ትግርኛ 🗓️ '.repeat(4));
      expect([e.location, e.description], parser).toEqual([null, null]);
    }
  });
});

describe('subscription feed', () => {
  it('has METHOD:PUBLISH, escaped names, X-WR-TIMEZONE, refresh hints and a VTIMEZONE before the events', () => {
    for (const [parser, cal] of both('feed')) {
      expect(cal.method, parser).toBe('PUBLISH');
      const props = ['VERSION', 'PRODID', 'CALSCALE', 'METHOD', 'NAME', 'X-WR-CALNAME', 'X-WR-TIMEZONE', 'REFRESH-INTERVAL', 'X-PUBLISHED-TTL'];
      // node-ical keeps a calendar property that has parameters apart from the others: only ical.js sees their order.
      if (parser === 'node-ical') expect(cal.props.slice().sort(), parser).toEqual(props.slice().sort());
      else expect(cal.props, parser).toEqual(props);
      expect([cal.name, cal.calname], parser).toEqual(['Amina, turni; mediazione\nX-EVIL:1', 'Amina, turni; mediazione\nX-EVIL:1']);
      expect(cal.xwrTimezone, parser).toBe('Europe/Rome');
      expect([cal.refresh, cal.ttl], parser).toEqual(['PT30M', 'PT30M']);
      expect(cal.components, parser).toEqual(['VTIMEZONE', 'VEVENT', 'VEVENT', 'VEVENT']);
    }
    expect(unfold(docs.feed)).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT30M\r\n');
  });

  it('contains every event with its own UID, times and status', () => {
    for (const [parser, cal] of both('feed')) {
      expect(cal.events.map((e) => [e.uid, e.sequence, e.status, e.dtstart.wall, e.dtstart.tzid, instant(e.dtstart)]), parser).toEqual([
        [at27.uid, 0, 'CONFIRMED', '2026-03-27T09:30:00', 'Europe/Rome', '2026-03-27T08:30Z'],
        ['apt_2@mediator-booking', 0, 'CONFIRMED', '2026-03-30T09:30:00', 'Europe/Rome', '2026-03-30T07:30Z'],
        ['apt_3@mediator-booking', 2, 'CANCELLED', '2026-10-26T15:00:00', 'Europe/Rome', '2026-10-26T14:00Z'],
      ]);
      expect(cal.events[1]?.props, parser).not.toContain('LOCATION');
    }
  });

  it('an empty feed is still a valid calendar', () => {
    for (const [parser, cal] of both('emptyFeed')) {
      expect(cal.components, parser).toEqual([]);
      expect([cal.name, cal.xwrTimezone, cal.refresh], parser).toEqual(['Vuoto', 'Europe/Rome', 'PT1H']);
    }
    expect(() => buildFeed({ name: 'x', events: [], refreshMinutes: 0 })).toThrow(RangeError);
  });
});

describe('VTIMEZONE generator', () => {
  it('the static Europe/Rome block equals the one derived from the runtime time-zone data', () => {
    expect(vtimezone('Europe/Rome')).toBe(deriveVtimezone('Europe/Rome'));
  });

  it('returns null for unknown or irregular zones', () => {
    expect(vtimezone('Europe/Atlantis')).toBeNull();
    expect(deriveVtimezone('Africa/Casablanca')).toBeNull();
  });

  // ical.js expands our RRULEs, luxon (Intl) is the reference. Checked in the direction invites are read (local time → instant),
  // at noon every 7 days and every 30 minutes on days with a change, skipping the repeated hour; ical.js's own UTC → local
  // conversion is an hour off just after each change whatever the VTIMEZONE.
  it.each([
    ['Europe/Rome', 1997],
    ['America/New_York', 2008],
    ['Australia/Sydney', 2009],
    ['Europe/London', 1997],
    ['Asia/Kolkata', 1971],
  ])('%s: ical.js maps local times to the same instants as luxon from %i to 2037', (zone, fromYear) => {
    const block = vtimezone(zone);
    if (block === null) throw new Error(`no VTIMEZONE for ${zone}`);
    const vtz = new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${block}\r\nEND:VCALENDAR`)).getFirstSubcomponent('vtimezone');
    const tz = new ICAL.Timezone(vtz as ICAL.Component);
    const DAY = 86_400_000;
    const offset = (t: number): number => DateTime.fromMillis(t, { zone }).offset;
    const mismatches: string[] = [];
    let checked = 0;
    let before = offset(Date.UTC(fromYear, 0, 1));
    for (let d = Date.UTC(fromYear, 0, 1); d < Date.UTC(2038, 0, 1); d += DAY) {
      const after = offset(d + DAY);
      const changes = before !== after;
      before = after;
      if (!changes && (d / DAY) % 7 !== 0) continue;
      const instants = changes ? Array.from({ length: 48 }, (_, i) => d + i * 30 * 60_000) : [d + DAY / 2];
      for (const t of instants) {
        const wall = DateTime.fromMillis(t, { zone });
        const repeated = changes && [offset(t - DAY), offset(t + DAY)].some((o) => o !== wall.offset && offset(t + (wall.offset - o) * 60_000) === o);
        if (repeated) continue;
        const local = ICAL.Time.fromDateTimeString(wall.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
        local.zone = tz;
        checked++;
        if (local.toUnixTime() * 1000 !== t) mismatches.push(`${wall.toISO()}: ical.js ${iso(local.toUnixTime() * 1000)}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(1500);
  });
});
