import { and, eq, gt, gte, inArray, lt, ne, sql, sum } from 'drizzle-orm';
import type { Booking, Exclusion, MatchingContext, MatchRequest } from '../../src/domain/eligibility.js';
import { DAY, type Interval } from '../../src/domain/intervals.js';
import type { Modality } from '../../src/domain/vocabulary.js';
import type { Database } from '../database.js';
import { appointments, exclusions, timeOff } from '../schema.js';
import type { AreasRepository } from './areas.js';
import { type MediatorRecord, type MediatorsRepository, speakersOf } from './mediators.js';

/** Fairness counts the minutes booked in the 30 days before the request. */
const FAIRNESS_WINDOW = 30 * DAY;

/** What matching runs on: the roster (speakers of the language, or everyone) and the context. */
export interface MatchingInput {
  roster: MediatorRecord[];
  ctx: MatchingContext;
}

/**
 * Reads everything matching needs for one request, all at once: the roster, the bookings, time
 * off and recent minutes of the speakers of the language, the travel matrix, the service's
 * exclusions and who already served the beneficiary there. Only speakers' schedules are read:
 * anyone else fails the language rule before a schedule matters. `everyone` puts the whole roster
 * in (explain names why each mediator is excluded).
 */
export async function loadMatchingInput(
  db: Database,
  repos: { mediators: MediatorsRepository; areas: AreasRepository },
  req: MatchRequest,
  options: { zone: string; week: Interval; everyone: boolean },
): Promise<MatchingInput> {
  const speakers = speakersOf(db, req.language);
  // Written as a literal so that SQLite can read the partial index of booked appointments.
  const booked = and(sql`${appointments.status} = 'booked'`, inArray(appointments.mediatorId, speakers));
  // Bookings that could clash with the request (appointments last less than a day) or share its week.
  const around: Interval = { start: Math.min(options.week.start, req.start - DAY), end: Math.max(options.week.end, req.end + DAY) };

  const [roster, bookingRows, recentRows, offRows, travel, exclusionRows, continuityRows] = await Promise.all([
    options.everyone ? repos.mediators.all() : repos.mediators.speaking(req.language),
    db.orm
      .select({
        appointmentId: appointments.id,
        mediatorId: appointments.mediatorId,
        serviceId: appointments.serviceId,
        start: appointments.startsAt,
        end: appointments.endsAt,
        area: appointments.areaCode,
        modality: appointments.modality,
      })
      .from(appointments)
      .where(and(booked, gte(appointments.startsAt, around.start), lt(appointments.startsAt, around.end))),
    db.orm
      .select({ mediatorId: appointments.mediatorId, minutes: sum(appointments.durationMinutes).mapWith(Number) })
      .from(appointments)
      .where(and(booked, gte(appointments.startsAt, req.start - FAIRNESS_WINDOW), lt(appointments.startsAt, req.start)))
      .groupBy(appointments.mediatorId),
    db.orm
      .select({ mediatorId: timeOff.mediatorId, start: timeOff.startsAt, end: timeOff.endsAt })
      .from(timeOff)
      .where(and(inArray(timeOff.mediatorId, speakers), lt(timeOff.startsAt, req.end), gt(timeOff.endsAt, req.start))),
    repos.areas.travel(),
    db.orm
      .select({ mediatorId: exclusions.mediatorId, beneficiaryRef: exclusions.beneficiaryRef })
      .from(exclusions)
      .where(eq(exclusions.serviceId, req.serviceId)),
    req.beneficiaryRef
      ? db.orm
          .selectDistinct({ mediatorId: sql<string>`${appointments.mediatorId}` })
          .from(appointments)
          .where(
            and(
              eq(appointments.serviceId, req.serviceId),
              eq(appointments.beneficiaryRef, req.beneficiaryRef),
              eq(appointments.status, 'booked'),
              ne(appointments.id, req.appointmentId ?? ''),
            ),
          )
      : Promise.resolve([]),
  ]);

  return {
    roster,
    ctx: {
      zone: options.zone,
      week: options.week,
      travelMinutes: travel.lookup,
      bookings: groupBy(bookingRows, (b): Booking => ({ ...b, mediatorId: b.mediatorId as string, modality: b.modality as Modality })),
      timeOff: groupBy(offRows, (o): Interval => ({ start: o.start, end: o.end })),
      recentMinutes: new Map(recentRows.map((r) => [r.mediatorId as string, r.minutes])),
      exclusions: exclusionRows satisfies Exclusion[],
      continuity: new Set(continuityRows.map((r) => r.mediatorId)),
    },
  };
}

function groupBy<R extends { mediatorId: string | null }, T>(rows: R[], map: (row: R) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = row.mediatorId as string;
    const list = groups.get(key);
    if (list) list.push(map(row));
    else groups.set(key, [map(row)]);
  }
  return groups;
}
