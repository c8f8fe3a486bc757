import type { AppointmentFilter, AppointmentWithMediator } from '../../../db/repositories/appointments.js';
import type { Ctx } from '../../deps.js';
import { InvalidError } from '../../domain/errors.js';
import { getVisibleAppointment } from '../access.js';
import { assertKnownLanguages } from '../languages.js';
import { afterInstant, type PageInput } from '../pagination.js';

/** Which appointments to list, by start time (`cursor`: the previous page's `nextCursor`). */
export type AppointmentQuery = Omit<AppointmentFilter, 'limit' | 'after'> & PageInput;

/** A page of the appointments the caller may see: a desk its service's, a mediator their own, a coordinator all. */
export async function listAppointments(ctx: Ctx, query: AppointmentQuery) {
  if (ctx.actor.role === 'desk' && query.serviceId && query.serviceId !== ctx.actor.serviceId) {
    throw new InvalidError('query.serviceId', 'A desk sees its own service only.');
  }
  if (query.language) await assertKnownLanguages(ctx, [{ tag: query.language, path: 'query.language' }]);
  const scope =
    ctx.actor.role === 'desk'
      ? { serviceId: ctx.actor.serviceId ?? '' }
      : ctx.actor.role === 'mediator'
        ? { mediatorId: ctx.actor.mediatorId ?? '' }
        : {};
  const { cursor, ...filter } = query;
  const after = afterInstant(cursor);
  return ctx.repos.appointments.list({ ...filter, ...(after ? { after } : {}), ...scope });
}

/** One appointment the caller may see (404 otherwise). */
export function getAppointment(ctx: Ctx, id: string): Promise<AppointmentWithMediator> {
  return getVisibleAppointment(ctx, id);
}
