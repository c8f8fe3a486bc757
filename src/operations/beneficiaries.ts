import type { AppointmentWithMediator } from '../../db/repositories/appointments.js';
import type { AuditRow } from '../../db/repositories/audit.js';
import { auditStatement } from '../../db/repositories/audit.js';
import type { ExclusionRow } from '../../db/repositories/exclusions.js';
import type { Ctx } from '../deps.js';
import { NotFoundError } from '../domain/errors.js';
import { assertServiceVisible, requireRole } from './access.js';
import { allAppointments } from './pagination.js';

/** Everything a service holds about one beneficiary (their right of access). */
export interface BeneficiaryRecord {
  serviceId: string;
  beneficiaryRef: string;
  appointments: AppointmentWithMediator[];
  exclusions: ExclusionRow[];
  audit: AuditRow[];
}

/** The service's desk or a coordinator, on a service that exists (anyone else: 404). */
async function assertCaseAccess(ctx: Ctx, serviceId: string): Promise<void> {
  requireRole(ctx.actor, 'desk', 'coordinator');
  assertServiceVisible(ctx.actor, serviceId);
  if (!(await ctx.repos.services.get(serviceId))) throw new NotFoundError('service', serviceId);
}

/** Exports everything the service holds about `ref`; a reference it does not know is 404. */
export async function exportBeneficiary(ctx: Ctx, serviceId: string, ref: string): Promise<BeneficiaryRecord> {
  await assertCaseAccess(ctx, serviceId);
  const [appointments, { exclusions, audit }] = await Promise.all([allAppointments(ctx, { serviceId, beneficiaryRef: ref }), ctx.repos.caseData.exclusionsAndAudit(serviceId, ref)]);
  if (appointments.length === 0 && exclusions.length === 0) throw new NotFoundError('beneficiary', ref);
  return { serviceId, beneficiaryRef: ref, appointments, exclusions, audit };
}

/**
 * Erases `ref` from the service (their right to erasure): the reference and notes of its
 * appointments go, the case's exclusions are deleted, the rest of each appointment stays for the
 * statistics. The audit entry names the service and the counts, never the reference.
 */
export async function eraseBeneficiary(ctx: Ctx, serviceId: string, ref: string): Promise<{ appointments: number; exclusions: number }> {
  await assertCaseAccess(ctx, serviceId);
  const [appointments, { exclusions }] = await Promise.all([allAppointments(ctx, { serviceId, beneficiaryRef: ref }), ctx.repos.caseData.exclusionsAndAudit(serviceId, ref)]);
  if (appointments.length === 0 && exclusions.length === 0) throw new NotFoundError('beneficiary', ref);
  const counts = { appointments: appointments.length, exclusions: exclusions.length };
  await ctx.db.batch([
    ...ctx.repos.caseData.eraseBeneficiaryStatements(serviceId, ref),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'beneficiary.erased', entity: 'service', entityId: serviceId, detail: counts, at: ctx.clock.now() }),
  ]);
  return counts;
}
