import type { OutboxRepository, OutboxRow } from '../../db/repositories/outbox.js';
import type { Clock } from '../clock.js';
import type { Logger, MailSettings } from '../deps.js';
import type { MailTransport } from './message.js';
import { renderOutboxRow } from './outbox-render.js';
import { isSmsKind, renderSmsRow, type SmsTransport } from './sms.js';
import { withoutAddresses } from '../redact.js';

export interface DispatchResult {
  sent: number;
  retrying: number;
  failed: number;
}

export interface DispatcherOptions {
  outbox: OutboxRepository;
  transport: MailTransport;
  /** The SMS gateway for `sms.*` rows; without one they fail and are retried like mail. */
  sms?: SmsTransport | undefined;
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
 * A send that outlives the transport's own timeouts (which only bound silence, not a slow trickle)
 * is given up as failed: a lease must end before it expires, or another sender would take the message.
 */
export function sendDeadlineMs(mail: Pick<MailSettings, 'timeoutMs'>): number {
  return mail.timeoutMs * 6;
}

/**
 * Sends what the outbox holds: leases due messages, sends up to `mail.concurrency` at once, records
 * each attempt, and either marks it sent or schedules a retry with exponential backoff — `failed`
 * after the last attempt. A process that dies mid-send leaves a lease that expires, so the message
 * goes out again with the same Message-ID; a message marked sent is never sent again. `stop()` starts
 * no new send and `handBack()` returns what is still leased to the outbox, so stopping loses nothing.
 */
export function createDispatcher(o: DispatcherOptions) {
  const batchSize = o.batchSize ?? 20;
  const leaseMs = Math.max(o.leaseMs ?? 120_000, sendDeadlineMs(o.mail) * 2);
  const maxPerDrain = o.maxPerDrain ?? 200;
  const concurrency = Math.max(1, o.mail.concurrency);
  let stopped = false;
  /** Leased by this dispatcher and not yet recorded. */
  const held = new Map<string, OutboxRow>();

  const transportName = (row: OutboxRow) => (isSmsKind(row.kind) ? (o.sms?.name ?? 'sms') : o.transport.name);
  const send = async (row: OutboxRow) => {
    if (!isSmsKind(row.kind)) return o.transport.send(renderOutboxRow(row, o.mail, o.publicUrl));
    if (!o.sms) throw new Error('no SMS gateway configured (SMS_HTTP_URL)');
    return o.sms.send(renderSmsRow(row));
  };

  const sendOne = async (row: OutboxRow, result: DispatchResult) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`send gave up after ${sendDeadlineMs(o.mail)} ms`)), sendDeadlineMs(o.mail));
    });
    try {
      await Promise.race([send(row), deadline]);
      if (!held.delete(row.id)) return; // handed back: the next start sends it
      await o.outbox.markSent(row.id, row.attempts, transportName(row), o.clock.now());
      result.sent++;
    } catch (error) {
      if (!held.delete(row.id)) return;
      // Transports quote recipients in their errors ("550 <x@y> unknown"): neither the log nor last_error keeps them.
      const message = withoutAddresses(error instanceof Error ? error.message : String(error));
      const last = row.attempts >= o.mail.maxAttempts;
      const now = o.clock.now();
      await o.outbox.markFailed(row.id, row.attempts, transportName(row), message.slice(0, 500), now, last ? null : now + backoffMs(row.attempts, o.mail));
      if (last) result.failed++;
      else result.retrying++;
      o.logger.error(isSmsKind(row.kind) ? 'SMS not delivered' : 'mail not delivered', { outboxId: row.id, attempt: row.attempts, error: message, final: last });
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async drainOnce(): Promise<DispatchResult> {
      const result: DispatchResult = { sent: 0, retrying: 0, failed: 0 };
      for (let handled = 0; handled < maxPerDrain && !stopped; handled += batchSize) {
        const rows = await o.outbox.lease(o.clock.now(), leaseMs, batchSize);
        for (const row of rows) held.set(row.id, row);
        const queue = [...rows];
        const worker = async () => {
          for (let row = queue.shift(); row && !stopped; row = queue.shift()) await sendOne(row, result);
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
        if (rows.length < batchSize) break;
      }
      return result;
    },

    /** Starts no new send; sends in progress may still finish and be recorded. */
    stop(): void {
      stopped = true;
    },

    /** What this dispatcher leased and has not recorded goes back to the outbox, due now; resolves to how many. */
    async handBack(): Promise<number> {
      const ids = [...held.keys()];
      held.clear();
      if (ids.length > 0) await o.outbox.release(ids, o.clock.now());
      return ids.length;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
