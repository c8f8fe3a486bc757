import { eq, sql } from 'drizzle-orm';
import type { OpenSession, OpenTotal, SessionLine, SettledTotal } from '../../src/domain/timesheets.js';
import type { Database, Statement } from '../database.js';
import { attendance, settlements } from '../schema.js';
import { type ChangeGuard, guardCondition } from './guard.js';

/** How many sheets the open session `a` has. */
const SHEETS = sql`(SELECT COUNT(*) FROM attendance t WHERE t.appointment_id = a.id)`;
/** An open session's state: both sheets in (they differ, or it would have settled) → disputed; fewer → awaiting close-out. */
const OPEN_STATE = sql`CASE WHEN ${SHEETS} >= 2 THEN 'disputed' ELSE 'awaiting_close_out' END`;

/**
 * The open sessions among appointments `a`: booked, ended before `now`, not settled (the partial index
 * appointments_open_sessions_idx), starting in [from, to) and of one service or mediator when given.
 */
function openSessions(f: { now: number; from?: number; to?: number; serviceId?: string; mediatorId?: string }) {
  return sql`a.status = 'booked' AND a.settled_at IS NULL AND a.ends_at <= ${f.now}
    ${f.from !== undefined ? sql`AND a.starts_at >= ${f.from}` : sql``}
    ${f.to !== undefined ? sql`AND a.starts_at < ${f.to}` : sql``}
    ${f.serviceId ? sql`AND a.service_id = ${f.serviceId}` : sql``}
    ${f.mediatorId ? sql`AND a.mediator_id = ${f.mediatorId}` : sql``}`;
}

export type AttendanceRow = typeof attendance.$inferSelect;
export type SettlementRow = typeof settlements.$inferSelect;
/** A past session still to close, as the open-sessions list and timesheets show it (with what a page lists it by). */
export type UnsettledSession = OpenSession & { end: number; sheets: number; language: string; beneficiaryRef: string | null; mediatorName: string | null };

export function attendanceRepository(db: Database) {
  return {
    async forAppointment(appointmentId: string): Promise<AttendanceRow[]> {
      return db.orm.select().from(attendance).where(eq(attendance.appointmentId, appointmentId));
    },

    /** Writes (or rewrites) one party's sheet, unless the session is already settled. */
    upsertStatement(row: AttendanceRow): Statement {
      return sql`INSERT INTO attendance (appointment_id, party, recorded_by, outcome, check_in, check_out, rating, comment, recorded_at)
        SELECT ${row.appointmentId}, ${row.party}, ${row.recordedBy}, ${row.outcome}, ${row.checkIn}, ${row.checkOut}, ${row.rating}, ${row.comment}, ${row.recordedAt}
        WHERE NOT EXISTS (SELECT 1 FROM settlements WHERE appointment_id = ${row.appointmentId})
        ON CONFLICT (appointment_id, party) DO UPDATE SET recorded_by = excluded.recorded_by, outcome = excluded.outcome,
          check_in = excluded.check_in, check_out = excluded.check_out, rating = excluded.rating, comment = excluded.comment,
          recorded_at = excluded.recorded_at`;
    },

    /** The first settlement wins; later attempts change nothing. With a guard, only if that change happened. */
    settleStatement(row: SettlementRow, guard?: ChangeGuard): Statement {
      return sql`INSERT OR IGNORE INTO settlements (appointment_id, mediator_id, service_id, starts_at, outcome, check_in, check_out,
          actual_minutes, billable_minutes, source, policy, decided_by, note, settled_at)
        SELECT ${row.appointmentId}, ${row.mediatorId}, ${row.serviceId}, ${row.startsAt}, ${row.outcome}, ${row.checkIn}, ${row.checkOut},
          ${row.actualMinutes}, ${row.billableMinutes}, ${row.source}, ${row.policy}, ${row.decidedBy}, ${row.note}, ${row.settledAt}
        WHERE ${guardCondition(guard)}`;
    },

    async settlement(appointmentId: string): Promise<SettlementRow | undefined> {
      return (await db.orm.select().from(settlements).where(eq(settlements.appointmentId, appointmentId)))[0];
    },

    /**
     * Booked sessions that ended before `now` without a settlement, by start, with how many sheets
     * each has: `disputed` when both sheets are in (they differ, or they would have settled),
     * `awaiting_close_out` when fewer are. No `limit`: all of them. Read from the partial index
     * appointments_open_sessions_idx (`settled_at` is set by a trigger when the settlement is written).
     */
    async unsettled(f: {
      now: number;
      from?: number;
      to?: number;
      serviceId?: string;
      mediatorId?: string;
      state?: OpenSession['state'];
      limit?: number;
      after?: [number, string];
    }): Promise<UnsettledSession[]> {
      const rows = await db.all<UnsettledSession & { sheets: number | string }>(
        sql`SELECT a.id AS appointmentId, a.service_id AS serviceId, a.mediator_id AS mediatorId, a.starts_at AS start, a.ends_at AS end,
            a.duration_minutes AS scheduledMinutes, ${SHEETS} AS sheets, ${OPEN_STATE} AS state,
            a.language AS language, a.beneficiary_ref AS beneficiaryRef, (SELECT name FROM mediators WHERE id = a.mediator_id) AS mediatorName
          FROM appointments a INDEXED BY appointments_open_sessions_idx
          WHERE ${openSessions(f)}
            ${f.after ? sql`AND (a.starts_at, a.id) > (${f.after[0]}, ${f.after[1]})` : sql``}
            ${f.state ? sql`AND ${OPEN_STATE} = ${f.state}` : sql``}
          ORDER BY a.starts_at, a.id ${f.limit === undefined ? sql`` : sql`LIMIT ${f.limit}`}`,
      );
      return rows.map((r) => ({ ...r, sheets: Number(r.sheets) }));
    },

    /** Settled sessions starting in [from, to), summed per mediator (or service) and outcome, in SQL. */
    async settledTotals(f: { from: number; to: number; by: 'mediator' | 'service'; serviceId?: string; mediatorId?: string }): Promise<SettledTotal[]> {
      // Named, so that SQLite reads only the period (of one owner when filtered) instead of choosing
      // an owner index for its GROUP BY order and reading every owner's whole history.
      const owner = f.by === 'mediator' ? sql`mediator_id` : sql`service_id`;
      const index = f.mediatorId ? sql`settlements_mediator_idx` : f.serviceId ? sql`settlements_service_idx` : sql`settlements_period_idx`;
      return db.all<SettledTotal>(
        sql`SELECT ${owner} AS id, outcome, COUNT(*) AS sessions, SUM(actual_minutes) AS actualMinutes, SUM(billable_minutes) AS billableMinutes FROM settlements INDEXED BY ${index}
          WHERE starts_at >= ${f.from} AND starts_at < ${f.to}
            ${f.serviceId ? sql`AND service_id = ${f.serviceId}` : sql``}
            ${f.mediatorId ? sql`AND mediator_id = ${f.mediatorId}` : sql``}
          GROUP BY 1, 2`,
      );
    },

    /**
     * One line per session starting in [from, to), by start: the settled ones with their outcome and
     * minutes, then (in the same order) the open ones, as `unsettled` finds them, without.
     */
    async sessionLines(f: { now: number; from: number; to: number; serviceId?: string; mediatorId?: string }): Promise<SessionLine[]> {
      const index = f.mediatorId ? sql`settlements_mediator_idx` : f.serviceId ? sql`settlements_service_idx` : sql`settlements_period_idx`;
      const lines = await db.all<SessionLine>(
        sql`SELECT s.appointment_id AS appointmentId, s.starts_at AS start, s.mediator_id AS mediatorId, s.service_id AS serviceId,
            a.language AS language, 'settled' AS state, s.outcome AS outcome, s.actual_minutes AS actualMinutes,
            s.billable_minutes AS billableMinutes, a.duration_minutes AS scheduledMinutes, a.retroactive AS retroactive
          FROM settlements s INDEXED BY ${index} JOIN appointments a ON a.id = s.appointment_id
          WHERE s.starts_at >= ${f.from} AND s.starts_at < ${f.to}
            ${f.serviceId ? sql`AND s.service_id = ${f.serviceId}` : sql``}
            ${f.mediatorId ? sql`AND s.mediator_id = ${f.mediatorId}` : sql``}
          UNION ALL
          SELECT a.id, a.starts_at, a.mediator_id, a.service_id, a.language, ${OPEN_STATE}, NULL, NULL, NULL, a.duration_minutes, a.retroactive
          FROM appointments a INDEXED BY appointments_open_sessions_idx
          WHERE ${openSessions(f)}
          ORDER BY 2, 1`,
      );
      return lines.map((l) => ({ ...l, retroactive: Boolean(l.retroactive) }));
    },

    /** Open sessions (as `unsettled` lists them) starting in [from, to), counted per mediator (or service) and state, in SQL. */
    async openTotals(f: { now: number; from: number; to: number; by: 'mediator' | 'service'; serviceId?: string; mediatorId?: string }): Promise<OpenTotal[]> {
      const owner = f.by === 'mediator' ? sql`a.mediator_id` : sql`a.service_id`;
      return db.all<OpenTotal>(
        sql`SELECT ${owner} AS id, ${OPEN_STATE} AS state, COUNT(*) AS sessions, SUM(a.duration_minutes) AS scheduledMinutes
          FROM appointments a INDEXED BY appointments_open_sessions_idx
          WHERE ${openSessions(f)}
          GROUP BY 1, 2`,
      );
    },
  };
}

export type AttendanceRepository = ReturnType<typeof attendanceRepository>;
