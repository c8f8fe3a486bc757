import type { Ctx } from '../../deps.js';
import { exclusionSummary } from '../../domain/matching.js';
import { neutralExclusion } from '../../domain/why-not.js';
import { getWritableAppointment } from '../access.js';
import { matchRequestOf, runMatching } from '../matching.js';

/**
 * The best `limit` candidates with reasons, how many there are in all, and the excluded mediators
 * counted per rule. With `explain`, the whole roster is checked and every excluded mediator is named
 * with the rule and a detail; without it, only the speakers of the language are checked and counted,
 * and `excluded` stays empty (a detail per speaker would make the answer of a common language large).
 * Only a coordinator reads why a mediator is busy (leave, other bookings, weekly hours).
 */
export async function listCandidates(ctx: Ctx, id: string, options: { explain: boolean; limit: number }) {
  const a = await getWritableAppointment(ctx, id);
  const { result } = await runMatching(ctx, matchRequestOf(a), { everyone: options.explain });
  const excluded = ctx.actor.role === 'coordinator' ? result.excluded : result.excluded.map(neutralExclusion);
  return {
    candidates: result.candidates.slice(0, options.limit),
    candidateCount: result.candidates.length,
    excluded: options.explain ? excluded : [],
    excludedByRule: exclusionSummary(excluded),
    fallback: result.fallback,
  };
}
