import type { Booking } from '../../src/domain/eligibility.js';
import { DAY, type Interval } from '../../src/domain/intervals.js';
import type { Modality } from '../../src/domain/vocabulary.js';
import { type Database, type SqlFragment, sqlText } from '../database.js';

/** A booked appointment in a mediator's schedule, with its booked minutes (what the fairness score adds up). */
export interface ScheduledBooking extends Booking {
  minutes: number;
}

/**
 * A mediator's booked appointments (by start) and time off (by start), from some instant on. The
 * bookings are kept in two blocks, numbers and strings (about 130 bytes a booking, its id string
 * included, against 205 as objects: the cache holds every mediator's month of history), each in one
 * piece of memory so that a search reading fifty schedules touches few places; `bookingsStarting`
 * builds objects for the window asked.
 */
export interface Schedule {
  mediatorId: string;
  /** How many bookings. */
  size: number;
  /** [starts of the bookings (size) | their ends (size) | minutesBefore (size + 1)]: minutesBefore[i] = the minutes of bookings 0 … i-1. */
  numbers: Float64Array;
  /** Per booking, in turn: appointment id, service id, area, modality. */
  strings: readonly string[];
  timeOff: readonly Interval[];
}

const NO_BOOKINGS = new Float64Array(1);
const NO_STRINGS: readonly string[] = Object.freeze([]);

/** A booking as the schedule read gives it: mediator, appointment id, service, start, end, area, modality, minutes. */
type BookingRow = [string, string, string, number, number, string, string, number];

/**
 * A schedule from booking rows sorted by start (all of one mediator), without an object per booking;
 * `intern` may share the strings that repeat (services, areas, modalities). A mediator without
 * bookings shares empty columns.
 */
function scheduleFrom(mediatorId: string, rows: readonly BookingRow[], timeOff: readonly Interval[], intern = (text: string) => text): Schedule {
  const size = rows.length;
  if (size === 0) return { mediatorId, size, numbers: NO_BOOKINGS, strings: NO_STRINGS, timeOff };
  const numbers = new Float64Array(3 * size + 1);
  const strings: string[] = [];
  rows.forEach(([, appointmentId, serviceId, start, end, area, modality, minutes], i) => {
    numbers[i] = start;
    numbers[size + i] = end;
    numbers[2 * size + i + 1] = (numbers[2 * size + i] as number) + minutes;
    strings.push(appointmentId, intern(serviceId), intern(area), intern(modality));
  });
  return { mediatorId, size, numbers, strings, timeOff };
}

/** A schedule from bookings sorted by start (all of one mediator). */
export function scheduleOf(mediatorId: string, bookings: readonly ScheduledBooking[], timeOff: readonly Interval[]): Schedule {
  return scheduleFrom(
    mediatorId,
    bookings.map((b): BookingRow => [mediatorId, b.appointmentId, b.serviceId, b.start, b.end, b.area, b.modality, b.minutes]),
    timeOff,
  );
}

/** The minutes of bookings 0 … i-1. */
const minutesBefore = (s: Schedule, i: number): number => s.numbers[2 * s.size + i] as number;

/** Index of the first booking starting at or after `instant` (bookings are by start). */
function firstFrom(s: Schedule, instant: number): number {
  let lo = 0;
  let hi = s.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s.numbers[mid] as number) < instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bookings starting in [from, to). */
export function bookingsStarting(s: Schedule, from: number, to: number): ScheduledBooking[] {
  if (!(to > from)) return [];
  const out: ScheduledBooking[] = [];
  for (let i = firstFrom(s, from), last = firstFrom(s, to); i < last; i++) {
    out.push({
      appointmentId: s.strings[4 * i] as string,
      mediatorId: s.mediatorId,
      serviceId: s.strings[4 * i + 1] as string,
      start: s.numbers[i] as number,
      end: s.numbers[s.size + i] as number,
      area: s.strings[4 * i + 2] as string,
      modality: s.strings[4 * i + 3] as Modality,
      minutes: minutesBefore(s, i + 1) - minutesBefore(s, i),
    });
  }
  return out;
}

/** Every booking of the schedule, as objects. */
export const allBookings = (s: Schedule): ScheduledBooking[] => bookingsStarting(s, -Infinity, Infinity);

/** The booked minutes of the bookings starting in [from, to). */
export function minutesStarting(s: Schedule, from: number, to: number): number {
  return to > from ? minutesBefore(s, firstFrom(s, to)) - minutesBefore(s, firstFrom(s, from)) : 0;
}

interface Entry extends Schedule {
  /** The mediator's version (mediator_schedule_versions) read before the rows. */
  version: number;
  /** The count of all changes (row '*') when the entry was last known current. */
  checkedAt: number;
  /** Bookings starting at or after this instant, and time off ending after it, are held. */
  from: number;
}

/** An entry holding more than this much history before what is asked is read again (from what is asked). */
const EXTRA_HISTORY = 7 * DAY;
/** The count of every bump of a mediator's version (the row '*', kept by the triggers on mediator_schedule_versions), as a scalar subquery. */
export const ALL_CHANGES: SqlFragment = { sql: "(SELECT version FROM mediator_schedule_versions WHERE mediator_id = '*')", params: [] };
/** The count from what ALL_CHANGES gave (NaN without the row '*': then nothing can be taken as current). */
export const changesOf = (raw: unknown): number => (typeof raw === 'number' ? raw : Number.NaN);
const READ_ALL_CHANGES = sqlText(`SELECT ${ALL_CHANGES.sql}`, ALL_CHANGES.params);
/** Bookings held in all by default; past it the cache starts empty again. */
export const SCHEDULE_CACHE_LIMIT = 200_000;

/**
 * Mediators' schedules for matching, kept in memory per mediator and checked against the version the
 * database keeps for each of them: triggers on appointments and time_off (migration 0008) bump it in
 * the same statement as any write that changes a schedule, in any process or runtime; two more
 * triggers count every such bump in the row '*'. Each call reads that count; while it has not moved since an entry
 * was known current, the entry is used as it is. Otherwise the call reads the versions of the
 * mediators asked for, and reads again only those whose version moved (or who are not held far
 * enough back). Counts and versions are read before rows, so a write landing in between leaves an
 * entry that is already stale, never one that looks fresh.
 */
export function schedulesRepository(db: Database, options: { limit?: number } = {}) {
  const limit = options.limit ?? SCHEDULE_CACHE_LIMIT;
  const entries = new Map<string, Entry>();
  let held = 0;
  // Services, areas and modalities repeat in every schedule: one string each, not one per booking.
  const strings = new Map<string, string>();
  const shared = (text: string): string => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    if (strings.size >= 10_000) strings.clear();
    strings.set(text, text);
    return text;
  };

  const readChanges = async (): Promise<number> => changesOf((await db.rows<[unknown]>(READ_ALL_CHANGES))[0]?.[0]);

  const read = async (ids: readonly string[], from: number): Promise<Map<string, Schedule>> => {
    const json = JSON.stringify(ids);
    // appointments_booked_idx (partial: status = 'booked'; mediator_id, starts_at, then every column read
    // here) serves it index-only, one range per mediator. Named, because without ANALYZE statistics the
    // planner prefers appointments_status_idx and then reads every booking from `from` on.
    const [bookingRows, offRows] = await Promise.all([
      db.rows<BookingRow>(
        sqlText(
          `SELECT mediator_id, id, service_id, starts_at, ends_at, area_code, modality, duration_minutes
          FROM appointments INDEXED BY appointments_booked_idx
          WHERE status = 'booked' AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ?
          ORDER BY mediator_id, starts_at`,
          [json, from],
        ),
      ),
      db.rows<[string, number, number]>(
        sqlText(
          `SELECT mediator_id, starts_at, ends_at FROM time_off
          WHERE mediator_id IN (SELECT value FROM json_each(?)) AND ends_at > ?
          ORDER BY mediator_id, starts_at`,
          [json, from],
        ),
      ),
    ]);
    const bookings = new Map<string, BookingRow[]>(ids.map((id) => [id, []]));
    const timeOff = new Map<string, Interval[]>(ids.map((id) => [id, []]));
    for (const row of bookingRows) bookings.get(row[0])?.push(row);
    for (const [mediatorId, start, end] of offRows) timeOff.get(mediatorId)?.push({ start, end });
    const out = new Map<string, Schedule>();
    for (const id of ids) out.set(id, scheduleFrom(id, bookings.get(id) ?? [], timeOff.get(id) ?? [], shared));
    return out;
  };

  return {
    /**
     * The schedules of `ids` from `from` on. `keepFrom` is how far back matching usually looks (the
     * fairness window before today): a mediator read again is read from the earlier of the two, so
     * that one read serves every later request. `counted`: the count of all changes, read by the
     * caller beforehand (ALL_CHANGES, read with other values; it only has to be read before the
     * versions and rows), or read here when not given.
     */
    async of(ids: readonly string[], from: number, keepFrom: number, counted?: number): Promise<Map<string, Schedule>> {
      const result = new Map<string, Schedule>();
      if (ids.length === 0) return result;
      const readFrom = Math.min(from, keepFrom);
      const heldFarEnough = (e: Entry) => e.from <= from && e.from >= readFrom - EXTRA_HISTORY;
      // While the count of all changes has not moved since an entry was known current, it still is.
      const changes = counted ?? (await readChanges());
      const unchecked: string[] = [];
      for (const id of ids) {
        const entry = entries.get(id);
        if (entry && entry.checkedAt === changes && heldFarEnough(entry)) result.set(id, entry);
        else unchecked.push(id);
      }
      if (unchecked.length === 0) return result;
      const versions = new Map(
        await db.rows<[string, number]>(
          sqlText('SELECT mediator_id, version FROM mediator_schedule_versions WHERE mediator_id IN (SELECT value FROM json_each(?))', [
            JSON.stringify(unchecked),
          ]),
        ),
      );
      const stale: string[] = [];
      for (const id of unchecked) {
        const entry = entries.get(id);
        if (entry && entry.version === (versions.get(id) ?? 0) && heldFarEnough(entry)) {
          entry.checkedAt = changes;
          result.set(id, entry);
        } else {
          stale.push(id);
        }
      }
      if (stale.length === 0) return result;
      const fresh = await read(stale, readFrom);
      for (const [id, schedule] of fresh) {
        result.set(id, schedule);
        const old = entries.get(id);
        if (old) {
          held -= old.size;
          entries.delete(id);
        }
        if (schedule.size > limit) continue; // larger than the whole cache: not kept
        if (held + schedule.size > limit) {
          entries.clear();
          held = 0;
        }
        entries.set(id, { ...schedule, version: versions.get(id) ?? 0, checkedAt: changes, from: readFrom });
        held += schedule.size;
      }
      return result;
    },

    /** Bookings held in memory now (for tests and the bench). */
    held: () => held,
  };
}

export type SchedulesRepository = ReturnType<typeof schedulesRepository>;
