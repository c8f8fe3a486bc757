/**
 * Timesheets: settled sessions aggregated per mediator (payroll) or per service (its hours budget).
 * Pure; the caller selects the sessions of the period (by `start`) and passes them in.
 */
import { OUTCOMES, type Outcome } from './attendance.js';

/** A session whose attendance is settled, with the minutes stored at settlement. */
export interface SettledSession {
  appointmentId: string;
  mediatorId: string;
  serviceId: string;
  start: number;
  outcome: Outcome;
  actualMinutes: number;
  billableMinutes: number;
}

/** A past booked session not yet settled: one or both sheets missing, or the sheets disagree. */
export interface OpenSession {
  appointmentId: string;
  mediatorId: string;
  serviceId: string;
  start: number;
  state: 'awaiting_close_out' | 'disputed';
  scheduledMinutes: number;
}

/**
 * One session of a timesheet, as a line: settled (with its outcome, actual and billed minutes) or
 * still open (disputed or awaiting close-out: outcome and minutes null, the scheduled minutes known).
 */
export interface SessionLine {
  appointmentId: string;
  start: number;
  mediatorId: string;
  serviceId: string;
  language: string;
  state: 'settled' | OpenSession['state'];
  outcome: Outcome | null;
  actualMinutes: number | null;
  billableMinutes: number | null;
  scheduledMinutes: number;
  /** Recorded after it happened, without a booking. */
  retroactive: boolean;
}

export interface TimesheetRow {
  /** Set when grouped by mediator. */
  mediatorId?: string;
  /** Set when grouped by service. */
  serviceId?: string;
  /** Settled sessions (open ones are counted in `disputed` / `awaitingCloseOut`, not here). */
  sessions: number;
  /** Actual (checked-in) minutes of the settled sessions, per outcome. */
  minutesByOutcome: Record<Outcome, number>;
  billableMinutesByOutcome: Record<Outcome, number>;
  actualMinutes: number;
  billableMinutes: number;
  /** Open sessions whose sheets disagree. */
  disputed: number;
  /** Open sessions still waiting for one or both sheets. */
  awaitingCloseOut: number;
  /** Scheduled minutes of the open sessions (disputed + awaiting): what may still be billed. */
  openScheduledMinutes: number;
}

export interface BudgetUse {
  serviceId: string;
  budgetMinutes: number;
  usedMinutes: number;
  /** budget − used; negative when the budget is overspent. */
  remainingMinutes: number;
  /** used / budget (0.5 = half used); null when the budget is 0. */
  usedShare: number | null;
  /** The same three figures in hours, to two decimals (90 minutes → 1.5), as a service's agreement states them. */
  budgetHours: number;
  usedHours: number;
  remainingHours: number;
}

/** Minutes as hours, to two decimals: 80 → 1.33. */
export function hoursOf(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

function perOutcome(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

function emptyRow(by: 'mediator' | 'service', id: string): TimesheetRow {
  return {
    ...(by === 'mediator' ? { mediatorId: id } : { serviceId: id }),
    sessions: 0,
    minutesByOutcome: perOutcome(),
    billableMinutesByOutcome: perOutcome(),
    actualMinutes: 0,
    billableMinutes: 0,
    disputed: 0,
    awaitingCloseOut: 0,
    openScheduledMinutes: 0,
  };
}

/** Code-unit order: deterministic whatever the runtime's locale. */
function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Settled sessions of one mediator (or service) with one outcome, already added up (as SQL's GROUP BY gives them). */
export interface SettledTotal {
  /** The mediator's or the service's id, by the timesheet's grouping. */
  id: string;
  outcome: Outcome;
  sessions: number;
  actualMinutes: number;
  billableMinutes: number;
}

/** Open sessions of one mediator (or service) in one state, added up. */
export interface OpenTotal {
  id: string;
  state: OpenSession['state'];
  sessions: number;
  scheduledMinutes: number;
}

/**
 * One row per mediator (or service) that has a settled or an open session, sorted by id, from
 * totals per (id, outcome) and (id, state). `minutesByOutcome` sums actual minutes,
 * `billableMinutesByOutcome` the stored billable minutes; totals are their sums. Open sessions are
 * only counted (by state) and their scheduled minutes summed.
 */
export function timesheetsFromTotals(settled: readonly SettledTotal[], open: readonly OpenTotal[], by: 'mediator' | 'service'): TimesheetRow[] {
  const rows = new Map<string, TimesheetRow>();
  const rowFor = (id: string): TimesheetRow => {
    let row = rows.get(id);
    if (!row) {
      row = emptyRow(by, id);
      rows.set(id, row);
    }
    return row;
  };

  for (const s of settled) {
    const row = rowFor(s.id);
    row.sessions += s.sessions;
    row.minutesByOutcome[s.outcome] += s.actualMinutes;
    row.billableMinutesByOutcome[s.outcome] += s.billableMinutes;
    row.actualMinutes += s.actualMinutes;
    row.billableMinutes += s.billableMinutes;
  }
  for (const s of open) {
    const row = rowFor(s.id);
    if (s.state === 'disputed') row.disputed += s.sessions;
    else row.awaitingCloseOut += s.sessions;
    row.openScheduledMinutes += s.scheduledMinutes;
  }

  return [...rows.entries()].sort(([a], [b]) => byId(a, b)).map(([, row]) => row);
}

/** The same rows from the sessions themselves, one by one. */
export function timesheets(settled: readonly SettledSession[], open: readonly OpenSession[], by: 'mediator' | 'service'): TimesheetRow[] {
  const idOf = (s: { mediatorId: string; serviceId: string }) => (by === 'mediator' ? s.mediatorId : s.serviceId);
  return timesheetsFromTotals(
    settled.map((s) => ({ id: idOf(s), outcome: s.outcome, sessions: 1, actualMinutes: s.actualMinutes, billableMinutes: s.billableMinutes })),
    open.map((s) => ({ id: idOf(s), state: s.state, sessions: 1, scheduledMinutes: s.scheduledMinutes })),
    by,
  );
}

/**
 * Hours used against each service's budget, one entry per budgeted service, sorted by service id.
 * `rows` must be grouped by service (rows without a `serviceId` are ignored); used minutes are the
 * BILLABLE minutes, since that is what the service is charged. Several budget entries for the same
 * service are added together. Services without a budget entry are not listed (their use is in the
 * timesheet itself).
 */
export function budgetUse(
  rows: readonly Pick<TimesheetRow, 'serviceId' | 'billableMinutes'>[],
  budgets: readonly { serviceId: string; minutes: number }[],
): BudgetUse[] {
  const used = new Map<string, number>();
  for (const r of rows) {
    if (r.serviceId === undefined) continue;
    used.set(r.serviceId, (used.get(r.serviceId) ?? 0) + r.billableMinutes);
  }
  const budgetOf = new Map<string, number>();
  for (const b of budgets) budgetOf.set(b.serviceId, (budgetOf.get(b.serviceId) ?? 0) + b.minutes);

  return [...budgetOf.keys()].sort(byId).map((serviceId) => {
    const budgetMinutes = budgetOf.get(serviceId) ?? 0;
    const usedMinutes = used.get(serviceId) ?? 0;
    return {
      serviceId,
      budgetMinutes,
      usedMinutes,
      remainingMinutes: budgetMinutes - usedMinutes,
      usedShare: budgetMinutes > 0 ? usedMinutes / budgetMinutes : null,
      budgetHours: hoursOf(budgetMinutes),
      usedHours: hoursOf(usedMinutes),
      remainingHours: hoursOf(budgetMinutes - usedMinutes),
    };
  });
}
