/** The closed vocabularies of the domain, shared by validation, matching and storage. */

export const MODALITIES = ['in_person', 'phone', 'video'] as const;
export type Modality = (typeof MODALITIES)[number];

export const SECTORS = ['health', 'school', 'social', 'legal', 'housing', 'employment'] as const;
export type Sector = (typeof SECTORS)[number];

/** Ordered from weakest to strongest. */
export const LEVELS = ['B1', 'B2', 'C1', 'C2', 'native'] as const;
export type Level = (typeof LEVELS)[number];

export const GENDERS = ['female', 'male', 'nonbinary'] as const;
export type Gender = (typeof GENDERS)[number];

export const GENDER_PREFERENCES = ['none', 'preferred', 'required'] as const;
export type GenderPreference = (typeof GENDER_PREFERENCES)[number];

export const URGENCIES = ['standard', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const ASSIGNMENTS = ['auto', 'offer', 'manual'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];

/**
 * open: waiting for a mediator (manual pick); offered: offers out, waiting for a mediator to accept;
 * booked: a mediator holds it; unfilled: nobody could take it (reason kept); cancelled.
 */
export const APPOINTMENT_STATUSES = ['open', 'offered', 'booked', 'unfilled', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const ROLES = ['coordinator', 'desk', 'mediator'] as const;
export type Role = (typeof ROLES)[number];

export const SERVICE_KINDS = ['health', 'hospital', 'municipality', 'job_centre', 'school', 'housing', 'social', 'legal', 'other'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** The fallback ladder, in the order it is proposed when nobody fits. */
export const FALLBACK_STEPS = ['neighbouring_area', 'video', 'phone'] as const;
export type FallbackStep = (typeof FALLBACK_STEPS)[number];

const LEVEL_RANKS: ReadonlyMap<string, number> = new Map(LEVELS.map((level, rank) => [level, rank]));
/** B1 = 0 … native = 4; -1 for anything else. */
export function levelRank(level: Level): number {
  return LEVEL_RANKS.get(level) ?? -1;
}

export const OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** How a mediator is sent offers and reminders. */
export const NOTIFY_BY = ['email', 'sms', 'both'] as const;
export type NotifyBy = (typeof NOTIFY_BY)[number];

/** A phone number as the service stores it: digits, spaces, brackets, dots, dashes, an optional leading +. */
export const PHONE_PATTERN = /^\+?[0-9 ().-]{5,25}$/;

/** A mediator's weekly cap when none is given (40 hours). */
export const DEFAULT_WEEKLY_MINUTES = 40 * 60;
