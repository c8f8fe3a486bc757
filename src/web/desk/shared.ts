import type { Ctx } from '../../deps.js';
import { listAppointments } from '../../operations/appointments/list.js';
import { addDays, romeDayStart, romeInstant } from '../format.js';
import type { Texts } from '../texts/it.js';

export { iso, localeOf } from '../format.js';

/** The instant of a form's date and time fields in Rome, or the message for the field at fault. */
export function startOf(values: Record<string, string>, t: Texts): { start: string | null; errors: Record<string, string> } {
  const date = values.date ?? '';
  const time = values.time ?? '';
  if (romeDayStart(date) === null) return { start: null, errors: { date: t.errors.date } };
  const start = /^([01]\d|2[0-3]):[0-5]\d$/.test(time) ? romeInstant(date, time) : null;
  return start ? { start, errors: {} } : { start: null, errors: { time: t.errors.time } };
}

/** The mediators this service has worked with lately (a desk does not browse the roster). */
export async function mediatorsWorkedWith(ctx: Ctx): Promise<Map<string, string>> {
  const recent = await listAppointments(ctx, { limit: 200, from: addDays(ctx.clock.now(), -180), to: addDays(ctx.clock.now(), 90) });
  const known = new Map<string, string>();
  for (const a of recent.items) if (a.mediator) known.set(a.mediator.id, a.mediator.name);
  return known;
}

/** The forms have no start field: a domain error at `start` is shown at their date or time field. */
export function startErrorAt(fields: Record<string, string>, field: 'date' | 'time'): Record<string, string> {
  if (fields.start) {
    fields[field] = fields.start;
    delete fields.start;
  }
  return fields;
}
