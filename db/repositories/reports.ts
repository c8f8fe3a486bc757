import { sql } from 'drizzle-orm';
import type { WeeklyRule } from '../../src/domain/availability.js';
import type { DemandRecord, SupplyMediator } from '../../src/domain/coverage.js';
import { concatDemandTables, type DemandTable, DemandStrings, emptyDemandTable, setDemand } from '../../src/domain/demand-table.js';
import type { Database } from '../database.js';

/** Demand is cached per UTC week (7 × 24 h from the epoch) of appointment starts. */
const DAY_MS = 86_400_000;
const CHUNK_DAYS = 7;
const CHUNK_MS = CHUNK_DAYS * DAY_MS;
/**
 * At most this many requests are kept in memory, about 60 bytes each (columns, strings shared):
 * some 30 MB for two years of Piedmont-sized demand.
 */
export const DEMAND_CACHE_LIMIT = 500_000;
/** What a cached week costs besides its requests, in requests: empty weeks count too, so they are evicted like the rest. */
const WEEK_OVERHEAD = 32;

interface CachedWeek {
  /** Sum of the week's day versions when it was read: versions only go up, so any change moves it. */
  stamp: number;
  columns: DemandTable;
  /** The demand() call that last used it. */
  used: number;
}

/**
 * Reads what the coverage report aggregates: the requests of a period and the active roster with
 * its availability.
 *
 * The requests of every whole week inside the period are cached in memory and re-read only when
 * the week changed: triggers on appointments (migration 0006) bump a version per UTC day of the
 * start, in the same statement as the write, whichever process or runtime writes. The versions are
 * read before the rows, so a write landing in between only makes the cache re-read that week next
 * time. The partial weeks at the ends of the period are always read. When full, the cache drops the
 * least recently used weeks, but never one the current call uses: a period larger than the cache
 * keeps the weeks it holds instead of evicting each before it is read again.
 */
export function reportsRepository(db: Database, options: { demandCacheLimit?: number } = {}) {
  const limit = options.demandCacheLimit ?? DEMAND_CACHE_LIMIT;
  const weeks = new Map<number, CachedWeek>();
  const strings = new DemandStrings();
  let cached = 0;
  let calls = 0;

  const use = (week: number, entry: CachedWeek) => {
    entry.used = calls;
    weeks.delete(week);
    weeks.set(week, entry); // Map order: least recently used first
  };

  const size = (e: CachedWeek) => e.columns.n + WEEK_OVERHEAD;
  const remember = (week: number, entry: CachedWeek) => {
    const old = weeks.get(week);
    if (old) {
      weeks.delete(week);
      cached -= size(old);
    }
    for (const [oldest, e] of weeks) {
      if (cached + size(entry) <= limit || e.used === calls) break;
      weeks.delete(oldest);
      cached -= size(e);
    }
    if (cached + size(entry) > limit) return;
    weeks.set(week, entry);
    cached += size(entry);
  };

  async function readColumns(from: number, to: number): Promise<DemandTable> {
    type Row = [string, string, string, string, number, number, DemandRecord['status'], number, number | null, DemandRecord['fallbackStep'], string | null];
    const rows =
      to <= from
        ? []
        : await db.rows<Row>(sql`SELECT language, area_code, service_id, sector, starts_at, duration_minutes, status, created_at, booked_at,
              fallback_step, CASE WHEN unfilled_reason IS NULL THEN NULL ELSE json_extract(unfilled_reason, '$.code') END
            FROM appointments WHERE starts_at >= ${from} AND starts_at < ${to}`);
    const c = emptyDemandTable(rows.length, strings);
    rows.forEach((r, i) =>
      setDemand(
        c,
        i,
        { language: r[0], area: r[1], serviceId: r[2], sector: r[3], start: r[4], durationMinutes: r[5], status: r[6], createdAt: r[7], bookedAt: r[8], fallbackStep: r[9], unfilledReason: r[10] },
        strings,
      ),
    );
    return c;
  }

  return {
    /** The requests starting in [from, to), any status, as a table (columns). */
    async demand(from: number, to: number): Promise<DemandTable> {
      calls++;
      const first = Math.ceil(from / CHUNK_MS);
      const last = Math.floor(to / CHUNK_MS);
      if (last <= first) return readColumns(from, to);
      const stamps = new Map<number, number>();
      const versions = await db.rows<[number, number]>(
        sql`SELECT day, version FROM report_day_versions WHERE day >= ${first * CHUNK_DAYS} AND day < ${last * CHUNK_DAYS}`,
      );
      for (const [day, version] of versions) {
        const week = Math.floor(day / CHUNK_DAYS);
        stamps.set(week, (stamps.get(week) ?? 0) + version);
      }
      // Weeks still valid are taken (and marked used by this call, so that nothing this call needs
      // is evicted); stale or missing ones and the two partial ends are read together (concurrent
      // round trips on D1), then remembered.
      const byWeek: Array<DemandTable | undefined> = [];
      const stale: number[] = [];
      for (let week = first; week < last; week++) {
        const hit = weeks.get(week);
        if (hit && hit.stamp === (stamps.get(week) ?? 0)) {
          use(week, hit);
          byWeek.push(hit.columns);
        } else {
          byWeek.push(undefined);
          stale.push(week);
        }
      }
      const [head, tail, ...fresh] = await Promise.all([
        readColumns(from, first * CHUNK_MS),
        readColumns(last * CHUNK_MS, to),
        ...stale.map((week) => readColumns(week * CHUNK_MS, (week + 1) * CHUNK_MS)),
      ]);
      stale.forEach((week, k) => {
        const columns = fresh[k] as DemandTable;
        byWeek[week - first] = columns;
        remember(week, { stamp: stamps.get(week) ?? 0, columns, used: calls });
      });
      const parts = [head as DemandTable, ...(byWeek as DemandTable[]), tail as DemandTable];
      return concatDemandTables(parts, strings);
    },

    /** What the demand cache holds (for the benchmark and tests); `requests` counts each week's overhead too. */
    demandCacheSize(): { weeks: number; requests: number } {
      return { weeks: weeks.size, requests: cached };
    },

    async supply(from: number, to: number): Promise<SupplyMediator[]> {
      const [mediators, off] = await Promise.all([
        db.all<{ id: string; languages: string; areas: string; sectors: string; availability: string }>(
          sql`SELECT id, languages, areas, sectors, availability FROM mediators WHERE active = 1`,
        ),
        db.all<{ mediator_id: string; starts_at: number; ends_at: number }>(
          sql`SELECT mediator_id, starts_at, ends_at FROM time_off WHERE starts_at < ${to} AND ends_at > ${from}`,
        ),
      ]);
      const timeOff = new Map<string, { start: number; end: number }[]>();
      for (const o of off) {
        const list = timeOff.get(o.mediator_id) ?? [];
        list.push({ start: o.starts_at, end: o.ends_at });
        timeOff.set(o.mediator_id, list);
      }
      return mediators.map((m) => ({
        id: m.id,
        languages: (JSON.parse(m.languages) as { code: string }[]).map((l) => l.code),
        areas: JSON.parse(m.areas) as string[],
        sectors: JSON.parse(m.sectors) as string[],
        availability: JSON.parse(m.availability) as WeeklyRule[],
        timeOff: timeOff.get(m.id) ?? [],
      }));
    },

    async serviceAreas(): Promise<Record<string, string>> {
      const rows = await db.all<{ id: string; area_code: string }>(sql`SELECT id, area_code FROM services`);
      return Object.fromEntries(rows.map((r) => [r.id, r.area_code]));
    },

    async names(): Promise<{ mediators: Map<string, string>; services: Map<string, string> }> {
      const [m, s] = await Promise.all([
        db.all<{ id: string; name: string }>(sql`SELECT id, name FROM mediators`),
        db.all<{ id: string; name: string }>(sql`SELECT id, name FROM services`),
      ]);
      return { mediators: new Map(m.map((r) => [r.id, r.name])), services: new Map(s.map((r) => [r.id, r.name])) };
    },
  };
}
