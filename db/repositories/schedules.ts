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
  /** Bookings starting at or after this instant, and time off ending after it, are held. */
  from: number;
}

/** An entry holding more than this much history before what is asked is read again (from what is asked). */
const EXTRA_HISTORY = 7 * DAY;
/** Bookings held in all by default; past it the cache starts empty again. */
export const SCHEDULE_CACHE_LIMIT = 200_000;
/** Changed mediators listed per read at most; more than that since the last read empties the cache. */
export const CHANGES_LISTED = 500;

/**
 * What changed since a count of all changes: the count now (row '*', NaN without it) and the
 * mediators whose version moved after `since`, with their version now ([id, version] pairs; `more`
 * when there were over CHANGES_LISTED of them). Read in one statement, so the list and the count are
 * of the same moment.
 */
export interface ScheduleChanges {
  count: number;
  changed: Array<[string, number]>;
  more: boolean;
}

/** The changes since one count (its only parameter) as one scalar SQL expression: a JSON text (see `changesSince`). */
export const CHANGES_SINCE = `json_array((SELECT version FROM mediator_schedule_versions WHERE mediator_id = '*'),
  (SELECT json_group_array(json_array(mediator_id, version)) FROM (SELECT mediator_id, version FROM mediator_schedule_versions
    WHERE changed_at > ? ORDER BY changed_at LIMIT ${CHANGES_LISTED + 1})))`;
const READ_CHANGES_SINCE = `SELECT ${CHANGES_SINCE}`;

/**
 * The changes since `since` as one scalar SQL expression (the text is the same for every count), to
 * read with other values; `changesOf` decodes it. The list reads mediator_schedule_versions_changed_idx
 * (migration 0010).
 */
export function changesSince(since: number): SqlFragment {
  return { sql: CHANGES_SINCE, params: [Number.isFinite(since) ? since : -1] };
}

/** Decodes what `changesSince` gave (anything else: the count is NaN, so nothing can be taken as current). */
export function changesOf(raw: unknown): ScheduleChanges {
  try {
    const [count, changed] = JSON.parse(String(raw)) as [unknown, unknown];
    const list = typeof changed === 'string' ? (JSON.parse(changed) as Array<[string, number]>) : Array.isArray(changed) ? (changed as Array<[string, number]>) : [];
    return { count: typeof count === 'number' ? count : Number.NaN, changed: list.slice(0, CHANGES_LISTED), more: list.length > CHANGES_LISTED };
  } catch {
    return { count: Number.NaN, changed: [], more: true };
  }
}

/**
 * Mediators' schedules for matching, kept in memory per mediator and checked against the version the
 * database keeps for each of them: triggers on appointments and time_off (migration 0008) bump it in
 * the same statement as any write that changes a schedule, in any process or runtime; two more
 * triggers count every such bump in the row '*' and stamp the bumped row with that count
 * (`changed_at`, migration 0010). Each call reads the count and the mediators changed since the count
 * it saw last (`changesSince`, usually none or a few): an entry whose mediator is listed with another
 * version is dropped, every other entry is current as of the new count. So a search costs the changes
 * since the previous one, not a version read per mediator asked. Mediators not held (or not far
 * enough back) are read: their versions (with the count at that moment) first, then their rows, so a
 * write landing in between leaves an entry that is already stale (the next call lists that change),
 * never one that looks fresh; and an entry is not kept if the cache has meanwhile caught up past the
 * count its versions were read at (changes it would miss were already listed).
 * Without the row '*' (a database whose triggers do not keep it) every call reads the versions of all
 * the mediators asked.
 */
export function schedulesRepository(db: Database, options: { limit?: number } = {}) {
  const limit = options.limit ?? SCHEDULE_CACHE_LIMIT;
  const entries = new Map<string, Entry>();
  let held = 0;
  /** The count of all changes up to which the entries are known current (NaN: none yet). */
  let seen = Number.NaN;
  // Services, areas and modalities repeat in every schedule: one string each, not one per booking.
  const strings = new Map<string, string>();
  const shared = (text: string): string => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    if (strings.size >= 10_000) strings.clear();
    strings.set(text, text);
    return text;
  };
  const drop = (id: string) => {
    const old = entries.get(id);
    if (old) {
      held -= old.size;
      entries.delete(id);
    }
  };
  const dropAll = () => {
    entries.clear();
    held = 0;
  };

  const readChanges = async (): Promise<ScheduleChanges> =>
    changesOf((await db.rows<[unknown]>(sqlText(READ_CHANGES_SINCE, changesSince(seen).params)))[0]?.[0]);

  /** Brings the entries up to `c`: drops those whose mediator changed. False when they cannot be trusted (no count). */
  const catchUp = (c: ScheduleChanges): boolean => {
    if (!Number.isFinite(c.count)) {
      seen = Number.NaN;
      return false;
    }
    if (c.count === seen) return true;
    if (c.more || !Number.isFinite(seen)) {
      dropAll(); // too many changes to list, or none seen before
    } else {
      for (const [id, version] of c.changed) if (entries.get(id)?.version !== version) drop(id);
    }
    // A call that read an older moment than another one already applied changes nothing more.
    if (!(c.count < seen)) seen = c.count;
    return true;
  };

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
     * The changes since what this cache saw last, as one SQL expression to read with other values
     * before any schedule (matching-input.ts reads it with the roster and travel versions); its
     * value goes to `of` as `changes`.
     */
    changesSince: () => changesSince(seen),

    /**
     * The schedules of `ids` from `from` on. `keepFrom` is how far back matching usually looks (the
     * fairness window before today): a mediator read again is read from the earlier of the two, so
     * that one read serves every later request. `changes`: what `changesSince()` gave, read by the
     * caller beforehand (it only has to be read before the versions and rows), or read here when not given.
     */
    async of(ids: readonly string[], from: number, keepFrom: number, changes?: ScheduleChanges): Promise<Map<string, Schedule>> {
      const result = new Map<string, Schedule>();
      if (ids.length === 0) return result;
      const readFrom = Math.min(from, keepFrom);
      const heldFarEnough = (e: Entry) => e.from <= from && e.from >= readFrom - EXTRA_HISTORY;
      const trusted = catchUp(changes ?? (await readChanges()));
      const missing: string[] = [];
      for (const id of ids) {
        const entry = entries.get(id);
        if (trusted && entry && heldFarEnough(entry)) result.set(id, entry);
        else missing.push(id);
      }
      if (missing.length === 0) return result;
      // Their versions, and the count of all changes at the same moment (the row '*').
      const versions = new Map(
        await db.rows<[string, number]>(
          sqlText("SELECT mediator_id, version FROM mediator_schedule_versions WHERE mediator_id IN (SELECT value FROM json_each(?)) OR mediator_id = '*'", [
            JSON.stringify(missing),
          ]),
        ),
      );
      const countAtRead = versions.get('*') ?? Number.NaN;
      const stale: string[] = [];
      for (const id of missing) {
        const entry = entries.get(id);
        // Without a count to trust, a held entry still serves if its version is the one just read.
        if (entry && entry.version === (versions.get(id) ?? 0) && heldFarEnough(entry)) result.set(id, entry);
        else stale.push(id);
      }
      if (stale.length === 0) return result;
      const fresh = await read(stale, readFrom);
      // Kept only if no change they may miss was already listed: another call (another request's,
      // between this one's awaits; on D1 across real round trips) may have caught up past the moment
      // these versions were read.
      const keep = !(countAtRead < seen);
      for (const [id, schedule] of fresh) {
        result.set(id, schedule);
        drop(id);
        if (!keep || schedule.size > limit) continue; // a schedule larger than the whole cache is not kept either
        if (held + schedule.size > limit) dropAll();
        entries.set(id, { ...schedule, version: versions.get(id) ?? 0, from: readFrom });
        held += schedule.size;
      }
      return result;
    },

    /** Bookings held in memory now (for tests and the bench). */
    held: () => held,
  };
}

export type SchedulesRepository = ReturnType<typeof schedulesRepository>;
