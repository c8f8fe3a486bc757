import { z } from 'zod';
import { type AppConfig, DEFAULT_OFFER_POLICY, defaultMailSettings } from './deps.js';
import { DEFAULT_BILLING_POLICY } from './domain/billing.js';
import { DEFAULT_MATCH_OPTIONS } from './domain/matching.js';
import { DEFAULT_ZONE } from './domain/time.js';
import { DEFAULT_WORKING_HOURS, parseWorkingWindow } from './domain/working-time.js';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://mediatori.example.it' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://host:port or smtps://user:pass@host:port')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Mediazione Piemonte <mediazione@localhost>'),
  /** HTTP mail API (Resend-compatible JSON), the transport on Workers; also usable from Node instead of SMTP. */
  MAIL_HTTP_URL: z.url({ message: 'must be an absolute URL' }).optional(),
  MAIL_HTTP_API_KEY: z.string().min(1).optional(),
  /** HTTP SMS gateway for offers and reminders to mediators who chose SMS: POST {to, text, reference} with a Bearer key. */
  SMS_HTTP_URL: z.url({ message: 'must be an absolute URL' }).optional(),
  SMS_HTTP_API_KEY: z.string().min(1).optional(),
  BOOTSTRAP_COORDINATOR_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~+/=-]{16,200}$/, 'must be 16–200 URL-safe characters')
    .optional(),
  /** Where the web pages load their fingerprinted assets from; Node reads it from dist/public/asset-manifest.json when unset. */
  ASSET_BASE: z.string().regex(/^\/assets\/[A-Za-z0-9_-]{1,64}$/, { message: 'must look like /assets/<fingerprint>' }).optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(64 * 1024),
  REMINDER_HOURS: z.coerce.number().min(0).max(168).default(24),
  /** Failed credentials allowed per client address and per token prefix in each window, then 429. */
  RATE_LIMIT_FAILURES: z.coerce.number().int().min(1).max(100_000).default(20),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Node: a request whose body has not fully arrived after this is cut (408); headers likewise. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  /** How long a stored Idempotency-Key answer is kept for replays before the jobs purge it. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().min(1).max(720).default(24),
  /** Months after an appointment ends before its beneficiary reference and notes are erased; statistics are kept. */
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  OUTBOX_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Connection, greeting and silence timeout of the mail server (SMTP or HTTP API). */
  MAIL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Node: how long SIGTERM waits for work in progress (a mail send) before stopping anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  OFFER_SIZE: z.coerce.number().int().min(1).max(50).default(3),
  OFFER_URGENT_SIZE: z.coerce.number().int().min(1).max(50).default(6),
  OFFER_EXPIRY_MINUTES: z.coerce.number().int().min(1).max(10_080).default(240),
  OFFER_URGENT_EXPIRY_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  OFFER_MAX_ROUNDS: z.coerce.number().int().min(1).max(20).default(3),
  /** The network's working days for offer expiry, ISO weekdays (1 = Monday): "1,2,3,4,5". */
  OFFER_WORKING_DAYS: z
    .string()
    .regex(/^[1-7](,[1-7])*$/, 'must be ISO weekdays separated by commas, e.g. 1,2,3,4,5 (1 = Monday)')
    .default('1,2,3,4,5'),
  /** The network's working hours for offer expiry, wall clock in Europe/Rome: "08:00-18:00". */
  OFFER_WORKING_HOURS: z
    .string()
    .refine((v) => parseWorkingWindow(v) !== null, 'must be HH:mm-HH:mm with the start first, e.g. 08:00-18:00')
    .default('08:00-18:00'),
  BILLING_COMPLETED_MINIMUM_MINUTES: z.coerce.number().int().min(0).max(1440).optional(),
  BILLING_NO_SHOW_MINUTES: z.coerce.number().int().min(0).max(1440).optional(),
  BILLING_LATE_CANCELLATION_MINUTES: z.coerce.number().int().min(0).max(1440).optional(),
  BILLING_ROUNDING_MINUTES: z.coerce.number().int().min(0).max(120).optional(),
  LATE_CANCELLATION_NOTICE_HOURS: z.coerce.number().min(0).max(720).optional(),
  BILLING_CANCEL_GRACE_MINUTES: z.coerce.number().int().min(0).max(1440).optional(),
  ATTENDANCE_TOLERANCE_MINUTES: z.coerce.number().int().min(0).max(240).optional(),
  /** Webhooks to loopback and private addresses (and over plain http): refused unless `true` (tests, a closed network). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** HMAC secret for links in e-mails; when unset one is generated once and kept in the database. */
  LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** `production` makes the Node entry warn about settings that are unsafe there (an unset LINK_SECRET). */
  NODE_ENV: z.string().optional(),
  /** Tests and demos only: stop the clock at this instant (ISO 8601). Never set it in production. */
  FIXED_CLOCK: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant' }).optional(),
});

export type Config = z.infer<typeof EnvSchema> & { PUBLIC_URL: string };

export class ConfigError extends Error {}

/** Parses the environment once; a bad value throws a ConfigError naming each variable at fault. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  if (c.MAIL_HTTP_URL && !c.MAIL_HTTP_API_KEY) throw new ConfigError('Invalid configuration:\n  MAIL_HTTP_API_KEY: required when MAIL_HTTP_URL is set');
  if (c.SMS_HTTP_URL && !c.SMS_HTTP_API_KEY) throw new ConfigError('Invalid configuration:\n  SMS_HTTP_API_KEY: required when SMS_HTTP_URL is set');
  return { ...c, PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}` };
}

/** The app's own settings from the parsed environment (the same for the Node and Workers entries). */
export function appConfigFrom(c: Config): AppConfig {
  return {
    publicUrl: c.PUBLIC_URL,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    assetBase: c.ASSET_BASE ?? '/assets/unbuilt',
    // One zone for every wall-clock reading (matching, reports, invites, API times): Piedmont's.
    // Not an env var: invites, feeds and the API's times are written in Europe/Rome, so changing
    // only matching's zone would disagree with them.
    zone: DEFAULT_ZONE,
    matching: DEFAULT_MATCH_OPTIONS,
    offers: {
      ...DEFAULT_OFFER_POLICY,
      size: c.OFFER_SIZE,
      urgentSize: c.OFFER_URGENT_SIZE,
      expiryMinutes: c.OFFER_EXPIRY_MINUTES,
      urgentExpiryMinutes: c.OFFER_URGENT_EXPIRY_MINUTES,
      maxRounds: c.OFFER_MAX_ROUNDS,
      workingHours: {
        days: [...new Set(c.OFFER_WORKING_DAYS.split(',').map(Number))].sort(),
        ...(parseWorkingWindow(c.OFFER_WORKING_HOURS) ?? DEFAULT_WORKING_HOURS),
      },
    },
    mail: { ...defaultMailSettings(c.MAIL_FROM), maxAttempts: c.MAIL_MAX_ATTEMPTS, timeoutMs: c.MAIL_TIMEOUT_MS, concurrency: c.MAIL_CONCURRENCY },
    reminderHours: c.REMINDER_HOURS,
    smsGateway: Boolean(c.SMS_HTTP_URL),
    webhooks: { allowPrivate: c.WEBHOOK_ALLOW_PRIVATE === 'true', maxAttempts: c.WEBHOOK_MAX_ATTEMPTS, timeoutMs: c.WEBHOOK_TIMEOUT_MS },
    idempotencyTtlHours: c.IDEMPOTENCY_TTL_HOURS,
    retentionMonths: c.RETENTION_MONTHS,
    guessing: { failures: c.RATE_LIMIT_FAILURES, windowMs: c.RATE_LIMIT_WINDOW_SECONDS * 1000 },
    billing: {
      ...DEFAULT_BILLING_POLICY,
      ...(c.BILLING_COMPLETED_MINIMUM_MINUTES !== undefined ? { completedMinimumMinutes: c.BILLING_COMPLETED_MINIMUM_MINUTES } : {}),
      ...(c.BILLING_NO_SHOW_MINUTES !== undefined ? { beneficiaryNoShowMinutes: c.BILLING_NO_SHOW_MINUTES } : {}),
      ...(c.BILLING_LATE_CANCELLATION_MINUTES !== undefined ? { cancelledLateMinutes: c.BILLING_LATE_CANCELLATION_MINUTES } : {}),
      ...(c.BILLING_ROUNDING_MINUTES !== undefined ? { roundingMinutes: c.BILLING_ROUNDING_MINUTES } : {}),
      ...(c.LATE_CANCELLATION_NOTICE_HOURS !== undefined ? { lateCancellationNoticeHours: c.LATE_CANCELLATION_NOTICE_HOURS } : {}),
      ...(c.BILLING_CANCEL_GRACE_MINUTES !== undefined ? { cancelGraceMinutes: c.BILLING_CANCEL_GRACE_MINUTES } : {}),
      ...(c.ATTENDANCE_TOLERANCE_MINUTES !== undefined ? { disputeToleranceMinutes: c.ATTENDANCE_TOLERANCE_MINUTES } : {}),
    },
    ...(c.LINK_SECRET ? { linkSecret: c.LINK_SECRET } : {}),
  };
}

/** Defaults for tests and tools: the environment with nothing set. */
export function defaultAppConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...appConfigFrom(parseConfig({})), ...overrides };
}
