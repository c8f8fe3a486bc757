import { asc, sql } from 'drizzle-orm';
import { type Database, sqlText } from '../database.js';
import { AREAS_VERSION } from './settings.js';
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

export function areasRepository(db: Database) {
  let cached: { version: string; lookup: (from: string, to: string) => number; worst: number } | undefined;
  // Matching needs the matrix on every search; areas change rarely, so it is kept until the version moves.
  // `known`: the areas version the caller has just read (AREAS_VERSION), or none to read it here.
  const travel = async (known?: string) => {
    const version = known ?? (await AREAS_VERSION.read(db));
    if (cached?.version !== version) {
      const rows = await travelRows();
      const matrix = new Map(rows.map((r) => [`${r.fromCode}>${r.toCode}`, r.minutes]));
      const worst = Math.max(0, ...rows.map((r) => r.minutes));
      cached = { version, lookup: (from, to) => matrix.get(`${from}>${to}`) ?? worst, worst };
    }
    return cached;
  };
  const travelQuery = db.orm.select().from(areaTravel).prepare();
  const travelRows = async () => (await travelQuery.all()) as Array<typeof areaTravel.$inferSelect>;
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
      return (await db.all<{ code: string }>(sql`SELECT code FROM areas ORDER BY code`)).map((r) => r.code);
    },

    /** Whether the area exists (every request checks its area: one written-out read). */
    async exists(code: string): Promise<boolean> {
      return (await db.rows(sqlText('SELECT 1 FROM areas WHERE code = ?', [code]))).length > 0;
    },

    /**
     * The travel matrix: `lookup` gives minutes between two areas (unknown pairs count as the
     * largest known travel, conservatively); `worst` is that largest travel (bounds the guard's overlap scan).
     */
    travel,

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
        AREAS_VERSION.bump,
      ]);
    },
  };
}

export type AreasRepository = ReturnType<typeof areasRepository>;
