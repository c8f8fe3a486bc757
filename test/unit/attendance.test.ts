/**
 * The attendance sheet: what each side may record, and how the two sheets are reconciled.
 * The default appointment is Monday 23 March 2026 10:00–11:00 in Rome.
 */
import { describe, expect, it } from 'vitest';
import { type AttendanceRecord, attendanceProblems, OUTCOMES, type Outcome, reconcile } from '../../src/domain/attendance.js';
import { HOUR, MINUTE } from '../../src/domain/intervals.js';
import { at } from './factories.js';

const START = at('2026-03-23T10:00');
const END = at('2026-03-23T11:00');
const appointment = { start: START, end: END };
const TOLERANCE = 15;

function sheet(party: AttendanceRecord['party'], overrides: Partial<AttendanceRecord> = {}): AttendanceRecord {
  return { party, outcome: 'completed', checkIn: START, checkOut: END, ...overrides };
}
const desk = (o: Partial<AttendanceRecord> = {}) => sheet('desk', o);
const mediator = (o: Partial<AttendanceRecord> = {}) => sheet('mediator', o);

function paths(record: AttendanceRecord): string[] {
  return attendanceProblems(record, appointment).map((p) => p.path);
}

describe('reconcile: who has signed', () => {
  it('is awaiting while neither side has recorded', () => {
    expect(reconcile(null, null, TOLERANCE)).toEqual({ status: 'awaiting', agreed: null, differences: [] });
  });

  it('is partial when only the desk has recorded, and nothing is agreed yet', () => {
    expect(reconcile(desk(), null, TOLERANCE)).toEqual({ status: 'partial', agreed: null, differences: [] });
  });

  it('is partial when only the mediator has recorded', () => {
    expect(reconcile(null, mediator(), TOLERANCE)).toEqual({ status: 'partial', agreed: null, differences: [] });
  });
});

describe('reconcile: both sheets', () => {
  it('confirms identical sheets', () => {
    expect(reconcile(desk(), mediator(), TOLERANCE)).toEqual({
      status: 'confirmed',
      agreed: { outcome: 'completed', checkIn: START, checkOut: END },
      differences: [],
    });
  });

  it('confirms times exactly 15 minutes apart (the tolerance is inclusive)', () => {
    const r = reconcile(desk(), mediator({ checkIn: START - 15 * MINUTE, checkOut: END + 15 * MINUTE }), TOLERANCE);
    expect(r.status).toBe('confirmed');
  });

  it('disputes a check-in 16 minutes apart', () => {
    const r = reconcile(desk(), mediator({ checkIn: START + 16 * MINUTE }), TOLERANCE);
    expect(r).toEqual({
      status: 'disputed',
      agreed: null,
      differences: [{ field: 'checkIn', desk: START, mediator: START + 16 * MINUTE }],
    });
  });

  it('disputes a check-out 16 minutes apart, in either direction', () => {
    expect(reconcile(desk(), mediator({ checkOut: END - 16 * MINUTE }), TOLERANCE).differences).toEqual([
      { field: 'checkOut', desk: END, mediator: END - 16 * MINUTE },
    ]);
    expect(reconcile(desk({ checkOut: END + 16 * MINUTE }), mediator(), TOLERANCE).status).toBe('disputed');
  });

  it("takes the desk's times when the sheets agree within the tolerance (the desk's sheet is authoritative)", () => {
    const r = reconcile(
      desk({ checkIn: START + 5 * MINUTE, checkOut: END + 10 * MINUTE }),
      mediator({ checkIn: START - 10 * MINUTE, checkOut: END + 20 * MINUTE }),
      TOLERANCE,
    );
    expect(r.agreed).toEqual({ outcome: 'completed', checkIn: START + 5 * MINUTE, checkOut: END + 10 * MINUTE });
  });

  it('disputes different outcomes, listing the time differences as well', () => {
    const r = reconcile(desk({ outcome: 'mediator_no_show', checkIn: null, checkOut: null }), mediator(), TOLERANCE);
    expect(r).toEqual({
      status: 'disputed',
      agreed: null,
      differences: [
        { field: 'outcome', desk: 'mediator_no_show', mediator: 'completed' },
        { field: 'checkIn', desk: null, mediator: START },
        { field: 'checkOut', desk: null, mediator: END },
      ],
    });
  });

  it('disputes different outcomes even when the times match', () => {
    const r = reconcile(desk({ outcome: 'beneficiary_no_show' }), mediator({ outcome: 'cancelled_late' }), TOLERANCE);
    expect(r.differences).toEqual([{ field: 'outcome', desk: 'beneficiary_no_show', mediator: 'cancelled_late' }]);
  });

  it('disputes a completed session where one side left a time empty', () => {
    const r = reconcile(desk({ checkOut: null }), mediator(), TOLERANCE);
    expect(r.differences).toEqual([{ field: 'checkOut', desk: null, mediator: END }]);
  });

  it('lists every differing field at once', () => {
    const r = reconcile(desk(), mediator({ checkIn: START + HOUR / 2, checkOut: END + HOUR }), TOLERANCE);
    expect(r.differences.map((d) => d.field)).toEqual(['checkIn', 'checkOut']);
  });

  it.each(['beneficiary_no_show', 'mediator_no_show', 'cancelled_late'] as const)(
    'confirms an agreed %s without comparing times (they do not change billing), keeping the desk times',
    (outcome: Outcome) => {
      const r = reconcile(desk({ outcome, checkIn: null, checkOut: null }), mediator({ outcome, checkIn: START, checkOut: START + 30 * MINUTE }), TOLERANCE);
      expect(r).toEqual({ status: 'confirmed', agreed: { outcome, checkIn: null, checkOut: null }, differences: [] });
    },
  );

  it('with a zero tolerance, only identical times agree', () => {
    expect(reconcile(desk(), mediator(), 0).status).toBe('confirmed');
    expect(reconcile(desk(), mediator({ checkIn: START + MINUTE }), 0).status).toBe('disputed');
  });

  it('ignores the rating and comment', () => {
    expect(reconcile(desk({ rating: 2, comment: 'Late' }), mediator({ comment: 'Traffic' }), TOLERANCE).status).toBe('confirmed');
  });
});

describe('attendanceProblems: a completed session', () => {
  it('accepts the scheduled times', () => {
    expect(attendanceProblems(desk(), appointment)).toEqual([]);
  });

  it('requires a check-in and a check-out', () => {
    expect(attendanceProblems(desk({ checkIn: null, checkOut: null }), appointment)).toEqual([
      { path: 'checkIn', message: 'Required when the outcome is completed.' },
      { path: 'checkOut', message: 'Required when the outcome is completed.' },
    ]);
  });

  it('requires the check-out after the check-in', () => {
    expect(paths(desk({ checkIn: END, checkOut: START }))).toEqual(['checkOut']);
    expect(paths(desk({ checkIn: START, checkOut: START }))).toEqual(['checkOut']);
  });

  it('accepts a session of exactly 12 hours and refuses one minute more', () => {
    expect(paths(desk({ checkIn: START, checkOut: START + 12 * HOUR }))).toEqual([]);
    expect(paths(desk({ checkIn: START, checkOut: START + 12 * HOUR + MINUTE }))).toEqual(['checkOut']);
  });

  it('accepts a check-in exactly 2 hours before the start and refuses one minute earlier', () => {
    expect(paths(desk({ checkIn: START - 2 * HOUR }))).toEqual([]);
    expect(paths(desk({ checkIn: START - 2 * HOUR - MINUTE }))).toEqual(['checkIn']);
  });

  it('accepts a check-out exactly 12 hours after the end and refuses one minute later', () => {
    expect(paths(desk({ checkIn: END, checkOut: END + 12 * HOUR }))).toEqual([]);
    expect(paths(desk({ checkIn: END + HOUR, checkOut: END + 12 * HOUR + MINUTE }))).toEqual(['checkOut']);
  });

  it('accepts a late arrival and an early departure (the sheet records what happened)', () => {
    expect(paths(desk({ checkIn: START + 20 * MINUTE, checkOut: START + 40 * MINUTE }))).toEqual([]);
  });

  it('refuses times that are not instants', () => {
    expect(paths(desk({ checkIn: Number.NaN, checkOut: Number.POSITIVE_INFINITY }))).toEqual(['checkIn', 'checkOut']);
  });
});

describe('attendanceProblems: other outcomes', () => {
  it.each(['beneficiary_no_show', 'mediator_no_show', 'cancelled_late'] as const)('%s may leave both times empty', (outcome) => {
    expect(paths(desk({ outcome, checkIn: null, checkOut: null }))).toEqual([]);
  });

  it('may record only a check-in (the mediator arrived and waited)', () => {
    expect(paths(mediator({ outcome: 'beneficiary_no_show', checkIn: START - 5 * MINUTE, checkOut: null }))).toEqual([]);
  });

  it('may not record a check-out without a check-in', () => {
    expect(paths(mediator({ outcome: 'beneficiary_no_show', checkIn: null, checkOut: END }))).toEqual(['checkOut']);
  });

  it('checks the times it does give like a completed session', () => {
    expect(paths(mediator({ outcome: 'beneficiary_no_show', checkIn: START - 3 * HOUR, checkOut: null }))).toEqual(['checkIn']);
    expect(paths(mediator({ outcome: 'beneficiary_no_show', checkIn: START, checkOut: START - MINUTE }))).toEqual(['checkOut']);
  });

  it('refuses an unknown outcome', () => {
    expect(paths(desk({ outcome: 'no_show' as Outcome, checkIn: null, checkOut: null }))).toEqual(['outcome']);
  });

  it('knows exactly four outcomes', () => {
    expect(OUTCOMES).toEqual(['completed', 'beneficiary_no_show', 'mediator_no_show', 'cancelled_late']);
  });
});

describe('attendanceProblems: the rating', () => {
  it.each([1, 2, 3, 4, 5])('the desk may rate %i', (rating) => {
    expect(paths(desk({ rating }))).toEqual([]);
  });

  it.each([0, 6, 3.5, -1, Number.NaN])('the desk may not rate %s', (rating) => {
    expect(paths(desk({ rating }))).toEqual(['rating']);
  });

  it('the desk may leave the rating out or null', () => {
    expect(paths(desk({ rating: null }))).toEqual([]);
    expect(paths(desk())).toEqual([]);
  });

  it('a mediator may not rate, not even with a valid value', () => {
    expect(attendanceProblems(mediator({ rating: 5 }), appointment)).toEqual([{ path: 'rating', message: 'Only the desk rates a session.' }]);
  });

  it('a mediator sending a null rating is fine', () => {
    expect(paths(mediator({ rating: null }))).toEqual([]);
  });

  it('both sides may comment', () => {
    expect(paths(mediator({ comment: 'Il beneficiario è arrivato in ritardo.' }))).toEqual([]);
  });
});

describe('attendanceProblems reports every problem at once', () => {
  it('outcome, times and rating together', () => {
    expect(paths(mediator({ outcome: 'completed', checkIn: null, checkOut: END + 13 * HOUR, rating: 4 }))).toEqual(['checkIn', 'checkOut', 'rating']);
  });
});
