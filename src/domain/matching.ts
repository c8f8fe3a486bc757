import { checkEligibility, type EligibilityOptions, requestDays, type HardRule, type MatchingContext, type MatchRequest, type MediatorProfile } from './eligibility.js';
import { modalitySuitsLanguage } from './languages.js';
import { type ScoreReason, scoreCandidate } from './scoring.js';
import { FALLBACK_STEPS, type FallbackStep, type Modality } from './vocabulary.js';

export interface Candidate {
  mediatorId: string;
  name: string;
  score: number;
  reasons: ScoreReason[];
  /** Set when the candidate comes from the neighbouring-area fallback. */
  travelFromArea?: string;
  travelMinutes?: number;
}

export interface ExcludedMediator {
  mediatorId: string;
  name: string;
  rule: HardRule;
  detail: string;
}

export interface FallbackProposal {
  step: FallbackStep;
  /** The modality the appointment would take with this step. */
  modality: Modality;
  candidates: Candidate[];
}

export interface MatchResult {
  candidates: Candidate[];
  excluded: ExcludedMediator[];
  /** Only when nobody fits: the ladder neighbouring area → video → phone, each with who could take it. */
  fallback: FallbackProposal[];
}

export interface MatchOptions {
  /** Travel limit for the neighbouring-area step (minutes from a served area). */
  neighbourMaxTravel: number;
  /** Candidates listed per fallback step. */
  fallbackSize: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { neighbourMaxTravel: 90, fallbackSize: 5 };

/**
 * Ranks the roster for a request: every hard rule filters, the soft score orders, and when nobody
 * fits the fallback ladder is explored.
 * @example matchAppointment(request, roster, context).candidates[0]?.mediatorId
 */
export function matchAppointment(
  req: MatchRequest,
  roster: readonly MediatorProfile[],
  ctx: MatchingContext,
  options: MatchOptions = DEFAULT_MATCH_OPTIONS,
): MatchResult {
  const { candidates, excluded } = rank(req, roster, ctx);
  const fallback = candidates.length === 0 ? fallbackLadder(req, roster, ctx, options) : [];
  return { candidates, excluded, fallback };
}

/** Candidates for one rung of the ladder (or for an explicit fallback assignment). */
export function rankForStep(
  req: MatchRequest,
  step: FallbackStep,
  roster: readonly MediatorProfile[],
  ctx: MatchingContext,
  options: MatchOptions = DEFAULT_MATCH_OPTIONS,
): { request: MatchRequest; candidates: Candidate[]; excluded: ExcludedMediator[] } {
  if (step === 'neighbouring_area') {
    const { candidates, excluded } = rank(req, roster, ctx, { neighbourMaxTravel: options.neighbourMaxTravel });
    return { request: req, candidates: candidates.filter((c) => c.travelFromArea !== undefined), excluded };
  }
  const request: MatchRequest = { ...req, modality: step };
  return { request, ...rank(request, roster, ctx) };
}

/** Which fallback steps apply to a request, in ladder order (never phone for a sign language). */
export function applicableSteps(modality: Modality, language: string): FallbackStep[] {
  const steps: FallbackStep[] = modality === 'in_person' ? [...FALLBACK_STEPS] : modality === 'video' ? ['phone'] : [];
  return steps.filter((step) => step === 'neighbouring_area' || modalitySuitsLanguage(language, step));
}

/** The fallback ladder for a request nobody can take as asked: each applicable step with who could take it. */
export function fallbackLadder(
  req: MatchRequest,
  roster: readonly MediatorProfile[],
  ctx: MatchingContext,
  options: MatchOptions,
): FallbackProposal[] {
  return applicableSteps(req.modality, req.language).map((step) => {
    const { request, candidates } = rankForStep(req, step, roster, ctx, options);
    return { step, modality: request.modality, candidates: candidates.slice(0, options.fallbackSize) };
  });
}

function rank(
  req: MatchRequest,
  roster: readonly MediatorProfile[],
  ctx: MatchingContext,
  eligibilityOptions: EligibilityOptions = {},
): { candidates: Candidate[]; excluded: ExcludedMediator[] } {
  const eligible: Array<{ mediator: MediatorProfile; result: Extract<ReturnType<typeof checkEligibility>, { eligible: true }> }> = [];
  const excluded: ExcludedMediator[] = [];
  const options = { ...eligibilityOptions, days: requestDays(req, ctx) };
  for (const mediator of roster) {
    const result = checkEligibility(mediator, req, ctx, options);
    if (result.eligible) eligible.push({ mediator, result });
    else excluded.push({ mediatorId: mediator.id, name: mediator.name, rule: result.rule, detail: result.detail });
  }
  const maxRecent = Math.max(0, ...eligible.map((e) => ctx.recentMinutes.get(e.mediator.id) ?? 0));
  const candidates = eligible.map(({ mediator, result }) => {
    const scored = scoreCandidate({ mediator, language: result.language }, req, ctx, maxRecent);
    const candidate: Candidate = { mediatorId: mediator.id, name: mediator.name, score: scored.score, reasons: scored.reasons };
    if (result.travelFromArea) {
      candidate.travelFromArea = result.travelFromArea;
      candidate.travelMinutes = result.travelMinutes ?? 0;
    }
    return candidate;
  });
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      (ctx.recentMinutes.get(a.mediatorId) ?? 0) - (ctx.recentMinutes.get(b.mediatorId) ?? 0) ||
      (a.mediatorId < b.mediatorId ? -1 : a.mediatorId > b.mediatorId ? 1 : 0),
  );
  return { candidates, excluded };
}

/** Counts of excluded mediators per rule: the recorded reason of an unfilled request. */
export function exclusionSummary(excluded: readonly ExcludedMediator[]): Partial<Record<HardRule, number>> {
  const summary: Partial<Record<HardRule, number>> = {};
  for (const e of excluded) summary[e.rule] = (summary[e.rule] ?? 0) + 1;
  return summary;
}
