import { z } from '@hono/zod-openapi';
import { TIME_OF_DAY } from '../../domain/availability.js';
import { SERIES_MAX_OCCURRENCES } from '../../domain/recurrence.js';
import { APPOINTMENT_STATUSES, ASSIGNMENTS, FALLBACK_STEPS } from '../../domain/vocabulary.js';
import type { SeriesCancelInput } from '../../operations/series/cancel.js';
import type { SeriesRequest } from '../../operations/series/create.js';
import type { SeriesChanges } from '../../operations/series/update.js';
import { AppointmentCreate } from './appointments.js';
import { Instant, LongText, type ParsesTo } from './common.js';

const Weekday = z.number().int().min(1).max(7);

export const RecurrenceInput = z
  .strictObject({
    interval: z.number().int().min(1).max(52).default(1).openapi({ description: 'Every N weeks (1: weekly).' }),
    weekdays: z
      .array(Weekday)
      .min(1)
      .max(7)
      .optional()
      .openapi({ description: "ISO weekdays, 1 = Monday; default: the start's. The start must fall on one of them." }),
    until: z.iso.date().optional().openapi({ description: 'Last local day (Europe/Rome), included; at most a year after the start.' }),
    count: z.number().int().min(1).max(SERIES_MAX_OCCURRENCES).optional().openapi({ description: `How many occurrences, at most ${SERIES_MAX_OCCURRENCES}.` }),
  })
  .refine((r) => (r.until === undefined) !== (r.count === undefined), { message: 'give either until or count', path: ['until'] })
  .openapi('RecurrenceInput');

export const SeriesCreate = AppointmentCreate.extend({
  start: Instant.openapi({ description: 'The first occurrence; every occurrence starts at its wall-clock time in Europe/Rome (09:00 stays 09:00 across DST).' }),
  assignment: z.enum(ASSIGNMENTS).default('auto').openapi({ description: 'auto (matched as one) or manual; offer is refused for a series (422 series_assignment_unsupported).' }),
  recurrence: RecurrenceInput,
}).openapi('SeriesCreate');
true satisfies ParsesTo<typeof SeriesCreate, SeriesRequest>;

export const SeriesPatch = z
  .strictObject({
    time: z.string().regex(TIME_OF_DAY, 'must be HH:MM').refine((t) => t !== '24:00', 'must be HH:MM').openapi({ description: 'New wall-clock start in Europe/Rome, on each occurrence’s own day.', example: '10:30' }),
    durationMinutes: z.number().int().min(15).max(8 * 60),
    location: z.string().max(300).nullable(),
    notes: LongText.nullable(),
    from: Instant.openapi({ description: 'Change the occurrences starting from then on (default, and at the earliest: those not started yet).' }),
  })
  .partial()
  .openapi('SeriesPatch');
true satisfies ParsesTo<typeof SeriesPatch, SeriesChanges>;

export const SeriesCancel = z
  .strictObject({
    from: Instant.optional().openapi({ description: 'Cancel the occurrences starting at or after it — give an occurrence’s start to cancel it and the following ones. Default: every one not started yet.' }),
    reason: z.string().max(500).optional(),
  })
  .openapi('SeriesCancel');
true satisfies ParsesTo<typeof SeriesCancel, SeriesCancelInput>;

export const SeriesOccurrence = z
  .object({
    appointmentId: z.string(),
    start: z.string(),
    end: z.string(),
    status: z.enum(APPOINTMENT_STATUSES),
    mediatorId: z.string().nullable(),
    mediatorName: z.string().nullable(),
    fallbackStep: z.enum(FALLBACK_STEPS).nullable(),
    unfilledReason: z.string().nullable().openapi({ description: 'Why nobody could take it (the code; the appointment has the detail).' }),
  })
  .openapi('SeriesOccurrence');

export const Series = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    template: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'What every occurrence shares, as last edited; `time` is the wall-clock start in Europe/Rome.' }),
    recurrence: z.object({ interval: z.number(), weekdays: z.array(z.number()), until: z.string().optional(), count: z.number().optional() }),
    occurrences: z.array(SeriesOccurrence),
    summary: z.object({
      occurrences: z.number(),
      booked: z.number(),
      unfilled: z.number(),
      waiting: z.number().openapi({ description: 'open or offered: waiting for a mediator.' }),
      cancelled: z.number(),
      mediators: z.array(z.string()).openapi({ description: 'The mediators booked, in order of first occurrence.' }),
      mediatorChanges: z.number().openapi({ description: 'How often the mediator changes between booked occurrences; 0 when one takes them all.' }),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Series');
