import { and, asc, eq, gt, inArray, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { WeeklyRule } from '../../src/domain/availability.js';
import type { MediatorProfile } from '../../src/domain/eligibility.js';
import { baseLanguage, canonicalTag, type SpokenLanguage } from '../../src/domain/languages.js';
import type { Gender, Modality, NotifyBy, Sector } from '../../src/domain/vocabulary.js';
import type { Database, Statement } from '../database.js';
import { mediatorLanguages, mediators } from '../schema.js';
import { pageOf } from './cursor.js';
import { parseJson } from './json.js';

type Row = typeof mediators.$inferSelect;

export interface MediatorRecord extends MediatorProfile {
  email: string;
  phone: string | null;
  locale: 'it' | 'en';
  notifyBy: NotifyBy;
  createdAt: number;
  updatedAt: number;
}

export interface MediatorWrite {
  name: string;
  email: string;
  phone: string | null;
  gender: Gender | null;
  homeArea: string;
  languages: SpokenLanguage[];
  areas: string[];
  modalities: Modality[];
  sectors: Sector[];
  maxWeeklyMinutes: number;
  active: boolean;
  locale: 'it' | 'en';
  notifyBy: NotifyBy;
}

export function toMediator(r: Row): MediatorRecord {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    gender: r.gender as Gender | null,
    homeArea: r.homeArea,
    languages: parseJson<SpokenLanguage[]>(r.languages),
    areas: parseJson<string[]>(r.areas),
    modalities: parseJson<Modality[]>(r.modalities),
    sectors: parseJson<Sector[]>(r.sectors),
    availability: parseJson<WeeklyRule[]>(r.availability),
    maxWeeklyMinutes: r.maxWeeklyMinutes,
    active: r.active,
    locale: r.locale as 'it' | 'en',
    notifyBy: r.notifyBy as NotifyBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function columns(m: MediatorWrite) {
  return {
    name: m.name,
    email: m.email,
    phone: m.phone,
    gender: m.gender,
    homeArea: m.homeArea,
    languages: JSON.stringify(m.languages.map((l) => ({ code: canonicalTag(l.code), level: l.level }))),
    areas: JSON.stringify([...new Set(m.areas)]),
    modalities: JSON.stringify([...new Set(m.modalities)]),
    sectors: JSON.stringify([...new Set(m.sectors)]),
    maxWeeklyMinutes: m.maxWeeklyMinutes,
    active: m.active,
    locale: m.locale,
    notifyBy: m.notifyBy,
  };
}

export interface MediatorFilter {
  limit: number;
  afterId?: string;
  language?: string;
  area?: string;
  active?: boolean;
}

export function mediatorsRepository(db: Database) {
  const byId = db.orm
    .select()
    .from(mediators)
    .where(eq(mediators.id, sql.placeholder('id')))
    .prepare();

  const languageRows = (id: string, languages: SpokenLanguage[]): Statement[] => {
    const unique = new Map(languages.map((l) => [canonicalTag(l.code), l.level]));
    if (unique.size === 0) return [];
    return [
      db.orm.insert(mediatorLanguages).values(
        [...unique].map(([code, level]) => ({ mediatorId: id, code, base: baseLanguage(code), level })),
      ),
    ];
  };

  return {
    async get(id: string): Promise<MediatorRecord | undefined> {
      const row = (await byId.get({ id })) as Row | undefined;
      return row ? toMediator(row) : undefined;
    },

    /** The mediators holding these e-mail addresses (compared in lower case); a roster import's matches. */
    async byEmails(emails: readonly string[]): Promise<MediatorRecord[]> {
      const found: MediatorRecord[] = [];
      // Chunks stay under D1's 100 bound parameters per statement.
      for (let i = 0; i < emails.length; i += 90) {
        const chunk = emails.slice(i, i + 90).map((e) => e.toLowerCase());
        const rows = await db.orm.select().from(mediators).where(inArray(sql`lower(${mediators.email})`, chunk));
        found.push(...rows.map(toMediator));
      }
      return found;
    },

    /** Every language tag someone in the roster speaks (active or not), each once. */
    async languageCodes(): Promise<string[]> {
      const rows = await db.orm.selectDistinct({ code: mediatorLanguages.code }).from(mediatorLanguages);
      return rows.map((r) => r.code);
    },

    async list(f: MediatorFilter) {
      const where: SQL[] = [];
      if (f.afterId) where.push(gt(mediators.id, f.afterId));
      if (f.active !== undefined) where.push(eq(mediators.active, f.active));
      if (f.area) where.push(sql`EXISTS (SELECT 1 FROM json_each(${mediators.areas}) WHERE value = ${f.area})`);
      if (f.language) {
        where.push(inArray(mediators.id, speakersOf(db, baseLanguage(f.language))));
      }
      const rows = await db.orm
        .select()
        .from(mediators)
        .where(and(...where))
        .orderBy(asc(mediators.id))
        .limit(f.limit + 1);
      return pageOf(rows.map(toMediator), f.limit, (r) => [r.id]);
    },

    /** Statements that create a mediator (row + language index), for one batch. */
    createStatements(id: string, m: MediatorWrite, now: number): Statement[] {
      return [
        db.orm.insert(mediators).values({ id, ...columns(m), availability: '[]', createdAt: now, updatedAt: now }),
        ...languageRows(id, m.languages),
      ];
    },

    /** Statements that replace a mediator's fields (and language index), for one batch. */
    updateStatements(id: string, m: MediatorWrite, now: number): Statement[] {
      return [
        db.orm
          .update(mediators)
          .set({ ...columns(m), updatedAt: now })
          .where(eq(mediators.id, id)),
        db.orm.delete(mediatorLanguages).where(eq(mediatorLanguages.mediatorId, id)),
        ...languageRows(id, m.languages),
      ];
    },

    setAvailabilityStatement(id: string, rules: WeeklyRule[], now: number): Statement {
      return db.orm
        .update(mediators)
        .set({ availability: JSON.stringify(rules), updatedAt: now })
        .where(eq(mediators.id, id));
    },
  };
}

/** The ids of the mediators who speak a primary language (`base`: "ar", or a placeholder for it), as a subquery. */
export function speakersOf(db: Database, base: string | Placeholder) {
  return db.orm.select({ id: mediatorLanguages.mediatorId }).from(mediatorLanguages).where(eq(mediatorLanguages.base, base));
}

export type MediatorsRepository = ReturnType<typeof mediatorsRepository>;
