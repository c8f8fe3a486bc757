import { asc, eq, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { appointments, mediators, series } from '../schema.js';
import type { AppointmentWithMediator } from './appointments.js';

export type SeriesRow = typeof series.$inferSelect;

export function seriesRepository(db: Database) {
  return {
    insertStatement(row: SeriesRow): Statement {
      return db.orm.insert(series).values(row);
    },

    async get(id: string): Promise<SeriesRow | undefined> {
      return db.orm.select().from(series).where(eq(series.id, id)).get();
    },

    /** The series' occurrences, every status, by start. */
    async occurrences(seriesId: string): Promise<AppointmentWithMediator[]> {
      const rows = await db.orm
        .select({ a: appointments, m: { id: mediators.id, name: mediators.name, phone: mediators.phone, email: mediators.email } })
        .from(appointments)
        .leftJoin(mediators, eq(mediators.id, appointments.mediatorId))
        .where(eq(appointments.seriesId, seriesId))
        .orderBy(asc(appointments.startsAt), asc(appointments.id));
      return rows.map((r) => ({ ...r.a, mediator: r.m?.id ? r.m : null }));
    },

    /** The template as edited (time, duration, place, notes for the occurrences ahead). */
    async updateTemplate(id: string, template: string, now: number): Promise<number> {
      return db.exec(sql`UPDATE series SET template = ${template}, updated_at = ${now} WHERE id = ${id}`);
    },
  };
}

export type SeriesRepository = ReturnType<typeof seriesRepository>;
