import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import type { WeeklyRule } from '../../src/domain/availability.js';
import type { MediatorProfile } from '../../src/domain/eligibility.js';
import { baseLanguage, canonicalTag, type SpokenLanguage } from '../../src/domain/languages.js';
import type { Gender, Modality, Sector } from '../../src/domain/vocabulary.js';
import type { Database, Statement } from '../database.js';
import { mediatorLanguages, mediators } from '../schema.js';
import { pageOf } from './cursor.js';
import { parseJson } from './json.js';
import { ROSTER_VERSION } from './settings.js';

type Row = typeof mediators.$inferSelect;

export interface MediatorRecord extends MediatorProfile {
  email: string;
  phone: string | null;
  locale: 'it' | 'en';
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
  // Parsed mediators per primary language (and '*': everyone), valid for one roster version (matching
  // reads them on every search). A mediator who speaks several languages is parsed once per version and
  // shared by the lists. A version change starts new maps: a load still running fills the old ones.
  let cachedVersion: string | null = null;
  let cache = new Map<string, readonly MediatorRecord[]>();
  let parsed = new Map<string, MediatorRecord>();
  const cached = async (
    key: string,
    load: (parse: (r: Row) => MediatorRecord) => Promise<MediatorRecord[]>,
    known?: string,
  ): Promise<readonly MediatorRecord[]> => {
    const version = known ?? (await ROSTER_VERSION.read(db));
    if (version !== cachedVersion) {
      cache = new Map();
      parsed = new Map();
      cachedVersion = version;
    }
    const lists = cache;
    let records: readonly MediatorRecord[] | undefined = lists.get(key);
    if (!records) {
      const byId = parsed;
      // Frozen: matching keeps columns per roster array (domain/roster-table.ts), so a list never changes.
      records = Object.freeze(
        await load((r) => {
          let record = byId.get(r.id);
          if (!record) {
            record = toMediator(r);
            byId.set(r.id, record);
          }
          return record;
        }),
      );
      lists.set(key, records);
    }
    return records;
  };

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

    async list(f: MediatorFilter) {
      const where: SQL[] = [];
      if (f.afterId) where.push(gt(mediators.id, f.afterId));
      if (f.active !== undefined) where.push(eq(mediators.active, f.active));
      if (f.area) where.push(sql`EXISTS (SELECT 1 FROM json_each(${mediators.areas}) WHERE value = ${f.area})`);
      if (f.language) {
        where.push(
          inArray(
            mediators.id,
            db.orm
              .select({ id: mediatorLanguages.mediatorId })
              .from(mediatorLanguages)
              .where(eq(mediatorLanguages.base, baseLanguage(f.language))),
          ),
        );
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
        ROSTER_VERSION.bump,
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
        ROSTER_VERSION.bump,
      ];
    },

    async setAvailability(id: string, rules: WeeklyRule[], now: number): Promise<number> {
      const [changed] = await db.batch([
        db.orm
          .update(mediators)
          .set({ availability: JSON.stringify(rules), updatedAt: now })
          .where(eq(mediators.id, id)),
        ROSTER_VERSION.bump,
      ]);
      return changed ?? 0;
    },

    /**
     * Every mediator (for explain=true, which must name why each one was excluded). `version`: the
     * roster version the caller has just read (ROSTER_VERSION), or none to read it here.
     */
    async all(version?: string): Promise<readonly MediatorRecord[]> {
      return cached('*', async (parse) => (await db.orm.select().from(mediators).orderBy(asc(mediators.id))).map(parse), version);
    },

    /**
     * Mediators who speak the primary language of `tag` at any level: the indexed first filter of
     * matching. Parsed records are reused until the roster version changes; callers must not mutate them.
     * `version` as for `all`.
     */
    async speaking(tag: string, version?: string): Promise<readonly MediatorRecord[]> {
      const base = baseLanguage(tag);
      return cached(base, async (parse) => {
        const rows = await db.all<Record<string, unknown>>(sql`SELECT m.* FROM mediators m
          WHERE m.id IN (SELECT mediator_id FROM mediator_languages WHERE base = ${base})
          ORDER BY m.id`);
        return rows.map((r) => parse(fromSqlRow(r)));
      }, version);
    },
  };
}

/** Raw `SELECT m.*` rows come with SQL column names; map them to the drizzle row shape. */
function fromSqlRow(r: Record<string, unknown>): Row {
  return {
    id: r.id as string,
    name: r.name as string,
    email: r.email as string,
    phone: (r.phone as string | null) ?? null,
    gender: (r.gender as string | null) ?? null,
    homeArea: r.home_area as string,
    languages: r.languages as string,
    areas: r.areas as string,
    modalities: r.modalities as string,
    sectors: r.sectors as string,
    availability: r.availability as string,
    maxWeeklyMinutes: Number(r.max_weekly_minutes),
    active: Boolean(r.active),
    locale: r.locale as string,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export type MediatorsRepository = ReturnType<typeof mediatorsRepository>;
