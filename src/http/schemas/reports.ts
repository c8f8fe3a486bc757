import { z } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import { ATTENDANCE_PARTIES, OUTCOMES } from '../../domain/attendance.js';
import { MONTH_PATTERN, periodQueryProblem } from '../../domain/period.js';
import { MODALITIES, SECTORS } from '../../domain/vocabulary.js';
import { Id, Instant, PageQuery } from './common.js';

/** A report bound: an ISO instant, or a calendar date (midnight in Europe/Rome). */
export const ReportBound = z
  .union([Instant, z.string().regex(/^20\d\d-\d\d-\d\d$/, 'must be a date (YYYY-MM-DD) or an ISO 8601 instant')])
  .refine((v) => v.length > 10 || DateTime.fromISO(v, { zone: 'Europe/Rome' }).isValid, 'must be a real date')
  .openapi({ example: '2026-03-01' });

export function boundToMs(v: string, zone: string): number {
  return v.length === 10 ? DateTime.fromISO(v, { zone }).toMillis() : DateTime.fromISO(v, { setZone: true }).toMillis();
}

export const AttendanceBody = z
  .strictObject({
    party: z.enum(ATTENDANCE_PARTIES).optional().openapi({ description: 'Coordinators only: whose sheet this is.' }),
    outcome: z.enum(OUTCOMES),
    checkIn: Instant.nullable().optional(),
    checkOut: Instant.nullable().optional(),
    rating: z.number().int().min(1).max(5).nullable().optional().openapi({ description: 'Desk only: 1–5.' }),
    comment: z.string().trim().max(200).nullable().optional(),
  })
  .openapi('AttendanceBody');

export const SettleBody = z
  .strictObject({
    outcome: z.enum(OUTCOMES),
    checkIn: Instant.nullable().optional(),
    checkOut: Instant.nullable().optional(),
    note: z.string().trim().min(1).max(500).openapi({ description: 'The recorded decision.' }),
  })
  .openapi('SettleBody');

const Sheet = z.object({
  outcome: z.enum(OUTCOMES),
  checkIn: z.string().nullable(),
  checkOut: z.string().nullable(),
  rating: z.number().nullable(),
  comment: z.string().nullable(),
  recordedAt: z.string(),
});

export const Attendance = z
  .object({
    appointmentId: z.string(),
    state: z.enum(['awaiting', 'partial', 'confirmed', 'disputed', 'settled']),
    desk: Sheet.nullable(),
    mediator: Sheet.nullable(),
    differences: z.array(z.object({ field: z.string(), desk: z.unknown(), mediator: z.unknown() })),
    settlement: z
      .object({
        outcome: z.enum(OUTCOMES),
        checkIn: z.string().nullable(),
        checkOut: z.string().nullable(),
        actualMinutes: z.number(),
        billableMinutes: z.number(),
        source: z.enum(['agreed', 'coordinator', 'late_cancellation']),
        note: z.string().nullable(),
        settledAt: z.string(),
      })
      .nullable(),
  })
  .openapi('Attendance');

export const OpenSessionsQuery = PageQuery.extend({
  state: z.enum(['awaiting_close_out', 'disputed']).optional(),
  from: ReportBound.optional(),
  to: ReportBound.optional(),
});

export const OpenSessionItem = z
  .object({
    appointmentId: z.string(),
    serviceId: z.string(),
    mediatorId: z.string(),
    start: z.string(),
    end: z.string(),
    state: z.enum(['awaiting_close_out', 'disputed']),
    sheets: z.number().openapi({ description: 'How many of the two sheets are recorded.' }),
  })
  .openapi('OpenSession');

export const BudgetCreate = z
  .strictObject({ from: ReportBound, to: ReportBound, minutes: z.number().int().min(0).max(10_000_000), note: z.string().max(200).optional() })
  .openapi('BudgetCreate');

export const Budget = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    from: z.string(),
    to: z.string(),
    minutes: z.number(),
    hours: z.number().openapi({ description: 'The same budget in hours, to two decimals.' }),
    note: z.string().nullable(),
  })
  .openapi('Budget');

const PeriodFields = z.object({
  from: ReportBound.optional().openapi({
    description: 'First day of the period (YYYY-MM-DD, from its midnight in Europe/Rome), or an ISO 8601 instant. With `to`, or give `month`.',
  }),
  to: ReportBound.optional().openapi({
    description: 'Last day of the period, included whole (YYYY-MM-DD: `to=2026-12-31` includes the 31st; `from` = `to` is one day), or an ISO 8601 instant, excluded.',
  }),
  month: z
    .string()
    .regex(MONTH_PATTERN, 'must be a month (YYYY-MM)')
    .optional()
    .openapi({ description: 'A calendar month in Europe/Rome, e.g. 2026-12; instead of from and to.', example: '2026-12' }),
  format: z.enum(['json', 'csv']).optional(),
  lang: z.enum(['it', 'en']).default('it').openapi({ description: 'CSV headers: Italian (default) or English (the JSON field names).' }),
});

/** A report query names its period by `month` alone or by `from` and `to`; otherwise 400 naming the field. */
function periodRule<T extends { from?: string | undefined; to?: string | undefined; month?: string | undefined }>(q: T, ctx: z.RefinementCtx): void {
  const problem = periodQueryProblem(q);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
}

export const TimesheetQuery = PeriodFields.extend({
  by: z.enum(['mediator', 'service']).default('mediator'),
  mediatorId: Id.optional(),
  serviceId: Id.optional(),
  detail: z
    .enum(['totals', 'sessions'])
    .default('totals')
    .openapi({ description: 'sessions: also one line per session (JSON `sessions`; the CSV is then the session lines).' }),
}).superRefine(periodRule);

export const CoverageQuery = PeriodFields.extend({
  groupBy: z
    .string()
    .default('language,area')
    .openapi({ description: 'Comma-separated: language, area, week, weekday, timeBand, sector, service.' }),
  sector: z.enum(SECTORS).optional().openapi({ description: 'Count only the requests of this sector (supply is not filtered).' }),
  modality: z.enum(MODALITIES).optional().openapi({ description: 'Count only the requests of this modality.' }),
  service: Id.optional().openapi({ description: 'Count only the requests of this service.' }),
}).superRefine(periodRule);
