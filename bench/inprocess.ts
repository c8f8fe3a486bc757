import { loadMatchingInput } from '../db/repositories/matching-input.js';
import { matchAppointment, rankAsAsked } from '../src/domain/matching.js';
import { runMatching } from '../src/operations/matching.js';
import type { BenchApp } from './context.js';
import type { SearchTarget } from './requests.js';
import { type Summary, summarize } from './stats.js';

/**
 * Every loop has a time budget besides its iteration count, so a slow build of the app cannot make
 * the bench run for many minutes: past `minIterations` it stops when the budget is spent, and the
 * printed n shows it did.
 */
export interface Loop {
  iterations: number;
  minIterations: number;
  warmup: number;
  budgetMs: number;
}

/** True while the loop should go on after `done` timed iterations. */
const goOn = (loop: Loop, done: number, deadline: number): boolean =>
  done < loop.iterations && (done < loop.minIterations || performance.now() < deadline);

export interface SearchFigures {
  /** Every timed search. */
  total: Summary;
  /** Per request, the faster of its two runs: the cost the data causes, with less noise from GC and other processes. */
  bestOfTwo: Summary;
  /** Mean mediators read (speakers of the language) and mean candidates found, per search. */
  meanRoster: number;
  meanCandidates: number;
}

class Samples {
  readonly times: number[] = [];
  readonly best: number[] = [];
  roster = 0;
  candidates = 0;

  figures(): SearchFigures {
    const n = Math.max(1, this.times.length);
    return { total: summarize(this.times), bestOfTwo: summarize(this.best), meanRoster: this.roster / n, meanCandidates: this.candidates / n };
  }
}

/** One runMatching(ctx, req) call as the desk of the request's service; returns its duration. */
async function search(into: Samples | null, bench: BenchApp, t: SearchTarget): Promise<number> {
  const ctx = bench.deskCtx(t.service);
  const started = performance.now();
  const out = await runMatching(ctx, t.request);
  const elapsed = performance.now() - started;
  if (into) {
    into.times.push(elapsed);
    into.roster += out.roster.length;
    into.candidates += out.result.candidates.length;
  }
  return elapsed;
}

/**
 * runMatching(ctx, req) for each request twice on two apps (base data, doubled data), in ABBA /
 * BAAB order so both see the same JIT state, GC pressure and background load.
 */
export async function timeInterleaved(
  base: BenchApp,
  doubled: BenchApp,
  targets: readonly SearchTarget[],
  loop: Loop,
): Promise<{ base: SearchFigures; doubled: SearchFigures }> {
  for (let i = 0; i < loop.warmup; i++) {
    await search(null, base, targets[i % targets.length] as SearchTarget);
    await search(null, doubled, targets[i % targets.length] as SearchTarget);
  }
  const deadline = performance.now() + loop.budgetMs;
  const a = new Samples();
  const b = new Samples();
  for (let i = 0; goOn(loop, i, deadline); i++) {
    const t = targets[i % targets.length] as SearchTarget;
    const [first, second] = i % 2 === 0 ? ([[a, base], [b, doubled]] as const) : ([[b, doubled], [a, base]] as const);
    const x1 = await search(first[0], first[1], t);
    const y1 = await search(second[0], second[1], t);
    const y2 = await search(second[0], second[1], t);
    const x2 = await search(first[0], first[1], t);
    first[0].best.push(Math.min(x1, x2));
    second[0].best.push(Math.min(y1, y2));
  }
  return { base: a.figures(), doubled: b.figures() };
}

/**
 * Where a search spends its time: the storage loader vs the pure ranking, step by step as
 * runMatching does them (schedules as asked; when nobody is eligible, those the fallback ladder adds).
 */
export async function timeBreakdown(bench: BenchApp, targets: readonly SearchTarget[], loop: Loop): Promise<{ load: Summary; rank: Summary }> {
  const load: number[] = [];
  const rank: number[] = [];
  const deadline = performance.now() + loop.budgetMs;
  for (let i = 0; goOn(loop, i, deadline); i++) {
    const t = targets[i % targets.length] as SearchTarget;
    const ctx = bench.deskCtx(t.service);
    const options = { zone: ctx.config.zone, now: ctx.clock.now(), everyone: false, neighbourMaxTravel: ctx.config.matching.neighbourMaxTravel };
    const t0 = performance.now();
    const asked = await loadMatchingInput(ctx.db, ctx.repos, t.request, { ...options, variants: 'asked' });
    const t1 = performance.now();
    const found = rankAsAsked(t.request, asked.roster, asked.ctx).candidates.length > 0;
    const t2 = performance.now();
    let loading = t1 - t0;
    let ranking = t2 - t1;
    if (!found) {
      const t3 = performance.now();
      const all = await asked.widen();
      const t4 = performance.now();
      matchAppointment(t.request, all.roster, all.ctx, ctx.config.matching);
      loading += t4 - t3;
      ranking += performance.now() - t4;
    }
    load.push(loading);
    rank.push(ranking);
  }
  return { load: summarize(load), rank: summarize(rank) };
}

/** GET /v1/appointments/:id/candidates through app.request (no socket), body read, as the desk of the service. */
export async function timeCandidateRequests(bench: BenchApp, targets: readonly SearchTarget[], loop: Loop): Promise<Summary> {
  const times: number[] = [];
  let deadline = Number.POSITIVE_INFINITY;
  for (let i = 0; i < loop.warmup || goOn(loop, i - loop.warmup, deadline); i++) {
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
