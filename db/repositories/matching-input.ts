import { sql } from 'drizzle-orm';
import { weekContaining } from '../../src/domain/availability.js';
import type { Booking, Exclusion, MatchingContext, MatchRequest } from '../../src/domain/eligibility.js';
import { DAY, type Interval } from '../../src/domain/intervals.js';
import { baseLanguage } from '../../src/domain/languages.js';
import type { Modality } from '../../src/domain/vocabulary.js';
import type { Database } from '../database.js';
import type { AreasRepository } from './areas.js';
import type { MediatorRecord, MediatorsRepository } from './mediators.js';

const FAIRNESS_WINDOW = 30 * DAY;

/**
 * Loads the roster and context for one request. Only mediators who speak the language are read
 * (indexed), and only their bookings around the request — so the cost follows the mediators who
 * pass the language filter, not the roster or history size. `everyone` reads the whole roster (explain).
 */
export async function loadMatchingInput(
  db: Database,
  repos: { mediators: MediatorsRepository; areas: AreasRepository },
  req: MatchRequest,
  options: { zone: string; everyone: boolean },
): Promise<{ roster: MediatorRecord[]; ctx: MatchingContext; maxTravelMinutes: number }> {
  const roster = options.everyone ? await repos.mediators.all() : await repos.mediators.speaking(req.language);
  const base = baseLanguage(req.language);
  const ids = JSON.stringify(
    roster.filter((m) => m.languages.some((l) => baseLanguage(l.code) === base)).map((m) => m.id),
  );
  const week = weekContaining(req.start, options.zone);
  const window: Interval = { start: Math.min(week.start, req.start - DAY), end: Math.max(week.end, req.end + DAY) };

  // `+status` keeps SQLite off appointments_status_idx (status, starts_at): without ANALYZE statistics the
  // planner prefers it, and then reads every booking of every mediator in the window (cost grows with the
  // whole history). With it, appointments_mediator_idx (mediator_id, starts_at) is used: one range per speaker.
  const [bookingRows, recentRows, offRows, exclusionRows, continuityRows, travel] = await Promise.all([
    db.all<{ id: string; mediator_id: string; service_id: string; starts_at: number; ends_at: number; area_code: string; modality: string }>(
      sql`SELECT id, mediator_id, service_id, starts_at, ends_at, area_code, modality FROM appointments
        WHERE +status = 'booked' AND mediator_id IN (SELECT value FROM json_each(${ids}))
          AND starts_at >= ${window.start} AND starts_at < ${window.end}`,
    ),
    db.all<{ mediator_id: string; minutes: number }>(
      sql`SELECT mediator_id, SUM(duration_minutes) AS minutes FROM appointments
        WHERE +status = 'booked' AND mediator_id IN (SELECT value FROM json_each(${ids}))
          AND starts_at >= ${req.start - FAIRNESS_WINDOW} AND starts_at < ${req.start}
        GROUP BY mediator_id`,
    ),
    db.all<{ mediator_id: string; starts_at: number; ends_at: number }>(
      sql`SELECT mediator_id, starts_at, ends_at FROM time_off
        WHERE mediator_id IN (SELECT value FROM json_each(${ids})) AND starts_at < ${req.end} AND ends_at > ${req.start}`,
    ),
    db.all<{ mediator_id: string; beneficiary_ref: string | null }>(
      sql`SELECT mediator_id, beneficiary_ref FROM exclusions WHERE service_id = ${req.serviceId}`,
    ),
    req.beneficiaryRef
      ? db.all<{ mediator_id: string }>(
          sql`SELECT DISTINCT mediator_id FROM appointments
            WHERE service_id = ${req.serviceId} AND beneficiary_ref = ${req.beneficiaryRef}
              AND mediator_id IS NOT NULL AND status = 'booked' AND id <> ${req.appointmentId ?? ''}`,
        )
      : Promise.resolve([]),
    repos.areas.travel(),
  ]);

  const bookings = new Map<string, Booking[]>();
  for (const r of bookingRows) {
    const list = bookings.get(r.mediator_id) ?? [];
    list.push({
      appointmentId: r.id,
      mediatorId: r.mediator_id,
      serviceId: r.service_id,
      start: r.starts_at,
      end: r.ends_at,
      area: r.area_code,
      modality: r.modality as Modality,
    });
    bookings.set(r.mediator_id, list);
  }
  const timeOff = new Map<string, Interval[]>();
  for (const r of offRows) {
    const list = timeOff.get(r.mediator_id) ?? [];
    list.push({ start: r.starts_at, end: r.ends_at });
    timeOff.set(r.mediator_id, list);
  }
  const exclusions: Exclusion[] = exclusionRows.map((r) => ({ mediatorId: r.mediator_id, beneficiaryRef: r.beneficiary_ref }));

  const ctx: MatchingContext = {
    zone: options.zone,
    travelMinutes: travel.lookup,
    bookings,
    timeOff,
    exclusions,
    continuity: new Set(continuityRows.map((r) => r.mediator_id)),
    recentMinutes: new Map(recentRows.map((r) => [r.mediator_id, Number(r.minutes)])),
    week,
  };
  return { roster, ctx, maxTravelMinutes: travel.worst };
}
