import type { Texts } from '../texts/it.js';

/** "78 %" (Italian spacing), or the empty mark when there is nothing to divide. */
export function fmtPercent(share: number | null, t: Texts): string {
  return share === null ? t.common.none : `${Math.round(share * 100)} %`;
}

/** "35 min", "2 h 15 min", "3 g 4 h". */
export function fmtMinutes(minutes: number, t: Texts): string {
  const m = Math.round(minutes);
  if (m < 60) return t.common.minutes(m);
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  return days > 0 ? `${days} ${t.coordinatorPages.daysShort} ${hours} h` : rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}
