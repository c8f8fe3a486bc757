import type { Ctx } from '../deps.js';
import { OUTCOMES } from '../domain/attendance.js';
import { getAppointment } from '../operations/appointments/list.js';
import { recordAttendance } from '../operations/attendance.js';
import { domainFieldErrors } from './forms.js';
import { dateInputValue, romeInstant } from './format.js';
import type { Texts } from './texts/it.js';

/**
 * Signs the caller's attendance sheet from its form (outcome, check-in and check-out as times of the
 * appointment's day in Rome, notes). Answers the messages per field when the sheet is refused, null
 * when it is recorded; other failures are thrown for the error page.
 */
export async function signSheetFromForm(ctx: Ctx, id: string, values: Record<string, string>, t: Texts): Promise<Record<string, string> | null> {
  const a = await getAppointment(ctx, id);
  const day = dateInputValue(a.startsAt);
  const outcome = OUTCOMES.find((o) => o === values.outcome);
  const errors: Record<string, string> = {};
  if (!outcome) errors.outcome = t.errors.required;
  const checkIn = values.checkIn ? romeInstant(day, values.checkIn) : null;
  const checkOut = values.checkOut ? romeInstant(day, values.checkOut) : null;
  if (outcome === 'completed') {
    if (!checkIn) errors.checkIn = t.errors.time;
    if (!checkOut) errors.checkOut = t.errors.time;
  }
  if (!outcome || Object.keys(errors).length > 0) return errors;
  try {
    await recordAttendance(ctx, id, {
      outcome,
      checkIn: outcome === 'completed' && checkIn ? Date.parse(checkIn) : null,
      checkOut: outcome === 'completed' && checkOut ? Date.parse(checkOut) : null,
      comment: values.comment?.trim().slice(0, 200) || null,
    });
    return null;
  } catch (error) {
    const fields = domainFieldErrors(error, t);
    if (fields) return fields;
    throw error;
  }
}
