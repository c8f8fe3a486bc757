import { z } from '@hono/zod-openapi';
import { HARD_RULES } from '../../domain/eligibility.js';
import {
  APPOINTMENT_STATUSES,
  ASSIGNMENTS,
  FALLBACK_STEPS,
  GENDER_PREFERENCES,
  GENDERS,
  LEVELS,
  MODALITIES,
  SECTORS,
  URGENCIES,
} from '../../domain/vocabulary.js';
import type { AssignInput } from '../../operations/appointments/assign.js';
import type { AppointmentRequest } from '../../operations/appointments/create.js';
import type { HandBackInput } from '../../operations/appointments/release.js';
import type { PastSessionInput } from '../../operations/appointments/record-past.js';
import type { AppointmentChanges } from '../../operations/appointments/update.js';
import { OUTCOMES } from '../../domain/attendance.js';
import { AreaCode, Id, Instant, LanguageTag, LongText, PageQuery, type ParsesTo } from './common.js';
import { BeneficiaryRef } from './roster.js';

/** The video meeting's link: https (or http), as the desk's video platform gives it. */
const VideoUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) link, e.g. https://meet.example.it/abc' })
  .max(500)
  .openapi({ description: 'The video meeting link; the invite and e-mails carry it.' });

/** A number (and code) to dial in for a phone appointment. */
const DialIn = z
  .string()
  .trim()
  .min(3)
  .max(100)
  .openapi({ description: 'Number and code to dial in (phone appointments); the invite and e-mails carry it.' });

export const AppointmentCreate = z
  .strictObject({
    serviceId: Id.optional().openapi({ description: 'Coordinators only; a desk always books for its own service.' }),
    language: LanguageTag,
    area: AreaCode.optional().openapi({ description: "Defaults to the service's area." }),
    modality: z.enum(MODALITIES).default('in_person'),
    start: Instant,
    durationMinutes: z.number().int().min(15).max(8 * 60),
    sector: z.enum(SECTORS),
    genderPreference: z.enum(GENDER_PREFERENCES).default('none'),
    gender: z.enum(GENDERS).optional().openapi({ description: 'Required when genderPreference is not none.' }),
    beneficiaryRef: BeneficiaryRef.optional(),
    location: z.string().max(300).optional(),
    videoUrl: VideoUrl.optional(),
    dialIn: DialIn.optional(),
    notes: LongText.optional(),
    urgency: z.enum(URGENCIES).default('standard'),
    minLevel: z.enum(LEVELS).default('B2'),
    assignment: z.enum(ASSIGNMENTS).default('auto'),
    allowFallback: z
      .boolean()
      .default(false)
      .openapi({ description: 'auto only: when nobody fits, take the first fallback step that has a candidate.' }),
  })
  .openapi('AppointmentCreate');
true satisfies ParsesTo<typeof AppointmentCreate, AppointmentRequest>;

export const PastSessionCreate = z
  .strictObject({
    serviceId: AppointmentCreate.shape.serviceId,
    language: LanguageTag,
    area: AreaCode.optional(),
    modality: z.enum(MODALITIES).default('phone'),
    start: Instant,
    durationMinutes: z.number().int().min(5).max(8 * 60),
    sector: z.enum(SECTORS),
    beneficiaryRef: BeneficiaryRef.optional(),
    location: z.string().max(300).optional(),
    notes: LongText.optional(),
    mediatorId: Id.openapi({ description: 'The mediator who did it.' }),
    outcome: z.enum(OUTCOMES),
    checkIn: Instant.optional(),
    checkOut: Instant.optional(),
    comment: z.string().max(500).optional(),
  })
  .openapi('PastSessionCreate');
true satisfies ParsesTo<typeof PastSessionCreate, PastSessionInput>;

export const AppointmentPatch = z
  .strictObject({
    start: Instant,
    durationMinutes: z.number().int().min(15).max(8 * 60),
    area: AreaCode,
    modality: z.enum(MODALITIES),
    location: z.string().max(300).nullable(),
    videoUrl: VideoUrl.nullable(),
    dialIn: DialIn.nullable(),
    notes: LongText.nullable(),
  })
  .partial()
  .openapi('AppointmentPatch');
true satisfies ParsesTo<typeof AppointmentPatch, AppointmentChanges>;

export const AppointmentCancel = z
  .strictObject({ reason: z.string().max(500).optional() })
  .openapi('AppointmentCancel');

export const CancellationCharge = z
  .object({
    applies: z.boolean().openapi({ description: 'Whether the cancellation is billed as `cancelled_late`.' }),
    reason: z
      .enum(['outside_notice', 'grace_period', 'booked_inside_notice', 'late', 'not_booked'])
      .openapi({ description: 'late: charged; outside_notice: notice given; grace_period: within the grace period after booking; booked_inside_notice: booked at short notice and not yet accepted; not_booked: no mediator booked.' }),
    billableMinutes: z.number().int(),
  })
  .openapi('CancellationCharge');

export const AppointmentRelease = z
  .strictObject({ reason: z.string().trim().min(1).max(500).openapi({ description: 'Why the mediator hands the booking back.' }) })
  .openapi('AppointmentRelease');
true satisfies ParsesTo<typeof AppointmentRelease, HandBackInput>;

export const AssignBody = z
  .strictObject({
    mediatorId: Id,
    fallback: z
      .enum(FALLBACK_STEPS)
      .optional()
      .openapi({ description: 'Take this step of the fallback ladder (recorded as a coverage gap).' }),
  })
  .openapi('AssignBody');
true satisfies ParsesTo<typeof AssignBody, AssignInput>;

const MediatorSummary = z.object({ id: z.string(), name: z.string(), phone: z.string().nullable(), email: z.string() });

export const Appointment = z
  .object({
    id: z.string(),
    status: z.enum(APPOINTMENT_STATUSES),
    mediatorId: z.string().nullable(),
    mediator: MediatorSummary.nullable(),
    serviceId: z.string(),
    language: z.string(),
    area: z.string(),
    modality: z.enum(MODALITIES),
    start: z.string(),
    end: z.string(),
    durationMinutes: z.number(),
    sector: z.enum(SECTORS),
    genderPreference: z.enum(GENDER_PREFERENCES),
    gender: z.enum(GENDERS).nullable(),
    beneficiaryRef: z.string().nullable(),
    location: z.string().nullable(),
    videoUrl: z.string().nullable(),
    dialIn: z.string().nullable(),
    retroactive: z.boolean().openapi({ description: 'Recorded after it happened (POST /v1/appointments/past); reports count it apart.' }),
    notes: z.string().nullable(),
    urgency: z.enum(URGENCIES),
    minLevel: z.enum(LEVELS),
    assignment: z.enum(ASSIGNMENTS),
    fallbackStep: z.enum(FALLBACK_STEPS).nullable(),
    unfilledReason: z
      .object({ code: z.string(), detail: z.string(), rules: z.record(z.string(), z.number()) })
      .nullable()
      .openapi({ description: 'Why nobody could take it: excluded mediators counted per hard rule.' }),
    bookedAt: z.string().nullable().openapi({ description: 'When the current mediator was booked; a change that keeps them keeps it.' }),
    cancelledAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    seriesId: z.string().nullable().openapi({ description: 'The recurring series it is an occurrence of (GET /v1/series/{id}), if any.' }),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Appointment');

const Reason = z.object({ code: z.string(), points: z.number(), detail: z.string() });

export const Candidate = z
  .object({
    mediatorId: z.string(),
    name: z.string(),
    score: z.number(),
    reasons: z.array(Reason),
    travelFromArea: z.string().optional(),
    travelMinutes: z.number().optional(),
  })
  .openapi('Candidate');

export const Candidates = z
  .object({
    candidates: z.array(Candidate).openapi({ description: 'The eligible mediators, best first, at most `limit` of them.' }),
    candidateCount: z.number().int().openapi({ description: 'How many mediators are eligible in all (candidates beyond `limit` are not listed).' }),
    excluded: z
      .array(z.object({ mediatorId: z.string(), name: z.string(), rule: z.enum(HARD_RULES), detail: z.string() }))
      .openapi({ description: 'With explain=true: every mediator in the roster who is not a candidate, with the first hard rule they fail and a detail. Empty without explain.' }),
    excludedByRule: z
      .partialRecord(z.enum(HARD_RULES), z.number().int())
      .openapi({
        description: 'Excluded mediators counted per hard rule: the speakers of the language without explain, the whole roster with explain=true (which adds `language`).',
        example: { area: 4, availability: 2 },
      }),
    fallback: z.array(z.object({ step: z.enum(FALLBACK_STEPS), modality: z.enum(MODALITIES), candidates: z.array(Candidate) })),
  })
  .openapi('Candidates');

/** The answer to a booking request: the appointment plus, when unfilled, what could still be done. */
export const PrivacyWarning = z
  .object({
    path: z.string(),
    code: z.enum(['possible_name', 'possible_identifier']),
    message: z.string(),
  })
  .openapi('PrivacyWarning', { description: 'Stored, but worth a second look: free text that seems to name or identify the beneficiary.' });

export const AppointmentCreated = Appointment.extend({
  fallback: Candidates.shape.fallback.optional(),
  warnings: z
    .array(PrivacyWarning)
    .optional()
    .openapi({ description: 'Present on create and PATCH: what in the notes seems to name a person or hold a fiscal code, e-mail or phone number. Empty when nothing does.' }),
}).openapi('AppointmentCreated');

export const AppointmentCancelled = Appointment.extend({
  charge: CancellationCharge,
}).openapi('AppointmentCancelled');

export const AppointmentListQuery = PageQuery.extend({
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  from: Instant.optional().openapi({ description: 'Appointments starting at or after.' }),
  to: Instant.optional().openapi({ description: 'Appointments starting before.' }),
  language: LanguageTag.optional().openapi({ description: 'Primary language: ar matches ar-MA too.' }),
  area: AreaCode.optional(),
  serviceId: Id.optional(),
  mediatorId: Id.optional(),
  beneficiaryRef: BeneficiaryRef.optional(),
});

/** Candidates listed by default: a desk picks among the best; `limit` asks for more. */
export const CANDIDATES_DEFAULT_LIMIT = 50;

export const CandidatesQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(CANDIDATES_DEFAULT_LIMIT)
    .openapi({
      param: { name: 'limit', in: 'query' },
      description: `How many of the ranked candidates to list, best first: 1–1000 (default ${CANDIDATES_DEFAULT_LIMIT}). \`candidateCount\` says how many there are in all.`,
    }),
  explain: z
    .enum(['true', 'false'])
    .default('false')
    .openapi({ description: 'true: check the whole roster and name every excluded mediator in `excluded`, with the rule and a detail.' }),
});
