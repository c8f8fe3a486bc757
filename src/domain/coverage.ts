/**
 * The coverage report: which languages, areas and hours lacked mediators in a period.
 *
 * Demand: the requests of the period, grouped by the requested dimensions and counted. Supply: each
 * active mediator's weekly availability expanded in the zone, less time off (supply.ts), cut into the
 * report's time buckets (time-buckets.ts), then summed over the mediators who match each row. Pure:
 * everything, including "now", is passed in. Every figure is defined in plain words in
 * `COVERAGE_DEFINITIONS`, which the report carries so that the API docs and the CSV can show them.
 */
import { type Interval, MINUTE } from './intervals.js';
import { baseLanguage } from './languages.js';
import { availableIntervals, durationMs, type SupplyMediator, weeklyAvailability } from './supply.js';
import { bucketAt, cutIntoBuckets, TIME_BANDS, type TimeBand, type TimeBuckets, type TimeDimension, timeBuckets } from './time-buckets.js';
import { type AppointmentStatus, FALLBACK_STEPS, type FallbackStep } from './vocabulary.js';

export { type SupplyMediator, supplyMinutes } from './supply.js';
export { TIME_BANDS, type TimeBand } from './time-buckets.js';

export const COVERAGE_DIMENSIONS = ['language', 'area', 'week', 'weekday', 'timeBand', 'sector', 'service'] as const;
export type CoverageDimension = (typeof COVERAGE_DIMENSIONS)[number];

/** One appointment request. */
export interface DemandRecord {
  /** BCP 47; grouped by primary subtag (ar-MA → ar). */
  language: string;
  area: string;
  serviceId: string;
  sector: string;
  /** in_person | phone | video (used to filter, never to group). */
  modality?: string;
  /** Epoch ms. */
  start: number;
  durationMinutes: number;
  status: AppointmentStatus;
  createdAt: number;
  bookedAt: number | null;
  fallbackStep: FallbackStep | null;
  /** Recorded after it happened, without a booking. */
  retroactive: boolean;
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
  /** The requests (any period: those starting outside [from, to) are left out). */
  demand: readonly DemandRecord[];
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
  retroactive: number;
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
    'A request belongs to the period when its start time is on or after the first day ("from") and on or before the last day ("to"), both included; an ISO instant as "to" is excluded. Weeks, weekdays, time bands and availability rules are read in the report\'s time zone.',
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
  retroactive:
    'Filled requests recorded after the session happened, without a booking (an emergency handled by phone): counted in "filled", never in the time to fill.',
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

type PlainDimension = Exclude<CoverageDimension, TimeDimension>;

function isTime(d: CoverageDimension): d is TimeDimension {
  return d === 'week' || d === 'weekday' || d === 'timeBand';
}

/** The request's value in a dimension that is not about time. */
function valueOf(r: DemandRecord, dim: PlainDimension): string {
  if (dim === 'language') return baseLanguage(r.language);
  if (dim === 'area') return r.area;
  if (dim === 'sector') return r.sector;
  return r.serviceId;
}

type Outcome = 'cancelled' | 'filled' | 'unfilled' | 'pending';

/** What became of a request as of `now`: an open or offered one whose start has passed went unfilled. */
function outcomeOf(r: DemandRecord, now: number): Outcome {
  if (r.status === 'cancelled') return 'cancelled';
  if (r.status === 'booked') return 'filled';
  return r.status === 'unfilled' || r.start <= now ? 'unfilled' : 'pending';
}

/** The demand figures of one row, or of the whole period, as they are counted. */
interface Tally {
  requested: number;
  filled: number;
  unfilled: number;
  pending: number;
  cancelled: number;
  reasons: Map<string, number>;
  minutesToFill: number[];
  fallbackSteps: Record<FallbackStep, number>;
  retroactive: number;
  demandMinutes: number;
  bookedMinutes: number;
  unmetMinutes: number;
}

function emptyTally(): Tally {
  const fallbackSteps = { neighbouring_area: 0, video: 0, phone: 0 } satisfies Record<FallbackStep, number>;
  return { requested: 0, filled: 0, unfilled: 0, pending: 0, cancelled: 0, reasons: new Map(), minutesToFill: [], fallbackSteps, retroactive: 0, demandMinutes: 0, bookedMinutes: 0, unmetMinutes: 0 };
}

function countRequest(t: Tally, r: DemandRecord, now: number): void {
  const outcome = outcomeOf(r, now);
  if (outcome === 'cancelled') {
    t.cancelled++;
    return;
  }
  t.requested++;
  t.demandMinutes += r.durationMinutes;
  if (outcome === 'pending') {
    t.pending++;
  } else if (outcome === 'unfilled') {
    t.unfilled++;
    t.unmetMinutes += r.durationMinutes;
    const reason = r.status === 'unfilled' ? (r.unfilledReason ?? UNSPECIFIED_REASON) : EXPIRED_UNASSIGNED;
    t.reasons.set(reason, (t.reasons.get(reason) ?? 0) + 1);
  } else {
    t.filled++;
    t.bookedMinutes += r.durationMinutes;
    // A session recorded after it happened was never waiting for a mediator: no time to fill.
    if (r.retroactive) t.retroactive++;
    else if (r.bookedAt !== null) t.minutesToFill.push((r.bookedAt - r.createdAt) / MINUTE);
    const step = FALLBACK_STEPS.find((s) => s === r.fallbackStep);
    if (step) t.fallbackSteps[step]++;
  }
}

/** A row under construction: its key, the requests counted so far, and what its supply depends on. */
interface Row {
  key: CoverageRow['key'];
  /** The key as one string that sorts like the rows (see `sortKey`). */
  order: string;
  values: Partial<Record<PlainDimension, string>>;
  /** Rows with the same values in language, area, sector and service have the same mediators. */
  group: string;
  bucket: number;
  serviceId: string;
  tally: Tally;
}

/**
 * Row order: by key in groupBy order; names in code-unit order, weeks, weekdays and bands in time
 * order. Joined by the lowest character, the parts compare as the whole string does.
 */
function sortKey(groupBy: readonly CoverageDimension[], key: CoverageRow['key']): string {
  return groupBy.map((d) => (d === 'timeBand' ? String(TIME_BANDS.indexOf(key.timeBand as TimeBand)) : String(key[d] ?? ''))).join('\u0000');
}

/** The rows: requests grouped by their values in `groupBy` (week, weekday and time band by `time`). */
function demandRows(requests: readonly DemandRecord[], groupBy: readonly CoverageDimension[], time: TimeBuckets, now: number): Row[] {
  const plain = groupBy.filter((d): d is PlainDimension => !isTime(d));
  const rows = new Map<string, Row>();
  for (const r of requests) {
    let group = '';
    for (const d of plain) group += `${valueOf(r, d)}\u0000`;
    const bucket = bucketAt(time.days, r.start);
    const id = `${group}\u0001${bucket}`;
    let row = rows.get(id);
    if (!row) {
      const values = Object.fromEntries(plain.map((d) => [d, valueOf(r, d)]));
      const timeKey = time.keys[bucket] ?? {};
      const key: CoverageRow['key'] = {};
      for (const d of groupBy) key[d] = isTime(d) ? timeKey[d] : values[d];
      row = { key, order: sortKey(groupBy, key), values, group, bucket, serviceId: r.serviceId, tally: emptyTally() };
      rows.set(id, row);
    }
    countRequest(row.tally, r, now);
  }
  return [...rows.values()];
}

/** A mediator's available time per bucket, and what decides the rows they count in. */
interface MediatorSupply {
  speaks: Set<string>;
  serves: Set<string>;
  sectors: Set<string>;
  byBucket: Float64Array;
  totalMs: number;
}

/** Available time: when, and how much in each time bucket. */
interface Availability {
  intervals: readonly Interval[];
  byBucket: Float64Array;
  totalMs: number;
}

/** Each mediator's available time, cut into the report's time buckets. */
function mediatorSupply(mediators: readonly SupplyMediator[], time: TimeBuckets, period: Interval): MediatorSupply[] {
  const availability = (intervals: readonly Interval[]): Availability => ({ intervals, byBucket: cutIntoBuckets(intervals, time), totalMs: durationMs(intervals) });
  // Many mediators share a weekly pattern: each distinct one is expanded and cut once; time off makes a mediator's own.
  const patterns = new Map<string, Availability>();
  return mediators.map((m) => {
    const pattern = JSON.stringify(m.availability);
    const weekly = patterns.get(pattern) ?? availability(weeklyAvailability(m.availability, time.days, period));
    patterns.set(pattern, weekly);
    const own = m.timeOff.length === 0 ? weekly : availability(availableIntervals(weekly.intervals, m.timeOff));
    return { speaks: new Set(m.languages.map(baseLanguage)), serves: new Set(m.areas), sectors: new Set(m.sectors), byBucket: own.byBucket, totalMs: own.totalMs };
  });
}

/** The mediators, and the same by language spoken and by area served: a row looks only at those who may match it. */
interface Roster {
  all: MediatorSupply[];
  speakers: Map<string, MediatorSupply[]>;
  serving: Map<string, MediatorSupply[]>;
}

function rosterOf(all: MediatorSupply[]): Roster {
  const index = (values: (m: MediatorSupply) => Set<string>) => {
    const by = new Map<string, MediatorSupply[]>();
    for (const m of all) {
      for (const v of values(m)) {
        const list = by.get(v) ?? [];
        list.push(m);
        by.set(v, list);
      }
    }
    return by;
  };
  return { all, speakers: index((m) => m.speaks), serving: index((m) => m.serves) };
}

/**
 * The mediators who count in a row: they speak its language, serve its area, list its sector and
 * serve its service's area, each only when grouped by it. Null when the service's area is unknown.
 */
function matchingMediators(row: Row, roster: Roster, serviceAreas: Record<string, string>): MediatorSupply[] | null {
  const { language, area, sector, service } = row.values;
  const serviceArea = service === undefined ? undefined : Object.hasOwn(serviceAreas, row.serviceId) ? serviceAreas[row.serviceId] : null;
  if (serviceArea === null) return null;
  const lists = [language === undefined ? roster.all : (roster.speakers.get(language) ?? [])];
  for (const served of [area, serviceArea]) if (served !== undefined) lists.push(roster.serving.get(served) ?? []);
  const candidates = lists.reduce((shortest, list) => (list.length < shortest.length ? list : shortest));
  return candidates.filter(
    (m) =>
      (language === undefined || m.speaks.has(language)) &&
      (area === undefined || m.serves.has(area)) &&
      (sector === undefined || m.sectors.has(sector)) &&
      (serviceArea === undefined || m.serves.has(serviceArea)),
  );
}

/** Available milliseconds, and how many mediators have some. */
interface Supply {
  ms: number;
  mediators: number;
}

function supplyIn(bucket: number, mediators: readonly MediatorSupply[]): Supply {
  const supply = { ms: 0, mediators: 0 };
  for (const m of mediators) {
    const ms = m.byBucket[bucket] ?? 0;
    if (ms <= 0) continue;
    supply.ms += ms;
    supply.mediators++;
  }
  return supply;
}

/** Nearest-rank percentile of ascending `sorted`: the value at 1-based position ⌈n × pct / 100⌉. */
function nearestRank(sorted: readonly number[], pct: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil((sorted.length * pct) / 100)) - 1] ?? null;
}

/** Code-unit order, the same on every runtime and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A row's figures (or, with the key left out, the totals') from its tally and its supply; sorts the tally's lists. */
function figures(key: CoverageRow['key'], t: Tally, supply: Supply | null): CoverageRow {
  const fills = t.minutesToFill.sort((a, b) => a - b);
  const reasons = [...t.reasons].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  const supplyMinutes = supply === null ? null : supply.ms / MINUTE;
  return {
    key,
    requested: t.requested,
    filled: t.filled,
    unfilled: t.unfilled,
    pending: t.pending,
    cancelled: t.cancelled,
    unfilledReasons: Object.fromEntries(reasons),
    fillRate: t.filled + t.unfilled === 0 ? null : t.filled / (t.filled + t.unfilled),
    medianMinutesToFill: nearestRank(fills, 50),
    p90MinutesToFill: nearestRank(fills, 90),
    fallbackSteps: t.fallbackSteps,
    retroactive: t.retroactive,
    demandMinutes: t.demandMinutes,
    bookedMinutes: t.bookedMinutes,
    unmetMinutes: t.unmetMinutes,
    supplyMinutes,
    utilisation: supplyMinutes === null || supplyMinutes === 0 ? null : t.bookedMinutes / supplyMinutes,
    mediators: supply === null ? null : supply.mediators,
  };
}

/** Language–area pairs with requests (cancelled ones aside) and nobody who speaks the language and serves the area. */
function zeroSupplyPairs(requests: readonly DemandRecord[], roster: Roster): ZeroSupplyPair[] {
  const pairs = new Map<string, ZeroSupplyPair>();
  for (const r of requests) {
    if (r.status === 'cancelled') continue;
    const language = baseLanguage(r.language);
    const id = `${language}\u0000${r.area}`;
    const pair = pairs.get(id) ?? { language, area: r.area, requested: 0, demandMinutes: 0 };
    pairs.set(id, pair);
    pair.requested++;
    pair.demandMinutes += r.durationMinutes;
  }
  return [...pairs.values()]
    .filter((p) => !roster.speakers.get(p.language)?.some((m) => m.serves.has(p.area)))
    .sort((a, b) => b.requested - a.requested || compareText(a.language, b.language) || compareText(a.area, b.area));
}

/**
 * The coverage report for requests starting in [from, to), grouped by `groupBy`.
 * @example coverageReport({ from, to, zone: 'Europe/Rome', now, groupBy: ['language', 'area'], demand, mediators, serviceAreas }).rows[0]?.fillRate
 */
export function coverageReport(input: CoverageInput): CoverageReport {
  const groupBy = [...new Set(input.groupBy)].filter((d) => COVERAGE_DIMENSIONS.includes(d));
  const time = timeBuckets(input.zone, input.from, input.to, new Set(groupBy.filter(isTime)));
  const requests = input.demand.filter((r) => r.start >= input.from && r.start < input.to);
  const roster = rosterOf(mediatorSupply(input.mediators, time, { start: input.from, end: input.to }));

  const matching = new Map<string, MediatorSupply[] | null>();
  const rows = demandRows(requests, groupBy, time, input.now)
    .sort((a, b) => compareText(a.order, b.order))
    .map((row): CoverageRow => {
      if (!matching.has(row.group)) matching.set(row.group, matchingMediators(row, roster, input.serviceAreas));
      const counted = matching.get(row.group) ?? null;
      return figures(row.key, row.tally, counted && supplyIn(row.bucket, counted));
    });

  const all = emptyTally();
  for (const r of requests) countRequest(all, r, input.now);
  const available = roster.all.filter((m) => m.totalMs > 0);
  const totalSupply = { ms: available.reduce((sum, m) => sum + m.totalMs, 0), mediators: available.length };
  const { key: _, ...totals } = figures({}, all, totalSupply);
  return { rows, zeroSupply: zeroSupplyPairs(requests, roster), totals, definitions: { ...COVERAGE_DEFINITIONS } };
}
