import type BetterSqlite3 from 'better-sqlite3';
import { minutesOfDay, type WeeklyRule } from '../src/domain/availability.js';
import { baseLanguage, canonicalTag, type SpokenLanguage } from '../src/domain/languages.js';
import { type Gender, type Level, type Modality, SECTORS, type Sector } from '../src/domain/vocabulary.js';
import { sha256Hex } from '../src/ids.js';
import type { Calendar } from './calendar.js';
import { chance, int, pick, type Rng, sample, weighted } from './random.js';
import {
  AVAILABILITY,
  DURATIONS,
  GENDER_MIX,
  HISTORY,
  MODALITY_MIX,
  MODALITY_SETS,
  type Population,
  SECONDARY_LEVELS,
  SERVICE_KINDS,
  WEEKLY_CAPS,
} from './scenario.js';

export interface ServiceSeed {
  id: string;
  areaCode: string;
  sector: Sector;
  deskUserId: string;
  deskToken: string;
  /** Pseudonymous beneficiary references this service uses (continuity). */
  beneficiaries: string[];
}

export interface MediatorSeed {
  id: string;
  active: boolean;
  gender: Gender;
  homeArea: string;
  languages: SpokenLanguage[];
  areas: string[];
  modalities: Modality[];
  sectors: Sector[];
  availability: WeeklyRule[];
}

export interface PopulationSeed {
  services: ServiceSeed[];
  mediators: MediatorSeed[];
  bookings: number;
  timeOff: number;
  exclusions: number;
}

const BATCH = 5_000;
const BENEFICIARIES_PER_SERVICE = 300;

/**
 * Writes one population (areas, services with a desk user each, mediators with their language
 * index, time off, exclusions and `pop.bookings` booked appointments) straight through
 * better-sqlite3 prepared statements in batched transactions.
 */
export async function seedPopulation(sqlite: BetterSqlite3.Database, pop: Population, cal: Calendar, now: number, r: Rng): Promise<PopulationSeed> {
  if (pop.createAreas) insertAreas(sqlite, pop, now);
  const services = await insertServices(sqlite, pop, now);
  const mediators = insertMediators(sqlite, pop, now, r);
  const bookings = insertBookings(sqlite, pop, services, mediators, cal, now, r);
  const timeOff = insertTimeOff(sqlite, pop, mediators, cal, now, r);
  const exclusions = insertExclusions(sqlite, pop, services, mediators, now, r);
  return { services, mediators, bookings, timeOff, exclusions };
}

function insertAreas(sqlite: BetterSqlite3.Database, pop: Population, now: number): void {
  const area = sqlite.prepare('INSERT INTO areas (code, name, timezone, created_at) VALUES (?, ?, ?, ?)');
  const travel = sqlite.prepare('INSERT INTO area_travel (from_code, to_code, minutes) VALUES (?, ?, ?)');
  sqlite.transaction(() => {
    for (const a of pop.areas) {
      area.run(a.code, a.name, 'Europe/Rome', now);
      travel.run(a.code, a.code, 20);
    }
  })();
}

async function insertServices(sqlite: BetterSqlite3.Database, pop: Population, now: number): Promise<ServiceSeed[]> {
  const services: ServiceSeed[] = [];
  for (const area of pop.areas) {
    for (let i = 0; i < area.services; i++) {
      const n = services.length;
      const [, sector] = SERVICE_KINDS[n % SERVICE_KINDS.length] ?? SERVICE_KINDS[0]!;
      const id = `svc_${pop.tag}${String(n).padStart(4, '0')}`;
      services.push({
        id,
        areaCode: area.code,
        sector,
        deskUserId: `usr_${pop.tag}desk${String(n).padStart(4, '0')}`,
        deskToken: `bench-desk-${pop.tag}-${String(n).padStart(4, '0')}-token`,
        beneficiaries: Array.from({ length: BENEFICIARIES_PER_SERVICE }, (_, b) => `${pop.tag}${n}/B${b}`),
      });
    }
  }
  const hashes = await Promise.all(services.map((s) => sha256Hex(s.deskToken)));
  const service = sqlite.prepare(
    `INSERT INTO services (id, name, kind, area_code, address, contact_email, phone, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, NULL, 1, ?, ?)`,
  );
  const user = sqlite.prepare(
    `INSERT INTO users (id, role, name, email, service_id, mediator_id, token_hash, created_at) VALUES (?, 'desk', ?, NULL, ?, NULL, ?, ?)`,
  );
  sqlite.transaction(() => {
    services.forEach((s, n) => {
      const [kind] = SERVICE_KINDS[n % SERVICE_KINDS.length] ?? SERVICE_KINDS[0]!;
      service.run(s.id, `Servizio ${kind} ${n}`, kind, s.areaCode, `Via Roma ${n + 1}`, `desk${n}@example.it`, now, now);
      user.run(s.deskUserId, `Desk ${n}`, s.id, hashes[n], now);
    });
  })();
  return services;
}

function languagesFor(pop: Population, r: Rng): SpokenLanguage[] {
  const primary = weighted(r, pop.primary);
  const spoken: SpokenLanguage[] = [{ code: canonicalTag(primary), level: 'native' }];
  for (const [code, p] of pop.secondary[baseLanguage(primary)] ?? []) {
    if (chance(r, p) && !spoken.some((s) => baseLanguage(s.code) === baseLanguage(code))) {
      spoken.push({ code, level: weighted(r, SECONDARY_LEVELS) });
    }
  }
  return spoken;
}

function insertMediators(sqlite: BetterSqlite3.Database, pop: Population, now: number, r: Rng): MediatorSeed[] {
  const mediator = sqlite.prepare(
    `INSERT INTO mediators (id, name, email, phone, gender, home_area, languages, areas, modalities, sectors, availability,
       max_weekly_minutes, active, locale, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'it', ?, ?)`,
  );
  const language = sqlite.prepare('INSERT INTO mediator_languages (mediator_id, code, base, level) VALUES (?, ?, ?, ?)');
  const areaWeights = pop.areas.map((a) => [a.code, a.weight] as const);
  const mediators: MediatorSeed[] = [];
  for (let i = 0; i < pop.mediators; i++) {
    const homeArea = weighted(r, areaWeights);
    const areas = new Set([homeArea]);
    const extra = weighted(r, [[0, 40], [1, 40], [2, 20]] as const);
    for (let k = 0; k < extra; k++) areas.add(weighted(r, areaWeights));
    mediators.push({
      id: `med_${pop.tag}${String(i).padStart(6, '0')}`,
      active: chance(r, 0.97),
      gender: weighted(r, GENDER_MIX),
      homeArea,
      languages: languagesFor(pop, r),
      areas: [...areas],
      modalities: weighted(r, MODALITY_SETS),
      sectors: sample(r, SECTORS, int(r, 2, 4)),
      availability: weighted(r, AVAILABILITY),
    });
  }
  sqlite.transaction(() => {
    mediators.forEach((m, i) => {
      mediator.run(
        m.id,
        `Mediatore ${pop.tag}${i}`,
        `mediator.${pop.tag.toLowerCase()}${i}@example.it`,
        chance(r, 0.8) ? `+39 333 ${String(1_000_000 + i)}` : null,
        m.gender,
        m.homeArea,
        JSON.stringify(m.languages),
        JSON.stringify(m.areas),
        JSON.stringify(m.modalities),
        JSON.stringify(m.sectors),
        JSON.stringify(m.availability),
        pick(r, WEEKLY_CAPS),
        m.active ? 1 : 0,
        now,
        now,
      );
      for (const l of m.languages) language.run(m.id, l.code, baseLanguage(l.code), l.level);
    });
  })();
  return mediators;
}

/** Days from today: uniform over the past, then a future whose density decays (bookings arrive over time). */
function historyDay(r: Rng, active: boolean): number {
  const { pastDays, futureDays, futureDecayDays } = HISTORY;
  const futureMass = futureDecayDays * (1 - Math.exp(-futureDays / futureDecayDays));
  if (!active || chance(r, (pastDays + 1) / (pastDays + 1 + futureMass))) return -int(r, 0, pastDays);
  for (;;) {
    const d = 1 + Math.floor(-futureDecayDays * Math.log(1 - r()));
    if (d <= futureDays) return d;
  }
}

/** Splits `total` over the mediators, some busier than others. */
function bookingCounts(n: number, total: number, r: Rng): number[] {
  const weights = Array.from({ length: n }, () => 0.4 + 1.2 * r());
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  let rest = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % n, rest--) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

export const APPOINTMENT_COLUMNS = [
  'id', 'service_id', 'created_by', 'language', 'area_code', 'modality', 'starts_at', 'ends_at', 'duration_minutes', 'sector',
  'gender_preference', 'gender', 'beneficiary_ref', 'location', 'notes', 'urgency', 'min_level', 'assignment', 'status',
  'mediator_id', 'fallback_step', 'unfilled_reason', 'booked_at', 'cancelled_at', 'cancel_reason', 'version', 'reminder_queued_at',
  'created_at', 'updated_at',
] as const;

/** The server queues each reminder this long before the start (REMINDER_HOURS default). */
const REMINDER_LEAD = 24 * 3_600_000;

export type AppointmentValues = Array<string | number | null>;

/** A prepared INSERT of a full appointments row, values in APPOINTMENT_COLUMNS order. */
export function appointmentInsert(sqlite: BetterSqlite3.Database): BetterSqlite3.Statement {
  return sqlite.prepare(
    `INSERT INTO appointments (${APPOINTMENT_COLUMNS.join(', ')}) VALUES (${APPOINTMENT_COLUMNS.map(() => '?').join(', ')})`,
  );
}

export interface AppointmentSpec {
  id: string;
  service: ServiceSeed;
  language: string;
  area: string;
  modality: Modality;
  start: number;
  durationMinutes: number;
  sector: Sector;
  genderPreference: 'none' | 'preferred' | 'required';
  gender: Gender | null;
  beneficiaryRef: string | null;
  minLevel: Level;
  assignment: 'auto' | 'manual';
  status: 'booked' | 'open';
  mediatorId: string | null;
  createdAt: number;
}

/**
 * One row, as the running service would have left it: a booking whose reminder time has passed
 * (`now` ≥ start − 24 h) has its reminder queued already, so the server's job loop starts idle.
 */
export function appointmentValues(a: AppointmentSpec, now: number): AppointmentValues {
  const booked = a.status === 'booked';
  const reminderAt = Math.max(a.createdAt, a.start - REMINDER_LEAD);
  return [
    a.id, a.service.id, a.service.deskUserId, a.language, a.area, a.modality, a.start, a.start + a.durationMinutes * 60_000,
    a.durationMinutes, a.sector, a.genderPreference, a.gender, a.beneficiaryRef, null, null, 'standard', a.minLevel, a.assignment,
    a.status, a.mediatorId, null, null, booked ? a.createdAt : null, null, null, booked ? 2 : 1, booked && reminderAt <= now ? reminderAt : null,
    a.createdAt, a.createdAt,
  ];
}

/**
 * Generates every booking first, then writes them in creation order (as the service would have):
 * a mediator's bookings end up scattered over the table like in production, not clustered.
 */
function insertBookings(
  sqlite: BetterSqlite3.Database,
  pop: Population,
  services: ServiceSeed[],
  mediators: MediatorSeed[],
  cal: Calendar,
  now: number,
  r: Rng,
): number {
  const byArea = new Map<string, ServiceSeed[]>();
  for (const s of services) byArea.set(s.areaCode, [...(byArea.get(s.areaCode) ?? []), s]);
  const counts = bookingCounts(mediators.length, pop.bookings, r);
  const rows: AppointmentSpec[] = [];

  mediators.forEach((m, i) => {
    const taken = new Map<number, Array<[number, number]>>();
    const want = counts[i] ?? 0;
    for (let k = 0, tries = 0; k < want && tries < want * 40; tries++) {
      const day = historyDay(r, m.active);
      const rules = m.availability.filter((rule) => rule.weekday === cal.day(day).weekday);
      if (rules.length === 0) continue;
      const rule = pick(r, rules);
      const duration = weighted(r, DURATIONS);
      const from = minutesOfDay(rule.start);
      const slots = Math.floor((minutesOfDay(rule.end) - from - duration) / 15);
      if (slots < 0) continue;
      const startMin = from + 15 * int(r, 0, slots);
      const endMin = startMin + duration;
      const sameDay = taken.get(day) ?? [];
      if (sameDay.some(([s, e]) => startMin < e + 15 && s < endMin + 15)) continue;
      sameDay.push([startMin, endMin]);
      taken.set(day, sameDay);

      const area = chance(r, 0.6) ? m.homeArea : pick(r, m.areas);
      const service = pick(r, byArea.get(area) ?? services);
      const spoken = chance(r, 0.75) ? m.languages[0]! : pick(r, m.languages);
      const start = cal.instant(day, startMin);
      const preference = weighted(r, [['none', 85], ['preferred', 10], ['required', 5]] as const);
      rows.push({
        id: '',
        service,
        language: chance(r, 0.2) ? baseLanguage(spoken.code) : spoken.code,
        area,
        modality: pickModality(r, m.modalities),
        start,
        durationMinutes: duration,
        sector: chance(r, 0.7) ? service.sector : pick(r, SECTORS),
        genderPreference: preference,
        gender: preference === 'none' ? null : m.gender,
        beneficiaryRef: chance(r, 0.5) ? pick(r, service.beneficiaries) : null,
        minLevel: 'B2',
        assignment: 'auto',
        status: 'booked',
        mediatorId: m.id,
        createdAt: Math.min(now, start - int(r, 1, 21) * 86_400_000),
      });
      k++;
    }
  });

  rows.sort((a, b) => a.createdAt - b.createdAt || a.start - b.start);
  const insert = appointmentInsert(sqlite);
  const flush = sqlite.transaction((batch: AppointmentSpec[], offset: number) => {
    batch.forEach((row, j) => {
      row.id = `apt_${pop.tag}${String(offset + j).padStart(8, '0')}`;
      insert.run(appointmentValues(row, now));
    });
  });
  for (let offset = 0; offset < rows.length; offset += BATCH) flush(rows.slice(offset, offset + BATCH), offset);
  return rows.length;
}

export function pickModality(r: Rng, allowed: readonly Modality[]): Modality {
  const options = MODALITY_MIX.filter(([m]) => allowed.includes(m));
  return options.length > 0 ? weighted(r, options) : (allowed[0] ?? 'in_person');
}

function insertTimeOff(sqlite: BetterSqlite3.Database, pop: Population, mediators: MediatorSeed[], cal: Calendar, now: number, r: Rng): number {
  const insert = sqlite.prepare('INSERT INTO time_off (id, mediator_id, starts_at, ends_at, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  let n = 0;
  sqlite.transaction(() => {
    for (const m of mediators) {
      if (!chance(r, 0.08)) continue;
      const from = int(r, -60, 60);
      insert.run(`off_${pop.tag}${String(n++).padStart(6, '0')}`, m.id, cal.instant(from, 0), cal.instant(from + int(r, 3, 14), 0), 'ferie', now);
    }
  })();
  return n;
}

function insertExclusions(
  sqlite: BetterSqlite3.Database,
  pop: Population,
  services: ServiceSeed[],
  mediators: MediatorSeed[],
  now: number,
  r: Rng,
): number {
  const insert = sqlite.prepare(
    'INSERT INTO exclusions (id, service_id, mediator_id, beneficiary_ref, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const count = Math.round(mediators.length * 0.03);
  sqlite.transaction(() => {
    for (let n = 0; n < count; n++) {
      const service = pick(r, services);
      const beneficiary = chance(r, 0.5) ? pick(r, service.beneficiaries) : null;
      insert.run(`exc_${pop.tag}${String(n).padStart(6, '0')}`, service.id, pick(r, mediators).id, beneficiary, 'conflitto di interessi', service.deskUserId, now);
    }
  })();
  return count;
}
