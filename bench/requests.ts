import type BetterSqlite3 from 'better-sqlite3';
import type { MatchRequest } from '../src/domain/eligibility.js';
import { type Gender, type GenderPreference, type Level, SECTORS } from '../src/domain/vocabulary.js';
import type { Calendar } from './calendar.js';
import { appointmentInsert, appointmentValues, pickModality, type ServiceSeed } from './generate.js';
import { chance, int, pick, type Rng, weighted } from './random.js';
import { DEMAND, DURATIONS, GENDER_MIX, MODALITY_MIX, type Population, REQUEST_HORIZON_DAYS } from './scenario.js';

/** What a desk asks for: the varying part of a search or of a booking POST. */
export interface Ask {
  service: ServiceSeed;
  language: string;
  area: string;
  modality: MatchRequest['modality'];
  day: number;
  startMinutes: number;
  durationMinutes: number;
  sector: MatchRequest['sector'];
  genderPreference: GenderPreference;
  gender: Gender | null;
  beneficiaryRef: string | null;
  minLevel: Level;
}

/** A request waiting for a pick (status open), searched by id over the API and by MatchRequest in-process. */
export interface SearchTarget {
  id: string;
  service: ServiceSeed;
  request: MatchRequest;
}

export function makeAsk(r: Rng, pop: Population, services: readonly ServiceSeed[], cal: Calendar): Ask {
  const areaCode = weighted(r, pop.areas.map((a) => [a.code, a.weight] as const));
  const service = pick(r, services.filter((s) => s.areaCode === areaCode));
  let day = int(r, 1, REQUEST_HORIZON_DAYS);
  while (cal.day(day).weekday === 7) day = int(r, 1, REQUEST_HORIZON_DAYS);
  const durationMinutes = weighted(r, DURATIONS);
  const startMinutes = 8 * 60 + 30 + 15 * int(r, 0, (18 * 60 + 30 - durationMinutes - (8 * 60 + 30)) / 15);
  const genderPreference = weighted(r, [['none', 85], ['preferred', 10], ['required', 5]] as const);
  return {
    service,
    language: weighted(r, DEMAND),
    area: chance(r, 0.9) ? service.areaCode : pick(r, pop.areas).code,
    modality: pickModality(r, MODALITY_MIX.map(([m]) => m)),
    day,
    startMinutes,
    durationMinutes,
    sector: chance(r, 0.8) ? service.sector : pick(r, SECTORS),
    genderPreference,
    gender: genderPreference === 'none' ? null : weighted(r, GENDER_MIX),
    beneficiaryRef: chance(r, 0.5) ? pick(r, service.beneficiaries) : null,
    minLevel: weighted(r, [['B2', 80], ['C1', 15], ['B1', 5]] as const),
  };
}

/** Creates `count` open requests in the database and returns them with their matching view. */
export function insertSearchTargets(
  sqlite: BetterSqlite3.Database,
  r: Rng,
  pop: Population,
  services: readonly ServiceSeed[],
  cal: Calendar,
  now: number,
  count: number,
): SearchTarget[] {
  const insert = appointmentInsert(sqlite);
  const targets: SearchTarget[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const ask = makeAsk(r, pop, services, cal);
      const id = `apt_${pop.tag}open${String(i).padStart(5, '0')}`;
      const start = cal.instant(ask.day, ask.startMinutes);
      insert.run(
        appointmentValues({ id, ...ask, start, assignment: 'manual', status: 'open', mediatorId: null, createdAt: now }, now),
      );
      targets.push({
        id,
        service: ask.service,
        request: {
          appointmentId: id,
          serviceId: ask.service.id,
          language: ask.language,
          minLevel: ask.minLevel,
          area: ask.area,
          modality: ask.modality,
          start,
          end: start + ask.durationMinutes * 60_000,
          sector: ask.sector,
          genderPreference: ask.genderPreference,
          gender: ask.gender,
          beneficiaryRef: ask.beneficiaryRef,
        },
      });
    }
  })();
  return targets;
}

/** A ready-to-send POST /v1/appointments (assignment auto) from the service's desk. */
export interface BookingCall {
  token: string;
  body: string;
}

export function makeBookingCalls(r: Rng, pop: Population, services: readonly ServiceSeed[], cal: Calendar, count: number): BookingCall[] {
  return Array.from({ length: count }, () => {
    const a = makeAsk(r, pop, services, cal);
    const body = {
      language: a.language,
      area: a.area,
      modality: a.modality,
      start: cal.iso(a.day, a.startMinutes),
      durationMinutes: a.durationMinutes,
      sector: a.sector,
      genderPreference: a.genderPreference,
      ...(a.gender ? { gender: a.gender } : {}),
      ...(a.beneficiaryRef ? { beneficiaryRef: a.beneficiaryRef } : {}),
      minLevel: a.minLevel,
      assignment: 'auto',
    };
    return { token: a.service.deskToken, body: JSON.stringify(body) };
  });
}
