import type { OutboxRepository } from '../../db/repositories/outbox.js';
import type { Clock } from '../clock.js';
import type { Logger, MailSettings } from '../deps.js';
import type { MailTransport } from './message.js';
import { renderOutboxRow } from './outbox-render.js';

export interface DispatchResult {
  sent: number;
  retrying: number;
  failed: number;
}

export interface DispatcherOptions {
  outbox: OutboxRepository;
  transport: MailTransport;
  clock: Clock;
  logger: Logger;
  mail: MailSettings;
  publicUrl: string;
  /** Messages leased per round. */
  batchSize?: number;
  /** How long a leased message is ours before another dispatcher may take it (crash recovery). */
  leaseMs?: number;
  /** Most messages sent per drain (the rest wait for the next tick), to keep memory and ticks bounded. */
  maxPerDrain?: number;
}

/** Delay before attempt n+1 after n failures: base · 2^(n−1), capped. */
export function backoffMs(failures: number, mail: Pick<MailSettings, 'baseBackoffMs' | 'maxBackoffMs'>): number {
  return Math.min(mail.maxBackoffMs, mail.baseBackoffMs * 2 ** Math.max(0, failures - 1));
}

/**
 * Sends what the outbox holds: leases due messages, sends each, records the attempt, and either
 * marks it sent or schedules a retry with exponential backoff — `failed` after the last attempt.
 * A process that dies mid-send leaves a lease that expires, so the message goes out again with
 * the same Message-ID; a message marked sent is never sent again.
 */
export function createDispatcher(o: DispatcherOptions) {
  const batchSize = o.batchSize ?? 20;
  const leaseMs = o.leaseMs ?? 120_000;
  const maxPerDrain = o.maxPerDrain ?? 200;
  return {
    async drainOnce(): Promise<DispatchResult> {
      const result: DispatchResult = { sent: 0, retrying: 0, failed: 0 };
      for (let handled = 0; handled < maxPerDrain; handled += batchSize) {
        const rows = await o.outbox.lease(o.clock.now(), leaseMs, batchSize);
        if (rows.length === 0) return result;
        for (const row of rows) {
          try {
            await o.transport.send(renderOutboxRow(row, o.mail, o.publicUrl));
            await o.outbox.markSent(row.id, row.attempts, o.transport.name, o.clock.now());
            result.sent++;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            const last = row.attempts >= o.mail.maxAttempts;
            const now = o.clock.now();
            await o.outbox.markFailed(row.id, row.attempts, o.transport.name, message.slice(0, 500), now, last ? null : now + backoffMs(row.attempts, o.mail));
            if (last) result.failed++;
            else result.retrying++;
            o.logger.error('mail not delivered', { outboxId: row.id, attempt: row.attempts, error: message, final: last });
          }
        }
        if (rows.length < batchSize) return result;
      }
      return result;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
