import type { Ctx } from '../../deps.js';
import { exclusionSummary } from '../../domain/matching.js';
import { getWritableAppointment } from '../access.js';
import { matchRequestOf, runMatching } from '../matching.js';

/**
 * The best `limit` candidates with reasons, how many there are in all, and the excluded mediators
 * counted per rule. With `explain`, the whole roster is checked and every excluded mediator is named
 * with the rule and a detail; without it, only the speakers of the language are checked and counted,
 * and `excluded` stays empty (a detail per speaker would make the answer of a common language large).
 */
export async function listCandidates(ctx: Ctx, id: string, options: { explain: boolean; limit: number }) {
  const a = await getWritableAppointment(ctx, id);
  const { result } = await runMatching(ctx, matchRequestOf(a), { everyone: options.explain });
  return {
    candidates: result.candidates.slice(0, options.limit),
    candidateCount: result.candidates.length,
    excluded: options.explain ? result.excluded : [],
    excludedByRule: exclusionSummary(result.excluded),
    fallback: result.fallback,
  };
}
