import { DateTime } from 'luxon';

/**
 * The instant before which an appointment's case data (reference, notes) is erased: `months`
 * calendar months before `now` in the zone. `retentionCutoff(Date.parse('2028-03-31T10:00:00Z'), 24, 'Europe/Rome')`
 * is 2026-03-31 12:00 Rome time.
 */
export function retentionCutoff(now: number, months: number, zone: string): number {
  return DateTime.fromMillis(now, { zone }).minus({ months }).toMillis();
}
