import type { Ctx } from '../deps.js';
import { targetProblem } from '../domain/webhook-target.js';
import { backoffMs } from '../mail/dispatcher.js';
import { signWebhook } from '../webhook-signature.js';

/** Backoff after the n-th failed attempt: the mail outbox's rule at its defaults, 30 s · 2^(n−1), at most an hour. */
export function webhookBackoffMs(attempt: number): number {
  return backoffMs(attempt, { baseBackoffMs: 30_000, maxBackoffMs: 3_600_000 });
}

export interface WebhookRunResult {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * One round of webhook deliveries, run by the jobs: each due delivery is leased, POSTed with the
 * Standard Webhooks headers (no redirects followed), and recorded as an attempt; a 2xx delivers it,
 * anything else is retried with backoff until `maxAttempts`, then `failed` (a replay sends it again).
 */
export async function deliverWebhooks(ctx: Ctx, send: typeof fetch = fetch, limit = 20): Promise<WebhookRunResult> {
  const { allowPrivate, maxAttempts, timeoutMs } = ctx.config.webhooks;
  const result: WebhookRunResult = { delivered: 0, retrying: 0, failed: 0 };
  const now = ctx.clock.now();
  // Sent side by side: a slow receiver holds the round up for one timeout at most, not one per delivery.
  const due = await ctx.repos.webhooks.due(now, limit);
  await Promise.all(
    due.map(async (d) => {
      if ((await ctx.repos.webhooks.lease(d.id, d.nextAttemptAt, now + 2 * timeoutMs)) === 0) return;
      const attempt = d.attempts + 1;
      const started = ctx.clock.now();
      let responseStatus: number | null = null;
      let error: string | null = targetProblem(d.url, allowPrivate);
      if (error === null) {
        try {
          const timestamp = Math.floor(started / 1000);
          const response = await send(d.url, {
            method: 'POST',
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
            headers: {
              'content-type': 'application/json',
              'user-agent': 'mediator-booking-webhooks',
              'webhook-id': d.id,
              'webhook-timestamp': String(timestamp),
              'webhook-signature': await signWebhook(d.secret, d.id, timestamp, d.payload),
            },
            body: d.payload,
          });
          responseStatus = response.status;
          await response.body?.cancel().catch(() => undefined);
          if (!response.ok) error = `HTTP ${response.status}`;
        } catch (e) {
          error = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : 'send failed';
        }
      }
      const at = ctx.clock.now();
      const status = error === null ? 'delivered' : attempt >= maxAttempts ? 'failed' : 'pending';
      await ctx.repos.webhooks.recordAttempt({
        deliveryId: d.id,
        attempt,
        at,
        responseStatus,
        error,
        durationMs: at - started,
        status,
        nextAttemptAt: status === 'pending' ? at + webhookBackoffMs(attempt) : at,
      });
      if (status === 'delivered') result.delivered++;
      else if (status === 'failed') result.failed++;
      else result.retrying++;
    }),
  );
  return result;
}
