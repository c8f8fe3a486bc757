import { weekContaining } from '../../src/domain/availability.js';
import { type Booking, type Exclusion, type MatchingContext, type MatchRequest, needsSchedule } from '../../src/domain/eligibility.js';
import { staticEligibilityAll } from '../../src/domain/roster-table.js';
import { DAY, type Interval } from '../../src/domain/intervals.js';
import { type Database, sqlText } from '../database.js';
import type { AreasRepository } from './areas.js';
import type { MediatorRecord, MediatorsRepository } from './mediators.js';
import { bookingsStarting, CHANGES_SINCE, changesOf, minutesStarting, type ScheduleChanges, type SchedulesRepository } from './schedules.js';
import { AREAS_VERSION, ROSTER_VERSION } from './settings.js';

const FAIRNESS_WINDOW = 30 * DAY;
/** The versions behind the three caches: roster, travel matrix, and the schedule changes since the count given last. */
const VERSIONS = `SELECT ${ROSTER_VERSION.expression.sql} AS roster_version, ${AREAS_VERSION.expression.sql} AS areas_version, ${CHANGES_SINCE} AS schedule_changes`;

/** What matching runs on: the roster (speakers, or everyone), the context, the worst travel time. */
export interface MatchingInput {
  roster: readonly MediatorRecord[];
  ctx: MatchingContext;
  maxTravelMinutes: number;
}

/** `added` over `held` (a copy only when both have entries). */
function merged<V>(held: ReadonlyMap<string, V>, added: Map<string, V>): ReadonlyMap<string, V> {
  return held.size === 0 ? added : added.size === 0 ? held : new Map([...held, ...added]);
}

/**
 * Loads the roster and context for one request. Only mediators who speak the language are read
 * (indexed, cached), and schedules (bookings around the request, time off, 30-day minutes) only for
 * those of them who pass the static rules (`needsSchedule`) — so the cost follows the mediators who
 * could take the request, not the roster or history size. Schedules come from the schedule cache
 * (schedules.ts), which reads again only mediators whose schedule changed; `now` tells it how far
 * back to keep. `everyone` reads the whole roster (explain).
 * The context names the mediators whose schedule it holds: checking anyone else is an error.
 * With variants 'asked', `widen()` adds the schedules of the mediators the fallback variants bring
 * in (and only theirs: the static data is not read again).
 */
export async function loadMatchingInput(
  db: Database,
  repos: { mediators: MediatorsRepository; areas: AreasRepository; schedules: SchedulesRepository },
  req: MatchRequest,
  options: { zone: string; now: number; everyone: boolean; variants: 'asked' | 'fallback'; neighbourMaxTravel: number },
): Promise<MatchingInput & { widen(): Promise<MatchingInput> }> {
  const week = weekContaining(req.start, options.zone);
  const window: Interval = { start: Math.min(week.start, req.start - DAY), end: Math.max(week.end, req.end + DAY) };

  // The versions behind the caches (roster, travel matrix, schedules) in one statement, before any
  // cached data is used; then the rest at once: on D1, two round trips.
  const [versions] = await db.rows<[unknown, unknown, unknown]>(
    sqlText(VERSIONS, [...ROSTER_VERSION.expression.params, ...AREAS_VERSION.expression.params, ...repos.schedules.changesSince().params]),
  );
  const rosterVersion = ROSTER_VERSION.valueOf(versions?.[0]);
  const changes = changesOf(versions?.[2]);
  const [roster, exclusionRows, continuityRows, travel] = await Promise.all([
    options.everyone ? repos.mediators.all(rosterVersion) : repos.mediators.speaking(req.language, rosterVersion),
    db.all<{ mediator_id: string; beneficiary_ref: string | null }>(
      sqlText('SELECT mediator_id, beneficiary_ref FROM exclusions WHERE service_id = ?', [req.serviceId]),
    ),
    req.beneficiaryRef
      ? db.all<{ mediator_id: string }>(
          sqlText(
            `SELECT DISTINCT mediator_id FROM appointments
            WHERE service_id = ? AND beneficiary_ref = ? AND mediator_id IS NOT NULL AND status = 'booked' AND id <> ?`,
            [req.serviceId, req.beneficiaryRef, req.appointmentId ?? ''],
          ),
        )
      : Promise.resolve([]),
    repos.areas.travel(AREAS_VERSION.valueOf(versions?.[1])),
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
  // The static rules as asked, once per mediator: they pick whose schedule to load, and ranking reuses them.
  const results = staticEligibilityAll(roster, req, base);
  base.checked = { request: req, roster, list: results };
  const inScope = (variants: 'asked' | 'fallback') =>
    roster
      .filter(
        (m, i) =>
          results[i]?.eligible ||
          (variants === 'fallback' && needsSchedule(m, req, base, { variants, neighbourMaxTravel: options.neighbourMaxTravel })),
      )
      .map((m) => m.id);

  const fairnessFrom = req.start - FAIRNESS_WINDOW;
  /**
   * `ctx` with the schedules of `ids` (mediators it does not hold yet) added; `ctx` itself is left as
   * it was. `counted`: the schedule changes read with the static data (the first call), or none
   * (widen() reads them again, so that what it adds is at least as fresh).
   */
  const withSchedules = async (ctx: MatchingContext, ids: string[], counted?: ScheduleChanges): Promise<MatchingInput> => {
    const bookings = new Map<string, Booking[]>();
    const timeOff = new Map<string, Interval[]>();
    const recentMinutes = new Map<string, number>();
    const schedules = await repos.schedules.of(ids, Math.min(window.start, fairnessFrom), options.now - FAIRNESS_WINDOW - DAY, counted);
    for (const [id, schedule] of schedules) {
      if (schedule.size > 0) {
        const around = bookingsStarting(schedule, window.start, window.end);
        const recent = minutesStarting(schedule, fairnessFrom, req.start);
        if (around.length > 0) bookings.set(id, around);
        if (recent > 0) recentMinutes.set(id, recent);
      }
      if (schedule.timeOff.length > 0) {
        const off = schedule.timeOff.filter((t) => t.start < req.end && t.end > req.start);
        if (off.length > 0) timeOff.set(id, off);
      }
    }
    return {
      roster,
      ctx: {
        ...ctx,
        bookings: merged(ctx.bookings, bookings),
        timeOff: merged(ctx.timeOff, timeOff),
        recentMinutes: merged(ctx.recentMinutes, recentMinutes),
        scheduled: ctx.scheduled && ctx.scheduled.size > 0 ? new Set([...ctx.scheduled, ...ids]) : new Set(ids),
      },
      maxTravelMinutes: travel.worst,
    };
  };

  const first = await withSchedules(base, inScope(options.variants), changes);
  return {
    ...first,
    widen: async () => {
      if (options.variants === 'fallback') return first;
      const held = first.ctx.scheduled ?? new Set<string>();
      return withSchedules(first.ctx, inScope('fallback').filter((id) => !held.has(id)));
    },
  };
}
