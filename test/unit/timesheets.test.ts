/** Timesheets for payroll (per mediator) and hours budgets (per service). */
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/domain/attendance.js';
import { budgetUse, type OpenSession, type SettledSession, type TimesheetRow, timesheets, timesheetsFromTotals } from '../../src/domain/timesheets.js';
import { at } from './factories.js';

let seq = 0;
function settled(overrides: Partial<SettledSession> = {}): SettledSession {
  seq += 1;
  return {
    appointmentId: `a${seq}`,
    mediatorId: 'm1',
    serviceId: 's1',
    start: at('2026-03-23T10:00'),
    outcome: 'completed',
    actualMinutes: 60,
    billableMinutes: 60,
    ...overrides,
  };
}
function open(overrides: Partial<OpenSession> = {}): OpenSession {
  seq += 1;
  return { appointmentId: `o${seq}`, mediatorId: 'm1', serviceId: 's1', start: at('2026-03-24T10:00'), state: 'awaiting_close_out', scheduledMinutes: 60, ...overrides };
}
const zeros = (): Record<Outcome, number> => ({ completed: 0, beneficiary_no_show: 0, mediator_no_show: 0, cancelled_late: 0 });

describe('timesheets by mediator', () => {
  it('is empty without sessions', () => {
    expect(timesheets([], [], 'mediator')).toEqual([]);
  });

  it('sums actual and billable minutes per outcome and in total', () => {
    const rows = timesheets(
      [
        settled({ outcome: 'completed', actualMinutes: 61, billableMinutes: 75 }),
        settled({ outcome: 'completed', actualMinutes: 30, billableMinutes: 60 }),
        settled({ outcome: 'beneficiary_no_show', actualMinutes: 20, billableMinutes: 60 }),
        settled({ outcome: 'cancelled_late', actualMinutes: 0, billableMinutes: 60 }),
        settled({ outcome: 'mediator_no_show', actualMinutes: 0, billableMinutes: 0 }),
      ],
      [],
      'mediator',
    );
    expect(rows).toEqual<TimesheetRow[]>([
      {
        mediatorId: 'm1',
        sessions: 5,
        minutesByOutcome: { completed: 91, beneficiary_no_show: 20, mediator_no_show: 0, cancelled_late: 0 },
        billableMinutesByOutcome: { completed: 135, beneficiary_no_show: 60, mediator_no_show: 0, cancelled_late: 60 },
        actualMinutes: 111,
        billableMinutes: 255,
        disputed: 0,
        awaitingCloseOut: 0,
        openScheduledMinutes: 0,
      },
    ]);
  });

  it('has one row per mediator, sorted by id, keyed by mediatorId only', () => {
    const rows = timesheets([settled({ mediatorId: 'm2' }), settled({ mediatorId: 'm10' }), settled({ mediatorId: 'm1' })], [], 'mediator');
    expect(rows.map((r) => r.mediatorId)).toEqual(['m1', 'm10', 'm2']);
    expect(rows.every((r) => r.serviceId === undefined)).toBe(true);
  });

  it('counts open sessions by state without counting them as sessions or minutes', () => {
    const [row] = timesheets(
      [settled()],
      [open({ state: 'disputed', scheduledMinutes: 90 }), open({ state: 'awaiting_close_out' }), open({ state: 'awaiting_close_out' })],
      'mediator',
    );
    expect(row).toMatchObject({ sessions: 1, actualMinutes: 60, billableMinutes: 60, disputed: 1, awaitingCloseOut: 2, openScheduledMinutes: 210 });
  });

  it('lists a mediator who has only open sessions', () => {
    expect(timesheets([], [open({ mediatorId: 'm3', state: 'disputed' })], 'mediator')).toEqual([
      {
        mediatorId: 'm3',
        sessions: 0,
        minutesByOutcome: zeros(),
        billableMinutesByOutcome: zeros(),
        actualMinutes: 0,
        billableMinutes: 0,
        disputed: 1,
        awaitingCloseOut: 0,
        openScheduledMinutes: 60,
      },
    ]);
  });

  it('always has all four outcomes in the per-outcome maps', () => {
    const [row] = timesheets([settled()], [], 'mediator');
    expect(Object.keys(row?.minutesByOutcome ?? {})).toEqual(['completed', 'beneficiary_no_show', 'mediator_no_show', 'cancelled_late']);
    expect(Object.keys(row?.billableMinutesByOutcome ?? {})).toEqual(['completed', 'beneficiary_no_show', 'mediator_no_show', 'cancelled_late']);
  });
});

describe('timesheets by service', () => {
  it('groups the same sessions by service, keyed by serviceId only', () => {
    const sessions = [
      settled({ mediatorId: 'm1', serviceId: 'asl-to' }),
      settled({ mediatorId: 'm2', serviceId: 'asl-to', billableMinutes: 75, actualMinutes: 70 }),
      settled({ mediatorId: 'm1', serviceId: 'comune-at' }),
    ];
    const rows = timesheets(sessions, [open({ serviceId: 'comune-at' })], 'service');
    expect(rows.map((r) => [r.serviceId, r.mediatorId, r.sessions, r.billableMinutes, r.awaitingCloseOut])).toEqual([
      ['asl-to', undefined, 2, 135, 0],
      ['comune-at', undefined, 1, 60, 1],
    ]);
  });

  it('totals the same minutes whichever way it groups', () => {
    const sessions = [settled({ mediatorId: 'm1', serviceId: 'x' }), settled({ mediatorId: 'm2', serviceId: 'y', billableMinutes: 90 })];
    const sum = (rows: TimesheetRow[]) => rows.reduce((n, r) => n + r.billableMinutes, 0);
    expect(sum(timesheets(sessions, [], 'mediator'))).toBe(sum(timesheets(sessions, [], 'service')));
  });
});

describe('timesheets from totals (as SQL sums them)', () => {
  it('gives the rows the sessions give one by one', () => {
    const sessions = [
      settled({ mediatorId: 'm1', outcome: 'completed', actualMinutes: 50, billableMinutes: 60 }),
      settled({ mediatorId: 'm1', outcome: 'completed', actualMinutes: 90, billableMinutes: 90 }),
      settled({ mediatorId: 'm1', outcome: 'beneficiary_no_show', actualMinutes: 0, billableMinutes: 30 }),
      settled({ mediatorId: 'm2', outcome: 'cancelled_late', actualMinutes: 0, billableMinutes: 60 }),
    ];
    const pending = [open({ mediatorId: 'm2', state: 'disputed', scheduledMinutes: 45 }), open({ mediatorId: 'm3' }), open({ mediatorId: 'm3' })];
    const fromTotals = timesheetsFromTotals(
      [
        { id: 'm1', outcome: 'completed', sessions: 2, actualMinutes: 140, billableMinutes: 150 },
        { id: 'm1', outcome: 'beneficiary_no_show', sessions: 1, actualMinutes: 0, billableMinutes: 30 },
        { id: 'm2', outcome: 'cancelled_late', sessions: 1, actualMinutes: 0, billableMinutes: 60 },
      ],
      [
        { id: 'm2', state: 'disputed', sessions: 1, scheduledMinutes: 45 },
        { id: 'm3', state: 'awaiting_close_out', sessions: 2, scheduledMinutes: 120 },
      ],
      'mediator',
    );
    expect(fromTotals).toEqual(timesheets(sessions, pending, 'mediator'));
    expect(fromTotals.map((r) => [r.mediatorId, r.sessions, r.billableMinutes, r.disputed, r.awaitingCloseOut])).toEqual([
      ['m1', 3, 180, 0, 0],
      ['m2', 1, 60, 1, 0],
      ['m3', 0, 0, 0, 2],
    ]);
  });
});

describe('budgetUse', () => {
  const rows = timesheets(
    [settled({ serviceId: 'asl-to', billableMinutes: 600 }), settled({ serviceId: 'comune-at', billableMinutes: 300 }), settled({ serviceId: 'no-budget', billableMinutes: 60 })],
    [],
    'service',
  );

  it('charges billable minutes against each budget, one entry per budgeted service, sorted', () => {
    expect(
      budgetUse(rows, [
        { serviceId: 'comune-at', minutes: 200 },
        { serviceId: 'asl-to', minutes: 2400 },
      ]),
    ).toEqual([
      { serviceId: 'asl-to', budgetMinutes: 2400, usedMinutes: 600, remainingMinutes: 1800, usedShare: 0.25, budgetHours: 40, usedHours: 10, remainingHours: 30 },
      { serviceId: 'comune-at', budgetMinutes: 200, usedMinutes: 300, remainingMinutes: -100, usedShare: 1.5, budgetHours: 3.33, usedHours: 5, remainingHours: -1.67 },
    ]);
  });

  it('shows an untouched budget as unused', () => {
    expect(budgetUse(rows, [{ serviceId: 'idle', minutes: 120 }])).toEqual([{ serviceId: 'idle', budgetMinutes: 120, usedMinutes: 0, remainingMinutes: 120, usedShare: 0, budgetHours: 2, usedHours: 0, remainingHours: 2 }]);
  });

  it('has no share for a zero budget', () => {
    expect(budgetUse(rows, [{ serviceId: 'asl-to', minutes: 0 }])[0]).toMatchObject({ remainingMinutes: -600, usedShare: null });
  });

  it('adds several budget entries of the same service', () => {
    expect(
      budgetUse(rows, [
        { serviceId: 'asl-to', minutes: 600 },
        { serviceId: 'asl-to', minutes: 600 },
      ]),
    ).toEqual([{ serviceId: 'asl-to', budgetMinutes: 1200, usedMinutes: 600, remainingMinutes: 600, usedShare: 0.5, budgetHours: 20, usedHours: 10, remainingHours: 10 }]);
  });

  it('ignores rows grouped by mediator (they carry no service)', () => {
    const byMediator = timesheets([settled({ serviceId: 'asl-to' })], [], 'mediator');
    expect(budgetUse(byMediator, [{ serviceId: 'asl-to', minutes: 60 }])[0]?.usedMinutes).toBe(0);
  });

  it('is empty without budgets', () => {
    expect(budgetUse(rows, [])).toEqual([]);
  });
});
