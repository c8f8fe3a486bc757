import { z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import { canonicalTag } from '../../domain/languages.js';
import { beneficiaryRefProblem } from '../../domain/pseudonymity.js';
import { TIME_OF_DAY, type WeeklyRule as WeeklyRuleInput } from '../../domain/availability.js';
import { DEFAULT_WEEKLY_MINUTES, GENDERS, LEVELS, MODALITIES, NOTIFY_BY, ROLES, SECTORS, SERVICE_KINDS } from '../../domain/vocabulary.js';
import type * as areas from '../../operations/areas.js';
import type * as exclusions from '../../operations/exclusions.js';
import type * as mediators from '../../operations/mediators.js';
import type * as services from '../../operations/services.js';
import type * as users from '../../operations/users.js';
import { AreaCode, Email, Id, Instant, LanguageTag, LongText, PageQuery, type ParsesTo, Phone, ShortText } from './common.js';

// Each schema an operation takes as its input is held to that operation's type by a
// `true satisfies ParsesTo<…>` line under it: tsc fails there when either side changes alone.

export const Area = z
  .object({
    code: AreaCode,
    name: z.string(),
    timezone: z.string(),
    travelMinutes: z.record(z.string(), z.number()).openapi({ description: 'Minutes to each area (same area: within-area travel).' }),
  })
  .openapi('Area');

export const AreaCreate = z
  .strictObject({
    code: AreaCode,
    name: ShortText,
    timezone: z
      .string()
      .max(64)
      .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Rome')
      .default('Europe/Rome'),
    withinMinutes: z.number().int().min(0).max(600).default(20),
    travelMinutes: z
      .record(AreaCode, z.number().int().min(0).max(1440))
      .openapi({ description: 'Minutes to every existing area, by code.' }),
  })
  .openapi('AreaCreate');
true satisfies ParsesTo<typeof AreaCreate, areas.AreaInput>;

export const ServiceKind = z.enum(SERVICE_KINDS);

export const Service = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: ServiceKind,
    area: AreaCode,
    address: z.string(),
    contactEmail: z.string(),
    phone: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Service');

export const ServiceCreate = z
  .strictObject({
    name: ShortText,
    kind: ServiceKind.default('other'),
    area: AreaCode,
    address: ShortText,
    contactEmail: Email,
    phone: Phone.optional(),
  })
  .openapi('ServiceCreate');
true satisfies ParsesTo<typeof ServiceCreate, services.ServiceInput>;

export const ServicePatch = z
  .strictObject({
    name: ShortText,
    kind: ServiceKind,
    area: AreaCode,
    address: ShortText,
    contactEmail: Email,
    phone: Phone.nullable(),
    active: z.boolean(),
  })
  .partial()
  .openapi('ServicePatch');
true satisfies ParsesTo<typeof ServicePatch, services.ServiceChanges>;

export const ServiceListQuery = PageQuery.extend({ area: AreaCode.optional() });
true satisfies ParsesTo<typeof ServiceListQuery, services.ServiceListQuery>;

export const SpokenLanguage = z.strictObject({ code: LanguageTag, level: z.enum(LEVELS) });

const mediatorFields = {
  name: ShortText,
  email: Email,
  phone: Phone.nullable(),
  gender: z.enum(GENDERS).nullable(),
  homeArea: AreaCode,
  languages: z
    .array(SpokenLanguage)
    .min(1)
    .max(20)
    .superRefine((languages, check) => {
      const seen = new Set<string>();
      languages.forEach((l, i) => {
        const tag = canonicalTag(l.code);
        if (seen.has(tag)) check.addIssue({ code: 'custom', path: [i, 'code'], message: `${tag} is listed twice; give each language once, with its level` });
        seen.add(tag);
      });
    }),
  areas: z.array(AreaCode).min(1).max(20),
  modalities: z.array(z.enum(MODALITIES)).min(1).max(3),
  sectors: z.array(z.enum(SECTORS)).max(6),
  maxWeeklyMinutes: z.number().int().min(0).max(7 * 24 * 60),
  active: z.boolean(),
  locale: z.enum(['it', 'en']),
  notifyBy: z.enum(NOTIFY_BY).openapi({ description: 'How offers and reminders reach the mediator: `email`, `sms` (to `phone`, through the SMS gateway) or `both`; e-mail whenever SMS cannot be sent (no phone, no gateway).' }),
};

export const Mediator = z
  .object({
    id: z.string(),
    ...mediatorFields,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Mediator');

export const MediatorCreate = z
  .strictObject({
    ...mediatorFields,
    phone: mediatorFields.phone.optional(),
    gender: mediatorFields.gender.optional(),
    homeArea: AreaCode.optional().openapi({ description: 'Defaults to the first of `areas`.' }),
    sectors: mediatorFields.sectors.default([]),
    maxWeeklyMinutes: mediatorFields.maxWeeklyMinutes.default(DEFAULT_WEEKLY_MINUTES),
    active: z.boolean().default(true),
    locale: mediatorFields.locale.default('it'),
    notifyBy: mediatorFields.notifyBy.default('email'),
  })
  .openapi('MediatorCreate');
true satisfies ParsesTo<typeof MediatorCreate, mediators.MediatorInput>;

export const MediatorPatch = z.strictObject(mediatorFields).partial().openapi('MediatorPatch');
true satisfies ParsesTo<typeof MediatorPatch, mediators.MediatorChanges>;

/** `active` stays the query's text here; the route hands the operation a boolean. */
export const MediatorListQuery = PageQuery.extend({
  language: LanguageTag.optional().openapi({ description: 'Primary language: ar also finds ar-MA speakers.' }),
  area: AreaCode.optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const WeeklyRule = z.strictObject({
  weekday: z.number().int().min(1).max(7).openapi({ description: '1 = Monday … 7 = Sunday' }),
  start: z.string().regex(TIME_OF_DAY, 'must be HH:MM'),
  end: z.string().regex(TIME_OF_DAY, 'must be HH:MM (24:00 allowed)'),
});
true satisfies ParsesTo<typeof WeeklyRule, WeeklyRuleInput>;

export const Availability = z
  .strictObject({
    rules: z.array(WeeklyRule).max(100),
    timezone: z.string().optional().openapi({ description: 'Read-only: the zone the rules are in.' }),
  })
  .openapi('Availability');

export const TimeOff = z
  .object({ id: z.string(), mediatorId: z.string(), start: z.string(), end: z.string(), reason: z.string().nullable() })
  .openapi('TimeOff');

export const TimeOffCreate = z
  .strictObject({ start: Instant, end: Instant, reason: LongText.optional() })
  .openapi('TimeOffCreate');
true satisfies ParsesTo<typeof TimeOffCreate, mediators.TimeOffInput>;

export const TimeOffListQuery = PageQuery.extend({ from: Instant.optional(), to: Instant.optional() });
true satisfies ParsesTo<typeof TimeOffListQuery, mediators.TimeOffListQuery>;

export const Exclusion = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    mediatorId: z.string(),
    beneficiaryRef: z.string().nullable(),
    reason: z.string(),
    createdAt: z.string(),
  })
  .openapi('Exclusion');

const CASE_REFERENCE = /^[A-Za-z0-9._/-]+$/;

/** A pseudonymous case reference: the identifier rule (domain/pseudonymity.ts) first, then the characters, one message. */
export const BeneficiaryRef = z
  .string()
  .min(1)
  .max(64)
  .superRefine((ref, check) => {
    const problem = beneficiaryRefProblem(ref) ?? (CASE_REFERENCE.test(ref) ? null : 'must be a pseudonymous case reference (letters, digits, . _ / -), never a name');
    if (problem) check.addIssue({ code: 'custom', message: problem });
  })
  .openapi({
    example: 'CASE-2026-0412',
    pattern: CASE_REFERENCE.source,
    description: 'Pseudonymous: a fiscal code, an e-mail address or a phone number is refused.',
  });

export const ExclusionCreate = z
  .strictObject({ mediatorId: Id, beneficiaryRef: BeneficiaryRef.optional(), reason: ShortText })
  .openapi('ExclusionCreate');
true satisfies ParsesTo<typeof ExclusionCreate, exclusions.ExclusionInput>;

export const ExclusionListQuery = PageQuery.extend({ mediatorId: Id.optional() });
true satisfies ParsesTo<typeof ExclusionListQuery, exclusions.ExclusionListQuery>;

export const Role = z.enum(ROLES);

export const User = z
  .object({
    id: z.string(),
    role: Role,
    name: z.string(),
    email: z.string().nullable(),
    serviceId: z.string().nullable(),
    mediatorId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('User');

export const UserCreate = z
  .strictObject({
    role: Role,
    name: ShortText,
    email: Email.optional(),
    serviceId: Id.optional().openapi({ description: 'Required for role desk.' }),
    mediatorId: Id.optional().openapi({ description: 'Required for role mediator.' }),
  })
  .openapi('UserCreate');
true satisfies ParsesTo<typeof UserCreate, users.UserInput>;

export const UserListQuery = PageQuery.extend({ role: Role.optional() });
true satisfies ParsesTo<typeof UserListQuery, users.UserListQuery>;

export const UserWithToken = User.extend({
  token: z.string().openapi({ description: 'Shown once; only its hash is stored.' }),
}).openapi('UserWithToken');
