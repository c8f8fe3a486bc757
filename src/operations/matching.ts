import type { AppointmentRow } from '../../db/repositories/appointments.js';
import type { MatchingInput } from '../../db/repositories/matching-input.js';
import type { Ctx } from '../deps.js';
import { weekContaining } from '../domain/availability.js';
import type { MatchRequest } from '../domain/eligibility.js';
import { type MatchResult, matchAppointment } from '../domain/matching.js';
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

/**
 * Reads what matching needs for a request: one round of concurrent reads, none of which depends on
 * the request's area or modality (those matter to the rules only). `everyone`: the whole roster, not
 * only the speakers of the language (explain).
 */
export function readMatchingInput(ctx: Ctx, req: MatchRequest, options: { everyone?: boolean } = {}): Promise<MatchingInput> {
  return ctx.repos.matchingInput.load(req, {
    zone: ctx.config.zone,
    week: weekContaining(req.start, ctx.config.zone),
    everyone: options.everyone ?? false,
  });
}

/** Ranks the roster read for a request: candidates, excluded mediators with their rule, and the fallback ladder when nobody fits. */
export function rankRequest(ctx: Ctx, req: MatchRequest, input: MatchingInput): MatchingInput & { result: MatchResult } {
  return { ...input, result: matchAppointment(req, input.roster, input.ctx, ctx.config.matching) };
}

/** Reads and ranks (see readMatchingInput and rankRequest). */
export async function runMatching(ctx: Ctx, req: MatchRequest, options: { everyone?: boolean } = {}): Promise<MatchingInput & { result: MatchResult }> {
  return rankRequest(ctx, req, await readMatchingInput(ctx, req, options));
}
