import type { AppointmentWithMediator } from '../../db/repositories/appointments.js';
import type { Actor, ActorRole, Ctx } from '../deps.js';
import { ForbiddenError, NotFoundError } from '../domain/errors.js';

/**
 * Wrong role → 403 (the route is not for you). The system passes only where it is named; after the
 * call the actor's role is narrowed to the roles given.
 */
export function requireRole<R extends ActorRole>(actor: Actor, ...roles: R[]): asserts actor is Actor & { role: R } {
  if (!(roles as ActorRole[]).includes(actor.role)) throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}.`);
}

/** Coordinators and the system see every service's and mediator's objects. */
function seesEverything(actor: Actor): boolean {
  return actor.role === 'coordinator' || actor.role === 'system';
}

/** Someone else's object → 404, so ids of other services' data are not even confirmed to exist. */
export function assertServiceVisible(actor: Actor, serviceId: string): void {
  if (seesEverything(actor)) return;
  if (actor.role === 'desk' && actor.serviceId === serviceId) return;
  throw new NotFoundError('service', serviceId);
}

export function assertMediatorVisible(actor: Actor, mediatorId: string): void {
  if (seesEverything(actor)) return;
  if (actor.role === 'mediator' && actor.mediatorId === mediatorId) return;
  throw new NotFoundError('mediator', mediatorId);
}

export function canSeeAppointment(actor: Actor, a: { serviceId: string; mediatorId: string | null }): boolean {
  if (seesEverything(actor)) return true;
  if (actor.role === 'desk') return actor.serviceId === a.serviceId;
  return actor.role === 'mediator' && actor.mediatorId !== null && actor.mediatorId === a.mediatorId;
}

/** Reads an appointment the caller may see; anything else is 404. */
export async function getVisibleAppointment(ctx: Ctx, id: string): Promise<AppointmentWithMediator> {
  const a = await ctx.repos.appointments.get(id);
  if (!a || !canSeeAppointment(ctx.actor, a)) throw new NotFoundError('appointment', id);
  return a;
}

/** Desk (or coordinator) write access: the desk's own service only. */
export async function getWritableAppointment(ctx: Ctx, id: string): Promise<AppointmentWithMediator> {
  requireRole(ctx.actor, 'desk', 'coordinator');
  return getVisibleAppointment(ctx, id);
}
