/**
 * Requests as columns, the form storage reads and caches them in and the coverage report counts
 * from: position i is one request; text fields are indexes into one string list shared by every
 * request (−1 for null), so a year of requests is a few typed arrays instead of 200,000 objects.
 */
import type { DemandRecord } from './coverage.js';

/** The text fields of a request, in their order within `texts`. */
export const DEMAND_TEXTS = ['language', 'area', 'serviceId', 'sector', 'status', 'fallbackStep', 'unfilledReason'] as const;
export const T_LANGUAGE = 0;
export const T_AREA = 1;
export const T_SERVICE = 2;
export const T_SECTOR = 3;
export const T_STATUS = 4;
export const T_FALLBACK = 5;
export const T_REASON = 6;
export const TEXTS = DEMAND_TEXTS.length;

export interface DemandTable {
  n: number;
  start: Float64Array;
  durationMinutes: Float64Array;
  createdAt: Float64Array;
  /** NaN when not booked. */
  bookedAt: Float64Array;
  /** [i * TEXTS + k], k in DEMAND_TEXTS order. */
  texts: Int32Array;
  strings: readonly string[];
}

/** The string list of one or more tables: strings ↔ indexes, null ↔ −1. */
export class DemandStrings {
  readonly list: string[] = [];
  readonly ids = new Map<string, number>();

  id(text: string | null): number {
    if (text === null) return -1;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
}

/** A table of `n` requests, all zero, over `strings`. */
export function emptyDemandTable(n: number, strings: DemandStrings): DemandTable {
  return {
    n,
    start: new Float64Array(n),
    durationMinutes: new Float64Array(n),
    createdAt: new Float64Array(n),
    bookedAt: new Float64Array(n),
    texts: new Int32Array(n * TEXTS),
    strings: strings.list,
  };
}

/** Writes request `r` at position `i`. */
export function setDemand(t: DemandTable, i: number, r: DemandRecord, strings: DemandStrings): void {
  t.start[i] = r.start;
  t.durationMinutes[i] = r.durationMinutes;
  t.createdAt[i] = r.createdAt;
  t.bookedAt[i] = r.bookedAt ?? NaN;
  const at = i * TEXTS;
  t.texts[at + T_LANGUAGE] = strings.id(r.language);
  t.texts[at + T_AREA] = strings.id(r.area);
  t.texts[at + T_SERVICE] = strings.id(r.serviceId);
  t.texts[at + T_SECTOR] = strings.id(r.sector);
  t.texts[at + T_STATUS] = strings.id(r.status);
  t.texts[at + T_FALLBACK] = strings.id(r.fallbackStep);
  t.texts[at + T_REASON] = strings.id(r.unfilledReason);
}

/** The table of `records` (for callers holding records, and tests). */
export function demandTable(records: readonly DemandRecord[]): DemandTable {
  const strings = new DemandStrings();
  const t = emptyDemandTable(records.length, strings);
  records.forEach((r, i) => setDemand(t, i, r, strings));
  return t;
}

/** One table of the parts, in order; they must share `strings`. */
export function concatDemandTables(parts: readonly DemandTable[], strings: DemandStrings): DemandTable {
  const out = emptyDemandTable(
    parts.reduce((sum, p) => sum + p.n, 0),
    strings,
  );
  let at = 0;
  for (const p of parts) {
    if (p.strings !== strings.list) throw new Error('concatDemandTables: the parts do not share one string list.');
    out.start.set(p.start, at);
    out.durationMinutes.set(p.durationMinutes, at);
    out.createdAt.set(p.createdAt, at);
    out.bookedAt.set(p.bookedAt, at);
    out.texts.set(p.texts, at * TEXTS);
    at += p.n;
  }
  return out;
}
