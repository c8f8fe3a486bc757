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

const NO_REASONS: ScoreReason[] = Object.freeze([]) as unknown as ScoreReason[];

/**
 * Scores one eligible mediator; `maxRecentMinutes` is the highest among all candidates scored together.
 * With `explain` false only the score is computed and `reasons` is empty: auto-assignment needs the
 * order, not the texts, of its forty-odd candidates. The same points are added in the same order
 * either way; `reasons?.push(…)` builds nothing, its detail text included, when reasons is null.
 */
export function scoreCandidate(
  { mediator: m, language }: ScoreInput,
  req: MatchRequest,
  ctx: MatchingContext,
  maxRecentMinutes: number,
  explain = true,
): { score: number; reasons: ScoreReason[] } {
  const reasons: ScoreReason[] | null = explain ? [] : null;
  let score = 0;
  const recent = ctx.recentMinutes.get(m.id) ?? 0;
  if (ctx.continuity.has(m.id)) {
    score += SCORE_WEIGHTS.continuity;
    reasons?.push({ code: 'continuity', points: SCORE_WEIGHTS.continuity, detail: 'Already served this beneficiary at this service.' });
  }
  const fairness = round(maxRecentMinutes > 0 ? SCORE_WEIGHTS.fairness * (1 - recent / maxRecentMinutes) : SCORE_WEIGHTS.fairness);
  score += fairness;
  reasons?.push({ code: 'fairness', points: fairness, detail: `${recent} min booked in the last 30 days.` });
  const level = SCORE_WEIGHTS.level[language.spoken.level];
  score += level;
  reasons?.push({ code: 'language_level', points: level, detail: `${language.spoken.code} at ${language.spoken.level}.` });
  if (req.language.includes('-')) {
    const variety = SCORE_WEIGHTS.variety[language.variety];
    score += variety;
    reasons?.push({ code: 'language_variety', points: variety, detail: `${language.spoken.code} for ${req.language}: ${language.variety.replace('_', ' ')}.` });
  }
  if (m.sectors.includes(req.sector)) {
    score += SCORE_WEIGHTS.sector;
    reasons?.push({ code: 'sector', points: SCORE_WEIGHTS.sector, detail: `Experienced in ${req.sector}.` });
  }
  if (m.homeArea === req.area) {
    score += SCORE_WEIGHTS.homeArea;
    reasons?.push({ code: 'home_area', points: SCORE_WEIGHTS.homeArea, detail: `Based in ${req.area}.` });
  }
  if (req.genderPreference === 'preferred' && req.gender && m.gender === req.gender) {
    score += SCORE_WEIGHTS.genderPreferred;
    reasons?.push({ code: 'gender_preferred', points: SCORE_WEIGHTS.genderPreferred, detail: `Preferred gender (${req.gender}).` });
  }
  return { score: round(score), reasons: reasons ?? NO_REASONS };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
