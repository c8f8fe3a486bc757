import type { MatchingContext, MatchRequest, MediatorProfile } from './eligibility.js';
import type { LanguageMatch } from './languages.js';
import type { Level } from './vocabulary.js';

/**
 * Soft-score weights (points). A candidate's score is the sum of its reasons; ties go to fewer
 * recent minutes, then to the mediator id so the order is stable.
 */
export const SCORE_WEIGHTS = {
  /** Already served this beneficiary at this service. */
  continuity: 30,
  /** 20 × (1 − minutes / busiest candidate's minutes) over the last 30 days: 20 for none, 0 for the busiest. */
  fairness: 20,
  level: { native: 15, C2: 12, C1: 9, B2: 5, B1: 2 } satisfies Record<Level, number>,
  /** ar-MA requested: ar-MA speaker (exact) over generic ar over another variety (ar-EG). */
  variety: { exact: 10, generic: 4, other_variety: 0 },
  sector: 10,
  homeArea: 8,
  genderPreferred: 10,
} as const;

export interface ScoreReason {
  code: 'continuity' | 'fairness' | 'language_level' | 'language_variety' | 'sector' | 'home_area' | 'gender_preferred';
  points: number;
  detail: string;
}

export interface ScoreInput {
  mediator: MediatorProfile;
  language: LanguageMatch;
}

/** Scores one eligible mediator: the sum of its reasons. `maxRecentMinutes` is the highest among all candidates scored together. */
export function scoreCandidate(
  { mediator: m, language }: ScoreInput,
  req: MatchRequest,
  ctx: MatchingContext,
  maxRecentMinutes: number,
): { score: number; reasons: ScoreReason[] } {
  const reasons: ScoreReason[] = [];
  const recent = ctx.recentMinutes.get(m.id) ?? 0;
  if (ctx.continuity.has(m.id)) {
    reasons.push({ code: 'continuity', points: SCORE_WEIGHTS.continuity, detail: 'Already served this beneficiary at this service.' });
  }
  const fairness = round(maxRecentMinutes > 0 ? SCORE_WEIGHTS.fairness * (1 - recent / maxRecentMinutes) : SCORE_WEIGHTS.fairness);
  reasons.push({ code: 'fairness', points: fairness, detail: `${recent} min booked in the last 30 days.` });
  reasons.push({ code: 'language_level', points: SCORE_WEIGHTS.level[language.spoken.level], detail: `${language.spoken.code} at ${language.spoken.level}.` });
  if (req.language.includes('-')) {
    const variety = SCORE_WEIGHTS.variety[language.variety];
    reasons.push({ code: 'language_variety', points: variety, detail: `${language.spoken.code} for ${req.language}: ${language.variety.replace('_', ' ')}.` });
  }
  if (m.sectors.includes(req.sector)) {
    reasons.push({ code: 'sector', points: SCORE_WEIGHTS.sector, detail: `Experienced in ${req.sector}.` });
  }
  if (m.homeArea === req.area) {
    reasons.push({ code: 'home_area', points: SCORE_WEIGHTS.homeArea, detail: `Based in ${req.area}.` });
  }
  if (req.genderPreference === 'preferred' && req.gender && m.gender === req.gender) {
    reasons.push({ code: 'gender_preferred', points: SCORE_WEIGHTS.genderPreferred, detail: `Preferred gender (${req.gender}).` });
  }
  return { score: round(reasons.reduce((total, r) => total + r.points, 0)), reasons };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
