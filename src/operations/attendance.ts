import type { AppointmentRow } from '../../db/repositories/appointments.js';
import type { AttendanceRow, SettlementRow, UnsettledSession } from '../../db/repositories/attendance.js';
import { pageOf } from '../../db/repositories/cursor.js';
import type { Ctx } from '../deps.js';
import { type AttendanceParty, type AttendanceRecord, attendanceProblems, type Outcome, reconcile } from '../domain/attendance.js';
import { ConflictError, DomainError, InvalidError } from '../domain/errors.js';
import { getVisibleAppointment, requireRole } from './access.js';
import { afterInstant, type Page, type PageInput } from './pagination.js';
import { settlementOf } from './settlements.js';
import { settledWebhookEvent } from './webhooks.js';

export type { AttendanceRow, UnsettledSession } from '../../db/repositories/attendance.js';

export interface AttendanceInput {
  party?: AttendanceParty;
  outcome: Outcome;
  checkIn?: number | null;
  checkOut?: number | null;
  rating?: number | null;
  comment?: string | null;
}

export type AttendanceState = 'awaiting' | 'partial' | 'confirmed' | 'disputed' | 'settled';

export interface AttendanceView {
  appointmentId: string;
  state: AttendanceState;
  desk: AttendanceRow | null;
  mediator: AttendanceRow | null;
  differences: ReturnType<typeof reconcile>['differences'];
  settlement: SettlementRow | null;
}

function recordOf(row: AttendanceRow | undefined): AttendanceRecord | null {
  if (!row) return null;
  return { party: row.party as AttendanceParty, outcome: row.outcome as Outcome, checkIn: row.checkIn, checkOut: row.checkOut, rating: row.rating, comment: row.comment };
}

export async function attendanceView(ctx: Ctx, id: string): Promise<AttendanceView> {
  return viewOf(ctx, await getVisibleAppointment(ctx, id));
}

/** The view of an appointment already read (and checked visible). */
async function viewOf(ctx: Ctx, a: AppointmentRow): Promise<AttendanceView> {
  const [rows, settlement] = await Promise.all([ctx.repos.attendance.forAppointment(a.id), ctx.repos.attendance.settlement(a.id)]);
  const desk = rows.find((r) => r.party === 'desk') ?? null;
  const mediator = rows.find((r) => r.party === 'mediator') ?? null;
  const r = reconcile(recordOf(desk ?? undefined), recordOf(mediator ?? undefined), ctx.config.billing.disputeToleranceMinutes);
  const state: AttendanceState = settlement ? (settlement.source === 'agreed' ? 'confirmed' : 'settled') : r.status;
  return { appointmentId: a.id, state, desk, mediator, differences: r.differences, settlement: settlement ?? null };
}

/**
 * One party signs the sheet: the desk of the service or the assigned mediator (a coordinator names
 * the party), only once the appointment has started, until it is settled. When both sheets agree
 * within the tolerance the session settles at once; when they differ it is disputed.
 */
export async function recordAttendance(ctx: Ctx, id: string, input: AttendanceInput): Promise<AttendanceView> {
  requireRole(ctx.actor, 'desk', 'mediator', 'coordinator');
  const a = await getVisibleAppointment(ctx, id);
  const party: AttendanceParty | undefined = ctx.actor.role === 'coordinator' ? input.party : ctx.actor.role;
  if (!party) throw new InvalidError('party', 'A coordinator must say whose sheet this is: desk or mediator.');
  if (ctx.actor.role !== 'coordinator' && input.party && input.party !== party) {
    throw new InvalidError('party', `You record the ${party}'s sheet; omit party.`);
  }
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'The appointment was cancelled; nothing to record.');
  if (a.status !== 'booked' || !a.mediatorId) throw new ConflictError('not_booked', 'Attendance is recorded for booked appointments only.');
  const now = ctx.clock.now();
  if (now < a.startsAt) throw new ConflictError('not_started', 'Attendance can be recorded once the appointment has started.');
  const record: AttendanceRecord = {
    party,
    outcome: input.outcome,
    checkIn: input.checkIn ?? null,
    checkOut: input.checkOut ?? null,
    rating: input.rating ?? null,
    comment: input.comment ?? null,
  };
  assertValidSheet(record, a);

  const changed = await ctx.db.exec(
    ctx.repos.attendance.upsertStatement({
      appointmentId: a.id,
      party,
      recordedBy: ctx.actor.userId,
      outcome: record.outcome,
      checkIn: record.checkIn,
      checkOut: record.checkOut,
      rating: record.rating ?? null,
      comment: record.comment ?? null,
      recordedAt: now,
    }),
  );
  if (changed === 0) throw new ConflictError('already_settled', 'This session is already settled.');

  // Re-read both sheets: whichever side signs second settles it, even if both signed at once.
  const rows = await ctx.repos.attendance.forAppointment(a.id);
  const r = reconcile(
    recordOf(rows.find((x) => x.party === 'desk')),
    recordOf(rows.find((x) => x.party === 'mediator')),
    ctx.config.billing.disputeToleranceMinutes,
  );
  if (r.status === 'confirmed' && r.agreed) {
    const settlement = settlementOf(ctx, a, r.agreed, 'agreed');
    await ctx.db.batch([ctx.repos.attendance.settleStatement(settlement), settledWebhookEvent(ctx, a, settlement)]);
  }
  return viewOf(ctx, a);
}

/** A coordinator settles a disputed (or unrecorded) session with a recorded decision. */
export async function settleAttendance(
  ctx: Ctx,
  id: string,
  input: { outcome: Outcome; checkIn?: number | null; checkOut?: number | null; note: string },
): Promise<AttendanceView> {
  requireRole(ctx.actor, 'coordinator');
  const a = await getVisibleAppointment(ctx, id);
  if (a.status !== 'booked' || !a.mediatorId) throw new ConflictError('not_booked', 'Only booked appointments are settled.');
  if (ctx.clock.now() < a.startsAt) throw new ConflictError('not_started', 'The appointment has not started yet.');
  const decided: AttendanceRecord = { party: 'desk', outcome: input.outcome, checkIn: input.checkIn ?? null, checkOut: input.checkOut ?? null };
  assertValidSheet(decided, a);
  const settlement = settlementOf(ctx, a, decided, 'coordinator', input.note);
  const [changed] = await ctx.db.batch([ctx.repos.attendance.settleStatement(settlement), settledWebhookEvent(ctx, a, settlement)]);
  if (changed === 0) throw new ConflictError('already_settled', 'This session is already settled.');
  return viewOf(ctx, a);
}

/** 422 with every problem of a sheet (outcome vs times, times vs the slot), each with its field. */
function assertValidSheet(record: AttendanceRecord, a: AppointmentRow): void {
  const problems = attendanceProblems(record, { start: a.startsAt, end: a.endsAt });
  if (problems.length > 0) throw new DomainError(422, 'invalid_attendance', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}

export interface OpenSessionsQuery extends PageInput {
  state?: UnsettledSession['state'];
  /** Sessions starting in [from, to) (epoch ms). */
  from?: number;
  to?: number;
}

/**
 * Sessions to close, by start: ended without a settlement (awaiting close-out) or with differing
 * sheets (disputed). A desk sees its service's, a mediator their own, a coordinator all.
 */
export async function listOpenSessions(ctx: Ctx, query: OpenSessionsQuery): Promise<Page<UnsettledSession>> {
  const scope =
    ctx.actor.role === 'desk'
      ? { serviceId: ctx.actor.serviceId ?? '' }
      : ctx.actor.role === 'mediator'
        ? { mediatorId: ctx.actor.mediatorId ?? '' }
        : {};
  const rows = await ctx.repos.attendance.unsettled({
    now: ctx.clock.now(),
    limit: query.limit + 1,
    ...(query.state ? { state: query.state } : {}),
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
    ...(query.cursor ? { after: afterInstant(query.cursor) } : {}),
    ...scope,
  });
  return pageOf(rows, query.limit, (r) => [r.start, r.appointmentId]);
}
