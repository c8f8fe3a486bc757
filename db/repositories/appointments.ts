import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Interval } from '../../src/domain/intervals.js';
import { baseLanguage } from '../../src/domain/languages.js';
import type { AppointmentStatus, FallbackStep, Modality } from '../../src/domain/vocabulary.js';
import type { Database, Statement } from '../database.js';
import { appointments, mediators } from '../schema.js';
import { pageOf } from './cursor.js';

export type AppointmentRow = typeof appointments.$inferSelect;

export type AppointmentWithMediator = AppointmentRow & {
  mediator: { id: string; name: string; phone: string | null; email: string } | null;
};

/** Where an appointment would take place and when: what the booking guard checks. */
export interface Slot {
  serviceId: string;
  area: string;
  modality: Modality;
  start: number;
  end: number;
  durationMinutes: number;
  beneficiaryRef: string | null;
}

export interface ClaimParams {
  appointmentId: string;
  mediatorId: string;
  fromStatuses: AppointmentStatus[];
  expectedVersion?: number;
  /** Where and when the mediator is booked. */
  slot: Slot;
  /** The slot as the caller read it: a slot moved meanwhile makes the claim fail instead of being overwritten. */
  heldSlot: Slot;
  /** ISO week holding the slot, for the weekly cap. */
  week: Interval;
  fallbackStep: FallbackStep | null;
  now: number;
  /** Written on success; guards the rest of the batch. */
  changeId: string;
  /** One more condition the booking needs (e.g. the accepted offer is still open). */
  alsoRequire?: SQL;
}

export interface AppointmentFilter {
  limit: number;
  after?: [number, string];
  status?: AppointmentStatus;
  from?: number;
  to?: number;
  language?: string;
  area?: string;
  serviceId?: string;
  mediatorId?: string;
  beneficiaryRef?: string;
}

export function appointmentsRepository(db: Database) {
  const withMediator = () =>
    db.orm
      .select({ a: appointments, m: { id: mediators.id, name: mediators.name, phone: mediators.phone, email: mediators.email } })
      .from(appointments)
      .leftJoin(mediators, eq(mediators.id, appointments.mediatorId));
  const flatten = (r: { a: AppointmentRow; m: { id: string; name: string; phone: string | null; email: string } | null }) => ({
    ...r.a,
    mediator: r.m?.id ? r.m : null,
  });

  // Most operations start by reading their appointment: prepared once.
  const byId = withMediator().where(eq(appointments.id, sql.placeholder('id'))).prepare();

  return {
    async get(id: string): Promise<AppointmentWithMediator | undefined> {
      const row = (await byId.get({ id })) as Parameters<typeof flatten>[0] | undefined;
      return row ? flatten(row) : undefined;
    },

    async list(f: AppointmentFilter) {
      const where: SQL[] = [];
      if (f.after) where.push(sql`(${appointments.startsAt}, ${appointments.id}) > (${f.after[0]}, ${f.after[1]})`);
      if (f.status) where.push(eq(appointments.status, f.status));
      if (f.from !== undefined) where.push(sql`${appointments.startsAt} >= ${f.from}`);
      if (f.to !== undefined) where.push(sql`${appointments.startsAt} < ${f.to}`);
      if (f.language) {
        const base = baseLanguage(f.language);
        where.push(sql`(${appointments.language} = ${base} OR ${appointments.language} LIKE ${`${base}-%`})`);
      }
      if (f.area) where.push(eq(appointments.areaCode, f.area));
      if (f.serviceId) where.push(eq(appointments.serviceId, f.serviceId));
      if (f.mediatorId) where.push(eq(appointments.mediatorId, f.mediatorId));
      if (f.beneficiaryRef) where.push(eq(appointments.beneficiaryRef, f.beneficiaryRef));
      const rows = await withMediator()
        .where(and(...where))
        .orderBy(asc(appointments.startsAt), asc(appointments.id))
        .limit(f.limit + 1);
      return pageOf(rows.map(flatten), f.limit, (r) => [r.startsAt, r.id]);
    },

    insertStatement(row: typeof appointments.$inferInsert): Statement {
      return db.orm.insert(appointments).values(row);
    },

    /**
     * The booking guard: one UPDATE that books the mediator only if, at that instant, they are
     * active, not excluded, have no time off over the slot, stay under their weekly cap and hold no
     * booking that overlaps once travel is added (travel from the area matrix; none for phone or
     * video, nor between two appointments at the same service). Atomic on SQLite and D1 alike:
     * 1 row changed = booked. The hard rules of src/domain/eligibility.ts, in SQL.
     */
    claimStatement(p: ClaimParams): Statement {
      const s = p.slot;
      const held = p.heldSlot;
      const inPerson = s.modality === 'in_person' ? 1 : 0;
      // Travel minutes between the slot and another booking `b`, in either direction.
      const travel = (from: SQL, to: SQL) => sql`(CASE WHEN ${inPerson} = 1 AND b.modality = 'in_person' AND b.service_id <> ${s.serviceId}
          THEN COALESCE((SELECT t.minutes FROM area_travel t WHERE t.from_code = ${from} AND t.to_code = ${to}), (SELECT MAX(minutes) FROM area_travel), 0)
          ELSE 0 END) * 60000`;
      // Bookings can only clash within a day and the longest travel of the slot: that bound keeps the
      // overlap scan to a short range of the index.
      const reach = sql`(SELECT COALESCE(MAX(minutes), 0) * 60000 + 86400000 FROM area_travel)`;
      // INDEXED BY: without ANALYZE statistics the planner may read appointments_status_idx, i.e. every booking.
      return sql`UPDATE appointments SET
          mediator_id = ${p.mediatorId}, status = 'booked', updated_at = ${p.now},
          booked_at = CASE WHEN status = 'booked' AND mediator_id IS ${p.mediatorId} THEN COALESCE(booked_at, ${p.now}) ELSE ${p.now} END,
          version = version + 1, fallback_step = ${p.fallbackStep}, unfilled_reason = NULL, change_id = ${p.changeId},
          reminder_queued_at = CASE WHEN starts_at = ${s.start} AND ends_at = ${s.end} AND mediator_id IS ${p.mediatorId} THEN reminder_queued_at ELSE NULL END,
          area_code = ${s.area}, modality = ${s.modality}, starts_at = ${s.start}, ends_at = ${s.end}, duration_minutes = ${s.durationMinutes}
        WHERE id = ${p.appointmentId} AND status IN ${p.fromStatuses}
          AND area_code = ${held.area} AND modality = ${held.modality} AND starts_at = ${held.start} AND ends_at = ${held.end}
          ${p.expectedVersion === undefined ? sql`` : sql`AND version = ${p.expectedVersion}`}
          ${p.alsoRequire ? sql`AND ${p.alsoRequire}` : sql``}
          AND EXISTS (SELECT 1 FROM mediators m WHERE m.id = ${p.mediatorId} AND m.active = 1
            AND m.max_weekly_minutes >= ${s.durationMinutes} + COALESCE((SELECT SUM(w.duration_minutes) FROM appointments w INDEXED BY appointments_booked_idx
              WHERE w.mediator_id = ${p.mediatorId} AND w.status = 'booked' AND w.id <> ${p.appointmentId}
                AND w.starts_at >= ${p.week.start} AND w.starts_at < ${p.week.end}), 0))
          AND NOT EXISTS (SELECT 1 FROM time_off o
            WHERE o.mediator_id = ${p.mediatorId} AND o.starts_at < ${s.end} AND o.ends_at > ${s.start})
          AND NOT EXISTS (SELECT 1 FROM exclusions x
            WHERE x.service_id = ${s.serviceId} AND x.mediator_id = ${p.mediatorId}
              AND (x.beneficiary_ref IS NULL OR x.beneficiary_ref = ${s.beneficiaryRef}))
          AND NOT EXISTS (SELECT 1 FROM appointments b INDEXED BY appointments_booked_idx
            WHERE b.mediator_id = ${p.mediatorId} AND b.status = 'booked' AND b.id <> ${p.appointmentId}
              AND b.starts_at < ${s.end} + ${reach} AND b.starts_at > ${s.start} - ${reach}
              AND b.starts_at < ${s.end} + ${travel(sql`${s.area}`, sql`b.area_code`)}
              AND b.ends_at + ${travel(sql`b.area_code`, sql`${s.area}`)} > ${s.start})`;
    },

    /** Frees the mediator (new slot values applied) and leaves the request waiting; conditional on the version read. */
    releaseStatement(id: string, expectedVersion: number, slot: Slot, status: AppointmentStatus, now: number, changeId: string): Statement {
      return sql`UPDATE appointments SET mediator_id = NULL, status = ${status}, booked_at = NULL, fallback_step = NULL,
          change_id = ${changeId}, reminder_queued_at = NULL,
          area_code = ${slot.area}, modality = ${slot.modality}, starts_at = ${slot.start}, ends_at = ${slot.end},
          duration_minutes = ${slot.durationMinutes}, updated_at = ${now}, version = version + 1
        WHERE id = ${id} AND version = ${expectedVersion}`;
    },

    /** A mediator's booked appointments that have not started yet, by start. */
    async futureBookedOf(mediatorId: string, now: number): Promise<AppointmentRow[]> {
      return db.orm
        .select()
        .from(appointments)
        .where(and(eq(appointments.mediatorId, mediatorId), eq(appointments.status, 'booked'), sql`${appointments.startsAt} > ${now}`))
        .orderBy(asc(appointments.startsAt));
    },

    /** Marks a still-waiting request unfilled, with the reason (JSON); one already unfilled is left as it is, so nobody is told twice. */
    markUnfilledStatement(id: string, reason: unknown, now: number, changeId: string): Statement {
      return sql`UPDATE appointments SET status = 'unfilled', unfilled_reason = ${JSON.stringify(reason)},
          updated_at = ${now}, version = version + 1, change_id = ${changeId}
        WHERE id = ${id} AND status IN ('open', 'offered') AND mediator_id IS NULL`;
    },

    /** Offers went out: the request waits for a mediator to accept (one more round). */
    markOfferedStatement(id: string, now: number, changeId: string): Statement {
      return sql`UPDATE appointments SET status = 'offered', offer_round = offer_round + 1, unfilled_reason = NULL,
          updated_at = ${now}, version = version + 1, change_id = ${changeId}
        WHERE id = ${id} AND status IN ('open', 'unfilled', 'offered') AND mediator_id IS NULL`;
    },

    /** Marks a reminder as queued (once per slot); guards the reminder e-mails of the same batch. */
    reminderStatement(id: string, startsAt: number, now: number, changeId: string): Statement {
      return sql`UPDATE appointments SET reminder_queued_at = ${now}, change_id = ${changeId}
        WHERE id = ${id} AND status = 'booked' AND reminder_queued_at IS NULL AND starts_at = ${startsAt}`;
    },

    /** Booked appointments starting before `until` whose reminder is not queued yet. */
    async dueForReminder(now: number, until: number, limit: number): Promise<AppointmentRow[]> {
      return db.orm
        .select()
        .from(appointments)
        .where(and(eq(appointments.status, 'booked'), sql`${appointments.startsAt} > ${now}`, sql`${appointments.startsAt} <= ${until}`, sql`${appointments.reminderQueuedAt} IS NULL`))
        .limit(limit);
    },

    /** Offered requests whose start has passed or that have no open offer left. */
    async offeredWithoutPendingOffers(now: number, limit: number): Promise<AppointmentRow[]> {
      return db.orm
        .select()
        .from(appointments)
        .where(
          and(
            eq(appointments.status, 'offered'),
            sql`NOT EXISTS (SELECT 1 FROM offers o WHERE o.appointment_id = ${appointments.id} AND o.status = 'pending' AND o.expires_at > ${now})`,
          ),
        )
        .limit(limit);
    },

    markOpenStatement(id: string, now: number): Statement {
      return sql`UPDATE appointments SET status = 'open', unfilled_reason = NULL, updated_at = ${now}, version = version + 1
        WHERE id = ${id} AND status IN ('open', 'unfilled') AND mediator_id IS NULL`;
    },

    cancelStatement(id: string, reason: string | null, now: number, changeId: string): Statement {
      return sql`UPDATE appointments SET status = 'cancelled', cancelled_at = ${now}, cancel_reason = ${reason},
          updated_at = ${now}, version = version + 1, change_id = ${changeId}
        WHERE id = ${id} AND status <> 'cancelled'`;
    },

    /** Changes fields that do not affect who can take the appointment. */
    updateDetailsStatement(
      id: string,
      expectedVersion: number,
      patch: { location?: string | null; videoUrl?: string | null; dialIn?: string | null; notes?: string | null },
      now: number,
      changeId: string,
    ): Statement {
      return db.orm
        .update(appointments)
        .set({ ...patch, updatedAt: now, version: sql`${appointments.version} + 1`, changeId })
        .where(and(eq(appointments.id, id), eq(appointments.version, expectedVersion)));
    },
  };
}

export type AppointmentsRepository = ReturnType<typeof appointmentsRepository>;
