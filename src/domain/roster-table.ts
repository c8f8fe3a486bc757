import { type LocalSpan, localSpan, minutesOfDay } from './availability.js';
import { type Eligibility, type MatchingContext, type MatchRequest, type MediatorProfile, staticEligibility, staticRulesFor } from './eligibility.js';
import { baseLanguage, bestMatchFor, canonicalTag, type SpokenLanguage } from './languages.js';
import { levelRank, MODALITIES } from './vocabulary.js';

/**
 * The static hard rules (inactive … availability) over a whole roster at once, with the same answer
 * per mediator as `staticEligibility`. A search checks every speaker of the language; reading each
 * mediator's profile objects (languages, areas, modalities, availability) cost about a microsecond a
 * mediator, mostly in memory reads scattered over the heap. The table keeps what the rules read as
 * columns, built once per roster array (storage reuses a roster until the roster version moves):
 * a failing mediator is decided from the columns, and the profile is read only to build a detail
 * that names the mediator or the result of one who passes.
 */
interface RosterTable {
  ids: readonly string[];
  names: readonly string[];
  active: Uint8Array;
  /** Bit per modality (MODALITIES order). */
  modalities: Uint8Array;
  /** Bit per interned area code; `areasExact` 0 when some served area has no bit (then the profile is read). */
  areas: Uint32Array;
  areasExact: Uint8Array;
  /** Per weekday (1–7) of each mediator, the rules as minutes: rows [offsets[i*8+d], offsets[i*8+d+1]). */
  ruleOffsets: Uint32Array;
  ruleFrom: Int16Array;
  ruleTo: Int16Array;
  /**
   * Per primary language asked so far: each mediator's best level rank in it (-1: does not speak it),
   * and that entry (the first of the best), which a "below the level" detail names.
   */
  ranks: Map<string, { rank: Int8Array; best: Array<SpokenLanguage | undefined> }>;
}

const MODALITY_BIT = new Map<string, number>(MODALITIES.map((m, i) => [m, 1 << i]));
/**
 * Area codes served in a roster get a bit each, in the order first seen (31 at most: past that, and
 * for an area nobody serves, the profile is read).
 */
const AREA_BITS = new Map<string, number>();
function areaBit(code: string): number {
  let bit = AREA_BITS.get(code);
  if (bit === undefined) {
    if (AREA_BITS.size >= 31) return 0;
    bit = 1 << AREA_BITS.size;
    AREA_BITS.set(code, bit);
  }
  return bit;
}
/** Primary languages whose ranks a table keeps (explain checks the whole roster in any language asked). */
const RANKS_KEPT = 64;

const tables = new WeakMap<readonly MediatorProfile[], RosterTable>();

function tableOf(roster: readonly MediatorProfile[]): RosterTable {
  const known = tables.get(roster);
  // Cached rosters are frozen; a roster array that changed anyway is read again.
  if (known && known.ids.length === roster.length) return known;
  const n = roster.length;
  const table: RosterTable = {
    ids: roster.map((m) => m.id),
    names: roster.map((m) => m.name),
    active: new Uint8Array(n),
    modalities: new Uint8Array(n),
    areas: new Uint32Array(n),
    areasExact: new Uint8Array(n),
    ruleOffsets: new Uint32Array(n * 8 + 1),
    ruleFrom: new Int16Array(0),
    ruleTo: new Int16Array(0),
    ranks: new Map(),
  };
  const from: number[] = [];
  const to: number[] = [];
  roster.forEach((m, i) => {
    table.active[i] = m.active ? 1 : 0;
    let modalities = 0;
    for (const x of m.modalities) modalities |= MODALITY_BIT.get(x) ?? 0;
    table.modalities[i] = modalities;
    let areas = 0;
    let exact = 1;
    for (const a of m.areas) {
      const bit = areaBit(a);
      if (bit === 0) exact = 0;
      areas |= bit;
    }
    table.areas[i] = areas;
    table.areasExact[i] = exact;
    for (let d = 0; d < 8; d++) {
      table.ruleOffsets[i * 8 + d] = from.length;
      for (const r of m.availability) {
        if (r.weekday !== d) continue;
        const start = minutesOfDay(r.start);
        const end = minutesOfDay(r.end);
        // A time that is not HH:MM (refused on input) never covers anything, as in coversWeekly.
        if (!Number.isFinite(start) || !Number.isFinite(end)) continue;
        from.push(start);
        to.push(end);
      }
    }
  });
  table.ruleOffsets[n * 8] = from.length;
  table.ruleFrom = Int16Array.from(from);
  table.ruleTo = Int16Array.from(to);
  tables.set(roster, table);
  return table;
}

function ranksIn(t: RosterTable, roster: readonly MediatorProfile[], base: string): { rank: Int8Array; best: Array<SpokenLanguage | undefined> } {
  let ranks = t.ranks.get(base);
  if (!ranks) {
    const rank = new Int8Array(roster.length).fill(-1);
    const best: Array<SpokenLanguage | undefined> = new Array(roster.length).fill(undefined);
    roster.forEach((m, i) => {
      for (const s of m.languages) {
        const r = levelRank(s.level);
        if (baseLanguage(canonicalTag(s.code)) === base && (best[i] === undefined || r > (rank[i] as number))) {
          rank[i] = r;
          best[i] = s;
        }
      }
    });
    ranks = { rank, best };
    if (t.ranks.size >= RANKS_KEPT) t.ranks.clear();
    t.ranks.set(base, ranks);
  }
  return ranks;
}

/** Whether mediator i's rules of the span's weekday cover it (as `coversWeekly` does on an ordinary day). */
function coversSpan(t: RosterTable, i: number, span: LocalSpan): boolean {
  const first = t.ruleOffsets[i * 8 + span.weekday] as number;
  const last = t.ruleOffsets[i * 8 + span.weekday + 1] as number;
  let reach = span.from;
  for (let grew = true; grew && reach < span.to; ) {
    grew = false;
    for (let k = first; k < last; k++) {
      if ((t.ruleFrom[k] as number) <= reach && (t.ruleTo[k] as number) > reach) {
        reach = t.ruleTo[k] as number;
        grew = true;
      }
    }
  }
  return reach >= span.to;
}

/** The ids and names of a roster's mediators, in roster order, without reading their profiles again. */
export function rosterNames(roster: readonly MediatorProfile[]): { ids: readonly string[]; names: readonly string[] } {
  return tableOf(roster);
}

/**
 * `staticEligibility(m, req, ctx)` for every mediator of `roster`, in roster order. The roster array
 * must not change once checked (storage's cached rosters do not).
 */
export function staticEligibilityAll(roster: readonly MediatorProfile[], req: MatchRequest, ctx: MatchingContext): Eligibility[] {
  const out: Eligibility[] = new Array(roster.length);
  const t = tableOf(roster);
  const rules = staticRulesFor(req);
  const fails = rules.fails;
  // A request naming no variety ranks every entry of its language alike: the best level decides.
  const ranks = rules.query.want === rules.query.base ? ranksIn(t, roster, rules.query.base) : null;
  const modality = MODALITY_BIT.get(req.modality) ?? 0;
  const area = req.modality === 'in_person' ? (AREA_BITS.get(req.area) ?? 0) : 0;
  const gender = req.genderPreference === 'required' && req.gender ? req.gender : null;
  const span = req.end > req.start ? localSpan(ctx.zone, req.start, req.end) : null;
  const excluded = new Set(ctx.exclusions.map((e) => e.mediatorId));
  for (let i = 0; i < roster.length; i++) {
    const m = roster[i] as MediatorProfile;
    if (!t.active[i]) {
      out[i] = fails.inactive;
      continue;
    }
    // An exclusion, a DST day, an appointment across midnight: the profile decides.
    if (excluded.has(m.id) || span === null) {
      out[i] = staticEligibility(m, req, ctx);
      continue;
    }
    if (ranks !== null && (ranks.best[i] === undefined || (ranks.rank[i] as number) < rules.query.minRank)) {
      const spoken = ranks.best[i];
      out[i] = spoken
        ? { eligible: false, rule: 'language_level', detail: `Speaks ${spoken.code} at ${spoken.level}, below the required ${req.minLevel}.` }
        : staticEligibility(m, req, ctx);
      continue;
    }
    const qualified = ranks === null ? bestMatchFor(m.languages, rules.query) : null;
    if (ranks === null && !qualified) {
      out[i] = staticEligibility(m, req, ctx);
      continue;
    }
    if (!((t.modalities[i] as number) & modality)) {
      out[i] = fails.modality;
      continue;
    }
    if (req.modality === 'in_person') {
      const serves = area !== 0 && t.areasExact[i] ? ((t.areas[i] as number) & area) !== 0 : m.areas.includes(req.area);
      if (!serves) {
        out[i] = fails.area;
        continue;
      }
    }
    if (gender !== null && m.gender !== gender) {
      out[i] = fails.gender;
      continue;
    }
    if (!coversSpan(t, i, span)) {
      out[i] = fails.availability;
      continue;
    }
    const language = qualified ?? bestMatchFor(m.languages, rules.query);
    out[i] = language ? { eligible: true, language } : staticEligibility(m, req, ctx);
  }
  return out;
}

