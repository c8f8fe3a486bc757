import { sql } from 'drizzle-orm';
import type { WeeklyRule } from '../../src/domain/availability.js';
import type { DemandRecord, SupplyMediator } from '../../src/domain/coverage.js';
import type { Database } from '../database.js';

/** Reads what the coverage report aggregates: the requests of a period and the active roster with its availability. */
export function reportsRepository(db: Database) {
  return {
    async demand(from: number, to: number): Promise<DemandRecord[]> {
      // Arrays, not objects: a year is ~200,000 rows and object rows double the time and memory.
      type Row = [string, string, string, string, string, number, number, number, DemandRecord['status'], number, number | null, DemandRecord['fallbackStep'], string | null];
      const rows = await db.rows<Row>(sql`SELECT id, language, area_code, service_id, sector, starts_at, ends_at, duration_minutes, status, created_at, booked_at,
          fallback_step, CASE WHEN unfilled_reason IS NULL THEN NULL ELSE json_extract(unfilled_reason, '$.code') END
        FROM appointments WHERE starts_at >= ${from} AND starts_at < ${to}`);
      const out: DemandRecord[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i] as Row;
        out[i] = {
          id: r[0],
          language: r[1],
          area: r[2],
          serviceId: r[3],
          sector: r[4],
          start: r[5],
          end: r[6],
          durationMinutes: r[7],
          status: r[8],
          createdAt: r[9],
          bookedAt: r[10],
          fallbackStep: r[11],
          unfilledReason: r[12],
        };
      }
      return out;
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
