/**
 * Supply against demand by ISO week for one language and one area: the hours requested (and how many
 * were filled) beside the hours the matching mediators were available. The picture a coordinator
 * takes to a recruitment meeting. Pure: the period, the zone and the records are passed in.
 */
import { DateTime } from 'luxon';
import type { DemandRecord } from './coverage.js';
import { baseLanguage } from './languages.js';
import { type SupplyMediator, supplyMinutes } from './supply.js';

export interface SupplyDemandWeek {
  /** "2026-W45" */
  week: string;
  /** The part of the week inside the period, epoch ms. */
  from: number;
  to: number;
  requested: number;
  demandMinutes: number;
  bookedMinutes: number;
  supplyMinutes: number;
  /** Active mediators who speak the language and serve the area. */
  mediators: number;
}

/** Weeks of [from, to) in `zone`, each with the requests (not cancelled) of the language and area and the supply of their mediators. */
export function supplyDemandByWeek(input: {
  from: number;
  to: number;
  zone: string;
  language: string;
  area: string;
  demand: readonly DemandRecord[];
  mediators: readonly SupplyMediator[];
}): SupplyDemandWeek[] {
  const base = baseLanguage(input.language);
  const matching = input.mediators.filter((m) => m.areas.includes(input.area) && m.languages.some((l) => baseLanguage(l) === base));
  const weeks: SupplyDemandWeek[] = [];
  let start = DateTime.fromMillis(input.from, { zone: input.zone }).startOf('week');
  while (start.toMillis() < input.to) {
    const next = start.plus({ weeks: 1 });
    const from = Math.max(start.toMillis(), input.from);
    const to = Math.min(next.toMillis(), input.to);
    weeks.push({
      week: `${start.weekYear}-W${String(start.weekNumber).padStart(2, '0')}`,
      from,
      to,
      requested: 0,
      demandMinutes: 0,
      bookedMinutes: 0,
      supplyMinutes: matching.reduce((sum, m) => sum + supplyMinutes(m, from, to, input.zone), 0),
      mediators: matching.length,
    });
    start = next;
  }
  for (const r of input.demand) {
    if (r.status === 'cancelled' || r.area !== input.area || baseLanguage(r.language) !== base) continue;
    const week = weeks.find((w) => r.start >= w.from && r.start < w.to);
    if (!week) continue;
    week.requested++;
    week.demandMinutes += r.durationMinutes;
    if (r.status === 'booked') week.bookedMinutes += r.durationMinutes;
  }
  return weeks;
}
