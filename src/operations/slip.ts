import type { Ctx } from '../deps.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { Modality } from '../domain/vocabulary.js';
import type { SlipFacts } from '../slip/render.js';
import { getVisibleAppointment, requireRole } from './access.js';

/**
 * What the beneficiary's slip shows, for the desk of the appointment's service (or a coordinator),
 * and the language to write it in: the one asked for, else the appointment's.
 */
export async function appointmentSlip(ctx: Ctx, id: string, lang?: string): Promise<{ facts: SlipFacts; lang: string }> {
  requireRole(ctx.actor, 'desk', 'coordinator');
  const a = await getVisibleAppointment(ctx, id);
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'The appointment is cancelled.');
  const service = await ctx.repos.services.get(a.serviceId);
  if (!service) throw new NotFoundError('service', a.serviceId);
  return {
    facts: { start: a.startsAt, modality: a.modality as Modality, serviceName: service.name, address: a.location ?? service.address },
    lang: lang ?? a.language,
  };
}
