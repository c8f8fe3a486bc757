import { DateTime } from 'luxon';

export const DEFAULT_ZONE = 'Europe/Rome';

/** Epoch ms → ISO 8601 with the zone's offset, e.g. 2026-03-29T09:30:00+02:00. */
export function formatInstant(ms: number, zone = DEFAULT_ZONE): string {
  const offset = steadyOffset(ms, zone);
  if (offset === null) return formatWithLuxon(ms, zone);
  const local = new Date(ms + offset * 60_000);
  const year = local.getUTCFullYear();
  // Luxon writes years outside 1000–9999 in its own expanded form: leave those to it.
  return year < 1000 || year > 9999 ? formatWithLuxon(ms, zone) : formatWithOffset(local, offset);
}

/** The reference formatting (and the path for anything unusual): luxon. */
export function formatWithLuxon(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(ms).toISOString();
}

const HOUR = 3_600_000;
/** At most 4 zones × 20,000 hours (over two years each) are kept: ~3 MB at worst, in a Workers isolate too. */
const ZONES_KEPT = 4;
const HOURS_KEPT = 20_000;
/**
 * Offsets (minutes) per zone and UTC hour, when the offset is the same at both ends of the hour (no
 * zone changes its offset twice within an hour); NaN when it changes inside it, or the zone is unknown.
 * Every appointment the API shows is formatted: luxon's zone lookup for each cost more than the rest.
 */
const offsetsByZone = new Map<string, Map<number, number>>();

function steadyOffset(ms: number, zone: string): number | null {
  if (!Number.isFinite(ms)) return null;
  const hour = Math.floor(ms / HOUR);
  let offsets = offsetsByZone.get(zone);
  if (!offsets) {
    if (offsetsByZone.size >= ZONES_KEPT) offsetsByZone.clear();
    offsetsByZone.set(zone, (offsets = new Map()));
  }
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const first = DateTime.fromMillis(hour * HOUR, { zone }).offset;
    const last = DateTime.fromMillis(hour * HOUR + HOUR - 1, { zone }).offset;
    offset = first === last ? first : Number.NaN;
    if (offsets.size >= HOURS_KEPT) offsets.clear();
    offsets.set(hour, offset);
  }
  // Luxon writes a zero offset as "Z" in some zones and "+00:00" in others, and rounds historical
  // offsets of fractional minutes: leave those to it.
  return Number.isInteger(offset) && offset !== 0 ? offset : null;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `local`: the instant moved by `offset`, so that its UTC fields are the wall clock. */
function formatWithOffset(local: Date, offset: number): string {
  const year = local.getUTCFullYear();
  const millis = local.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${year}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:` +
    `${two(local.getUTCSeconds())}${fraction}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}

export function formatNullable(ms: number | null | undefined, zone = DEFAULT_ZONE): string | null {
  return ms === null || ms === undefined ? null : formatInstant(ms, zone);
}

/**
 * The ISO 8601 forms JavaScript's own Date.parse reads exactly (ECMAScript date-time string format:
 * extended calendar date, hours and minutes, optional seconds and milliseconds, Z or ±HH:MM).
 */
const ECMA_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Whether YYYY-MM-DD at the start of `iso` is a real day (Date.parse would roll 2026-02-30 over to March). */
function isCalendarDate(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** ISO 8601 with offset → epoch ms (validated upstream by the schema). */
export function parseInstant(iso: string): number {
  if (ECMA_DATE_TIME.test(iso) && isCalendarDate(iso)) {
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms)) return ms;
  }
  return parseWithLuxon(iso);
}

/** The reference parsing (and the path for every other ISO form): luxon. */
export function parseWithLuxon(iso: string): number {
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}
