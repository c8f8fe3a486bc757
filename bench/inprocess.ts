import { loadMatchingInput } from '../db/repositories/matching-input.js';
import { matchAppointment } from '../src/domain/matching.js';
import { runMatching } from '../src/operations/matching.js';
import type { BenchApp } from './context.js';
import type { SearchTarget } from './requests.js';
import { type Summary, summarize } from './stats.js';

export interface SearchFigures {
  total: Summary;
  /** Mean mediators read (speakers of the language) and mean candidates found, per search. */
  meanRoster: number;
  meanCandidates: number;
}

interface Samples {
  times: number[];
  roster: number;
  candidates: number;
}

const emptySamples = (): Samples => ({ times: [], roster: 0, candidates: 0 });

/** Times runMatching(ctx, req) on targets[from … from+count) (wrapping round). */
async function searchInto(into: Samples | null, bench: BenchApp, targets: readonly SearchTarget[], from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const t = targets[i % targets.length] as SearchTarget;
    const ctx = bench.deskCtx(t.service);
    const started = performance.now();
    const out = await runMatching(ctx, t.request);
    const elapsed = performance.now() - started;
    if (into) {
      into.times.push(elapsed);
      into.roster += out.roster.length;
      into.candidates += out.result.candidates.length;
    }
  }
}

function figures(s: Samples): SearchFigures {
  const n = Math.max(1, s.times.length);
  return { total: summarize(s.times), meanRoster: s.roster / n, meanCandidates: s.candidates / n };
}

/** runMatching(ctx, req) over the targets in turn: `iterations` timed calls after `warmup` untimed ones. */
export async function timeRunMatching(bench: BenchApp, targets: readonly SearchTarget[], iterations: number, warmup: number): Promise<SearchFigures> {
  await searchInto(null, bench, targets, 0, warmup);
  const s = emptySamples();
  await searchInto(s, bench, targets, 0, iterations);
  return figures(s);
}

/**
 * The same searches on two apps (base data, doubled data), alternating in blocks so both see the
 * same JIT state and the same background load.
 */
export async function timeInterleaved(
  base: BenchApp,
  doubled: BenchApp,
  targets: readonly SearchTarget[],
  iterations: number,
  warmup: number,
  block = 50,
): Promise<{ base: SearchFigures; doubled: SearchFigures }> {
  await searchInto(null, base, targets, 0, warmup);
  await searchInto(null, doubled, targets, 0, warmup);
  const a = emptySamples();
  const b = emptySamples();
  for (let done = 0; done < iterations; done += block) {
    const count = Math.min(block, iterations - done);
    await searchInto(a, base, targets, done, count);
    await searchInto(b, doubled, targets, done, count);
  }
  return { base: figures(a), doubled: figures(b) };
}

/** Where a search spends its time: the storage loader vs the pure ranking. */
export async function timeBreakdown(bench: BenchApp, targets: readonly SearchTarget[], iterations: number): Promise<{ load: Summary; rank: Summary }> {
  const load: number[] = [];
  const rank: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = targets[i % targets.length] as SearchTarget;
    const ctx = bench.deskCtx(t.service);
    const t0 = performance.now();
    const input = await loadMatchingInput(ctx.db, ctx.repos, t.request, { zone: ctx.config.zone, everyone: false });
    const t1 = performance.now();
    matchAppointment(t.request, input.roster, input.ctx, ctx.config.matching);
    const t2 = performance.now();
    load.push(t1 - t0);
    rank.push(t2 - t1);
  }
  return { load: summarize(load), rank: summarize(rank) };
}

/** GET /v1/appointments/:id/candidates through app.request (no socket), body read. */
export async function timeCandidateRequests(bench: BenchApp, targets: readonly SearchTarget[], iterations: number, warmup: number): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const t = targets[i % targets.length] as SearchTarget;
    const started = performance.now();
    const res = await bench.app.request(`/v1/appointments/${t.id}/candidates`, { headers: { authorization: `Bearer ${t.service.deskToken}` } });
    await res.text();
    const elapsed = performance.now() - started;
    if (res.status !== 200) throw new Error(`candidates for ${t.id}: HTTP ${res.status}`);
    if (i >= warmup) times.push(elapsed);
  }
  return summarize(times);
}
