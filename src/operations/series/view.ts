import type { AppointmentWithMediator } from '../../../db/repositories/appointments.js';
import type { SeriesRow } from '../../../db/repositories/series.js';
import type { Ctx } from '../../deps.js';
import { NotFoundError } from '../../domain/errors.js';
import { localTimeOf, type Recurrence } from '../../domain/recurrence.js';
import { mediatorChanges } from '../../domain/series-plan.js';
import { canSeeAppointment, requireRole } from '../access.js';
import type { AppointmentRequest } from '../appointments/create.js';

/** What every occurrence shares; `time` is the wall-clock start in the zone. */
export type SeriesTemplate = Omit<AppointmentRequest, 'start' | 'serviceId'> & { time: string };

export interface SeriesView {
  series: SeriesRow;
  template: SeriesTemplate;
  recurrence: Recurrence;
  occurrences: AppointmentWithMediator[];
  /** How often the mediator changes from one filled occurrence to the next (0: the same for all). */
  mediatorChanges: number;
}

export function templateOf(input: AppointmentRequest, start: number, zone: string): SeriesTemplate {
  const { start: _start, serviceId: _service, ...shared } = input;
  return { ...shared, time: localTimeOf(start, zone) };
}

/** A series the caller may write: the desk of its service, or a coordinator; anything else is 404. */
export async function getWritableSeries(ctx: Ctx, id: string): Promise<SeriesRow> {
  requireRole(ctx.actor, 'desk', 'coordinator', 'system');
  const row = await ctx.repos.series.get(id);
  if (!row || !canSeeAppointment(ctx.actor, { serviceId: row.serviceId, mediatorId: null })) throw new NotFoundError('series', id);
  return row;
}

/** The series with its occurrences as they stand (each may have been rescheduled, rebooked or cancelled alone). */
export async function viewSeries(ctx: Ctx, id: string): Promise<SeriesView> {
  const row = await getWritableSeries(ctx, id);
  const occurrences = await ctx.repos.series.occurrences(id);
  const live = occurrences.filter((o) => o.status !== 'cancelled');
  return {
    series: row,
    template: JSON.parse(row.template) as SeriesTemplate,
    recurrence: JSON.parse(row.recurrence) as Recurrence,
    occurrences,
    mediatorChanges: mediatorChanges(live.map((o) => (o.status === 'booked' ? o.mediatorId : null))),
  };
}
