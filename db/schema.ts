import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Instants are stored as integer epoch milliseconds (UTC); wall-clock rules as minutes since midnight. */

export const areas = sqliteTable('areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('Europe/Rome'),
  createdAt: integer('created_at').notNull().default(0),
});

export const areaTravel = sqliteTable(
  'area_travel',
  {
    fromCode: text('from_code')
      .notNull()
      .references(() => areas.code),
    toCode: text('to_code')
      .notNull()
      .references(() => areas.code),
    minutes: integer('minutes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromCode, t.toCode] })],
);

export const services = sqliteTable(
  'services',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    address: text('address').notNull(),
    contactEmail: text('contact_email').notNull(),
    phone: text('phone'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('services_area_idx').on(t.areaCode)],
);

export const mediators = sqliteTable('mediators', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  phone: text('phone'),
  gender: text('gender'),
  homeArea: text('home_area')
    .notNull()
    .references(() => areas.code),
  /** JSON: [{code, level}] — mirrored in mediator_languages for indexed lookup. */
  languages: text('languages').notNull(),
  /** JSON string arrays. */
  areas: text('areas').notNull(),
  modalities: text('modalities').notNull(),
  sectors: text('sectors').notNull(),
  /** JSON: [{weekday, start, end}] weekly availability in the home area's zone. */
  availability: text('availability').notNull().default('[]'),
  maxWeeklyMinutes: integer('max_weekly_minutes').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  locale: text('locale').notNull().default('it'),
  /** How offers and reminders reach the mediator: email, sms or both (SMS needs a phone and a gateway). */
  notifyBy: text('notify_by').notNull().default('email'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const mediatorLanguages = sqliteTable(
  'mediator_languages',
  {
    mediatorId: text('mediator_id')
      .notNull()
      .references(() => mediators.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    /** Primary language subtag ("ar" for "ar-MA"): the matching filter. */
    base: text('base').notNull(),
    level: text('level').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mediatorId, t.code] }), index('mediator_languages_base_idx').on(t.base, t.mediatorId)],
);

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    role: text('role').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    serviceId: text('service_id').references(() => services.id),
    mediatorId: text('mediator_id').references(() => mediators.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('users_token_hash_idx').on(t.tokenHash)],
);

export const timeOff = sqliteTable(
  'time_off',
  {
    id: text('id').primaryKey(),
    mediatorId: text('mediator_id')
      .notNull()
      .references(() => mediators.id, { onDelete: 'cascade' }),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    reason: text('reason'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('time_off_mediator_idx').on(t.mediatorId, t.startsAt)],
);

export const exclusions = sqliteTable(
  'exclusions',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    mediatorId: text('mediator_id')
      .notNull()
      .references(() => mediators.id),
    beneficiaryRef: text('beneficiary_ref'),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('exclusions_service_idx').on(t.serviceId, t.mediatorId)],
);

/**
 * A trigger on settlements (migration 0006, not known to drizzle-kit) keeps `settled_at`. A migration
 * that rebuilds this table must create it again (test/integration/timesheet-sums.test.ts checks it exists).
 */
/** A recurring series: the template its occurrences were made from and its recurrence; the occurrences are ordinary appointments. */
export const series = sqliteTable('series', {
  id: text('id').primaryKey(),
  serviceId: text('service_id')
    .notNull()
    .references(() => services.id),
  createdBy: text('created_by').notNull(),
  /** JSON: the appointment request the occurrences share, as last edited (its start is the first occurrence's). */
  template: text('template').notNull(),
  /** JSON: { interval, weekdays, until?, count? }. */
  recurrence: text('recurrence').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const appointments = sqliteTable(
  'appointments',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    createdBy: text('created_by').notNull(),
    language: text('language').notNull(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    modality: text('modality').notNull(),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    sector: text('sector').notNull(),
    genderPreference: text('gender_preference').notNull().default('none'),
    gender: text('gender'),
    beneficiaryRef: text('beneficiary_ref'),
    location: text('location'),
    /** The video meeting's link (video appointments) and a number or code to dial in (phone ones). */
    videoUrl: text('video_url'),
    dialIn: text('dial_in'),
    /** Recorded after it happened (an emergency handled without a booking): 1; reports count it apart. */
    retroactive: integer('retroactive', { mode: 'boolean' }).notNull().default(false),
    notes: text('notes'),
    urgency: text('urgency').notNull().default('standard'),
    minLevel: text('min_level').notNull().default('B2'),
    assignment: text('assignment').notNull(),
    status: text('status').notNull(),
    mediatorId: text('mediator_id').references(() => mediators.id),
    fallbackStep: text('fallback_step'),
    /** JSON: why nobody could take it ({ code, rules: { rule: count } }). */
    unfilledReason: text('unfilled_reason'),
    bookedAt: integer('booked_at'),
    /** When the attendance was settled (copied from settlements by a trigger): null while the session is open. */
    settledAt: integer('settled_at'),
    cancelledAt: integer('cancelled_at'),
    cancelReason: text('cancel_reason'),
    version: integer('version').notNull().default(1),
    /** Random id of the last change: later statements of the same batch are guarded by it. */
    changeId: text('change_id'),
    /** When the 24 h reminder was queued (cleared when the slot changes). */
    reminderQueuedAt: integer('reminder_queued_at'),
    /** Offer rounds sent so far (assignment "offer"). */
    offerRound: integer('offer_round').notNull().default(0),
    /** The recurring series it is an occurrence of, if any. */
    seriesId: text('series_id').references(() => series.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('appointments_mediator_idx').on(t.mediatorId, t.startsAt),
    index('appointments_service_idx').on(t.serviceId, t.startsAt),
    index('appointments_status_idx').on(t.status, t.startsAt),
    index('appointments_start_idx').on(t.startsAt, t.id),
    index('appointments_series_idx')
      .on(t.seriesId, t.startsAt)
      .where(sql`series_id IS NOT NULL`),
    /**
     * A service's appointments for one beneficiary; covering for continuity (who already served them:
     * booked ones, their mediator, never the request itself), so that it reads no table row.
     */
    index('appointments_beneficiary_idx').on(t.serviceId, t.beneficiaryRef, t.status, t.mediatorId, t.id),
    /**
     * Booked appointments only, covering what matching reads per speaker: their bookings around the
     * request and their minutes over the last 30 days, without a table lookup per row.
     */
    index('appointments_booked_idx')
      .on(t.mediatorId, t.startsAt, t.endsAt, t.durationMinutes, t.serviceId, t.areaCode, t.modality, t.id)
      .where(sql`status = 'booked'`),
    /** Booked sessions not settled yet (future ones and those awaiting close-out or disputed): a small, covering index. */
    index('appointments_open_sessions_idx')
      .on(t.startsAt, t.id, t.endsAt, t.mediatorId, t.serviceId, t.durationMinutes)
      .where(sql`status = 'booked' AND settled_at IS NULL`),
    /** Appointments still holding case data (a reference or notes), by end: what retention erases next. */
    index('appointments_case_data_idx')
      .on(t.endsAt)
      .where(sql`beneficiary_ref IS NOT NULL OR notes IS NOT NULL`),
  ],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    callerId: text('caller_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    appointmentId: text('appointment_id').notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.callerId, t.key] })],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    detail: text('detail').notNull().default(sql`'{}'`),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId)],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    /** Stable RFC 5322 Message-ID: a resend after a crash carries the same one. */
    messageId: text('message_id').notNull(),
    kind: text('kind').notNull(),
    appointmentId: text('appointment_id'),
    locale: text('locale').notNull(),
    /** JSON string arrays. */
    to: text('to_addresses').notNull(),
    cc: text('cc_addresses').notNull().default('[]'),
    /** JSON snapshot of everything needed to render the message (rendered at dispatch, identically each time). */
    payload: text('payload').notNull(),
    /** iCalendar SEQUENCE, read from the appointment row in the statement that queued the message. */
    sequence: integer('sequence'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_message_id_idx').on(t.messageId),
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_appointment_idx').on(t.appointmentId),
  ],
);

export const outboxAttempts = sqliteTable(
  'outbox_attempts',
  {
    outboxId: text('outbox_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: integer('at').notNull(),
    transport: text('transport').notNull(),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.attempt] })],
);

export const offers = sqliteTable(
  'offers',
  {
    id: text('id').primaryKey(),
    appointmentId: text('appointment_id')
      .notNull()
      .references(() => appointments.id),
    mediatorId: text('mediator_id')
      .notNull()
      .references(() => mediators.id),
    round: integer('round').notNull(),
    rank: integer('rank').notNull(),
    /** pending, accepted, declined, expired, withdrawn */
    status: text('status').notNull(),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull(),
    respondedAt: integer('responded_at'),
  },
  (t) => [
    uniqueIndex('offers_appointment_mediator_idx').on(t.appointmentId, t.mediatorId),
    index('offers_mediator_idx').on(t.mediatorId, t.status),
    index('offers_due_idx').on(t.status, t.expiresAt),
  ],
);

/** Secret subscription-feed tokens (hashed), per mediator or per service; rotatable and revocable. */
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    id: text('id').primaryKey(),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The user who was shown the token: revoking them ends the feed (null for feeds issued before this was kept). */
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('calendar_feeds_token_idx').on(t.tokenHash), index('calendar_feeds_owner_idx').on(t.ownerType, t.ownerId)],
);

/** Installation-wide settings, e.g. the HMAC secret for signed e-mail links (created once). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** One side's record of a session (the paper sheet): desk and mediator each write their own. */
export const attendance = sqliteTable(
  'attendance',
  {
    appointmentId: text('appointment_id')
      .notNull()
      .references(() => appointments.id),
    party: text('party').notNull(),
    recordedBy: text('recorded_by').notNull(),
    outcome: text('outcome').notNull(),
    checkIn: integer('check_in'),
    checkOut: integer('check_out'),
    rating: integer('rating'),
    comment: text('comment'),
    recordedAt: integer('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appointmentId, t.party] })],
);

/**
 * What is billed for a session, fixed once agreed, decided by a coordinator, or caused by a late
 * cancellation — with the policy used, so a later policy change does not rewrite history. A trigger
 * on insert (migration 0006) copies `settled_at` to the appointment; keep it if this table is rebuilt.
 */
export const settlements = sqliteTable(
  'settlements',
  {
    appointmentId: text('appointment_id')
      .primaryKey()
      .references(() => appointments.id),
    mediatorId: text('mediator_id').notNull(),
    serviceId: text('service_id').notNull(),
    startsAt: integer('starts_at').notNull(),
    outcome: text('outcome').notNull(),
    checkIn: integer('check_in'),
    checkOut: integer('check_out'),
    actualMinutes: integer('actual_minutes').notNull(),
    billableMinutes: integer('billable_minutes').notNull(),
    /** agreed | coordinator | late_cancellation */
    source: text('source').notNull(),
    policy: text('policy').notNull(),
    decidedBy: text('decided_by'),
    note: text('note'),
    settledAt: integer('settled_at').notNull(),
  },
  (t) => [
    /**
     * Covering for the timesheets' sums: one owner's period (mediator's or service's own timesheet),
     * or every owner's period. Each reads only the period's rows, so a month costs a month whatever
     * the history.
     */
    index('settlements_mediator_idx').on(t.mediatorId, t.startsAt, t.serviceId, t.outcome, t.actualMinutes, t.billableMinutes),
    index('settlements_service_idx').on(t.serviceId, t.startsAt, t.mediatorId, t.outcome, t.actualMinutes, t.billableMinutes),
    index('settlements_period_idx').on(t.startsAt, t.mediatorId, t.serviceId, t.outcome, t.actualMinutes, t.billableMinutes),
  ],
);

/** Hours a service may use in a period (its agreement with the network), in minutes. */
export const serviceBudgets = sqliteTable(
  'service_budgets',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    periodStart: integer('period_start').notNull(),
    periodEnd: integer('period_end').notNull(),
    minutes: integer('minutes').notNull(),
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('service_budgets_service_idx').on(t.serviceId, t.periodStart)],
);

/**
 * Web sign-in: a single-use link sent by e-mail. Only the token's SHA-256 is kept; `used_at` makes it
 * single-use with one conditional UPDATE (no transaction needed on D1).
 */
export const signInLinks = sqliteTable(
  'sign_in_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('sign_in_links_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Every sign-in request, known address or not, keyed by hashes of the address and of the client:
 * the rate limit counts them, so a flood is refused the same way for every address (no enumeration).
 */
export const signInRequests = sqliteTable(
  'sign_in_requests',
  {
    id: text('id').primaryKey(),
    addressHash: text('address_hash').notNull(),
    clientHash: text('client_hash').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('sign_in_requests_address_idx').on(t.addressHash, t.at), index('sign_in_requests_client_idx').on(t.clientHash, t.at)],
);

/** A signed-in browser: the cookie holds a random token, the row its SHA-256; revoking the user ends it. */
export const webSessions = sqliteTable(
  'web_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** Idle expiry: moved forward as the session is used. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('web_sessions_user_idx').on(t.userId)],
);

/** A coordinator's subscription: events POSTed to `url`, signed per Standard Webhooks with `secret`. */
export const webhooks = sqliteTable('webhooks', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** JSON array of event types, e.g. ["appointment.booked"]. */
  events: text('events').notNull(),
  /** `whsec_` + base64 of the key; shown once at creation. */
  secret: text('secret').notNull(),
  description: text('description'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** One event for one webhook: queued in the batch of the change, sent by the jobs with retries. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    /** Also the `webhook-id` header: the same on every attempt and on a replay. */
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    event: text('event').notNull(),
    /** The JSON body sent: { type, timestamp, data }. */
    payload: text('payload').notNull(),
    /** pending, delivered, failed */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt), index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt)],
);

export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer('attempt').notNull(),
    at: integer('at').notNull(),
    /** HTTP status answered, or null when none came (refused, timed out). */
    responseStatus: integer('response_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
);

/**
 * A roster import: a spreadsheet checked (the dry run), then committed and applied row by row by
 * the jobs. Kept IMPORT_RETENTION_DAYS for the report, then deleted with its rows (they hold
 * names, addresses and phone numbers).
 */
export const imports = sqliteTable('imports', {
  id: text('id').primaryKey(),
  /** checked (dry run stored), running (committed, rows being applied), done */
  status: text('status').notNull(),
  fileName: text('file_name'),
  /** csv or xlsx */
  format: text('format').notNull(),
  /** JSON: [{ field, header }] — the columns the file had, in its order. */
  columns: text('columns').notNull(),
  totalRows: integer('total_rows').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  committedAt: integer('committed_at'),
  finishedAt: integer('finished_at'),
  /** Who is applying the rows, and until when (a lease: another applier waits, a crashed one's lapses). */
  leaseOwner: text('lease_owner'),
  leaseUntil: integer('lease_until'),
});

/** One data row of an import: its cells, what the check found, and what applying it did. */
export const importRows = sqliteTable(
  'import_rows',
  {
    importId: text('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    /** The row's number in the file. */
    rowNumber: integer('row_number').notNull(),
    email: text('email'),
    name: text('name'),
    /** JSON RowCells: the text by field and the fields computed by a formula. */
    cells: text('cells').notNull(),
    /** What the check found: create, update, unchanged, reject. */
    action: text('action').notNull(),
    /** JSON [{ field, code, params }]: why the row is refused (blocking) … */
    problems: text('problems').notNull(),
    /** … and what is worth knowing although it is imported. */
    warnings: text('warnings').notNull(),
    /** JSON: the fields an update changes. */
    changes: text('changes').notNull(),
    /** What applying it did: created, updated, unchanged, rejected; null while not applied. */
    outcome: text('outcome'),
    mediatorId: text('mediator_id'),
    /** Future bookings the update released (it broke them). */
    released: integer('released').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] })],
);
