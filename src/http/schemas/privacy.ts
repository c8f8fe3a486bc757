import { z } from '@hono/zod-openapi';
import { Appointment } from './appointments.js';
import { AuditEntry } from './audit.js';
import { Id } from './common.js';
import { Exclusion, Mediator } from './roster.js';

/**
 * A case reference in a path. Only its characters are checked: a reference stored before the
 * identifier rule (a fiscal code, say) must still be exportable and erasable.
 */
export const BeneficiaryParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
  ref: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._/-]+$/, 'must be a case reference')
    .openapi({ param: { name: 'ref', in: 'path' }, example: 'CASE-2026-0412' }),
});

export const BeneficiaryExport = z
  .object({
    serviceId: z.string(),
    beneficiaryRef: z.string(),
    appointments: z.array(Appointment),
    exclusions: z.array(Exclusion),
    audit: z.array(AuditEntry).openapi({ description: 'The history of those appointments.' }),
  })
  .openapi('BeneficiaryExport');

export const BeneficiaryErased = z
  .object({
    beneficiaryRef: z.string(),
    appointments: z.number().int().openapi({ description: 'Appointments whose reference and notes were erased (the rest of each is kept for the statistics).' }),
    exclusions: z.number().int().openapi({ description: 'Exclusions of this case, deleted.' }),
  })
  .openapi('BeneficiaryErased');

/** A stored row as exported: its fields, instants in ISO 8601. */
const Row = z.record(z.string(), z.unknown());

export const MediatorExport = z
  .object({
    mediator: Mediator,
    appointments: z.array(Appointment).openapi({ description: 'Every appointment they were booked for, without case references and notes.' }),
    offers: z.array(Row),
    attendance: z.array(Row).openapi({ description: 'The sheets they recorded.' }),
    settlements: z.array(Row),
    timeOff: z.array(Row),
    accounts: z.array(Row).openapi({ description: 'Their user accounts (never a token).' }),
    audit: z.array(Row).openapi({ description: 'Recorded changes to their profile.' }),
  })
  .openapi('MediatorExport');
