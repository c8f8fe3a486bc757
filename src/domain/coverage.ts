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
const SEP = '\u0000';

interface Acc {
  requested: number;
  filled: number;
  unfilled: number;
  pending: number;
  cancelled: number;
  reasons: Map<string, number>;
  minutesToFill: number[];
  neighbouring: number;
  video: number;
  phone: number;
  demandMinutes: number;
  bookedMinutes: number;
  unmetMinutes: number;
}

function newAcc(): Acc {
  return {
    requested: 0,
    filled: 0,
    unfilled: 0,
    pending: 0,
    cancelled: 0,
    reasons: new Map(),
    minutesToFill: [],
    neighbouring: 0,
    video: 0,
    phone: 0,
    demandMinutes: 0,
    bookedMinutes: 0,
    unmetMinutes: 0,
  };
}

function count(acc: Acc, r: DemandRecord, now: number): void {
  if (r.status === 'cancelled') {
    acc.cancelled++;
    return;
  }
  acc.requested++;
  acc.demandMinutes += r.durationMinutes;
  if (r.status === 'booked') {
    acc.filled++;
    acc.bookedMinutes += r.durationMinutes;
    if (r.bookedAt !== null) acc.minutesToFill.push((r.bookedAt - r.createdAt) / MINUTE);
    if (r.fallbackStep === 'neighbouring_area') acc.neighbouring++;
    else if (r.fallbackStep === 'video') acc.video++;
    else if (r.fallbackStep === 'phone') acc.phone++;
    return;
  }
  let reason: string | null = null;
  if (r.status === 'unfilled') reason = r.unfilledReason ?? UNSPECIFIED_REASON;
  else if (r.start <= now) reason = EXPIRED_UNASSIGNED;
  if (reason === null) {
    acc.pending++;
    return;
  }
  acc.unfilled++;
  acc.unmetMinutes += r.durationMinutes;
  acc.reasons.set(reason, (acc.reasons.get(reason) ?? 0) + 1);
}

/** Nearest-rank percentile of ascending `sorted`: the value at 1-based position ⌈n × pct / 100⌉. */
function nearestRank(sorted: Float64Array, pct: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.floor((pct * n + 99) / 100));
  return sorted[rank - 1] ?? null;
}

function figures(acc: Acc, supplyMs: number | null, mediators: number | null): CoverageFigures {
  const sorted = Float64Array.from(acc.minutesToFill).sort();
  const reasons = [...acc.reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const supplyMinutes = supplyMs === null ? null : supplyMs / MINUTE;
  return {
    requested: acc.requested,
    filled: acc.filled,
    unfilled: acc.unfilled,
    pending: acc.pending,
    cancelled: acc.cancelled,
    unfilledReasons: Object.fromEntries(reasons),
    fillRate: acc.filled + acc.unfilled === 0 ? null : acc.filled / (acc.filled + acc.unfilled),
    medianMinutesToFill: nearestRank(sorted, 50),
    p90MinutesToFill: nearestRank(sorted, 90),
    fallbackSteps: { neighbouring_area: acc.neighbouring, video: acc.video, phone: acc.phone },
    demandMinutes: acc.demandMinutes,
    bookedMinutes: acc.bookedMinutes,
    unmetMinutes: acc.unmetMinutes,
    supplyMinutes,
    utilisation: supplyMinutes === null || supplyMinutes === 0 ? null : acc.bookedMinutes / supplyMinutes,
    mediators,
  };
}

/** A combination of the non-time dimensions (language, area, sector, service) that has requests. */
interface Group {
  values: Array<string>;
  language: string | null;
  area: string | null;
  sector: string | null;
  /** The area the group's service is in; undefined when service is grouped but its area is unknown. */
  serviceArea: string | null | undefined;
  supplyMs: Float64Array | null;
  mediators: Int32Array | null;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function coverageReport(input: CoverageInput): CoverageReport {
  const { from, to, zone, now } = input;
  const groupBy = [...new Set(input.groupBy)].filter((d) => (COVERAGE_DIMENSIONS as readonly string[]).includes(d));
  const plainDims = groupBy.filter((d) => !TIME_DIMENSIONS.has(d));
  const hasWeek = groupBy.includes('week');
  const hasWeekday = groupBy.includes('weekday');
  const hasBand = groupBy.includes('timeBand');
  const hasTime = hasWeek || hasWeekday || hasBand;

  const T=(globalThis as any).__t ?? (()=>{}); T('start');
  const cal = buildCalendar(from, to, zone);T('cal');
  const nDays = cal.days.length;

  // Time buckets: (week?, weekday?, band?) → 0 … buckets − 1; bucketOf[day * 4 + band].
  const W = hasWeek ? Math.max(1, cal.weeks.length) : 1;
  const WD = hasWeekday ? 7 : 1;
  const BB = hasBand ? 4 : 1;
  const buckets = W * WD * BB;
  const bucketOf = new Int32Array(nDays * 4);
  for (let d = 0; d < nDays; d++) {
    const day = cal.days[d];
    if (!day) continue;
    for (let k = 0; k < 4; k++) {
      bucketOf[d * 4 + k] = ((hasWeek ? day.weekIndex : 0) * WD + (hasWeekday ? day.weekday - 1 : 0)) * BB + (hasBand ? k : 0);
    }
  }

  // ---- Demand: one pass.
  const primaryOf = new Map<string, string>();
  const primary = (tag: string): string => {
    let p = primaryOf.get(tag);
    if (p === undefined) {
      p = baseLanguage(tag);
      primaryOf.set(tag, p);
    }
    return p;
  };
  const groupIds = new Map<string, number>();
  const groups: Group[] = [];
  const rows = new Map<number, Acc>();
  const totals = newAcc();
  const pairs = new Map<string, ZeroSupplyPair>();
  const values: string[] = new Array<string>(plainDims.length).fill('');

  for (const r of input.demand) {
    if (!(r.start >= from && r.start < to)) continue;
    const language = primary(r.language);
    count(totals, r, now);

    if (r.status !== 'cancelled') {
      const pairKey = language + SEP + r.area;
      let pair = pairs.get(pairKey);
      if (!pair) {
        pair = { language, area: r.area, requested: 0, demandMinutes: 0 };
        pairs.set(pairKey, pair);
      }
      pair.requested++;
      pair.demandMinutes += r.durationMinutes;
    }

    for (let i = 0; i < plainDims.length; i++) {
      const dim = plainDims[i];
      values[i] = dim === 'language' ? language : dim === 'area' ? r.area : dim === 'sector' ? r.sector : r.serviceId;
    }
    const groupKey = values.join(SEP);
    let gid = groupIds.get(groupKey);
    if (gid === undefined) {
      gid = groups.length;
      groupIds.set(groupKey, gid);
      const serviceArea = plainDims.includes('service') ? input.serviceAreas[r.serviceId] : null;
      groups.push({
        values: [...values],
        language: plainDims.includes('language') ? language : null,
        area: plainDims.includes('area') ? r.area : null,
        sector: plainDims.includes('sector') ? r.sector : null,
        serviceArea: typeof serviceArea === 'string' || serviceArea === null ? serviceArea : undefined,
        supplyMs: null,
        mediators: null,
      });
    }

    let bucket = 0;
    if (hasTime) {
      const d = dayIndexOf(cal, r.start);
      const day = cal.days[d];
      if (day) bucket = bucketOf[d * 4 + (hasBand ? bandOf(day, r.start) : 0)] ?? 0;
    }
    const rowId = gid * buckets + bucket;
    let acc = rows.get(rowId);
    if (!acc) {
      acc = newAcc();
      rows.set(rowId, acc);
    }
    count(acc, r, now);
  }

  T('demand');
  // ---- Supply: each mediator expanded once, added to every group it matches.
  const byIndex = new Map<string, Group[]>();
  const indexDim: 'language' | 'area' | 'service' | 'sector' | null = plainDims.includes('language')
    ? 'language'
    : plainDims.includes('area')
      ? 'area'
      : plainDims.includes('service')
        ? 'service'
        : plainDims.includes('sector')
          ? 'sector'
          : null;
  for (const g of groups) {
    if (g.serviceArea === undefined) continue; // service with unknown area: supply cannot be attributed
    g.supplyMs = new Float64Array(buckets);
    g.mediators = new Int32Array(buckets);
    const k =
      indexDim === 'language' ? g.language : indexDim === 'area' ? g.area : indexDim === 'service' ? g.serviceArea : indexDim === 'sector' ? g.sector : '';
    const list = byIndex.get(k ?? '');
    if (list) list.push(g);
    else byIndex.set(k ?? '', [g]);
  }

  const sums = new BucketSums(buckets);
  const pairsWithSpeaker = new Set<string>();
  let totalSupplyMs = 0;
  let totalMediators = 0;
  for (const m of input.mediators) {
    const languages = new Set(m.languages.map(primary));
    const areas = new Set(m.areas);
    const sectors = new Set(m.sectors);
    for (const l of languages) for (const a of areas) pairsWithSpeaker.add(l + SEP + a);

    sums.reset();
    const ms = accumulateSupply(cal, prepareAvailability(m), bucketOf, hasBand, sums);
    if (ms <= 0) continue;
    totalSupplyMs += ms;
    totalMediators++;

    const indexValues: Iterable<string> =
      indexDim === 'language' ? languages : indexDim === 'area' || indexDim === 'service' ? areas : indexDim === 'sector' ? sectors : [''];
    for (const v of indexValues) {
      for (const g of byIndex.get(v) ?? []) {
        if (g.language !== null && !languages.has(g.language)) continue;
        if (g.area !== null && !areas.has(g.area)) continue;
        if (g.sector !== null && !sectors.has(g.sector)) continue;
        if (g.serviceArea !== null && (g.serviceArea === undefined || !areas.has(g.serviceArea))) continue;
        const supply = g.supplyMs;
        const mediators = g.mediators;
        if (!supply || !mediators) continue;
        for (let i = 0; i < sums.count; i++) {
          const b = sums.touched[i] ?? 0;
          const minutesMs = sums.values[b] ?? 0;
          if (minutesMs > 0) {
            supply[b] = (supply[b] ?? 0) + minutesMs;
            mediators[b] = (mediators[b] ?? 0) + 1;
          }
        }
      }
    }
  }

  T('supply');
  // ---- Rows.
  const out: Array<CoverageRow & { sortKey: Array<string | number> }> = [];
  for (const [rowId, acc] of rows) {
    const gid = Math.floor(rowId / buckets);
    const bucket = rowId - gid * buckets;
    const g = groups[gid];
    if (!g) continue;
    const band = bucket % BB;
    const weekday = Math.floor(bucket / BB) % WD;
    const week = Math.floor(bucket / (BB * WD));
    const key: Partial<Record<CoverageDimension, string | number>> = {};
    const sortKey: Array<string | number> = [];
    let p = 0;
    for (const dim of groupBy) {
      if (dim === 'week') {
        key.week = cal.weeks[week] ?? '';
        sortKey.push(week);
      } else if (dim === 'weekday') {
        key.weekday = weekday + 1;
        sortKey.push(weekday);
      } else if (dim === 'timeBand') {
        key.timeBand = TIME_BANDS[band] ?? 'night';
        sortKey.push(band);
      } else {
        const v = g.values[p++] ?? '';
        key[dim] = v;
        sortKey.push(v);
      }
    }
    const supply = g.supplyMs ? (g.supplyMs[bucket] ?? 0) : null;
    const mediators = g.mediators ? (g.mediators[bucket] ?? 0) : null;
    out.push({ key, ...figures(acc, supply, mediators), sortKey });
  }
  out.sort((a, b) => {
    for (let i = 0; i < a.sortKey.length; i++) {
      const x = a.sortKey[i] ?? '';
      const y = b.sortKey[i] ?? '';
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : compareStrings(String(x), String(y));
      if (c !== 0) return c;
    }
    return 0;
  });

  T('rows');
  const zeroSupply = [...pairs.values()]
    .filter((p) => !pairsWithSpeaker.has(p.language + SEP + p.area))
    .sort((a, b) => b.requested - a.requested || compareStrings(a.language, b.language) || compareStrings(a.area, b.area));

  T('zero');
  const res= {
    rows: out.map(({ sortKey: _sortKey, ...row }) => row),
    zeroSupply,
    totals: figures(totals, totalSupplyMs, totalMediators),
    definitions: { ...COVERAGE_DEFINITIONS },
  };T('final'); return res;
}
