import { sql } from 'drizzle-orm';
import { weekContaining } from '../../src/domain/availability.js';
import { type Booking, type Exclusion, type MatchingContext, type MatchRequest, needsSchedule } from '../../src/domain/eligibility.js';
import { DAY, type Interval } from '../../src/domain/intervals.js';
import type { Modality } from '../../src/domain/vocabulary.js';
import type { Database } from '../database.js';
import type { AreasRepository } from './areas.js';
import type { MediatorRecord, MediatorsRepository } from './mediators.js';

const FAIRNESS_WINDOW = 30 * DAY;

/** What matching runs on: the roster (speakers, or everyone), the context, the worst travel time. */
export interface MatchingInput {
  roster: MediatorRecord[];
  ctx: MatchingContext;
  maxTravelMinutes: number;
}

/** Appends to the list of `id`. */
function push<T>(map: Map<string, T[]>, id: string, item: T): void {
  const list = map.get(id);
  if (list) list.push(item);
  else map.set(id, [item]);
}

/**
 * Loads the roster and context for one request. Only mediators who speak the language are read
 * (indexed, cached), and schedules (bookings around the request, time off, 30-day minutes) only for
 * those of them who pass the static rules (`needsSchedule`) — so the cost follows the mediators who
 * could take the request, not the roster or history size. `everyone` reads the whole roster (explain).
 * The context names the mediators whose schedule it holds: checking anyone else is an error.
 * With variants 'asked', `widen()` adds the schedules of the mediators the fallback variants bring
 * in (and only theirs: the static data is not read again).
 */
export async function loadMatchingInput(
  db: Database,
  repos: { mediators: MediatorsRepository; areas: AreasRepository },
  req: MatchRequest,
  options: { zone: string; everyone: boolean; variants: 'asked' | 'fallback'; neighbourMaxTravel: number },
): Promise<MatchingInput & { widen(): Promise<MatchingInput> }> {
  const week = weekContaining(req.start, options.zone);
  const window: Interval = { start: Math.min(week.start, req.start - DAY), end: Math.max(week.end, req.end + DAY) };

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
  const base: MatchingContext = {
    zone: options.zone,
    travelMinutes: travel.lookup,
    bookings: new Map(),
    timeOff: new Map(),
    exclusions: exclusionRows.map((r): Exclusion => ({ mediatorId: r.mediator_id, beneficiaryRef: r.beneficiary_ref })),
    continuity: new Set(continuityRows.map((r) => r.mediator_id)),
    recentMinutes: new Map(),
    week,
    scheduled: new Set(),
  };
  const inScope = (variants: 'asked' | 'fallback') =>
    roster.filter((m) => needsSchedule(m, req, base, { variants, neighbourMaxTravel: options.neighbourMaxTravel })).map((m) => m.id);

  /** `ctx` with the schedules of `ids` (mediators it does not hold yet) added; `ctx` itself is left as it was. */
  const withSchedules = async (ctx: MatchingContext, ids: string[]): Promise<MatchingInput> => {
    const bookings = new Map<string, Booking[]>();
    const timeOff = new Map<string, Interval[]>();
    const recentMinutes = new Map<string, number>();
    if (ids.length > 0) {
      const json = JSON.stringify(ids);
      // appointments_booked_idx (partial: status = 'booked'; mediator_id, starts_at, then every column read
      // here) serves both reads index-only, one range per mediator. Named, because without ANALYZE statistics
      // the planner prefers appointments_status_idx and then reads every booking in the window.
      const [bookingRows, recentRows, offRows] = await Promise.all([
        db.all<{ id: string; mediator_id: string; service_id: string; starts_at: number; ends_at: number; area_code: string; modality: string }>(
          sql`SELECT id, mediator_id, service_id, starts_at, ends_at, area_code, modality FROM appointments INDEXED BY appointments_booked_idx
            WHERE status = 'booked' AND mediator_id IN (SELECT value FROM json_each(${json}))
              AND starts_at >= ${window.start} AND starts_at < ${window.end}`,
        ),
        db.all<{ mediator_id: string; minutes: number }>(
          sql`SELECT mediator_id, SUM(duration_minutes) AS minutes FROM appointments INDEXED BY appointments_booked_idx
            WHERE status = 'booked' AND mediator_id IN (SELECT value FROM json_each(${json}))
              AND starts_at >= ${req.start - FAIRNESS_WINDOW} AND starts_at < ${req.start}
            GROUP BY mediator_id`,
        ),
        db.all<{ mediator_id: string; starts_at: number; ends_at: number }>(
          sql`SELECT mediator_id, starts_at, ends_at FROM time_off
            WHERE mediator_id IN (SELECT value FROM json_each(${json})) AND starts_at < ${req.end} AND ends_at > ${req.start}`,
        ),
      ]);
      for (const r of bookingRows) {
        push(bookings, r.mediator_id, {
          appointmentId: r.id,
          mediatorId: r.mediator_id,
          serviceId: r.service_id,
          start: r.starts_at,
          end: r.ends_at,
          area: r.area_code,
          modality: r.modality as Modality,
        });
      }
      for (const r of offRows) push(timeOff, r.mediator_id, { start: r.starts_at, end: r.ends_at });
      for (const r of recentRows) recentMinutes.set(r.mediator_id, Number(r.minutes));
    }
    return {
      roster,
      ctx: {
        ...ctx,
        bookings: new Map([...ctx.bookings, ...bookings]),
        timeOff: new Map([...ctx.timeOff, ...timeOff]),
        recentMinutes: new Map([...ctx.recentMinutes, ...recentMinutes]),
        scheduled: new Set([...(ctx.scheduled ?? []), ...ids]),
      },
      maxTravelMinutes: travel.worst,
    };
  };

  const first = await withSchedules(base, inScope(options.variants));
  return {
    ...first,
    widen: async () => {
      if (options.variants === 'fallback') return first;
      const held = first.ctx.scheduled ?? new Set<string>();
      return withSchedules(first.ctx, inScope('fallback').filter((id) => !held.has(id)));
    },
  };
}
