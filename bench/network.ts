/**
 * The network drawn in memory: services with a desk each, mediators, and a history of requests booked
 * the way auto-assignment would have booked them. dataset.ts writes it; http-load.ts posts more of it.
 */
import { DateTime } from 'luxon';
import {
  AREAS, AVAILABILITY, DEMAND, DURATIONS, MODALITY_MIX, MODALITY_SETS, OUTCOMES, PRIMARY, type Rng, SECONDARY, SECTORS, SERVICE_KINDS,
  chance, int, pick, weighted,
} from './mix.js';

/** The app's clock in every section (FIXED_CLOCK): Wednesday 13 May 2026, 10:00 in Rome. */
export const NOW = '2026-05-13T08:00:00Z';
/** The reports' period: the year before "now". The history covers it and the seven weeks ahead. */
export const YEAR = { from: '2025-05-13', to: '2026-05-13' } as const;
const AHEAD_DAYS = 49;

export const MIN = 60_000;
export const DAY = 86_400_000;
const now = Date.parse(NOW);

/** Local days from YEAR.from: weekday, and midnight by the offset at noon (right for working hours on DST days too). */
export const days = Array.from({ length: 365 + AHEAD_DAYS }, (_, d) => {
  const noon = DateTime.fromISO(YEAR.from, { zone: 'Europe/Rome' }).plus({ days: d }).set({ hour: 12 });
  const midnight = noon.toMillis() - 12 * 3_600_000;
  return { weekday: noon.weekday, midnight, date: noon.toISODate() as string, offset: noon.toFormat('ZZ') };
});
export const yearEnd = days[365]?.midnight as number;
const today = days.findIndex((d) => d.midnight + DAY > now);

export interface Service { id: string; area: string; sector: string; token: string; userId: string; beneficiaries: string[] }
export interface Mediator {
  id: string; userId: string; active: boolean; gender: string; home: string; areas: string[]; modalities: string[];
  languages: Array<{ code: string; level: string }>; rules: Array<{ weekday: number; start: string; end: string }>;
  cap: number; sectors: string[]; offDays: number[];
}
/** What a desk asks for. */
export interface Ask {
  service: Service; language: string; area: string; modality: string; duration: number; sector: string;
  genderPreference: string; gender: string | null; beneficiary: string | null; minLevel: string;
}
export interface Sheet { party: 'desk' | 'mediator'; outcome: string; checkIn: number | null; checkOut: number | null }
/** A request as stored. Not spread from its Ask: spreading 280,000 objects took V8 about ten seconds. */
export interface Request {
  ask: Ask; id: string; start: number; createdAt: number; assignment: string; status: string; mediator: Mediator | null;
  fallback: string | null; unfilled: string | null; bookedAt: number | null; cancelledAt: number | null;
  sheets: Sheet[]; settled: { outcome: string; checkIn: number | null; checkOut: number | null; source: string } | null;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const base = (code: string) => code.split('-')[0] as string;
const levelRank = (level: string) => ['B1', 'B2', 'C1', 'C2', 'native'].indexOf(level);
export const pad = (n: number) => String(n).padStart(7, '0');

export function makeServices(n: number, r: Rng): Service[] {
  return Array.from({ length: n }, (_, i) => {
    // Every area gets a service before the weights share out the rest.
    const area = i < AREAS.length ? (AREAS[i]?.[0] as string) : weighted(r, AREAS);
    const id = `svc_b${pad(i)}`;
    const sector = SERVICE_KINDS[i % SERVICE_KINDS.length]?.[1] as string;
    const beneficiaries = Array.from({ length: 200 }, (_, b) => `${id}-B${b}`);
    return { id, area, sector, token: `bench-desk-token-${pad(i)}`, userId: `usr_desk${pad(i)}`, beneficiaries };
  });
}

export function makeMediators(n: number, r: Rng): Mediator[] {
  return Array.from({ length: n }, (_, i) => {
    const home = weighted(r, AREAS);
    const primary = weighted(r, PRIMARY);
    const languages = [{ code: primary, level: 'native' }];
    for (const [code, p] of SECONDARY[base(primary)] ?? []) {
      if (chance(r, p)) languages.push({ code, level: pick(r, ['C2', 'C1', 'B2', 'B1']) });
    }
    const off = int(r, 0, days.length - 20);
    const areas = [...new Set([home, ...Array.from({ length: int(r, 0, 2) }, () => weighted(r, AREAS))])];
    return {
      id: `med_b${pad(i)}`, userId: `usr_med${pad(i)}`, active: chance(r, 0.97), home, areas, languages,
      gender: weighted(r, [['female', 65], ['male', 33], ['nonbinary', 2]]), modalities: weighted(r, MODALITY_SETS), rules: weighted(r, AVAILABILITY),
      cap: pick(r, [900, 1200, 1800, 2400]), sectors: SECTORS.filter((s) => s === 'health' || chance(r, 0.4)),
      offDays: chance(r, 0.1) ? Array.from({ length: int(r, 5, 15) }, (_, k) => off + k) : [],
    };
  });
}

export function drawAsk(r: Rng, services: readonly Service[]): Ask {
  const service = pick(r, services);
  const genderPreference = weighted(r, [['none', 85], ['preferred', 10], ['required', 5]]);
  return {
    service, language: weighted(r, DEMAND), area: chance(r, 0.9) ? service.area : weighted(r, AREAS), modality: weighted(r, MODALITY_MIX),
    duration: weighted(r, DURATIONS), sector: chance(r, 0.8) ? service.sector : pick(r, SECTORS), genderPreference,
    gender: genderPreference === 'none' ? null : weighted(r, [['female', 70], ['male', 30]]),
    beneficiary: chance(r, 0.5) ? pick(r, service.beneficiaries) : null, minLevel: weighted(r, [['B2', 80], ['C1', 15], ['B1', 5]]),
  };
}

/** A working day 1–`within` days ahead, and a start between 08:30 and 16:30 (minutes after midnight). */
function aheadSlot(r: Rng, within: number): { day: number; minute: number } {
  let day = today + int(r, 1, within);
  while (days[day]?.weekday === 7) day++;
  return { day, minute: 510 + 15 * int(r, 0, 32) };
}

/**
 * A year of requests (and the weeks ahead, less those not made yet), each booked the way
 * auto-assignment would have: a speaker at the level, serving the area, offering the modality,
 * available, free with a travel margin, under the weekly cap; else by video; else unfilled.
 */
export function makeHistory(perYear: number, services: Service[], mediators: Mediator[], r: Rng): Request[] {
  // Worked out once per mediator: the loop below tries ~3 million bookings for the Italy scale.
  const facts = mediators.map((m) => ({
    ranks: new Map(m.languages.map((l) => [base(l.code), levelRank(l.level)])),
    rules: [0, 1, 2, 3, 4, 5, 6, 7].map((weekday) => m.rules.filter((x) => x.weekday === weekday)),
    off: new Set(m.offDays),
  }));
  const speakers = new Map<string, number[]>();
  mediators.forEach((m, i) => {
    for (const l of m.languages) speakers.set(base(l.code), [...(speakers.get(base(l.code)) ?? []), i]);
  });
  const busy = new Map<number, number[]>(); // mediator × day → [start, end, start, end, …] in minutes
  const weekly = new Map<number, number>(); // mediator × week → minutes booked
  // Monday to Friday, and one Saturday in three.
  const workdays = days.flatMap((d, i) => (d.weekday === 7 || (d.weekday === 6 && i % 3 !== 0) ? [] : [i]));

  const tryBook = (i: number, ask: Ask, modality: string, day: number): number | null => {
    const m = mediators[i] as Mediator;
    const f = facts[i] as (typeof facts)[number];
    if (!m.active || !((f.ranks.get(base(ask.language)) ?? -1) >= levelRank(ask.minLevel)) || !m.modalities.includes(modality)) return null;
    if ((modality === 'in_person' && !m.areas.includes(ask.area)) || f.off.has(day)) return null;
    if (ask.genderPreference === 'required' && m.gender !== ask.gender) return null;
    const rules = f.rules[days[day]?.weekday ?? 0] ?? [];
    const rule = rules[Math.floor(r() * rules.length)];
    const slots = rule ? Math.floor((minutes(rule.end) - minutes(rule.start) - ask.duration) / 15) : -1;
    if (!rule || slots < 0) return null;
    const start = minutes(rule.start) + 15 * int(r, 0, slots);
    const end = start + ask.duration;
    const taken = busy.get(i * 1000 + day) ?? [];
    for (let k = 0; k < taken.length; k += 2) if (start < (taken[k + 1] as number) + 30 && (taken[k] as number) < end + 30) return null;
    const week = i * 1000 + Math.floor(day / 7);
    if ((weekly.get(week) ?? 0) + ask.duration > m.cap) return null;
    taken.push(start, end);
    busy.set(i * 1000 + day, taken);
    weekly.set(week, (weekly.get(week) ?? 0) + ask.duration);
    return start;
  };

  const out: Request[] = [];
  for (let k = 0; k < (perYear * days.length) / 365; k++) {
    const day = pick(r, workdays);
    const midnight = days[day]?.midnight as number;
    const createdAt = midnight + 8 * 3_600_000 - int(r, 1, 21) * DAY;
    const ask = drawAsk(r, services);
    if (createdAt > now) continue;
    const pool = speakers.get(base(ask.language)) ?? [];
    let chosen = -1;
    let minute: number | null = null;
    let fallback: string | null = null;
    for (let t = 0; t < 12 && minute === null && pool.length > 0; t++) minute = tryBook((chosen = pick(r, pool)), ask, ask.modality, day);
    if (minute === null && ask.modality === 'in_person' && pool.length > 0 && chance(r, 0.5)) {
      for (let t = 0; t < 6 && minute === null; t++) minute = tryBook((chosen = pick(r, pool)), ask, 'video', day);
      if (minute !== null) ask.modality = fallback = 'video';
    }
    const assignment = chance(r, 0.7) ? 'auto' : 'manual';
    const a = request(ask, `apt_b${pad(out.length)}`, midnight + (minute ?? 510 + 15 * int(r, 0, 32)) * MIN, createdAt, assignment, 'booked');
    a.mediator = minute === null ? null : (mediators[chosen] as Mediator);
    a.fallback = fallback;
    if (minute === null) {
      a.status = 'unfilled';
      a.unfilled = JSON.stringify({ code: pool.length === 0 ? 'no_speaker' : 'no_candidate', detail: 'bench', rules: {} });
    } else {
      a.bookedAt = assignment === 'auto' ? createdAt : Math.min(now, a.start, createdAt + int(r, 10, 4320) * MIN);
      if (chance(r, 0.06)) cancel(a, r);
      else if (a.start + ask.duration * MIN <= now) closeOut(a, r);
    }
    out.push(a);
  }
  return out;
}

/** A cancellation; with under 24 h notice in the past it is billed (a late-cancellation settlement). */
function cancel(a: Request, r: Rng): void {
  const late = chance(r, 0.15);
  a.status = 'cancelled';
  a.cancelledAt = Math.max(a.bookedAt as number, Math.min(now, a.start - (late ? int(r, 60, 1200) : int(r, 1500, 7200)) * MIN));
  if (late && a.start <= now) a.settled = { outcome: 'cancelled_late', checkIn: null, checkOut: null, source: 'late_cancellation' };
}

/**
 * A past session: settled (agreed, or decided by a coordinator), or still open with its sheets (one or
 * none: awaiting close-out; two that differ: disputed). Settled sessions get no sheets: no report reads
 * them once the settlement exists, and they would double the time the history takes to write.
 */
function closeOut(a: Request, r: Rng): void {
  const outcome = weighted(r, OUTCOMES);
  const end = a.start + a.ask.duration * MIN;
  const came = outcome === 'completed' || outcome === 'beneficiary_no_show';
  const checkIn = came ? a.start + int(r, -5, 10) * MIN : null;
  const checkOut = came ? (outcome === 'completed' ? end + int(r, -10, 20) * MIN : a.start + 30 * MIN) : null;
  const sheet = (party: Sheet['party'], late = 0): Sheet => ({ party, outcome, checkIn, checkOut: checkOut === null ? null : checkOut + late * MIN });
  const recent = now - end < 14 * DAY;
  const state = weighted(r, [['awaiting', recent ? 40 : 3], ['disputed', 3], ['coordinator', 2], ['agreed', recent ? 55 : 92]]);
  if (state === 'awaiting') a.sheets = chance(r, 0.5) ? [sheet('desk')] : [];
  else if (state === 'disputed') a.sheets = [sheet('desk'), sheet('mediator', 45)];
  else a.settled = { outcome, checkIn, checkOut, source: state };
}

/** Requests a desk has yet to fill by hand, 1–30 days ahead: the candidate searches' targets. */
export function makeOpen(n: number, services: Service[], r: Rng): Request[] {
  return Array.from({ length: n }, (_, i) => {
    const { day, minute } = aheadSlot(r, 30);
    const start = (days[day]?.midnight as number) + minute * MIN;
    return request(drawAsk(r, services), `apt_open${pad(i)}`, start, now - int(r, 0, 2880) * MIN, 'manual', 'open');
  });
}

function request(ask: Ask, id: string, start: number, createdAt: number, assignment: string, status: string): Request {
  return {
    ask, id, start, createdAt, assignment, status, mediator: null, fallback: null, unfilled: null, bookedAt: null, cancelledAt: null,
    sheets: [], settled: null,
  };
}

/** Booking POST bodies (assignment auto) 1–42 days ahead, each with its desk's token. */
export function bookingBodies(services: Service[], n: number, r: Rng): Array<{ token: string; body: string }> {
  return Array.from({ length: n }, () => {
    const { day, minute } = aheadSlot(r, 42);
    const d = days[day] as (typeof days)[number];
    const a = drawAsk(r, services);
    const start = `${d.date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00${d.offset}`;
    const body = {
      language: a.language, area: a.area, modality: a.modality, start, durationMinutes: a.duration, sector: a.sector, minLevel: a.minLevel,
      genderPreference: a.genderPreference, assignment: 'auto', ...(a.gender ? { gender: a.gender } : {}),
      ...(a.beneficiary ? { beneficiaryRef: a.beneficiary } : {}),
    };
    return { token: a.service.token, body: JSON.stringify(body) };
  });
}
