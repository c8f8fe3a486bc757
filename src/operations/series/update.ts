import type { Ctx } from '../../deps.js';
import { ConflictError } from '../../domain/errors.js';
import { atLocalTime } from '../../domain/recurrence.js';
import { formatInstant, parseInstant } from '../../domain/time.js';
import { updateAppointment } from '../appointments/update.js';
import { getWritableSeries, type SeriesTemplate, type SeriesView, viewSeries } from './view.js';

/** What editing a series may change; absent fields stay as they are. */
export interface SeriesChanges {
  /** The new wall-clock start ("HH:MM" in the zone), on each occurrence's own day. */
  time?: string | undefined;
  durationMinutes?: number | undefined;
  location?: string | null | undefined;
  notes?: string | null | undefined;
  /** ISO instant: change the occurrences from then on (default and earliest: those not started yet). */
  from?: string | undefined;
}

/**
 * Edits the occurrences still ahead, each through the appointment's own edit (the booked mediator
 * re-checked, kept or released and matched again; an updated invite), and the series' template.
 * Past and cancelled occurrences stay as they were.
 */
export async function updateSeries(ctx: Ctx, id: string, changes: SeriesChanges): Promise<SeriesView & { changed: Array<{ appointmentId: string; mediatorKept: boolean }> }> {
  const row = await getWritableSeries(ctx, id);
  const now = ctx.clock.now();
  const from = Math.max(changes.from ? parseInstant(changes.from) : now, now + 1);
  const ahead = (await ctx.repos.series.occurrences(id)).filter((o) => o.status !== 'cancelled' && o.startsAt >= from);
  if (ahead.length === 0) throw new ConflictError('series_over', 'The series has no occurrence ahead to change.');
  const changed: Array<{ appointmentId: string; mediatorKept: boolean }> = [];
  for (const o of ahead) {
    const result = await updateAppointment(ctx, o.id, {
      ...(changes.time ? { start: formatInstant(atLocalTime(o.startsAt, changes.time, ctx.config.zone), ctx.config.zone) } : {}),
      ...(changes.durationMinutes !== undefined ? { durationMinutes: changes.durationMinutes } : {}),
      ...(changes.location !== undefined ? { location: changes.location } : {}),
      ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
    });
    changed.push({ appointmentId: o.id, mediatorKept: result.mediatorKept });
  }
  const template: SeriesTemplate = {
    ...(JSON.parse(row.template) as SeriesTemplate),
    ...(changes.time ? { time: changes.time } : {}),
    ...(changes.durationMinutes !== undefined ? { durationMinutes: changes.durationMinutes } : {}),
    ...(changes.location !== undefined ? { location: changes.location ?? undefined } : {}),
    ...(changes.notes !== undefined ? { notes: changes.notes ?? undefined } : {}),
  };
  await ctx.repos.series.updateTemplate(id, JSON.stringify(template), now);
  return { ...(await viewSeries(ctx, id)), changed };
}
