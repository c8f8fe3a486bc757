import type { Repositories } from '../db/repositories/index.js';
import { type Ctx, type Deps, SYSTEM_ACTOR } from './deps.js';
import { HOUR } from './domain/intervals.js';
import { createDispatcher, type Dispatcher } from './mail/dispatcher.js';
import type { MailTransport } from './mail/message.js';
import type { SmsTransport } from './mail/sms.js';
import { deskRecipient, factsOf, mediatorNotices, queueNotice } from './operations/notify.js';
import { eraseExpiredCaseData } from './operations/retention.js';
import { purgeSignIns } from './operations/sign-in.js';
import { advanceOffers } from './operations/offers.js';
import { deliverWebhooks } from './operations/webhook-delivery.js';
import { advanceImports, purgeImports } from './operations/imports.js';

export interface JobsResult {
  offersAdvanced: number;
  remindersQueued: number;
  idempotencyPurged: number;
  /** Appointments whose case reference and notes were erased at the end of the retention period. */
  caseDataErased: number;
  /** Rows of committed roster imports applied this round. */
  importRowsApplied: number;
  mail: { sent: number; retrying: number; failed: number } | null;
}

/** The context background jobs act in: the system actor (no user's rights), on the app's repositories. */
export function systemCtx(deps: Deps, repos: Repositories): Ctx {
  return { ...deps, repos, actor: SYSTEM_ACTOR };
}

/** The outbox dispatcher for a context, sending through `transport`. */
export function dispatcherFor(ctx: Ctx, transport: MailTransport, sms?: SmsTransport): Dispatcher {
  return createDispatcher({ outbox: ctx.repos.outbox, transport, sms, clock: ctx.clock, logger: ctx.logger, mail: ctx.config.mail, publicUrl: ctx.config.publicUrl });
}

/**
 * Roster import rows applied per round on Node (a round every OUTBOX_POLL_MS): a 10,000-row import
 * takes well under a minute, and offers and mail go on meanwhile.
 */
export const IMPORT_ROWS_PER_ROUND = 500;

/**
 * Roster import rows a Worker's cron run applies: D1 allows 1,000 subrequests per invocation, and an
 * updated row may take about six (its reads, the release of the bookings it breaks, its batch).
 */
export const WORKER_IMPORT_ROWS_PER_ROUND = 150;

export interface JobsOptions {
  /** Import rows per round; the Worker's cron applies fewer (see worker.ts). */
  importRowsPerRound?: number;
}

/**
 * One round of background work, run by the Node loop and by the Workers cron trigger alike:
 * expired offers move down the list, reminders are queued, stored answers, expired sign-ins and
 * case data past its retention period are purged, roster imports advance, and the outbox is drained.
 */
export async function runJobs(ctx: Ctx, dispatcher: Dispatcher | null, options: JobsOptions = {}): Promise<JobsResult> {
  const now = ctx.clock.now();
  const touched = new Set(await ctx.repos.offers.expireDue(now));
  for (const a of await ctx.repos.appointments.offeredWithoutPendingOffers(now, 50)) touched.add(a.id);
  for (const id of touched) await advanceOffers(ctx, id);

  let remindersQueued = 0;
  if (ctx.config.reminderHours > 0) {
    for (const a of await ctx.repos.appointments.dueForReminder(now, now + ctx.config.reminderHours * HOUR, 100)) {
      const [service, mediator] = await Promise.all([ctx.repos.services.get(a.serviceId), a.mediatorId ? ctx.repos.mediators.get(a.mediatorId) : undefined]);
      if (!service || !mediator) continue;
      const guard = { appointmentId: a.id, changeId: ctx.ids.next('chg') };
      const facts = factsOf(a, service, mediator);
      const [queued] = await ctx.db.batch([
        ctx.repos.appointments.reminderStatement(a.id, a.startsAt, now, guard.changeId),
        ...mediatorNotices(ctx, { type: 'appointment', event: 'reminder', audience: 'mediator', recipientName: mediator.name, facts, calendar: null }, mediator, guard),
        queueNotice(ctx, { type: 'appointment', event: 'reminder', audience: 'desk', recipientName: service.name, facts, calendar: null }, deskRecipient(service), guard),
      ]);
      remindersQueued += queued ? 1 : 0; // one appointment per batch (D1 counts trigger rows too)
    }
  }
  const idempotencyPurged = await ctx.repos.idempotency.purgeBefore(now - ctx.config.idempotencyTtlHours * HOUR);
  await purgeSignIns(ctx);
  const caseDataErased = await eraseExpiredCaseData(ctx);
  await deliverWebhooks(ctx);
  await purgeImports(ctx);
  const importRowsApplied = await advanceImports(ctx, { rows: options.importRowsPerRound ?? IMPORT_ROWS_PER_ROUND });
  const mail = dispatcher ? await dispatcher.drainOnce() : null;
  return { offersAdvanced: touched.size, remindersQueued, idempotencyPurged, caseDataErased, importRowsApplied, mail };
}
