import { DateTime } from 'luxon';

export const DEFAULT_ZONE = 'Europe/Rome';

/** Epoch ms → ISO 8601 with the zone's offset, e.g. 2026-03-29T09:30:00+02:00. */
export function formatInstant(ms: number, zone = DEFAULT_ZONE): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(ms).toISOString();
}

export function formatNullable(ms: number | null | undefined, zone = DEFAULT_ZONE): string | null {
  return ms === null || ms === undefined ? null : formatInstant(ms, zone);
}

/** ISO 8601 with offset → epoch ms (validated upstream by the schema); NaN for a day that does not exist. */
export function parseInstant(iso: string): number {
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}
