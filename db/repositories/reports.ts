import { and, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { WeeklyRule } from '../../src/domain/availability.js';
import type { DemandRecord, SupplyMediator } from '../../src/domain/coverage.js';
import type { Database } from '../database.js';
import { appointments, mediators, services, timeOff } from '../schema.js';

/** A request as `demand` selects it, in the order of its fields. */
type DemandValues = [string, string, string, string, string, number, number, DemandRecord['status'], number, number | null, DemandRecord['fallbackStep'], boolean, string | null];

/** Reads what the reports aggregate: the requests of a period, the active roster with its availability, and names. */
export function reportsRepository(db: Database) {
  return {
    /** The requests starting in [from, to), any status. */
    async demand(from: number, to: number): Promise<DemandRecord[]> {
      // As arrays, named here: cheaper than drizzle mapping each of a year's rows to an object.
      const rows: DemandValues[] = await db.orm
        .select({
          language: appointments.language,
          area: appointments.areaCode,
          serviceId: appointments.serviceId,
          sector: appointments.sector,
          modality: appointments.modality,
          start: appointments.startsAt,
          durationMinutes: appointments.durationMinutes,
          status: appointments.status,
          createdAt: appointments.createdAt,
          bookedAt: appointments.bookedAt,
          fallbackStep: appointments.fallbackStep,
          retroactive: appointments.retroactive,
          unfilledReason: sql<string | null>`json_extract(${appointments.unfilledReason}, '$.code')`,
        })
        .from(appointments)
        .where(and(gte(appointments.startsAt, from), lt(appointments.startsAt, to)))
        .values();
      return rows.map(([language, area, serviceId, sector, modality, start, durationMinutes, status, createdAt, bookedAt, fallbackStep, retroactive, unfilledReason]) => ({
        language,
        area,
        serviceId,
        sector,
        modality,
        start,
        durationMinutes,
        status,
        createdAt,
        bookedAt,
        fallbackStep,
        retroactive: Boolean(retroactive),
        unfilledReason,
      }));
    },

    /** Active mediators with their availability and their time off overlapping [from, to). */
    async supply(from: number, to: number): Promise<SupplyMediator[]> {
      const [active, off] = await Promise.all([
        db.orm
          .select({ id: mediators.id, languages: mediators.languages, areas: mediators.areas, sectors: mediators.sectors, availability: mediators.availability })
          .from(mediators)
          .where(eq(mediators.active, true)),
        db.orm
          .select({ mediatorId: timeOff.mediatorId, start: timeOff.startsAt, end: timeOff.endsAt })
          .from(timeOff)
          .where(and(lt(timeOff.startsAt, to), gt(timeOff.endsAt, from))),
      ]);
      const timeOffOf = new Map<string, SupplyMediator['timeOff']>();
      for (const { mediatorId, start, end } of off) {
        const list = timeOffOf.get(mediatorId) ?? [];
        list.push({ start, end });
        timeOffOf.set(mediatorId, list);
      }
      return active.map((m) => ({
        id: m.id,
        languages: (JSON.parse(m.languages) as { code: string }[]).map((l) => l.code),
        areas: JSON.parse(m.areas) as string[],
        sectors: JSON.parse(m.sectors) as string[],
        availability: JSON.parse(m.availability) as WeeklyRule[],
        timeOff: timeOffOf.get(m.id) ?? [],
      }));
    },

    /** serviceId → area. */
    async serviceAreas(): Promise<Record<string, string>> {
      const rows = await db.orm.select({ id: services.id, area: services.areaCode }).from(services);
      return Object.fromEntries(rows.map((r) => [r.id, r.area]));
    },

    async names(): Promise<{ mediators: Map<string, string>; services: Map<string, string> }> {
      const [m, s] = await Promise.all([
        db.orm.select({ id: mediators.id, name: mediators.name }).from(mediators),
        db.orm.select({ id: services.id, name: services.name }).from(services),
      ]);
      return { mediators: new Map(m.map((r) => [r.id, r.name])), services: new Map(s.map((r) => [r.id, r.name])) };
    },
  };
}
