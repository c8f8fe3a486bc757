/**
 * The coverage report: which languages, areas and hours lacked mediators in a period.
 *
 * Pure aggregation over requests (demand) and active mediators (supply); everything, including
 * "now", is passed in. Every figure is defined in plain English in `COVERAGE_DEFINITIONS`, which
 * the report carries so that the API docs and the CSV can show them.
 *
 * Cost: the requests arrive as columns (`DemandTable`: typed arrays, text as indexes into shared
 * strings, as storage caches them) and are counted per row from there, each distinct string looked
 * up once; the time zone is consulted about once per local day of the period, for all mediators
 * together (supply.ts); each mediator is expanded once into the time buckets the grouping needs
 * (week / weekday / time band) and added to every (language, area, sector, service) group it
 * matches. One year, 229,000 requests and 2,000 mediators: 70–90 ms on 2 shared cores.
 */
import {
  DemandStrings,
  type DemandTable,
  demandTable,
  T_AREA,
  T_FALLBACK,
  T_LANGUAGE,
  T_REASON,
  T_SECTOR,
  T_SERVICE,
  T_STATUS,
  TEXTS,
} from './demand-table.js';
import { baseLanguage } from './languages.js';
import { type AppointmentStatus, FALLBACK_STEPS, type FallbackStep } from './vocabulary.js';

/** Fallback steps counted per row (the ladder's, in its order). */
const STEPS = FALLBACK_STEPS.length;
import { MINUTE } from './intervals.js';
import {
  accumulateSupply,
  bandOf,
  BucketSums,
  buildCalendar,
  type Calendar,
  dayIndexOf,
  planDays,
  prepareAvailability,
  type SupplyMediator,
  TIME_BANDS,
} from './supply.js';

export { supplyMinutes, TIME_BANDS, type SupplyMediator, type TimeBand } from './supply.js';

export const COVERAGE_DIMENSIONS = ['language', 'area', 'week', 'weekday', 'timeBand', 'sector', 'service'] as const;
export type CoverageDimension = (typeof COVERAGE_DIMENSIONS)[number];


/** One appointment request. */
export interface DemandRecord {
  /** BCP 47; grouped by primary subtag (ar-MA → ar). */
  language: string;
  area: string;
  serviceId: string;
  sector: string;
  /** Epoch ms. */
  start: number;
  durationMinutes: number;
  status: AppointmentStatus;
  createdAt: number;
  bookedAt: number | null;
  fallbackStep: FallbackStep | null;
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
  /** The requests: records, or the same as a table. */
  demand: readonly DemandRecord[] | DemandTable;
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
  fallbackSteps: Record<FallbackStep, number>;
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
type PlainDimension = 'language' | 'area' | 'sector' | 'service';

/** Request outcome as counted here. */
const CANCELLED = 0;
const FILLED = 1;
const UNFILLED = 2;
const PENDING = 3;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Strings ↔ dense ids, with their code-point order. */
class Interner extends DemandStrings {
  /** rank[id]: position of the name in code-point order. */
  ranks(): Int32Array {
    const order = this.list.map((_, i) => i).sort((a, b) => compareStrings(this.list[a] ?? '', this.list[b] ?? ''));
    const rank = new Int32Array(order.length);
    order.forEach((id, r) => {
      rank[id] = r;
    });
    return rank;
  }
}

/** The grouping: which dimensions, and how days × bands map to time buckets. */
interface Shape {
  groupBy: CoverageDimension[];
  plainDims: PlainDimension[];
  hasBand: boolean;
  hasTime: boolean;
  /** Sizes of the week, weekday and band parts of a bucket index (1 when not grouped). */
  W: number;
  WD: number;
  BB: number;
  buckets: number;
  /** Bucket of day d, band k: bucketOf[d * 4 + k]. */
  bucketOf: Int32Array;
}

function shapeOf(requested: readonly CoverageDimension[], cal: Calendar): Shape {
  const groupBy = [...new Set(requested)].filter((d) => (COVERAGE_DIMENSIONS as readonly string[]).includes(d));
  const plainDims = groupBy.filter((d): d is PlainDimension => !TIME_DIMENSIONS.has(d));
  const hasWeek = groupBy.includes('week');
  const hasWeekday = groupBy.includes('weekday');
  const hasBand = groupBy.includes('timeBand');
  const W = hasWeek ? Math.max(1, cal.weeks.length) : 1;
  const WD = hasWeekday ? 7 : 1;
  const BB = hasBand ? 4 : 1;
  const bucketOf = new Int32Array(cal.length * 4);
  for (let d = 0; d < cal.length; d++) {
    const base = ((hasWeek ? (cal.weekIndex[d] ?? 0) : 0) * WD + (hasWeekday ? (cal.weekday[d] ?? 1) - 1 : 0)) * BB;
    for (let k = 0; k < 4; k++) bucketOf[d * 4 + k] = base + (hasBand ? k : 0);
  }
  return { groupBy, plainDims, hasBand, hasTime: hasWeek || hasWeekday || hasBand, W, WD, BB, buckets: W * WD * BB, bucketOf };
}

/** The requests of the period as columns: position i = the i-th request of the period. */
interface DemandColumns {
  n: number;
  record: Int32Array;
  outcome: Uint8Array;
  bucket: Int32Array;
  ids: Record<PlainDimension, Int32Array>;
  names: Record<PlainDimension, Interner>;
  reasonId: Int32Array;
  reasons: Interner;
  /** NaN when not filled or without bookedAt. */
  minutesToFill: Float64Array;
  duration: Float64Array;
  /** Fallback step index (neighbouring_area 0, video 1, phone 2) of filled requests, else −1. */
  step: Int8Array;
  /** (language, area) pairs with requests (cancelled aside), and their ids. */
  pairs: ZeroSupplyPair[];
  pairLanguage: number[];
  pairArea: number[];
}

function readDemand(input: CoverageInput, table: DemandTable, cal: Calendar, shape: Shape): DemandColumns {
  const { from, to, now } = input;
  const N = table.n;
  const { start, durationMinutes, createdAt, bookedAt, texts, strings } = table;
  const names: Record<PlainDimension, Interner> = { language: new Interner(), area: new Interner(), sector: new Interner(), service: new Interner() };
  const reasons = new Interner();
  const groupSector = shape.plainDims.includes('sector');
  const groupService = shape.plainDims.includes('service');
  const langId = new Int32Array(N);
  const areaId = new Int32Array(N);
  const ids: Record<PlainDimension, Int32Array> = {
    language: langId,
    area: areaId,
    sector: groupSector ? new Int32Array(N) : langId,
    service: groupService ? new Int32Array(N) : langId,
  };
  const cols: DemandColumns = {
    n: 0,
    record: new Int32Array(N),
    outcome: new Uint8Array(N),
    bucket: new Int32Array(N),
    ids,
    names,
    reasonId: new Int32Array(N),
    reasons,
    minutesToFill: new Float64Array(N).fill(NaN),
    duration: new Float64Array(N),
    step: new Int8Array(N).fill(-1),
    pairs: [],
    pairLanguage: [],
    pairArea: [],
  };
  const { record, outcome, bucket, reasonId, minutesToFill, duration, step, pairs } = cols;
  // Per string of the table, its id in each interner (−1: not seen yet): one Map lookup per distinct string.
  const perString = (make: (text: string) => number) => {
    const memo = new Int32Array(strings.length).fill(-1);
    return (k: number): number => {
      let v = memo[k] ?? -1;
      if (v === -1) {
        v = make(strings[k] ?? '');
        memo[k] = v;
      }
      return v;
    };
  };
  const languageOf = perString((tag) => names.language.id(baseLanguage(tag)));
  const areaOf = perString((area) => names.area.id(area));
  const sectorOf = perString((sector) => names.sector.id(sector));
  const serviceOf = perString((service) => names.service.id(service));
  const reasonOf = perString((code) => reasons.id(code));
  const STATUS: Record<string, number> = { cancelled: CANCELLED, booked: FILLED, unfilled: UNFILLED };
  const statusOf = perString((status) => STATUS[status] ?? PENDING);
  const stepOf = perString((fallback) => FALLBACK_STEPS.indexOf(fallback as FallbackStep));
  const pairIds = new Map<number, number>();
  const { hasTime, hasBand, bucketOf } = shape;
  let n = 0;
  for (let i = 0; i < N; i++) {
    const begins = start[i] ?? NaN;
    if (!(begins >= from && begins < to)) continue;
    const at = i * TEXTS;
    record[n] = i;
    const lang = languageOf(texts[at + T_LANGUAGE] ?? 0);
    const areaText = texts[at + T_AREA] ?? 0;
    const area = areaOf(areaText);
    langId[n] = lang;
    areaId[n] = area;
    if (groupSector) ids.sector[n] = sectorOf(texts[at + T_SECTOR] ?? 0);
    if (groupService) ids.service[n] = serviceOf(texts[at + T_SERVICE] ?? 0);
    if (hasTime) {
      const d = dayIndexOf(cal, begins);
      bucket[n] = d < 0 ? 0 : (bucketOf[d * 4 + (hasBand ? bandOf(cal, d, begins) : 0)] ?? 0);
    }
    const minutes = durationMinutes[i] ?? 0;
    duration[n] = minutes;
    const status = statusOf(texts[at + T_STATUS] ?? 0);
    if (status === CANCELLED) {
      outcome[n] = CANCELLED;
      n++;
      continue;
    }
    if (status === FILLED) {
      outcome[n] = FILLED;
      const booked = bookedAt[i] ?? NaN;
      if (!Number.isNaN(booked)) minutesToFill[n] = (booked - (createdAt[i] ?? 0)) / MINUTE;
      const fallback = texts[at + T_FALLBACK] ?? -1;
      step[n] = fallback < 0 ? -1 : stepOf(fallback);
    } else if (status === UNFILLED) {
      outcome[n] = UNFILLED;
      const reason = texts[at + T_REASON] ?? -1;
      reasonId[n] = reason < 0 ? reasons.id(UNSPECIFIED_REASON) : reasonOf(reason);
    } else if (begins <= now) {
      outcome[n] = UNFILLED;
      reasonId[n] = reasons.id(EXPIRED_UNASSIGNED);
    } else {
      outcome[n] = PENDING;
    }
    // Zero-supply candidates: (language, area) pairs with requests. Ids are below N + 1.
    const pairKey = lang * (N + 1) + area;
    let p = pairIds.get(pairKey);
    if (p === undefined) {
      p = pairs.length;
      pairIds.set(pairKey, p);
      pairs.push({ language: names.language.list[lang] ?? '', area: strings[areaText] ?? '', requested: 0, demandMinutes: 0 });
      cols.pairLanguage.push(lang);
      cols.pairArea.push(area);
    }
    const pair = pairs[p];
    if (pair) {
      pair.requested++;
      pair.demandMinutes += minutes;
    }
    n++;
  }
  cols.n = n;
  return cols;
}

/** Which group (combination of language, area, sector, service) and which row each request is in. */
interface RowAssignment {
  nGroups: number;
  groupOf: Int32Array;
  /** Position of the first request of each group / row. */
  groupFirst: Int32Array;
  nRows: number;
  rowOf: Int32Array;
  rowFirst: Int32Array;
}

/** Dense ids for the distinct (previous id, next id) combinations. */
function combine(prev: Int32Array, next: Int32Array, card: number, n: number): { ids: Int32Array; count: number } {
  const seen = new Map<number, number>();
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = (prev[i] ?? 0) * card + (next[i] ?? 0);
    let g = seen.get(key);
    if (g === undefined) {
      g = seen.size;
      seen.set(key, g);
    }
    ids[i] = g;
  }
  return { ids, count: seen.size };
}

function assignRows(cols: DemandColumns, shape: Shape): RowAssignment {
  const { n, bucket } = cols;
  let groupOf: Int32Array = new Int32Array(n);
  let nGroups = n > 0 ? 1 : 0;
  shape.plainDims.forEach((dim, k) => {
    if (k === 0) {
      groupOf = cols.ids[dim].slice(0, n);
      nGroups = cols.names[dim].list.length;
    } else {
      const next = combine(groupOf, cols.ids[dim], cols.names[dim].list.length, n);
      groupOf = next.ids;
      nGroups = next.count;
    }
  });
  const groupFirst = new Int32Array(nGroups).fill(-1);
  const rowIds = new Map<number, number>();
  const rowOf = new Int32Array(n);
  const rowFirst: number[] = [];
  const buckets = shape.buckets;
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
  return { nGroups, groupOf, groupFirst, nRows: rowFirst.length, rowOf, rowFirst: Int32Array.from(rowFirst) };
}

/** Counts per row; the totals are one more row, at index nRows. */
interface Tally {
  requested: Int32Array;
  filled: Int32Array;
  unfilled: Int32Array;
  pending: Int32Array;
  cancelled: Int32Array;
  /** [row * STEPS + index of the step in FALLBACK_STEPS] */
  fallback: Int32Array;
  demandMinutes: Float64Array;
  bookedMinutes: Float64Array;
  unmetMinutes: Float64Array;
}

function tally(cols: DemandColumns, rows: RowAssignment): Tally {
  const size = rows.nRows + 1;
  const T = rows.nRows;
  const t: Tally = {
    requested: new Int32Array(size),
    filled: new Int32Array(size),
    unfilled: new Int32Array(size),
    pending: new Int32Array(size),
    cancelled: new Int32Array(size),
    fallback: new Int32Array(size * STEPS),
    demandMinutes: new Float64Array(size),
    bookedMinutes: new Float64Array(size),
    unmetMinutes: new Float64Array(size),
  };
  const { requested, filled, unfilled, pending, cancelled, fallback, demandMinutes, bookedMinutes, unmetMinutes } = t;
  const { outcome, duration, step } = cols;
  const { rowOf } = rows;
  for (let i = 0; i < cols.n; i++) {
    const row = rowOf[i] ?? 0;
    const o = outcome[i];
    if (o === CANCELLED) {
      cancelled[row] = (cancelled[row] ?? 0) + 1;
      cancelled[T] = (cancelled[T] ?? 0) + 1;
      continue;
    }
    const minutes = duration[i] ?? 0;
    requested[row] = (requested[row] ?? 0) + 1;
    requested[T] = (requested[T] ?? 0) + 1;
    demandMinutes[row] = (demandMinutes[row] ?? 0) + minutes;
    demandMinutes[T] = (demandMinutes[T] ?? 0) + minutes;
    if (o === FILLED) {
      filled[row] = (filled[row] ?? 0) + 1;
      filled[T] = (filled[T] ?? 0) + 1;
      bookedMinutes[row] = (bookedMinutes[row] ?? 0) + minutes;
      bookedMinutes[T] = (bookedMinutes[T] ?? 0) + minutes;
      const k = step[i] ?? -1;
      if (k >= 0) {
        fallback[row * STEPS + k] = (fallback[row * STEPS + k] ?? 0) + 1;
        fallback[T * STEPS + k] = (fallback[T * STEPS + k] ?? 0) + 1;
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
  }
  return t;
}

/** Request positions of each row, contiguous: row r's are items[offsets[r] … offsets[r + 1]). */
interface Segments {
  offsets: Int32Array;
  items: Int32Array;
}

function segments(rows: RowAssignment, n: number, include: Uint8Array): Segments {
  const { nRows, rowOf } = rows;
  const offsets = new Int32Array(nRows + 1);
  for (let i = 0; i < n; i++) {
    if (include[i] !== 1) continue;
    const r = (rowOf[i] ?? 0) + 1;
    offsets[r] = (offsets[r] ?? 0) + 1;
  }
  for (let r = 0; r < nRows; r++) offsets[r + 1] = (offsets[r + 1] ?? 0) + (offsets[r] ?? 0);
  const fill = offsets.slice(0, nRows);
  const items = new Int32Array(offsets[nRows] ?? 0);
  for (let i = 0; i < n; i++) {
    if (include[i] !== 1) continue;
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
  /** Per time bucket; null when supply cannot be attributed (unknown service area). */
  supplyMs: Float64Array | null;
  mediators: Int32Array | null;
}

interface Supply {
  groups: Group[];
  totalMs: number;
  totalMediators: number;
  /** language id × areas + area id, for every (language, area) some mediator covers. */
  pairsWithSpeaker: Set<number>;
}

function buildGroups(input: CoverageInput, table: DemandTable, cols: DemandColumns, shape: Shape, rows: RowAssignment): Group[] {
  const dims = shape.plainDims;
  const groups: Group[] = [];
  for (let g = 0; g < rows.nGroups; g++) {
    const i = rows.groupFirst[g] ?? 0;
    const at = (cols.record[i] ?? 0) * TEXTS;
    const text = (k: number) => table.strings[table.texts[at + k] ?? -1] ?? '';
    const serviceId = text(T_SERVICE);
    const serviceArea = dims.includes('service') ? (Object.prototype.hasOwnProperty.call(input.serviceAreas, serviceId) ? input.serviceAreas[serviceId] : undefined) : null;
    const known = serviceArea !== undefined;
    groups.push({
      language: dims.includes('language') ? (cols.names.language.list[cols.ids.language[i] ?? 0] ?? '') : null,
      area: dims.includes('area') ? text(T_AREA) : null,
      sector: dims.includes('sector') ? text(T_SECTOR) : null,
      serviceArea,
      supplyMs: known ? new Float64Array(shape.buckets) : null,
      mediators: known ? new Int32Array(shape.buckets) : null,
    });
  }
  return groups;
}

function computeSupply(input: CoverageInput, table: DemandTable, cal: Calendar, shape: Shape, cols: DemandColumns, rows: RowAssignment): Supply {
  const groups = buildGroups(input, table, cols, shape, rows);
  // Groups indexed by the first grouped non-time dimension, matched against each mediator's values of it.
  const indexDim = (['language', 'area', 'service', 'sector'] as const).find((d) => shape.plainDims.includes(d)) ?? null;
  const byIndex = new Map<string, Group[]>();
  for (const g of groups) {
    if (!g.supplyMs) continue;
    const value = (indexDim === 'language' ? g.language : indexDim === 'area' ? g.area : indexDim === 'service' ? g.serviceArea : indexDim === 'sector' ? g.sector : '') ?? '';
    const list = byIndex.get(value);
    if (list) list.push(g);
    else byIndex.set(value, [g]);
  }

  const languages = cols.names.language.ids;
  const areas = cols.names.area.ids;
  const nAreas = cols.names.area.list.length;
  const sums = new BucketSums(shape.buckets);
  const plan = planDays(cal, shape.bucketOf);
  const minutesCache = new Map<string, number>();
  const primaryOfTag = new Map<string, string>();
  const supply: Supply = { groups, totalMs: 0, totalMediators: 0, pairsWithSpeaker: new Set() };
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
    for (const language of spoken) {
      const l = languages.get(language);
      if (l === undefined) continue;
      for (const area of served) {
        const a = areas.get(area);
        if (a !== undefined) supply.pairsWithSpeaker.add(l * nAreas + a);
      }
    }

    sums.reset();
    const ms = accumulateSupply(cal, plan, prepareAvailability(m, minutesCache), shape.bucketOf, shape.hasBand, sums);
    if (ms <= 0) continue;
    supply.totalMs += ms;
    supply.totalMediators++;
    const listed = new Set(m.sectors);
    const indexValues: Iterable<string> =
      indexDim === 'language' ? spoken : indexDim === 'area' || indexDim === 'service' ? served : indexDim === 'sector' ? listed : [''];
    for (const value of indexValues) {
      for (const g of byIndex.get(value) ?? []) {
        if (g.language !== null && !spoken.has(g.language)) continue;
        if (g.area !== null && !served.has(g.area)) continue;
        if (g.sector !== null && !listed.has(g.sector)) continue;
        if (g.serviceArea !== null && (g.serviceArea === undefined || !served.has(g.serviceArea))) continue;
        addTo(g, sums);
      }
    }
  }
  return supply;
}

/** Adds one mediator's bucket sums to a group: minutes, and one more mediator where there are any. */
function addTo(g: Group, sums: BucketSums): void {
  const supply = g.supplyMs;
  const mediators = g.mediators;
  if (!supply || !mediators) return;
  for (let t = 0; t < sums.count; t++) {
    const b = sums.touched[t] ?? 0;
    const ms = sums.values[b] ?? 0;
    if (ms <= 0) continue;
    supply[b] = (supply[b] ?? 0) + ms;
    mediators[b] = (mediators[b] ?? 0) + 1;
  }
}

/** Nearest-rank percentile of ascending `sorted`: the value at 1-based position ⌈n × pct / 100⌉. */
function nearestRank(sorted: Float64Array, pct: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.floor((pct * n + 99) / 100));
  return sorted[rank - 1] ?? null;
}

/** The figures of row `row` (or of the totals), from the tally and the row's filled and unfilled requests. */
function makeRow(
  key: CoverageRow['key'],
  row: number,
  t: Tally,
  cols: DemandColumns,
  fillItems: Int32Array,
  unfilledItems: Int32Array,
  reasonCount: Int32Array,
  supplyMs: number | null,
  mediators: number | null,
): CoverageRow {
  const fills = new Float64Array(fillItems.length);
  for (let k = 0; k < fillItems.length; k++) fills[k] = cols.minutesToFill[fillItems[k] ?? 0] ?? 0;
  fills.sort();
  const codes: number[] = [];
  for (let k = 0; k < unfilledItems.length; k++) {
    const id = cols.reasonId[unfilledItems[k] ?? 0] ?? 0;
    if (reasonCount[id] === 0) codes.push(id);
    reasonCount[id] = (reasonCount[id] ?? 0) + 1;
  }
  const reasons = codes
    .map((id): [string, number] => [cols.reasons.list[id] ?? '', reasonCount[id] ?? 0])
    .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
  for (const id of codes) reasonCount[id] = 0;
  const filled = t.filled[row] ?? 0;
  const unfilled = t.unfilled[row] ?? 0;
  const booked = t.bookedMinutes[row] ?? 0;
  const supplyMinutes = supplyMs === null ? null : supplyMs / MINUTE;
  return {
    key,
    requested: t.requested[row] ?? 0,
    filled,
    unfilled,
    pending: t.pending[row] ?? 0,
    cancelled: t.cancelled[row] ?? 0,
    unfilledReasons: Object.fromEntries(reasons),
    fillRate: filled + unfilled === 0 ? null : filled / (filled + unfilled),
    medianMinutesToFill: nearestRank(fills, 50),
    p90MinutesToFill: nearestRank(fills, 90),
    fallbackSteps: Object.fromEntries(FALLBACK_STEPS.map((s, k) => [s, t.fallback[row * STEPS + k] ?? 0])) as Record<FallbackStep, number>,
    demandMinutes: t.demandMinutes[row] ?? 0,
    bookedMinutes: booked,
    unmetMinutes: t.unmetMinutes[row] ?? 0,
    supplyMinutes,
    utilisation: supplyMinutes === null || supplyMinutes === 0 ? null : booked / supplyMinutes,
    mediators,
  };
}

/** Row order: by key in groupBy order; names in code-point order, weeks, weekdays and bands in time order. */
function sortedOrder(sortKeys: Int32Array, cards: number[], nRows: number): number[] {
  const width = cards.length;
  const order = Array.from({ length: nRows }, (_, r) => r);
  const span = cards.reduce((a, c) => a * Math.max(1, c), 1);
  if (span <= Number.MAX_SAFE_INTEGER) {
    const composite = new Float64Array(nRows);
    for (let r = 0; r < nRows; r++) {
      let v = 0;
      for (let k = 0; k < width; k++) v = v * Math.max(1, cards[k] ?? 1) + (sortKeys[r * width + k] ?? 0);
      composite[r] = v;
    }
    return order.sort((a, b) => (composite[a] ?? 0) - (composite[b] ?? 0));
  }
  return order.sort((a, b) => {
    for (let k = 0; k < width; k++) {
      const c = (sortKeys[a * width + k] ?? 0) - (sortKeys[b * width + k] ?? 0);
      if (c !== 0) return c;
    }
    return 0;
  });
}

export function coverageReport(input: CoverageInput): CoverageReport {
  const cal = buildCalendar(input.from, input.to, input.zone);
  const shape = shapeOf(input.groupBy, cal);
  const table = Array.isArray(input.demand) ? demandTable(input.demand as readonly DemandRecord[]) : (input.demand as DemandTable);
  const cols = readDemand(input, table, cal, shape);
  const rows = assignRows(cols, shape);
  const t = tally(cols, rows);
  const supply = computeSupply(input, table, cal, shape, cols, rows);

  const isFill = new Uint8Array(cols.n);
  const isUnfilled = new Uint8Array(cols.n);
  for (let i = 0; i < cols.n; i++) {
    isFill[i] = cols.outcome[i] === FILLED && !Number.isNaN(cols.minutesToFill[i] ?? NaN) ? 1 : 0;
    isUnfilled[i] = cols.outcome[i] === UNFILLED ? 1 : 0;
  }
  const fills = segments(rows, cols.n, isFill);
  const unfilled = segments(rows, cols.n, isUnfilled);
  const reasonCount = new Int32Array(cols.reasons.list.length);

  const { groupBy, plainDims, W, WD, BB } = shape;
  const ranks = plainDims.map((dim) => cols.names[dim].ranks());
  const cards = groupBy.map((dim) => {
    const p = plainDims.indexOf(dim as PlainDimension);
    return p >= 0 ? cols.names[plainDims[p] ?? 'language'].list.length : dim === 'week' ? W : dim === 'weekday' ? 7 : 4;
  });
  const sortKeys = new Int32Array(rows.nRows * groupBy.length);
  const list: CoverageRow[] = [];
  for (let row = 0; row < rows.nRows; row++) {
    const i = rows.rowFirst[row] ?? 0;
    const g = supply.groups[rows.groupOf[i] ?? 0];
    const b = cols.bucket[i] ?? 0;
    const key: CoverageRow['key'] = {};
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
        const id = cols.ids[dim][i] ?? 0;
        key[dim] = cols.names[dim].list[id] ?? '';
        sortKey = ranks[p]?.[id] ?? 0;
      }
      sortKeys[row * groupBy.length + k] = sortKey;
    });
    list.push(
      makeRow(
        key,
        row,
        t,
        cols,
        fills.items.subarray(fills.offsets[row] ?? 0, fills.offsets[row + 1] ?? 0),
        unfilled.items.subarray(unfilled.offsets[row] ?? 0, unfilled.offsets[row + 1] ?? 0),
        reasonCount,
        g?.supplyMs ? (g.supplyMs[b] ?? 0) : null,
        g?.mediators ? (g.mediators[b] ?? 0) : null,
      ),
    );
  }

  const nAreas = cols.names.area.list.length;
  const zeroSupply = cols.pairs
    .filter((_, p) => !supply.pairsWithSpeaker.has((cols.pairLanguage[p] ?? 0) * nAreas + (cols.pairArea[p] ?? 0)))
    .sort((a, b) => b.requested - a.requested || compareStrings(a.language, b.language) || compareStrings(a.area, b.area));

  const { key: _all, ...totals } = makeRow({}, rows.nRows, t, cols, fills.items, unfilled.items, reasonCount, supply.totalMs, supply.totalMediators);
  return {
    rows: sortedOrder(sortKeys, cards, rows.nRows)
      .map((r) => list[r])
      .filter((r): r is CoverageRow => r !== undefined),
    zeroSupply,
    totals,
    definitions: { ...COVERAGE_DEFINITIONS },
  };
}
