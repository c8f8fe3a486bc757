import type { AppointmentWithMediator } from '../../db/repositories/appointments.js';
import { auditStatement } from '../../db/repositories/audit.js';
import type { ExportRow } from '../../db/repositories/mediator-records.js';
import type { MediatorRecord, MediatorWrite } from '../../db/repositories/mediators.js';
import type { Ctx } from '../deps.js';
import { ConflictError } from '../domain/errors.js';
import { requireRole } from './access.js';
import { getMediator } from './mediators.js';
import { allAppointments } from './pagination.js';
import { changeMediator, type Released } from './release.js';

/** Everything the service holds about a mediator (their right of access). */
export interface MediatorExport {
  mediator: MediatorRecord;
  /** The appointments they were booked for, without the services' case references and notes. */
  appointments: AppointmentWithMediator[];
  offers: ExportRow[];
  attendance: ExportRow[];
  settlements: ExportRow[];
  timeOff: ExportRow[];
  accounts: ExportRow[];
  audit: ExportRow[];
}

/** A mediator's own data, for them or a coordinator; anyone else's id is 404. */
export async function exportMediator(ctx: Ctx, id: string): Promise<MediatorExport> {
  const mediator = await getMediator(ctx, id);
  const appointments = (await allAppointments(ctx, { mediatorId: id })).map((a) => ({ ...a, beneficiaryRef: null, notes: null }));
  return { mediator, appointments, ...(await ctx.repos.mediatorRecords.exportOf(id)) };
}

/** What an anonymised mediator is called from then on: no name, a reserved address (RFC 2606 `.invalid`). */
export function anonymousIdentity(id: string): { name: string; email: string } {
  return { name: `Mediatore anonimo ${id.slice(-6)}`, email: `${id.toLowerCase()}@anonymised.invalid` };
}

/**
 * A mediator leaves: name, e-mail, phone and gender are replaced, the profile made inactive and their
 * accounts revoked (which also ends their calendar feeds and sessions); bookings, attendance and
 * settlements stay under their id, so reports and timesheets still count them. Their future bookings
 * are released through the usual path, in the same batch, and matched again.
 */
export async function anonymiseMediator(ctx: Ctx, id: string): Promise<{ mediator: MediatorRecord; released: Released[] }> {
  requireRole(ctx.actor, 'coordinator');
  const current = await getMediator(ctx, id);
  const identity = anonymousIdentity(id);
  if (current.email === identity.email) throw new ConflictError('mediator_anonymised', 'This mediator was anonymised already.');
  const now = ctx.clock.now();
  const next: MediatorWrite = { ...current, ...identity, phone: null, gender: null, active: false, languages: [...current.languages], areas: [...current.areas], modalities: [...current.modalities], sectors: [...current.sectors] };
  const released = await changeMediator(ctx, id, { kind: 'profile', mediator: { ...current, ...next } }, [
    ...ctx.repos.mediators.updateStatements(id, next, now),
    ...ctx.repos.mediatorRecords.anonymiseStatements(id, current.email, identity, now),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'mediator.anonymised', entity: 'mediator', entityId: id, at: now }),
  ]);
  return { mediator: (await ctx.repos.mediators.get(id)) as MediatorRecord, released };
}
