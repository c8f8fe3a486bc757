import { asc, eq } from 'drizzle-orm';
import type { Database } from '../database.js';
import { areas, areaTravel } from '../schema.js';

export interface AreaRecord {
  code: string;
  name: string;
  timezone: string;
  travelMinutes: Record<string, number>;
}

export interface NewArea {
  code: string;
  name: string;
  timezone: string;
  withinMinutes: number;
  travelMinutes: Record<string, number>;
}

export interface TravelMatrix {
  /** Minutes between two areas; an unknown pair counts as the largest known travel, to be safe (as in the booking guard). */
  lookup(from: string, to: string): number;
}

export function areasRepository(db: Database) {
  const travelRows = () => db.orm.select().from(areaTravel);
  return {
    async list(): Promise<AreaRecord[]> {
      const [rows, travel] = await Promise.all([db.orm.select().from(areas).orderBy(asc(areas.code)), travelRows()]);
      return rows.map((a) => ({
        code: a.code,
        name: a.name,
        timezone: a.timezone,
        travelMinutes: Object.fromEntries(travel.filter((t) => t.fromCode === a.code).map((t) => [t.toCode, t.minutes])),
      }));
    },

    /** The area codes only (no travel matrix): for checks and counts. */
    async codes(): Promise<string[]> {
      return (await db.orm.select({ code: areas.code }).from(areas).orderBy(asc(areas.code))).map((r) => r.code);
    },

    async exists(code: string): Promise<boolean> {
      return (await db.orm.select({ code: areas.code }).from(areas).where(eq(areas.code, code))).length > 0;
    },

    async travel(): Promise<TravelMatrix> {
      const rows = await travelRows();
      const matrix = new Map(rows.map((r) => [`${r.fromCode}>${r.toCode}`, r.minutes]));
      const worst = Math.max(0, ...rows.map((r) => r.minutes));
      return { lookup: (from, to) => matrix.get(`${from}>${to}`) ?? worst };
    },

    /** Inserts the area and its travel rows in both directions, all or nothing. */
    async create(area: NewArea, now: number): Promise<void> {
      const newTravel = [
        { fromCode: area.code, toCode: area.code, minutes: area.withinMinutes },
        ...Object.entries(area.travelMinutes).flatMap(([other, minutes]) => [
          { fromCode: area.code, toCode: other, minutes },
          { fromCode: other, toCode: area.code, minutes },
        ]),
      ];
      await db.batch([
        db.orm.insert(areas).values({ code: area.code, name: area.name, timezone: area.timezone, createdAt: now }),
        db.orm.insert(areaTravel).values(newTravel),
      ]);
    },
  };
}

export type AreasRepository = ReturnType<typeof areasRepository>;
