import type { Database } from '../db/database.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Clock } from './clock.js';
import type { BillingPolicy } from './domain/billing.js';
import type { MatchOptions } from './domain/matching.js';
import type { Role } from './domain/vocabulary.js';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from './domain/working-time.js';
import type { IdGenerator } from './ids.js';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Settings the app itself needs (the entry parses them from its environment). */
export interface AppConfig {
  publicUrl: string;
  /** Request bodies above this are refused with 413. */
  bodyLimitBytes: number;
  /** The zone weekly availability is expressed in. */
  zone: string;
  matching: MatchOptions;
  offers: OfferPolicy;
  mail: MailSettings;
  /** Hours before the start when the reminder goes out (0 = no reminders). */
  reminderHours: number;
  /** An SMS gateway is configured: mediators who chose SMS get offers and reminders by text. */
  smsGateway?: boolean;
  /** Failed credentials (bearer tokens, feed tokens, offer links) allowed per client and per prefix in a window. */
  guessing: { failures: number; windowMs: number };
  /** Hours a stored Idempotency-Key answer is replayed before the jobs purge it. */
  idempotencyTtlHours: number;
  /** Months after an appointment ends before its case reference and notes are erased (statistics stay). */
  retentionMonths: number;
  /** HMAC secret for e-mail links; when absent, one generated once and kept in the database. */
  linkSecret?: string;
  /** Billable minutes per outcome, rounding, late-cancellation notice, dispute tolerance. */
  billing: BillingPolicy;
  /** Where the web interface's fingerprinted static files are served from (dist/public/asset-manifest.json). */
  assetBase: string;
  /** Webhook targets and delivery: private addresses allowed, attempts before `failed`, timeout of one attempt. */
  webhooks: { allowPrivate: boolean; maxAttempts: number; timeoutMs: number };
}

export interface OfferPolicy {
  /** How many candidates get an offer per round (standard / urgent). */
  size: number;
  urgentSize: number;
  /**
   * How long an offer stays open, in minutes (standard / urgent); never past the start. Standard
   * offers count only `workingHours` (an offer sent in the evening is open the next morning);
   * urgent ones count every minute, since they cannot wait for the office to open.
   */
  expiryMinutes: number;
  urgentExpiryMinutes: number;
  workingHours: WorkingHours;
  /** Rounds down the ranking before the request is marked unfilled. */
  maxRounds: number;
}

export interface MailSettings {
  /** RFC 5322 sender, e.g. "Mediazione Piemonte <mediazione@example.it>". */
  from: string;
  /** ORGANIZER address of invites (the network's address). */
  organizerEmail: string;
  /** Delivery attempts before a message is marked failed. */
  maxAttempts: number;
  /** First retry delay; doubles on each attempt up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Bounds each connection, greeting and silence of the mail server (nodemailer timeouts, the HTTP API's). */
  timeoutMs: number;
  /** Messages sent at once. */
  concurrency: number;
}

export const DEFAULT_OFFER_POLICY: OfferPolicy = {
  size: 3,
  urgentSize: 6,
  expiryMinutes: 240,
  urgentExpiryMinutes: 30,
  workingHours: DEFAULT_WORKING_HOURS,
  maxRounds: 3,
};

export function defaultMailSettings(from: string): MailSettings {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  return { from, organizerEmail: address, maxAttempts: 8, baseBackoffMs: 30_000, maxBackoffMs: 3_600_000, timeoutMs: 10_000, concurrency: 4 };
}

/** Everything the app is built from; each entry point (Node, Workers, tests) wires its own. */
export interface Deps {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  config: AppConfig;
  logger: Logger;
}

/** A user's role (from their token), or `system`: background jobs, feeds and signed links, which no token can be. */
export type ActorRole = Role | 'system';

/** Who is calling: a user resolved from the bearer token, or the system itself. */
export interface Actor {
  userId: string;
  role: ActorRole;
  serviceId: string | null;
  mediatorId: string | null;
}

/** The service acting on its own (jobs, calendar feeds, signed links before they name their mediator); the audit log records `system`. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: 'system', role: 'system', serviceId: null, mediatorId: null });

/** What domain operations receive: the dependencies, the repositories and the caller. */
export interface Ctx extends Deps {
  repos: Repositories;
  actor: Actor;
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

export const consoleLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};
