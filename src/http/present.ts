import type { z } from '@hono/zod-openapi';
import { formatInstant, formatNullable } from '../domain/time.js';
import type { getVisibleAppointment } from '../operations/access.js';
import type { ExclusionRow } from '../operations/exclusions.js';
import type { MediatorRecord, TimeOffRow } from '../operations/mediators.js';
import type { ServiceRow } from '../operations/services.js';
import type { UserRow } from '../operations/users.js';
import type { AuditRow } from '../operations/audit.js';
import type { Appointment } from './schemas/appointments.js';
import type { AuditEntry } from './schemas/audit.js';
import type { Exclusion, Mediator, Service, TimeOff, User } from './schemas/roster.js';

/** Storage rows → the public JSON shapes (camelCase, ISO instants with the Europe/Rome offset). */

export function presentService(s: ServiceRow): z.infer<typeof Service> {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind as z.infer<typeof Service>['kind'],
    area: s.areaCode,
    address: s.address,
    contactEmail: s.contactEmail,
    phone: s.phone,
    active: s.active,
    createdAt: formatInstant(s.createdAt),
    updatedAt: formatInstant(s.updatedAt),
  };
}

export function presentMediator(m: MediatorRecord): z.infer<typeof Mediator> {
  return {
    id: m.id,
    name: m.name,
    email: m.email,
    phone: m.phone,
    gender: m.gender,
    homeArea: m.homeArea,
    languages: [...m.languages],
    areas: [...m.areas],
    modalities: [...m.modalities],
    sectors: [...m.sectors],
    maxWeeklyMinutes: m.maxWeeklyMinutes,
    active: m.active,
    locale: m.locale,
    notifyBy: m.notifyBy,
    createdAt: formatInstant(m.createdAt),
    updatedAt: formatInstant(m.updatedAt),
  };
}

export function presentUser(u: UserRow): z.infer<typeof User> {
  return {
    id: u.id,
    role: u.role as z.infer<typeof User>['role'],
    name: u.name,
    email: u.email,
    serviceId: u.serviceId,
    mediatorId: u.mediatorId,
    createdAt: formatInstant(u.createdAt),
  };
}

export function presentTimeOff(t: TimeOffRow): z.infer<typeof TimeOff> {
  return { id: t.id, mediatorId: t.mediatorId, start: formatInstant(t.startsAt), end: formatInstant(t.endsAt), reason: t.reason };
}

/** An audit entry: when in the zone, who (a user id or `system`), and its detail parsed. */
export function presentAudit(r: AuditRow): z.infer<typeof AuditEntry> {
  return { id: r.id, at: formatInstant(r.at), actor: r.actorId, action: r.action, entity: r.entity, entityId: r.entityId, detail: JSON.parse(r.detail) as Record<string, unknown> };
}

export function presentExclusion(e: ExclusionRow): z.infer<typeof Exclusion> {
  return {
    id: e.id,
    serviceId: e.serviceId,
    mediatorId: e.mediatorId,
    beneficiaryRef: e.beneficiaryRef,
    reason: e.reason,
    createdAt: formatInstant(e.createdAt),
  };
}

type AppointmentJson = z.infer<typeof Appointment>;
/** An appointment with its mediator's name, as the appointment operations return it. */
type AppointmentWithMediator = Awaited<ReturnType<typeof getVisibleAppointment>>;

export function presentAppointment(a: AppointmentWithMediator): AppointmentJson {
  return {
    id: a.id,
    status: a.status as AppointmentJson['status'],
    mediatorId: a.mediatorId,
    mediator: a.mediator,
    serviceId: a.serviceId,
    language: a.language,
    area: a.areaCode,
    modality: a.modality as AppointmentJson['modality'],
    start: formatInstant(a.startsAt),
    end: formatInstant(a.endsAt),
    durationMinutes: a.durationMinutes,
    sector: a.sector as AppointmentJson['sector'],
    genderPreference: a.genderPreference as AppointmentJson['genderPreference'],
    gender: a.gender as AppointmentJson['gender'],
    beneficiaryRef: a.beneficiaryRef,
    location: a.location,
    videoUrl: a.videoUrl,
    dialIn: a.dialIn,
    retroactive: a.retroactive,
    notes: a.notes,
    urgency: a.urgency as AppointmentJson['urgency'],
    minLevel: a.minLevel as AppointmentJson['minLevel'],
    assignment: a.assignment as AppointmentJson['assignment'],
    fallbackStep: a.fallbackStep as AppointmentJson['fallbackStep'],
    unfilledReason: a.unfilledReason ? (JSON.parse(a.unfilledReason) as AppointmentJson['unfilledReason']) : null,
    bookedAt: formatNullable(a.bookedAt),
    cancelledAt: formatNullable(a.cancelledAt),
    cancelReason: a.cancelReason,
    seriesId: a.seriesId,
    version: a.version,
    createdAt: formatInstant(a.createdAt),
    updatedAt: formatInstant(a.updatedAt),
  };
}
