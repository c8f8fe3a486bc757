import { sql } from 'drizzle-orm';
import { weekContaining } from '../../src/domain/availability.js';
import { type Booking, type Exclusion, type MatchingContext, type MatchRequest, needsSchedule } from '../../src/domain/eligibility.js';
import { DAY, type Interval } from '../../src/domain/intervals.js';
import type { Modality } from '../../src/domain/vocabulary.js';
import type { Database } from '../database.js';
import type { AreasRepository } from './areas.js';
import type { MediatorRecord, MediatorsRepository } from './mediators.js';

const FAIRNESS_WINDOW = 30 * DAY;

/**
 * Loads the roster and context for one request. Only mediators who speak the language are read
 * (indexed, cached), and schedules (bookings around the request, time off, 30-day minutes) only for
 * those of them who pass the static rules (`needsSchedule`) — so the cost follows the mediators who
 * could take the request, not the roster or history size. `everyone` reads the whole roster (explain).
 * The context names the mediators whose schedule it holds: checking anyone else is an error.
 */
export async function loadMatchingInput(
  db: Database,
  repos: { mediators: MediatorsRepository; areas: AreasRepository },
  req: MatchRequest,
  options: { zone: string; everyone: boolean; variants: 'asked' | 'fallback'; neighbourMaxTravel: number },
): Promise<{ roster: MediatorRecord[]; ctx: MatchingContext; maxTravelMinutes: number }> {
  const week = weekContaining(req.start, options.zone);
  const window: Interval = { start: Math.min(week.start, req.start - DAY), end: Math.max(week.end, req.end + DAY) };

  // First what the static rules need (roster, exclusions, travel), then schedules for the mediators
  // who pass those rules as asked (or, with variants 'fallback', in some variant the ladder may try).
  const [roster, exclusionRows, continuityRows, travel] = await Promise.all([
    options.everyone ? repos.mediators.all() : repos.mediators.speaking(req.language),
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
  const exclusions: Exclusion[] = exclusionRows.map((r) => ({ mediatorId: r.mediator_id, beneficiaryRef: r.beneficiary_ref }));
  const withoutSchedule: MatchingContext = {
    zone: options.zone,
    travelMinutes: travel.lookup,
    bookings: new Map(),
    timeOff: new Map(),
    exclusions,
    continuity: new Set(),
    recentMinutes: new Map(),
    week,
  };
  const scheduled = roster.filter((m) => needsSchedule(m, req, withoutSchedule, options)).map((m) => m.id);
  const ids = JSON.stringify(scheduled);

  // appointments_booked_idx (partial: status = 'booked'; mediator_id, starts_at, then every column read
  // here) serves both reads index-only, one range per mediator. Named, because without ANALYZE statistics
  // the planner prefers appointments_status_idx and then reads every booking in the window.
  const [bookingRows, recentRows, offRows] =
    scheduled.length === 0
      ? [[], [], []]
      : await Promise.all([
          db.all<{ id: string; mediator_id: string; service_id: string; starts_at: number; ends_at: number; area_code: string; modality: string }>(
            sql`SELECT id, mediator_id, service_id, starts_at, ends_at, area_code, modality FROM appointments INDEXED BY appointments_booked_idx
              WHERE status = 'booked' AND mediator_id IN (SELECT value FROM json_each(${ids}))
                AND starts_at >= ${window.start} AND starts_at < ${window.end}`,
          ),
          db.all<{ mediator_id: string; minutes: number }>(
            sql`SELECT mediator_id, SUM(duration_minutes) AS minutes FROM appointments INDEXED BY appointments_booked_idx
              WHERE status = 'booked' AND mediator_id IN (SELECT value FROM json_each(${ids}))
                AND starts_at >= ${req.start - FAIRNESS_WINDOW} AND starts_at < ${req.start}
              GROUP BY mediator_id`,
          ),
          db.all<{ mediator_id: string; starts_at: number; ends_at: number }>(
            sql`SELECT mediator_id, starts_at, ends_at FROM time_off
              WHERE mediator_id IN (SELECT value FROM json_each(${ids})) AND starts_at < ${req.end} AND ends_at > ${req.start}`,
          ),
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
  const ctx: MatchingContext = {
    ...withoutSchedule,
    bookings,
    timeOff,
    continuity: new Set(continuityRows.map((r) => r.mediator_id)),
    recentMinutes: new Map(recentRows.map((r) => [r.mediator_id, Number(r.minutes)])),
    scheduled: new Set(scheduled),
  };
  return { roster, ctx, maxTravelMinutes: travel.worst };
}
