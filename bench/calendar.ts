import { DateTime } from 'luxon';

export interface LocalDay {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Epoch ms of local 00:00 under the offset in force at noon (right for every working hour, DST days included). */
  base: number;
  /** UTC offset at noon, minutes. */
  offset: number;
  /** YYYY-MM-DD */
  date: string;
}

/**
 * Local days around "now", indexed by days from today (0 = today), resolved once with luxon so
 * generating hundreds of thousands of wall-clock instants costs an addition each.
 */
export class Calendar {
  private readonly days = new Map<number, LocalDay>();
  private readonly today: DateTime;

  constructor(
    readonly zone: string,
    now: number,
  ) {
    this.today = DateTime.fromMillis(now, { zone }).startOf('day');
  }

  day(offsetDays: number): LocalDay {
    let d = this.days.get(offsetDays);
    if (!d) {
      const noon = this.today.plus({ days: offsetDays }).set({ hour: 12 });
      d = {
        weekday: noon.weekday,
        base: noon.toMillis() - 12 * 3_600_000,
        offset: noon.offset,
        date: noon.toISODate() ?? '',
      };
      this.days.set(offsetDays, d);
    }
    return d;
  }

  /** The instant of `minutes` after local midnight on that day. */
  instant(offsetDays: number, minutes: number): number {
    return this.day(offsetDays).base + minutes * 60_000;
  }

  /** ISO 8601 with the local offset, e.g. 2026-05-20T09:30:00+02:00 (what the API expects). */
  iso(offsetDays: number, minutes: number): string {
    const d = this.day(offsetDays);
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    const sign = d.offset >= 0 ? '+' : '-';
    const abs = Math.abs(d.offset);
    const oh = String(Math.floor(abs / 60)).padStart(2, '0');
    const om = String(abs % 60).padStart(2, '0');
    return `${d.date}T${hh}:${mm}:00${sign}${oh}:${om}`;
  }
}
