import type { AppointmentRow } from '../../db/repositories/appointments.js';
import { loadMatchingInput } from '../../db/repositories/matching-input.js';
import type { Ctx } from '../deps.js';
import type { MatchRequest } from '../domain/eligibility.js';
import { fallbackLadder, type MatchResult, matchAppointment, rankAsAsked } from '../domain/matching.js';
import type { Gender, GenderPreference, Level, Modality, Sector } from '../domain/vocabulary.js';

/** The matching view of a stored appointment. */
export function matchRequestOf(a: AppointmentRow): MatchRequest {
  return {
    appointmentId: a.id,
    serviceId: a.serviceId,
    language: a.language,
    minLevel: a.minLevel as Level,
    area: a.areaCode,
    modality: a.modality as Modality,
    start: a.startsAt,
    end: a.endsAt,
    sector: a.sector as Sector,
    genderPreference: a.genderPreference as GenderPreference,
    gender: a.gender as Gender | null,
    beneficiaryRef: a.beneficiaryRef,
  };
}

/** How runMatching reads and ranks; every option is off or as asked by default. */
export interface MatchingOptions {
  /** The whole roster, not only the speakers of the language (explain: every excluded mediator named). */
  everyone?: boolean;
  /** 'fallback': the schedules of the fallback variants too, at once (a desk's fallback pick). */
  variants?: 'asked' | 'fallback';
  /** false: the candidates as asked come without their reasons (a claim loop needs only the order). */
  reasons?: boolean;
}

/**
 * Loads what matching needs for a request and runs it. Schedules are first loaded only for the
 * mediators who pass the static rules as asked; when nobody is eligible (the fallback ladder is
 * needed), the schedules of those the fallback variants bring in are added. With `variants:
 * 'fallback'` all are loaded at once. Either way the result is what `matchAppointment` gives on the
 * whole context. `reasons: false` leaves the reasons of the candidates as asked empty (same scores,
 * same order; the fallback ladder keeps its reasons).
 */
export async function runMatching(ctx: Ctx, req: MatchRequest, options: MatchingOptions = {}) {
  const { everyone = false, variants = 'asked', reasons = true } = options;
  const { widen, ...input } = await loadMatchingInput(ctx.db, ctx.repos, req, {
    zone: ctx.config.zone,
    now: ctx.clock.now(),
    everyone,
    variants,
    neighbourMaxTravel: ctx.config.matching.neighbourMaxTravel,
  });
  const asked = variants === 'asked' ? rankAsAsked(req, input.roster, input.ctx, { reasons }) : null;
  if (asked && asked.candidates.length > 0) return { ...input, result: { ...asked, fallback: [] } satisfies MatchResult };
  const wide = await widen();
  // Nobody fits as asked: that ranking stands (the schedules widen() adds are of mediators who fail a
  // static rule as asked), and only the ladder needs the wider context.
  const result: MatchResult = asked
    ? { ...asked, fallback: fallbackLadder(req, wide.roster, wide.ctx, ctx.config.matching) }
    : matchAppointment(req, wide.roster, wide.ctx, ctx.config.matching);
  return { ...wide, result };
}
