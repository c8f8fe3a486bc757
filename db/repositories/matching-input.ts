import { and, asc, eq, gt, gte, inArray, lt, ne, notInArray, sql, sum } from 'drizzle-orm';
import type { Booking, Exclusion, MatchingContext, MatchRequest, MediatorProfile } from '../../src/domain/eligibility.js';
import { baseLanguage } from '../../src/domain/languages.js';
import { DAY, type Interval } from '../../src/domain/intervals.js';
import type { Database } from '../database.js';
import { appointments, exclusions, mediators, timeOff } from '../schema.js';
import type { AreasRepository } from './areas.js';
import { type MediatorRecord, speakersOf, toMediator } from './mediators.js';

/** Fairness counts the minutes booked in the 30 days before the request. */
const FAIRNESS_WINDOW = 30 * DAY;

/** What matching runs on: the roster (the speakers of the language, or everyone) and the context. */
export interface MatchingInput {
  /** The mediators who speak the primary language of the request, in full. */
  speakers: MediatorRecord[];
  /** The speakers, and with `everyone` the rest of the roster by name, by id. */
  roster: MediatorProfile[];
  ctx: MatchingContext;
}

/**
 * Reads everything matching needs for one request, all at once: the speakers of the language with
 * their bookings, time off and recent minutes, the travel matrix, the service's exclusions and who
 * already served the beneficiary there. Anyone else fails the language rule whatever their profile
 * or schedule: `everyone` (explain names why each mediator is excluded) adds them by name only.
 * Every search runs these reads, so they are prepared once.
 */
export function matchingInputRepository(db: Database, areas: AreasRepository) {
  const speaking = speakersOf(db, sql.placeholder('base'));
  // Written as a literal so that SQLite can read the partial index of booked appointments.
  const booked = and(sql`${appointments.status} = 'booked'`, inArray(appointments.mediatorId, speaking));
  const from = sql.placeholder('from');
  const to = sql.placeholder('to');
  const service = sql.placeholder('service');

  const speakers = db.orm.select().from(mediators).where(inArray(mediators.id, speaking)).orderBy(asc(mediators.id)).prepare();
  const others = db.orm
    .select({ id: mediators.id, name: mediators.name, active: mediators.active })
    .from(mediators)
    .where(notInArray(mediators.id, speaking))
    .prepare();
  const bookings = db.orm
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
    .where(and(booked, gte(appointments.startsAt, from), lt(appointments.startsAt, to)))
    .prepare();
  const recentMinutes = db.orm
    .select({ mediatorId: appointments.mediatorId, minutes: sum(appointments.durationMinutes).mapWith(Number) })
    .from(appointments)
    .where(and(booked, gte(appointments.startsAt, from), lt(appointments.startsAt, to)))
    .groupBy(appointments.mediatorId)
    .prepare();
  const timeOffOver = db.orm
    .select({ mediatorId: timeOff.mediatorId, start: timeOff.startsAt, end: timeOff.endsAt })
    .from(timeOff)
    .where(and(inArray(timeOff.mediatorId, speaking), lt(timeOff.startsAt, to), gt(timeOff.endsAt, from)))
    .prepare();
  const exclusionsOf = db.orm
    .select({ mediatorId: exclusions.mediatorId, beneficiaryRef: exclusions.beneficiaryRef })
    .from(exclusions)
    .where(eq(exclusions.serviceId, service))
    .prepare();
  const servedBefore = db.orm
    .selectDistinct({ mediatorId: sql<string>`${appointments.mediatorId}` })
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, service),
        eq(appointments.beneficiaryRef, sql.placeholder('beneficiary')),
        eq(appointments.status, 'booked'),
        ne(appointments.id, sql.placeholder('appointment')),
      ),
    )
    .prepare();

  return {
    async load(req: MatchRequest, options: { zone: string; week: Interval; everyone: boolean }): Promise<MatchingInput> {
      const language = baseLanguage(req.language);
      // Bookings that could clash with the request (appointments last less than a day) or share its week.
      const around: Interval = { start: Math.min(options.week.start, req.start - DAY), end: Math.max(options.week.end, req.end + DAY) };
      // The prepared queries' rows are typed here: drizzle types them loosely for a database of either driver.
      const [speakerRows, otherRows, bookingRows, recentRows, offRows, travel, exclusionRows, continuityRows] = await Promise.all([
        speakers.all({ base: language }) as Promise<Array<typeof mediators.$inferSelect>>,
        (options.everyone ? others.all({ base: language }) : []) as Promise<Array<{ id: string; name: string; active: boolean }>>,
        bookings.all({ base: language, from: around.start, to: around.end }) as Promise<Booking[]>,
        recentMinutes.all({ base: language, from: req.start - FAIRNESS_WINDOW, to: req.start }) as Promise<Array<{ mediatorId: string; minutes: number }>>,
        timeOffOver.all({ base: language, from: req.start, to: req.end }) as Promise<Array<{ mediatorId: string } & Interval>>,
        areas.travel(),
        exclusionsOf.all({ service: req.serviceId }) as Promise<Exclusion[]>,
        (req.beneficiaryRef ? servedBefore.all({ service: req.serviceId, beneficiary: req.beneficiaryRef, appointment: req.appointmentId ?? '' }) : []) as Promise<
          Array<{ mediatorId: string }>
        >,
      ]);
      const found = speakerRows.map(toMediator);
      return {
        speakers: found,
        roster: [...found, ...otherRows.map(byNameOnly)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
        ctx: {
          zone: options.zone,
          week: options.week,
          travelMinutes: travel.lookup,
          bookings: byMediator(bookingRows),
          timeOff: byMediator(offRows),
          recentMinutes: new Map(recentRows.map((r) => [r.mediatorId, r.minutes])),
          exclusions: exclusionRows,
          continuity: new Set(continuityRows.map((r) => r.mediatorId)),
        },
      };
    },
  };
}

/** A mediator who does not speak the language, as the rules before the language one see them. */
function byNameOnly({ id, name, active }: { id: string; name: string; active: boolean }): MediatorProfile {
  return { id, name, active, gender: null, homeArea: '', areas: NONE, modalities: NONE, sectors: NONE, languages: NONE, availability: NONE, maxWeeklyMinutes: 0 };
}
const NONE: readonly never[] = Object.freeze([]);

function byMediator<R extends { mediatorId: string }>(rows: R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const list = groups.get(row.mediatorId);
    if (list) list.push(row);
    else groups.set(row.mediatorId, [row]);
  }
  return groups;
}

export type MatchingInputRepository = ReturnType<typeof matchingInputRepository>;
