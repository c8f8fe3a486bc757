/**
 * The coverage report: which languages, areas and hours lacked mediators in a period.
 *
 * Pure aggregation over requests (demand) and active mediators (supply); everything, including
 * "now", is passed in. Every figure is defined in plain English in `COVERAGE_DEFINITIONS`, which
 * the report carries so that the API docs and the CSV can show them.
 *
 * Cost: one pass over the requests; a few time-zone look-ups per local day of the period (shared);
 * one expansion per mediator into the time buckets the grouping needs (week / weekday / time band),
 * added to every (language, area, sector, service) group the mediator matches.
 */
import { baseLanguage } from './languages.js';
import { MINUTE } from './intervals.js';
import {
  accumulateSupply,
  bandOf,
  BucketSums,
  buildCalendar,
  dayIndexOf,
  prepareAvailability,
  type SupplyMediator,
  TIME_BANDS,
} from './supply.js';

export { supplyMinutes, TIME_BANDS, type SupplyMediator, type TimeBand } from './supply.js';

export const COVERAGE_DIMENSIONS = ['language', 'area', 'week', 'weekday', 'timeBand', 'sector', 'service'] as const;
export type CoverageDimension = (typeof COVERAGE_DIMENSIONS)[number];

export type DemandStatus = 'open' | 'offered' | 'booked' | 'unfilled' | 'cancelled';
export type CoverageFallbackStep = 'neighbouring_area' | 'video' | 'phone';

/** One appointment request. */
export interface DemandRecord {
  id: string;
  /** BCP 47; grouped by primary subtag (ar-MA → ar). */
  language: string;
  area: string;
  serviceId: string;
  sector: string;
  /** Epoch ms. */
  start: number;
  end: number;
  durationMinutes: number;
  status: DemandStatus;
  createdAt: number;
  bookedAt: number | null;
  fallbackStep: CoverageFallbackStep | null;
  /** Code: no_speaker | no_candidate | all_taken | … */
  unfilledReason: string | null;
}

export interface CoverageInput {
  /** Period [from, to), epoch ms. */
  from: number;
  to: number;
  /** IANA zone for weeks, weekdays, time bands and availability rules. */
  zone: string;
  now: number;
  groupBy: CoverageDimension[];
  demand: DemandRecord[];
  /** Active mediators only. */
  mediators: SupplyMediator[];
  /** serviceId → area. */
  serviceAreas: Record<string, string>;
}

export interface CoverageFigures {
  requested: number;
  filled: number;
  unfilled: number;
  pending: number;
  cancelled: number;
  unfilledReasons: Record<string, number>;
  fillRate: number | null;
  medianMinutesToFill: number | null;
  p90MinutesToFill: number | null;
  fallbackSteps: Record<CoverageFallbackStep, number>;
  demandMinutes: number;
  bookedMinutes: number;
  unmetMinutes: number;
  supplyMinutes: number | null;
  utilisation: number | null;
  mediators: number | null;
}

export interface CoverageRow extends CoverageFigures {
  key: Partial<Record<CoverageDimension, string | number>>;
}

export interface ZeroSupplyPair {
  language: string;
  area: string;
  requested: number;
  demandMinutes: number;
}

export interface CoverageReport {
  rows: CoverageRow[];
  zeroSupply: ZeroSupplyPair[];
  totals: Omit<CoverageRow, 'key'>;
  definitions: Record<string, string>;
}

/** Reason code for open/offered requests whose start has passed without a mediator. */
export const EXPIRED_UNASSIGNED = 'expired_unassigned';
/** Reason code for unfilled requests stored without a reason. */
export const UNSPECIFIED_REASON = 'unspecified';

export const COVERAGE_DEFINITIONS: Readonly<Record<string, string>> = {
  period:
    'A request belongs to the period when its start time is at or after "from" and before "to". Weeks, weekdays, time bands and availability rules are read in the report\'s time zone.',
  language: 'Primary language subtag of the request, lower case: Moroccan Arabic (ar-MA) is counted under "ar".',
  area: 'The area of the request.',
  week: 'ISO 8601 week of the local start date, Monday to Sunday, labelled like "2026-W13"; the days around New Year belong to the week of their Thursday (31 December 2026 is in 2026-W53).',
  weekday: 'Local weekday of the start: 1 = Monday … 7 = Sunday.',
  timeBand:
    'Band of the local start time: night 00:00–06:00, morning 06:00–12:00, afternoon 12:00–18:00, evening 18:00–24:00. For supply, available minutes are split at these local times.',
  sector: 'Sector of the requesting service (health, school, social, …).',
  service: 'The requesting service (its id).',
  requested: 'Requests in the period that were not cancelled (booked, unfilled, open or offered).',
  filled: 'Requests with a mediator booked.',
  unfilled:
    'Requests marked unfilled, plus open or offered requests whose start time is at or before the report\'s "now": nobody took them in time.',
  pending: 'Open or offered requests that start after the report\'s "now": they may still be filled.',
  cancelled: 'Cancelled requests; counted apart and not part of "requested" or any other figure.',
  unfilledReasons: `Unfilled requests per reason code (no_speaker, no_candidate, all_taken, …); "${EXPIRED_UNASSIGNED}" for open or offered requests whose start passed without a mediator, "${UNSPECIFIED_REASON}" for unfilled requests recorded without a reason.`,
  fillRate: 'filled ÷ (filled + unfilled), between 0 and 1; pending requests are left out. Empty (null) when there are neither.',
  medianMinutesToFill:
    'Median minutes from the request\'s creation to its booking, over filled requests, by the nearest-rank method: the value at position ⌈n × 0.5⌉ of the sorted times (with an even count, the lower of the two middle values). Empty (null) when nothing was filled.',
  p90MinutesToFill:
    '90th percentile of the minutes to fill, by the nearest-rank method: the value at position ⌈n × 0.9⌉ of the sorted times, so 90% of filled requests were filled that fast or faster. Empty (null) when nothing was filled.',
  fallbackSteps:
    'Filled requests that needed a step of the fallback ladder, per step: a mediator from a neighbouring area, video, phone. Each is a coverage gap even though the request was filled.',
  demandMinutes: 'Sum of the durations of the requested (not cancelled) requests.',
  bookedMinutes: 'Sum of the durations of the filled requests.',
  unmetMinutes: 'Sum of the durations of the unfilled requests.',
  supplyMinutes:
    'Minutes within the period during which mediators matching the row are available by their weekly availability (local wall-clock time, so a Sunday 01:00–04:00 rule gives 120 minutes on the spring DST night and 240 on the autumn one), less their time off; each mediator counted once. A mediator matches when they speak the row\'s language (primary subtag), serve the row\'s area, list the row\'s sector, and serve the area of the row\'s service — each only when the report is grouped by it. For week, weekday and time band rows only the available minutes falling in that week, weekday or band count. Empty (null) for a service whose area is unknown. In the totals: all active mediators.',
  utilisation: 'bookedMinutes ÷ supplyMinutes: the share of matching available time that was booked. Empty (null) when there is no supply.',
  mediators: 'Number of matching active mediators with at least one available minute in the row.',
  zeroSupply:
    'Language–area pairs with at least one request in the period (cancelled ones aside) where no active mediator both speaks the language and serves the area, whatever their availability. Listed whatever the grouping, most requested first.',
  totals: 'The same figures over every request in the period, and the supply of all active mediators.',
};

const TIME_DIMENSIONS: ReadonlySet<CoverageDimension> = new Set(['week', 'weekday', 'timeBand']);

/** Request outcome as counted here. */
const CANCELLED = 0;
const FILLED = 1;
const UNFILLED = 2;
const PENDING = 3;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Strings ↔ dense ids. */
class Interner {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** rank[id]: position of the name in code-point order. */
  ranks(): Int32Array {
    const order = this.names.map((_, i) => i).sort((a, b) => compareStrings(this.names[a] ?? '', this.names[b] ?? ''));
    const rank = new Int32Array(order.length);
    order.forEach((id, r) => {
      rank[id] = r;
    });
    return rank;
  }
}

/** Nearest-rank percentile of ascending `sorted`: the value at 1-based position ⌈n × pct / 100⌉. */
function nearestRank(sorted: Float64Array, pct: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.floor((pct * n + 99) / 100));
  return sorted[rank - 1] ?? null;
}

/** Splits per-request values into one contiguous, sorted-on-demand segment per row. */
function segments(nRows: number, rowOf: Int32Array, include: (i: number) => boolean, n: number): { offsets: Int32Array; items: Int32Array } {
  const offsets = new Int32Array(nRows + 1);
  for (let i = 0; i < n; i++) if (include(i)) offsets[(rowOf[i] ?? 0) + 1] = (offsets[(rowOf[i] ?? 0) + 1] ?? 0) + 1;
  for (let r = 0; r < nRows; r++) offsets[r + 1] = (offsets[r + 1] ?? 0) + (offsets[r] ?? 0);
  const fill = offsets.slice(0, nRows);
  const items = new Int32Array(offsets[nRows] ?? 0);
  for (let i = 0; i < n; i++) {
    if (!include(i)) continue;
    const r = rowOf[i] ?? 0;
    const at = fill[r] ?? 0;
    items[at] = i;
    fill[r] = at + 1;
  }
  return { offsets, items };
}

/** A combination of the non-time dimensions (language, area, sector, service) that has requests. */
interface Group {
  language: string | null;
  area: string | null;
  sector: string | null;
  /** The area of the group's service; undefined when service is grouped but its area is unknown. */
  serviceArea: string | null | undefined;
  supplyMs: Float64Array | null;
  mediators: Int32Array | null;
}

export function coverageReport(input: CoverageInput): CoverageReport {
  const { from, to, zone, now, demand } = input;
  const groupBy = [...new Set(input.groupBy)].filter((d) => (COVERAGE_DIMENSIONS as readonly string[]).includes(d));
  const plainDims = groupBy.filter((d) => !TIME_DIMENSIONS.has(d));
  const hasWeek = groupBy.includes('week');
  const hasWeekday = groupBy.includes('weekday');
  const hasBand = groupBy.includes('timeBand');
  const hasTime = hasWeek || hasWeekday || hasBand;

  const cal = buildCalendar(from, to, zone);

  // Time buckets: (week?, weekday?, band?) → 0 … buckets − 1, by bucketOf[day * 4 + band].
  const W = hasWeek ? Math.max(1, cal.weeks.length) : 1;
  const WD = hasWeekday ? 7 : 1;
  const BB = hasBand ? 4 : 1;
  const buckets = W * WD * BB;
  const bucketOf = new Int32Array(cal.length * 4);
  for (let d = 0; d < cal.length; d++) {
    for (let k = 0; k < 4; k++) {
      bucketOf[d * 4 + k] = ((hasWeek ? (cal.weekIndex[d] ?? 0) : 0) * WD + (hasWeekday ? (cal.weekday[d] ?? 1) - 1 : 0)) * BB + (hasBand ? k : 0);
    }
  }

  // ---- Demand, pass 1: the requests of the period, their outcome and their ids per dimension.
  const N = demand.length;
  const languages = new Interner();
  const languageOfTag = new Map<string, number>();
  const areas = new Interner();
  const sectors = new Interner();
  const services = new Interner();
  const reasons = new Interner();
  const groupSector = plainDims.includes('sector');
  const groupService = plainDims.includes('service');
  const record = new Int32Array(N);
  const outcome = new Uint8Array(N);
  const langId = new Int32Array(N);
  const areaId = new Int32Array(N);
  const sectorId = groupSector ? new Int32Array(N) : langId;
  const serviceId = groupService ? new Int32Array(N) : langId;
  const reasonId = new Int32Array(N);
  const bucket = new Int32Array(N);
  const minutesToFill = new Float64Array(N);
  let n = 0;
  for (let i = 0; i < N; i++) {
    const r = demand[i];
    if (!r || !(r.start >= from && r.start < to)) continue;
    record[n] = i;
    let lang = languageOfTag.get(r.language);
    if (lang === undefined) {
      lang = languages.id(baseLanguage(r.language));
      languageOfTag.set(r.language, lang);
    }
    langId[n] = lang;
    areaId[n] = areas.id(r.area);
    if (groupSector) sectorId[n] = sectors.id(r.sector);
    if (groupService) serviceId[n] = services.id(r.serviceId);
    if (hasTime) {
      const d = dayIndexOf(cal, r.start);
      bucket[n] = d < 0 ? 0 : (bucketOf[d * 4 + (hasBand ? bandOf(cal, d, r.start) : 0)] ?? 0);
    }
    minutesToFill[n] = NaN;
    if (r.status === 'cancelled') outcome[n] = CANCELLED;
    else if (r.status === 'booked') {
      outcome[n] = FILLED;
      if (r.bookedAt !== null) minutesToFill[n] = (r.bookedAt - r.createdAt) / MINUTE;
    } else if (r.status === 'unfilled') {
      outcome[n] = UNFILLED;
      reasonId[n] = reasons.id(r.unfilledReason ?? UNSPECIFIED_REASON);
    } else if (r.start <= now) {
      outcome[n] = UNFILLED;
      reasonId[n] = reasons.id(EXPIRED_UNASSIGNED);
    } else outcome[n] = PENDING;
    n++;
  }

  // ---- Pass 2: group (non-time dimensions) and row (group × time bucket) of each request.
  const plainIds = plainDims.map((dim) => (dim === 'language' ? langId : dim === 'area' ? areaId : dim === 'sector' ? sectorId : serviceId));
  const plainNames = plainDims.map((dim) => (dim === 'language' ? languages : dim === 'area' ? areas : dim === 'sector' ? sectors : services));
  let groupOf = new Int32Array(n);
  let nGroups = n > 0 ? 1 : 0;
  plainIds.forEach((ids, k) => {
    if (k === 0) {
      groupOf = ids.slice(0, n);
      nGroups = plainNames[0]?.names.length ?? 0;
      return;
    }
    const card = plainNames[k]?.names.length ?? 0;
    const seen = new Map<number, number>();
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const key = (groupOf[i] ?? 0) * card + (ids[i] ?? 0);
      let g = seen.get(key);
      if (g === undefined) {
        g = seen.size;
        seen.set(key, g);
      }
      next[i] = g;
    }
    groupOf = next;
    nGroups = seen.size;
  });
  const groupFirst = new Int32Array(nGroups).fill(-1);
  const rowIds = new Map<number, number>();
  const rowOf = new Int32Array(n);
  const rowFirst: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] ?? 0;
    if (groupFirst[g] === -1) groupFirst[g] = i;
    const key = g * buckets + (bucket[i] ?? 0);
    let row = rowIds.get(key);
    if (row === undefined) {
      row = rowFirst.length;
      rowIds.set(key, row);
      rowFirst.push(i);
    }
    rowOf[i] = row;
  }
  const nRows = rowFirst.length;

  // ---- Pass 3: counts per row; the totals are one more row.
  const T = nRows;
  const requested = new Int32Array(nRows + 1);
  const filled = new Int32Array(nRows + 1);
  const unfilled = new Int32Array(nRows + 1);
  const pending = new Int32Array(nRows + 1);
  const cancelled = new Int32Array(nRows + 1);
  const fallback = new Int32Array((nRows + 1) * 3);
  const demandMinutes = new Float64Array(nRows + 1);
  const bookedMinutes = new Float64Array(nRows + 1);
  const unmetMinutes = new Float64Array(nRows + 1);
  const pairIds = new Map<number, number>();
  const pairs: ZeroSupplyPair[] = [];
  const nAreas = areas.names.length;
  for (let i = 0; i < n; i++) {
    const r = demand[record[i] ?? 0];
    if (!r) continue;
    const row = rowOf[i] ?? 0;
    const o = outcome[i];
    if (o === CANCELLED) {
      cancelled[row] = (cancelled[row] ?? 0) + 1;
      cancelled[T] = (cancelled[T] ?? 0) + 1;
      continue;
    }
    const minutes = r.durationMinutes;
    requested[row] = (requested[row] ?? 0) + 1;
    requested[T] = (requested[T] ?? 0) + 1;
    demandMinutes[row] = (demandMinutes[row] ?? 0) + minutes;
    demandMinutes[T] = (demandMinutes[T] ?? 0) + minutes;
    if (o === FILLED) {
      filled[row] = (filled[row] ?? 0) + 1;
      filled[T] = (filled[T] ?? 0) + 1;
      bookedMinutes[row] = (bookedMinutes[row] ?? 0) + minutes;
      bookedMinutes[T] = (bookedMinutes[T] ?? 0) + minutes;
      const step = r.fallbackStep === 'neighbouring_area' ? 0 : r.fallbackStep === 'video' ? 1 : r.fallbackStep === 'phone' ? 2 : -1;
      if (step >= 0) {
        fallback[row * 3 + step] = (fallback[row * 3 + step] ?? 0) + 1;
        fallback[T * 3 + step] = (fallback[T * 3 + step] ?? 0) + 1;
      }
    } else if (o === UNFILLED) {
      unfilled[row] = (unfilled[row] ?? 0) + 1;
      unfilled[T] = (unfilled[T] ?? 0) + 1;
      unmetMinutes[row] = (unmetMinutes[row] ?? 0) + minutes;
      unmetMinutes[T] = (unmetMinutes[T] ?? 0) + minutes;
    } else {
      pending[row] = (pending[row] ?? 0) + 1;
      pending[T] = (pending[T] ?? 0) + 1;
    }
    const pairKey = (langId[i] ?? 0) * nAreas + (areaId[i] ?? 0);
    let p = pairIds.get(pairKey);
    if (p === undefined) {
      p = pairs.length;
      pairIds.set(pairKey, p);
      pairs.push({ language: languages.names[langId[i] ?? 0] ?? '', area: r.area, requested: 0, demandMinutes: 0 });
    }
    const pair = pairs[p];
    if (pair) {
      pair.requested++;
      pair.demandMinutes += minutes;
    }
  }
  const ttf = segments(nRows, rowOf, (i) => outcome[i] === FILLED && !Number.isNaN(minutesToFill[i] ?? NaN), n);
  const unfilledOf = segments(nRows, rowOf, (i) => outcome[i] === UNFILLED, n);

  // ---- Supply: each mediator expanded once into the time buckets, added to every group it matches.
  const groups: Group[] = [];
  const byIndex = new Map<string, Group[]>();
  const indexDim = (['language', 'area', 'service', 'sector'] as const).find((d) => plainDims.includes(d)) ?? null;
  for (let g = 0; g < nGroups; g++) {
    const i = groupFirst[g] ?? 0;
    const r = demand[record[i] ?? 0];
    const serviceArea = groupService && r ? (Object.prototype.hasOwnProperty.call(input.serviceAreas, r.serviceId) ? input.serviceAreas[r.serviceId] : undefined) : null;
    const group: Group = {
      language: plainDims.includes('language') ? (languages.names[langId[i] ?? 0] ?? '') : null,
      area: plainDims.includes('area') ? (r?.area ?? '') : null,
      sector: groupSector ? (r?.sector ?? '') : null,
      serviceArea,
      supplyMs: null,
      mediators: null,
    };
    groups.push(group);
    if (serviceArea === undefined) continue; // a service whose area is unknown: its supply cannot be attributed
    group.supplyMs = new Float64Array(buckets);
    group.mediators = new Int32Array(buckets);
    const indexValue =
      indexDim === 'language' ? group.language : indexDim === 'area' ? group.area : indexDim === 'service' ? serviceArea : indexDim === 'sector' ? group.sector : '';
    const list = byIndex.get(indexValue ?? '');
    if (list) list.push(group);
    else byIndex.set(indexValue ?? '', [group]);
  }

  const sums = new BucketSums(buckets);
  const minutesCache = new Map<string, number>();
  const primaryOfTag = new Map<string, string>();
  const pairsWithSpeaker = new Set<number>();
  let totalSupplyMs = 0;
  let totalMediators = 0;
  for (const m of input.mediators) {
    const spoken = new Set<string>();
    for (const tag of m.languages) {
      let primary = primaryOfTag.get(tag);
      if (primary === undefined) {
        primary = baseLanguage(tag);
        primaryOfTag.set(tag, primary);
      }
      spoken.add(primary);
    }
    const served = new Set(m.areas);
    const listed = new Set(m.sectors);
    for (const language of spoken) {
      const l = languages.ids.get(language);
      if (l === undefined) continue;
      for (const area of served) {
        const a = areas.ids.get(area);
        if (a !== undefined) pairsWithSpeaker.add(l * nAreas + a);
      }
    }

    sums.reset();
    const ms = accumulateSupply(cal, prepareAvailability(m, minutesCache), bucketOf, hasBand, sums);
    if (ms <= 0) continue;
    totalSupplyMs += ms;
    totalMediators++;

    const indexValues: Iterable<string> = indexDim === 'language' ? spoken : indexDim === 'area' || indexDim === 'service' ? served : indexDim === 'sector' ? listed : [''];
    for (const value of indexValues) {
      for (const g of byIndex.get(value) ?? []) {
        if (g.language !== null && !spoken.has(g.language)) continue;
        if (g.area !== null && !served.has(g.area)) continue;
        if (g.sector !== null && !listed.has(g.sector)) continue;
        if (g.serviceArea !== null && (g.serviceArea === undefined || !served.has(g.serviceArea))) continue;
        const supply = g.supplyMs;
        const mediators = g.mediators;
        if (!supply || !mediators) continue;
        for (let t = 0; t < sums.count; t++) {
          const b = sums.touched[t] ?? 0;
          supply[b] = (supply[b] ?? 0) + (sums.values[b] ?? 0);
          mediators[b] = (mediators[b] ?? 0) + 1;
        }
      }
    }
  }

  // ---- Figures.
  const reasonCount = new Int32Array(reasons.names.length);
  const makeRow = (
    key: CoverageRow['key'],
    row: number,
    fills: Float64Array,
    unfilledItems: Int32Array,
    supplyMs: number | null,
    mediators: number | null,
  ): CoverageRow => {
    fills.sort();
    const codes: number[] = [];
    for (const i of unfilledItems) {
      const id = reasonId[i] ?? 0;
      if (reasonCount[id] === 0) codes.push(id);
      reasonCount[id] = (reasonCount[id] ?? 0) + 1;
    }
    const reasonEntries = codes
      .map((id): [string, number] => [reasons.names[id] ?? '', reasonCount[id] ?? 0])
      .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
    for (const id of codes) reasonCount[id] = 0;
    const f = filled[row] ?? 0;
    const u = unfilled[row] ?? 0;
    const supplyMinutes = supplyMs === null ? null : supplyMs / MINUTE;
    const booked = bookedMinutes[row] ?? 0;
    return {
      key,
      requested: requested[row] ?? 0,
      filled: f,
      unfilled: u,
      pending: pending[row] ?? 0,
      cancelled: cancelled[row] ?? 0,
      unfilledReasons: Object.fromEntries(reasonEntries),
      fillRate: f + u === 0 ? null : f / (f + u),
      medianMinutesToFill: nearestRank(fills, 50),
      p90MinutesToFill: nearestRank(fills, 90),
      fallbackSteps: { neighbouring_area: fallback[row * 3] ?? 0, video: fallback[row * 3 + 1] ?? 0, phone: fallback[row * 3 + 2] ?? 0 },
      demandMinutes: demandMinutes[row] ?? 0,
      bookedMinutes: booked,
      unmetMinutes: unmetMinutes[row] ?? 0,
      supplyMinutes,
      utilisation: supplyMinutes === null || supplyMinutes === 0 ? null : booked / supplyMinutes,
      mediators,
    };
  };
  const valuesOf = (items: Int32Array, fromIndex: number, toIndex: number): Float64Array => {
    const out = new Float64Array(toIndex - fromIndex);
    for (let k = fromIndex; k < toIndex; k++) out[k - fromIndex] = minutesToFill[items[k] ?? 0] ?? 0;
    return out;
  };

  // ---- Rows, sorted by key in groupBy order (names in code-point order, weeks, weekdays and bands in time order).
  const ranks = plainNames.map((names) => names.ranks());
  const cards = groupBy.map((dim) => {
    const p = plainDims.indexOf(dim);
    return p >= 0 ? (plainNames[p]?.names.length ?? 1) : dim === 'week' ? W : dim === 'weekday' ? 7 : 4;
  });
  const sortKeys = new Int32Array(nRows * groupBy.length);
  const rows: CoverageRow[] = [];
  for (let row = 0; row < nRows; row++) {
    const i = rowFirst[row] ?? 0;
    const g = groups[groupOf[i] ?? 0];
    const b = bucket[i] ?? 0;
    const key: Partial<Record<CoverageDimension, string | number>> = {};
    groupBy.forEach((dim, k) => {
      let sortKey: number;
      if (dim === 'week') {
        sortKey = Math.floor(b / (BB * WD));
        key.week = cal.weeks[sortKey] ?? '';
      } else if (dim === 'weekday') {
        sortKey = Math.floor(b / BB) % WD;
        key.weekday = sortKey + 1;
      } else if (dim === 'timeBand') {
        sortKey = b % BB;
        key.timeBand = TIME_BANDS[sortKey] ?? 'night';
      } else {
        const p = plainDims.indexOf(dim);
        const id = plainIds[p]?.[i] ?? 0;
        key[dim] = plainNames[p]?.names[id] ?? '';
        sortKey = ranks[p]?.[id] ?? 0;
      }
      sortKeys[row * groupBy.length + k] = sortKey;
    });
    const supply = g?.supplyMs ? (g.supplyMs[b] ?? 0) : null;
    const mediators = g?.mediators ? (g.mediators[b] ?? 0) : null;
    const fills = valuesOf(ttf.items, ttf.offsets[row] ?? 0, ttf.offsets[row + 1] ?? 0);
    const unfilledItems = unfilledOf.items.subarray(unfilledOf.offsets[row] ?? 0, unfilledOf.offsets[row + 1] ?? 0);
    rows.push(makeRow(key, row, fills, unfilledItems, supply, mediators));
  }
  const order = rows.map((_, r) => r);
  const width = groupBy.length;
  const span = cards.reduce((a, c) => a * Math.max(1, c), 1);
  if (span <= Number.MAX_SAFE_INTEGER) {
    const composite = new Float64Array(nRows);
    for (let r = 0; r < nRows; r++) {
      let v = 0;
      for (let k = 0; k < width; k++) v = v * Math.max(1, cards[k] ?? 1) + (sortKeys[r * width + k] ?? 0);
      composite[r] = v;
    }
    order.sort((a, b) => (composite[a] ?? 0) - (composite[b] ?? 0));
  } else {
    order.sort((a, b) => {
      for (let k = 0; k < width; k++) {
        const c = (sortKeys[a * width + k] ?? 0) - (sortKeys[b * width + k] ?? 0);
        if (c !== 0) return c;
      }
      return 0;
    });
  }

  const zeroSupply = pairs
    .filter((_, p) => {
      const pair = pairs[p];
      const key = (languages.ids.get(pair?.language ?? '') ?? 0) * nAreas + (areas.ids.get(pair?.area ?? '') ?? 0);
      return !pairsWithSpeaker.has(key);
    })
    .sort((a, b) => b.requested - a.requested || compareStrings(a.language, b.language) || compareStrings(a.area, b.area));

  const allFills = valuesOf(ttf.items, 0, ttf.items.length);
  const { key: _all, ...totals } = makeRow({}, T, allFills, unfilledOf.items, totalSupplyMs, totalMediators);
  return {
    rows: order.map((r) => rows[r]).filter((r): r is CoverageRow => r !== undefined),
    zeroSupply,
    totals,
    definitions: { ...COVERAGE_DEFINITIONS },
  };
}
