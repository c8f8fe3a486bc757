import type { Ctx } from '../../deps.js';
import { parseInstant } from '../../domain/time.js';
import { cancelAppointment } from '../appointments/cancel.js';
import { getWritableSeries, type SeriesView, viewSeries } from './view.js';

export interface SeriesCancelInput {
  /** ISO instant: the occurrences starting at or after it (default: those not started yet). */
  from?: string | undefined;
  reason?: string | undefined;
}

/**
 * Cancels an occurrence and the following ones, each through the appointment's own cancel (its
 * batch, the CANCEL invite for that occurrence only, a late-cancellation charge where due).
 * Occurrences already cancelled or already started are left as they are.
 */
export async function cancelSeries(ctx: Ctx, id: string, input: SeriesCancelInput): Promise<SeriesView & { cancelled: string[] }> {
  await getWritableSeries(ctx, id);
  const now = ctx.clock.now();
  const from = Math.max(input.from ? parseInstant(input.from) : now, now + 1);
  const cancelled: string[] = [];
  for (const o of await ctx.repos.series.occurrences(id)) {
    if (o.status === 'cancelled' || o.startsAt < from) continue;
    await cancelAppointment(ctx, o.id, input.reason);
    cancelled.push(o.id);
  }
  return { ...(await viewSeries(ctx, id)), cancelled };
}
