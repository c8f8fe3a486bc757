import { DateTime } from 'luxon';

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;
// A fixed reference year keeps the output deterministic; rules are checked forward to LAST_YEAR
// and the observances start at the earliest year (≥ FIRST_YEAR) from which they hold.
const RULE_YEAR = 2026;
const LAST_YEAR = RULE_YEAR + 11;
const FIRST_YEAR = 1970;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

const EUROPE_ROME = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Rome',
  'X-LIC-LOCATION:Europe/Rome',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19960331T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
].join('\r\n');

interface Change { at: number; from: number; to: number }
interface Rule { month: number; nth: number; weekday: number; minuteOfDay: number; from: number; to: number }

const cache = new Map<string, string | null>([['Europe/Rome', EUROPE_ROME]]);

/** VTIMEZONE block for an IANA zone (static for Europe/Rome), or null when its rules are not a plain yearly pattern. */
export function vtimezone(zone: string): string | null {
  if (!cache.has(zone)) cache.set(zone, deriveVtimezone(zone));
  return cache.get(zone) ?? null;
}

/** VTIMEZONE derived from the runtime's time-zone data (Intl), or null for unknown or irregular zones. */
export function deriveVtimezone(zone: string): string | null {
  if (!DateTime.fromMillis(0, { zone }).isValid) return null;
  const base = changesIn(zone, RULE_YEAR);
  if (base.length !== 0 && base.length !== 2) return null;
  const fixed = base.length === 0 ? offsetAt(zone, Date.UTC(RULE_YEAR, 0, 1)) : null;
  const rules: Rule[] = [];
  for (const change of base) {
    const rule = candidates(change).find((r) => range(RULE_YEAR, LAST_YEAR).every((y) => occurs(zone, r, y)));
    if (!rule) return null;
    rules.push(rule);
  }
  const holds = (year: number): boolean => fixed === null
    ? changesIn(zone, year).length === 2 && rules.every((r) => occurs(zone, r, year))
    : changesIn(zone, year).length === 0 && offsetAt(zone, Date.UTC(year, 0, 1)) === fixed;
  if (!range(RULE_YEAR, LAST_YEAR).every(holds)) return null;
  let first = RULE_YEAR;
  while (first > FIRST_YEAR && holds(first - 1)) first--;
  const body = fixed === null
    ? [...rules].sort((a, b) => a.to - b.to).flatMap((r) => observance(zone, r, first))
    : fixedObservance(zone, fixed, first);
  return ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`, ...body, 'END:VTIMEZONE'].join('\r\n');
}

function offsetAt(zone: string, ms: number): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

function changesIn(zone: string, year: number): Change[] {
  const end = Date.UTC(year + 1, 0, 1);
  const found: Change[] = [];
  let t = Date.UTC(year, 0, 1);
  let prev = offsetAt(zone, t);
  while (t < end) {
    const next = Math.min(t + WEEK, end);
    if (offsetAt(zone, next) === prev) { t = next; continue; }
    let lo = t;
    let hi = next;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
      if (offsetAt(zone, mid) === prev) lo = mid; else hi = mid;
    }
    const to = offsetAt(zone, hi);
    found.push({ at: hi, from: prev, to });
    t = hi;
    prev = to;
  }
  return found;
}

function candidates(c: Change): Rule[] {
  const wall = new Date(c.at + c.from * MINUTE);
  const day = wall.getUTCDate();
  const daysInMonth = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 0)).getUTCDate();
  const common = {
    month: wall.getUTCMonth() + 1,
    weekday: (wall.getUTCDay() + 6) % 7,
    minuteOfDay: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    from: c.from,
    to: c.to,
  };
  const nths = day + 7 > daysInMonth ? [-1, Math.ceil(day / 7)] : [Math.ceil(day / 7)];
  return nths.map((nth) => ({ ...common, nth }));
}

function onsetDay(r: Rule, year: number): number {
  const weekdayOf = (d: number): number => (new Date(Date.UTC(year, r.month - 1, d)).getUTCDay() + 6) % 7;
  if (r.nth > 0) return 1 + ((r.weekday - weekdayOf(1) + 7) % 7) + (r.nth - 1) * 7;
  const last = new Date(Date.UTC(year, r.month, 0)).getUTCDate();
  return last - ((weekdayOf(last) - r.weekday + 7) % 7);
}

function onset(r: Rule, year: number): number {
  return Date.UTC(year, r.month - 1, onsetDay(r, year)) + (r.minuteOfDay - r.from) * MINUTE;
}

function occurs(zone: string, r: Rule, year: number): boolean {
  const at = onset(r, year);
  return offsetAt(zone, at - MINUTE) === r.from && offsetAt(zone, at) === r.to;
}

function observance(zone: string, r: Rule, year: number): string[] {
  const kind = r.to > r.from ? 'DAYLIGHT' : 'STANDARD';
  const start = Date.UTC(year, r.month - 1, onsetDay(r, year)) + r.minuteOfDay * MINUTE;
  const byday = `${r.nth}${WEEKDAYS[r.weekday] ?? 'SU'}`;
  return [
    `BEGIN:${kind}`,
    `TZOFFSETFROM:${formatOffset(r.from)}`,
    `TZOFFSETTO:${formatOffset(r.to)}`,
    ...tzname(zone, onset(r, year)),
    `DTSTART:${formatLocal(start)}`,
    `RRULE:FREQ=YEARLY;BYMONTH=${r.month};BYDAY=${byday}`,
    `END:${kind}`,
  ];
}

function fixedObservance(zone: string, offset: number, year: number): string[] {
  const start = Date.UTC(year, 0, 1);
  return [
    'BEGIN:STANDARD',
    `TZOFFSETFROM:${formatOffset(offset)}`,
    `TZOFFSETTO:${formatOffset(offset)}`,
    ...tzname(zone, start),
    `DTSTART:${formatLocal(start)}`,
    'END:STANDARD',
  ];
}

// Intl gives abbreviations such as CET or EST only in some locales; "GMT+1"-style names are left out.
function tzname(zone: string, ms: number): string[] {
  for (const locale of ['en-US', 'en-GB']) {
    const name = DateTime.fromMillis(ms, { zone, locale }).offsetNameShort;
    if (name && /^[A-Z]{3,5}$/.test(name)) return [`TZNAME:${name}`];
  }
  return [];
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(Math.round(minutes * 60));
  const pad = (n: number): string => String(n).padStart(2, '0');
  const secs = abs % 60 === 0 ? '' : pad(abs % 60);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}${pad(Math.floor(abs / 60) % 60)}${secs}`;
}

function formatLocal(wallAsUtc: number): string {
  return new Date(wallAsUtc).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
