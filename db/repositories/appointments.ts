import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Interval } from '../../src/domain/intervals.js';
import { baseLanguage } from '../../src/domain/languages.js';
import type { AppointmentStatus, FallbackStep, Modality } from '../../src/domain/vocabulary.js';
import { type Database, type SqlFragment, type Statement, sqlText } from '../database.js';
import { appointments, mediators } from '../schema.js';
import { pageOf } from './cursor.js';
import { plainColumns, plainRow } from './plain-rows.js';

export type AppointmentRow = typeof appointments.$inferSelect;

/**
 * Each field of an appointment row with its SQL column, in schema order. The insert writes the row's
 * values as they are and `get` reads them as they are, so these columns must stay plain (no drizzle
 * `mode` or `$defaultFn` to apply).
 */
const COLUMNS = plainColumns(appointments);
const INSERT_COLUMNS = COLUMNS as ReadonlyArray<readonly [keyof typeof appointments.$inferInsert, string]>;
/**
 * One appointment with its mediator's contact (null without one): the read behind most operations.
 * Every column is named apart (the mediator's aliased), so a driver that keys rows by name keeps them all.
 */
const BY_ID = `SELECT ${COLUMNS.map(([, name]) => `a.${name}`).join(', ')}, m.id AS mediator_id_, m.name AS mediator_name_, m.phone AS mediator_phone_, m.email AS mediator_email_
  FROM appointments a LEFT JOIN mediators m ON m.id = a.mediator_id WHERE a.id = ?`;
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

/** The appointment columns a claim may move, with the Slot field each holds. */
const slotColumns: ReadonlyArray<readonly [string, 'area' | 'modality' | 'start' | 'end' | 'durationMinutes']> = [
  ['area_code', 'area'],
  ['modality', 'modality'],
  ['starts_at', 'start'],
  ['ends_at', 'end'],
  ['duration_minutes', 'durationMinutes'],
];

export interface ClaimParams {
  appointmentId: string;
  mediatorId: string;
  fromStatuses: AppointmentStatus[];
  expectedVersion?: number;
  slot: Slot;
  /**
   * The slot as the caller read it from the row. Its columns are required in the WHERE clause, and
   * only those of `slot` that differ are written: a slot moved meanwhile makes the claim fail (a lost
   * race, as with a version) instead of being overwritten, and the indexes on unchanged columns are
   * left alone. Without it, every column of `slot` is written.
   */
  heldSlot?: Slot;
  /** ISO week holding the slot, for the weekly cap. */
  week: Interval;
  /** Upper bound of any travel in the matrix: narrows the overlap scan to an index range. */
  maxTravelMinutes: number;
  fallbackStep: FallbackStep | null;
  now: number;
  /** Written on success; guards the rest of the batch. */
  changeId: string;
  /** One more condition the booking needs (e.g. the accepted offer is still open), written out. */
  alsoRequire?: SqlFragment;
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

  return {
    async get(id: string): Promise<AppointmentWithMediator | undefined> {
      const [values] = await db.rows<unknown[]>(sqlText(BY_ID, [id]));
      if (!values) return undefined;
      const a = plainRow<AppointmentRow>(COLUMNS, values);
      const m = COLUMNS.length;
      return {
        ...a,
        mediator: values[m] ? { id: values[m] as string, name: values[m + 1] as string, phone: values[m + 2] as string | null, email: values[m + 3] as string } : null,
      };
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

    /** The INSERT of a new request, written out (every request runs it): the row's columns, in schema order. */
    insertStatement(row: typeof appointments.$inferInsert): Statement {
      const given = INSERT_COLUMNS.filter(([key]) => row[key] !== undefined);
      return sqlText(
        `INSERT INTO appointments (${given.map(([, column]) => column).join(', ')}) VALUES (${given.map(() => '?').join(', ')})`,
        given.map(([key]) => row[key]),
      );
    },

    /**
     * The booking guard: one UPDATE that books the mediator only if, at that instant, they hold no
     * overlapping booking (travel included), have no time off, stay under their weekly cap, are
     * active and not excluded. Atomic on SQLite and D1 alike; 1 row changed = booked.
     */
    claimStatement(p: ClaimParams): Statement {
      const s = p.slot;
      // Written out (every booking runs it); `v` adds a parameter where the text uses it, in order.
      const params: unknown[] = [];
      const v = (value: unknown) => {
        params.push(value);
        return '?';
      };
      const travel = (from: () => string, to: () => string) =>
        `(CASE WHEN ${v(s.modality === 'in_person' ? 1 : 0)} = 1 AND b.modality = 'in_person' AND b.service_id <> ${v(s.serviceId)}
          THEN COALESCE((SELECT t.minutes FROM area_travel t WHERE t.from_code = ${from()} AND t.to_code = ${to()}), ${v(p.maxTravelMinutes)})
          ELSE 0 END) * 60000`;
      const margin = p.maxTravelMinutes * 60000;
      const also = p.alsoRequire;
      const held = p.heldSlot;
      // Both booking subqueries read the partial covering index of booked appointments (mediator_id,
      // starts_at, …): index-only, one range per mediator. Named, as in schedules.ts: without ANALYZE
      // statistics the planner would pick appointments_status_idx and read every booking.
      const text = `UPDATE appointments SET
          mediator_id = ${v(p.mediatorId)}, status = 'booked', booked_at = ${v(p.now)}, updated_at = ${v(p.now)},
          version = version + 1, fallback_step = ${v(p.fallbackStep)}, unfilled_reason = NULL, change_id = ${v(p.changeId)},
          reminder_queued_at = CASE WHEN starts_at = ${v(s.start)} AND ends_at = ${v(s.end)} AND mediator_id IS ${v(p.mediatorId)} THEN reminder_queued_at ELSE NULL END${slotColumns
            .filter(([, key]) => !held || s[key] !== held[key])
            .map(([column, key]) => `, ${column} = ${v(s[key])}`)
            .join('')}
        WHERE id = ${v(p.appointmentId)} AND status IN (${p.fromStatuses.map((st) => v(st)).join(', ')})
          ${held ? slotColumns.map(([column, key]) => `AND ${column} = ${v(held[key])}`).join(' ') : ''}
          ${p.expectedVersion === undefined ? '' : `AND version = ${v(p.expectedVersion)}`}
          ${also ? `AND ${(params.push(...also.params), also.sql)}` : ''}
          AND EXISTS (SELECT 1 FROM mediators m WHERE m.id = ${v(p.mediatorId)} AND m.active = 1
            AND m.max_weekly_minutes >= ${v(s.durationMinutes)} + COALESCE((SELECT SUM(w.duration_minutes) FROM appointments w INDEXED BY appointments_booked_idx
              WHERE w.mediator_id = ${v(p.mediatorId)} AND w.status = 'booked' AND w.id <> ${v(p.appointmentId)}
                AND w.starts_at >= ${v(p.week.start)} AND w.starts_at < ${v(p.week.end)}), 0))
          AND NOT EXISTS (SELECT 1 FROM time_off o
            WHERE o.mediator_id = ${v(p.mediatorId)} AND o.starts_at < ${v(s.end)} AND o.ends_at > ${v(s.start)})
          AND NOT EXISTS (SELECT 1 FROM exclusions x
            WHERE x.service_id = ${v(s.serviceId)} AND x.mediator_id = ${v(p.mediatorId)}
              AND (x.beneficiary_ref IS NULL OR x.beneficiary_ref = ${v(s.beneficiaryRef)}))
          AND NOT EXISTS (SELECT 1 FROM appointments b INDEXED BY appointments_booked_idx
            WHERE b.mediator_id = ${v(p.mediatorId)} AND b.status = 'booked' AND b.id <> ${v(p.appointmentId)}
              AND b.starts_at < ${v(s.end + margin)} AND b.starts_at > ${v(s.start - margin - 24 * 3600_000)}
              AND b.starts_at < ${v(s.end)} + ${travel(() => v(s.area), () => 'b.area_code')}
              AND b.ends_at + ${travel(() => 'b.area_code', () => v(s.area))} > ${v(s.start)})`;
      return sqlText(text, params);
    },

    /** Frees the mediator (new slot values applied) and leaves the request waiting; conditional on the version read. */
    releaseStatement(id: string, expectedVersion: number, slot: Slot, status: AppointmentStatus, now: number, changeId: string): Statement {
      return sql`UPDATE appointments SET mediator_id = NULL, status = ${status}, booked_at = NULL, fallback_step = NULL,
          change_id = ${changeId}, reminder_queued_at = NULL,
          area_code = ${slot.area}, modality = ${slot.modality}, starts_at = ${slot.start}, ends_at = ${slot.end},
          duration_minutes = ${slot.durationMinutes}, updated_at = ${now}, version = version + 1
        WHERE id = ${id} AND version = ${expectedVersion}`;
    },

    /** Marks a still-waiting request unfilled, with the reason (JSON). */
    markUnfilledStatement(id: string, reason: unknown, now: number, changeId: string): Statement {
      return sql`UPDATE appointments SET status = 'unfilled', unfilled_reason = ${JSON.stringify(reason)},
          updated_at = ${now}, version = version + 1, change_id = ${changeId}
        WHERE id = ${id} AND status IN ('open', 'unfilled', 'offered') AND mediator_id IS NULL`;
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
      patch: { location?: string | null; notes?: string | null },
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
