/**
 * Attendance: the digital form of the paper sheet that the desk and the mediator both sign after a
 * session. Each side records an outcome and, for a completed session, when the mediator checked in
 * and out; the desk may add a 1–5 quality rating and a one-line comment. The two sheets are then
 * reconciled: matching sheets settle the session (`confirmed`), differing ones go to a coordinator
 * (`disputed`).
 *
 * Pure: instants are epoch milliseconds, durations minutes; no clock, no I/O.
 */
import type { FieldError } from './errors.js';
import { HOUR, MINUTE } from './intervals.js';

export const OUTCOMES = ['completed', 'beneficiary_no_show', 'mediator_no_show', 'cancelled_late'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ATTENDANCE_PARTIES = ['desk', 'mediator'] as const;
export type AttendanceParty = (typeof ATTENDANCE_PARTIES)[number];

export interface AttendanceRecord {
  party: AttendanceParty;
  outcome: Outcome;
  checkIn: number | null;
  checkOut: number | null;
  /** 1–5, desk only. */
  rating?: number | null;
  comment?: string | null;
}

export type ReconciliationStatus = 'awaiting' | 'partial' | 'confirmed' | 'disputed';

export interface AgreedAttendance {
  outcome: Outcome;
  checkIn: number | null;
  checkOut: number | null;
}

export interface Difference {
  field: 'outcome' | 'checkIn' | 'checkOut';
  desk: unknown;
  mediator: unknown;
}

export interface Reconciliation {
  status: ReconciliationStatus;
  /** Set only when `confirmed`. */
  agreed: AgreedAttendance | null;
  /** Non-empty only when `disputed`. */
  differences: Difference[];
}

/** Earliest check-in accepted, before the scheduled start (mediators arrive early, not this early). */
export const MAX_EARLY_CHECK_IN_MS = 2 * HOUR;
/** Latest check-out accepted, after the scheduled end (sessions overrun, not by this much). */
export const MAX_LATE_CHECK_OUT_MS = 12 * HOUR;
/** Longest session a sheet may declare. */
export const MAX_SESSION_MS = 12 * HOUR;
export const MIN_RATING = 1;
export const MAX_RATING = 5;

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** Two optional instants agree when both are absent, or both present and at most `toleranceMs` apart. */
function timesAgree(a: number | null, b: number | null, toleranceMs: number): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= toleranceMs;
}

/**
 * Compares the desk's sheet with the mediator's.
 *
 * - neither recorded → `awaiting`; only one → `partial` (nothing is agreed yet, so `agreed` is null).
 * - both recorded: they agree when the outcomes are equal and, for a `completed` session, each of
 *   check-in and check-out is present on both sheets and differs by at most `toleranceMinutes`
 *   (inclusive: 15 min apart with a 15-min tolerance agrees, 16 min does not) → `confirmed`.
 *   Otherwise → `disputed`, listing every field that differs (outcome and/or times, compared by the
 *   same tolerance) so that the coordinator sees the whole disagreement at once.
 *
 * Decisions:
 * - When the sheets agree, `agreed` is the desk's outcome and times: the desk's sheet is
 *   authoritative within the tolerance (it is the service's record; the mediator's times only
 *   confirm it). Nothing is averaged and no "later check-in / earlier check-out" is taken.
 * - When both sides agree on an outcome other than `completed`, times are not compared: they may be
 *   null and they do not change billing (a no-show or late cancellation is billed a fixed amount),
 *   so a mediator noting when they arrived to wait for a no-show does not raise a dispute.
 * - The `party` field of each record is not checked here: the caller passes the desk's record first.
 */
export function reconcile(desk: AttendanceRecord | null, mediator: AttendanceRecord | null, toleranceMinutes: number): Reconciliation {
  if (!desk && !mediator) return { status: 'awaiting', agreed: null, differences: [] };
  if (!desk || !mediator) return { status: 'partial', agreed: null, differences: [] };

  const toleranceMs = Math.max(0, toleranceMinutes) * MINUTE;
  const differences: Difference[] = [];
  const sameOutcome = desk.outcome === mediator.outcome;
  if (!sameOutcome) differences.push({ field: 'outcome', desk: desk.outcome, mediator: mediator.outcome });

  const compareTimes = !sameOutcome || desk.outcome === 'completed';
  if (compareTimes) {
    if (!timesAgree(desk.checkIn, mediator.checkIn, toleranceMs)) {
      differences.push({ field: 'checkIn', desk: desk.checkIn, mediator: mediator.checkIn });
    }
    if (!timesAgree(desk.checkOut, mediator.checkOut, toleranceMs)) {
      differences.push({ field: 'checkOut', desk: desk.checkOut, mediator: mediator.checkOut });
    }
  }

  if (differences.length > 0) return { status: 'disputed', agreed: null, differences };
  return { status: 'confirmed', agreed: { outcome: desk.outcome, checkIn: desk.checkIn, checkOut: desk.checkOut }, differences: [] };
}

function isInstant(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Field errors of one sheet against its appointment's scheduled [start, end); empty when valid.
 *
 * - `outcome` must be one of OUTCOMES.
 * - `completed` requires both check-in and check-out; other outcomes may leave them null.
 * - Any time given must be a finite instant; a check-out needs a check-in; check-out strictly after
 *   check-in; at most 12 h between them; check-in no earlier than 2 h before the start; check-out
 *   no later than 12 h after the end (all bounds inclusive). These apply to whatever times are
 *   given, whatever the outcome.
 * - `rating` is the desk's alone: a mediator sending one (anything but null/absent) is an error; the
 *   desk's must be an integer 1–5 or null.
 * - `comment` is free text; its length is the HTTP schema's concern.
 */
export function attendanceProblems(record: AttendanceRecord, appointment: { start: number; end: number }): FieldError[] {
  const problems: FieldError[] = [];
  const { outcome, checkIn, checkOut } = record;

  if (!isOutcome(outcome)) problems.push({ path: 'outcome', message: `Must be one of ${OUTCOMES.join(', ')}.` });

  const inOk = checkIn === null || checkIn === undefined || isInstant(checkIn);
  const outOk = checkOut === null || checkOut === undefined || isInstant(checkOut);
  if (!inOk) problems.push({ path: 'checkIn', message: 'Must be a valid instant.' });
  if (!outOk) problems.push({ path: 'checkOut', message: 'Must be a valid instant.' });
  const hasIn = isInstant(checkIn);
  const hasOut = isInstant(checkOut);

  if (outcome === 'completed') {
    if (inOk && !hasIn) problems.push({ path: 'checkIn', message: 'Required when the outcome is completed.' });
    if (outOk && !hasOut) problems.push({ path: 'checkOut', message: 'Required when the outcome is completed.' });
  } else if (hasOut && inOk && !hasIn) {
    problems.push({ path: 'checkOut', message: 'A check-out needs a check-in.' });
  }

  if (hasIn && checkIn < appointment.start - MAX_EARLY_CHECK_IN_MS) {
    problems.push({ path: 'checkIn', message: 'Must not be more than 2 hours before the scheduled start.' });
  }
  if (hasOut && checkOut > appointment.end + MAX_LATE_CHECK_OUT_MS) {
    problems.push({ path: 'checkOut', message: 'Must not be more than 12 hours after the scheduled end.' });
  }
  if (hasIn && hasOut) {
    if (checkOut <= checkIn) problems.push({ path: 'checkOut', message: 'Must be after the check-in.' });
    else if (checkOut - checkIn > MAX_SESSION_MS) problems.push({ path: 'checkOut', message: 'A session cannot last more than 12 hours.' });
  }

  const rating = record.rating;
  if (rating !== null && rating !== undefined) {
    if (record.party !== 'desk') {
      problems.push({ path: 'rating', message: 'Only the desk rates a session.' });
    } else if (!Number.isInteger(rating) || rating < MIN_RATING || rating > MAX_RATING) {
      problems.push({ path: 'rating', message: `Must be a whole number from ${MIN_RATING} to ${MAX_RATING}.` });
    }
  }
  return problems;
}
