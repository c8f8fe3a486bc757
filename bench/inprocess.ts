import { loadMatchingInput } from '../db/repositories/matching-input.js';
import { matchAppointment } from '../src/domain/matching.js';
import { runMatching } from '../src/operations/matching.js';
import type { BenchApp } from './context.js';
import type { SearchTarget } from './requests.js';
import { type Summary, summarize } from './stats.js';

/**
 * Every loop takes a time budget besides its iteration count, so a slow build of the app cannot
 * make the bench run for many minutes: it stops early, and the printed n shows it did.
 */
export interface Loop {
  iterations: number;
  warmup: number;
  budgetMs: number;
}

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

/**
 * runMatching(ctx, req) with the same requests on two apps (base data, doubled data), alternating
 * in blocks so both see the same JIT state and the same background load.
 */
export async function timeInterleaved(
  base: BenchApp,
  doubled: BenchApp,
  targets: readonly SearchTarget[],
  loop: Loop,
  block = 10,
): Promise<{ base: SearchFigures; doubled: SearchFigures }> {
  await searchInto(null, base, targets, 0, loop.warmup);
  await searchInto(null, doubled, targets, 0, loop.warmup);
  const deadline = performance.now() + loop.budgetMs;
  const a = emptySamples();
  const b = emptySamples();
  for (let done = 0; done < loop.iterations && performance.now() < deadline; done += block) {
    const count = Math.min(block, loop.iterations - done);
    await searchInto(a, base, targets, done, count);
    await searchInto(b, doubled, targets, done, count);
  }
  return { base: figures(a), doubled: figures(b) };
}

/** Where a search spends its time: the storage loader vs the pure ranking. */
export async function timeBreakdown(bench: BenchApp, targets: readonly SearchTarget[], loop: Loop): Promise<{ load: Summary; rank: Summary }> {
  const load: number[] = [];
  const rank: number[] = [];
  const deadline = performance.now() + loop.budgetMs;
  for (let i = 0; i < loop.iterations && performance.now() < deadline; i++) {
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

/** GET /v1/appointments/:id/candidates through app.request (no socket), body read, as the desk of the service. */
export async function timeCandidateRequests(bench: BenchApp, targets: readonly SearchTarget[], loop: Loop): Promise<Summary> {
  const times: number[] = [];
  let deadline = Number.POSITIVE_INFINITY;
  for (let i = 0; i < loop.warmup + loop.iterations && performance.now() < deadline; i++) {
    if (i === loop.warmup) deadline = performance.now() + loop.budgetMs;
    const t = targets[i % targets.length] as SearchTarget;
    const started = performance.now();
    const res = await bench.app.request(`/v1/appointments/${t.id}/candidates`, { headers: { authorization: `Bearer ${t.service.deskToken}` } });
    await res.text();
    const elapsed = performance.now() - started;
    if (res.status !== 200) throw new Error(`candidates for ${t.id}: HTTP ${res.status}`);
    if (i >= loop.warmup) times.push(elapsed);
  }
  return summarize(times);
}
