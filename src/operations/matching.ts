import type { AppointmentRow } from '../../db/repositories/appointments.js';
import { loadMatchingInput } from '../../db/repositories/matching-input.js';
import type { Ctx } from '../deps.js';
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

/** Loads what matching needs for a request and runs it. */
export async function runMatching(ctx: Ctx, req: MatchRequest, everyone = false) {
  const input = await loadMatchingInput(ctx.db, ctx.repos, req, { zone: ctx.config.zone, everyone });
  const result: MatchResult = matchAppointment(req, input.roster, input.ctx, ctx.config.matching);
  return { ...input, result };
}
