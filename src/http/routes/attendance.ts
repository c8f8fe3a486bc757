import { createRoute, z } from '@hono/zod-openapi';
import type { Outcome } from '../../domain/attendance.js';
import { formatInstant, formatNullable, parseInstant } from '../../domain/time.js';
import { hoursOf } from '../../domain/timesheets.js';
import {
  type AttendanceRow,
  type AttendanceView,
  attendanceView,
  listOpenSessions,
  recordAttendance,
  settleAttendance,
} from '../../operations/attendance.js';
import { type BudgetRow, createBudget, listBudgets } from '../../operations/budgets.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { allow } from '../roles.js';
import { commonErrors, conflictError, IdParam, jsonBody, jsonResponse, listOf } from '../schemas/common.js';
import { Attendance, AttendanceBody, Budget, BudgetCreate, boundToMs, OpenSessionItem, OpenSessionsQuery, SettleBody } from '../schemas/reports.js';

const tags = ['attendance'];

const record = createRoute({
  method: 'post',
  path: '/appointments/{id}/attendance',
  tags,
  summary: "Sign the session sheet (the desk's or the assigned mediator's; only once it has started)",
  description: 'Both sheets agreeing (same outcome, times within the tolerance) → confirmed and billed; differing → disputed, for a coordinator to settle.',
  security: bearerSecurity,
  middleware: [allow('desk', 'mediator', 'coordinator')] as const,
  request: { params: IdParam, ...jsonBody(AttendanceBody) },
  responses: { 200: jsonResponse(Attendance, 'The sheets and their state.'), ...commonErrors, ...conflictError },
});

const get = createRoute({
  method: 'get',
  path: '/appointments/{id}/attendance',
  tags,
  summary: 'The two sheets, their state and the settlement',
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 200: jsonResponse(Attendance, 'The sheets and their state.'), ...commonErrors },
});

const settle = createRoute({
  method: 'post',
  path: '/appointments/{id}/attendance/settle',
  tags,
  summary: 'Settle a disputed or unrecorded session with a recorded decision (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam, ...jsonBody(SettleBody) },
  responses: { 200: jsonResponse(Attendance, 'Settled.'), ...commonErrors, ...conflictError },
});

const open = createRoute({
  method: 'get',
  path: '/attendance',
  tags,
  summary: 'Sessions to close: ended without a settlement (awaiting close-out) or with differing sheets (disputed)',
  security: bearerSecurity,
  request: { query: OpenSessionsQuery },
  responses: { 200: jsonResponse(listOf(OpenSessionItem, 'OpenSessionList'), 'A page of sessions, by start.'), ...commonErrors },
});

const createBudgetRoute = createRoute({
  method: 'post',
  path: '/services/{id}/budgets',
  tags: ['services'],
  summary: "Set a service's hours budget for a period, in minutes (coordinator)",
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam, ...jsonBody(BudgetCreate) },
  responses: { 201: jsonResponse(Budget, 'Created.'), ...commonErrors },
});

const listBudgetsRoute = createRoute({
  method: 'get',
  path: '/services/{id}/budgets',
  tags: ['services'],
  summary: "A service's hours budgets",
  security: bearerSecurity,
  middleware: [allow('coordinator', 'desk')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(z.object({ items: z.array(Budget), nextCursor: z.null() }), 'Budgets.'), ...commonErrors },
});

function sheet(r: AttendanceRow | null) {
  if (!r) return null;
  return { outcome: r.outcome as Outcome, checkIn: formatNullable(r.checkIn), checkOut: formatNullable(r.checkOut), rating: r.rating, comment: r.comment, recordedAt: formatInstant(r.recordedAt) };
}

export function presentAttendance(v: AttendanceView): z.infer<typeof Attendance> {
  const s = v.settlement;
  return {
    appointmentId: v.appointmentId,
    state: v.state,
    desk: sheet(v.desk),
    mediator: sheet(v.mediator),
    differences: v.differences.map((d) => ({
      field: d.field,
      desk: typeof d.desk === 'number' ? formatInstant(d.desk) : d.desk,
      mediator: typeof d.mediator === 'number' ? formatInstant(d.mediator) : d.mediator,
    })),
    settlement: s
      ? {
          outcome: s.outcome as Outcome,
          checkIn: formatNullable(s.checkIn),
          checkOut: formatNullable(s.checkOut),
          actualMinutes: s.actualMinutes,
          billableMinutes: s.billableMinutes,
          source: s.source as 'agreed' | 'coordinator' | 'late_cancellation',
          note: s.note,
          settledAt: formatInstant(s.settledAt),
        }
      : null,
  };
}

const instantOrNull = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : parseInstant(v));

function presentBudget(b: BudgetRow): z.infer<typeof Budget> {
  return { id: b.id, serviceId: b.serviceId, from: formatInstant(b.periodStart), to: formatInstant(b.periodEnd), minutes: b.minutes, hours: hoursOf(b.minutes), note: b.note };
}

export const attendanceRoutes = router()
  .openapi(record, async (c) => {
    const body = c.req.valid('json');
    const view = await recordAttendance(ctxOf(c), c.req.valid('param').id, {
      ...(body.party ? { party: body.party } : {}),
      outcome: body.outcome,
      checkIn: instantOrNull(body.checkIn) ?? null,
      checkOut: instantOrNull(body.checkOut) ?? null,
      rating: body.rating ?? null,
      comment: body.comment ?? null,
    });
    return c.json(presentAttendance(view), 200);
  })
  .openapi(get, async (c) => c.json(presentAttendance(await attendanceView(ctxOf(c), c.req.valid('param').id)), 200))
  .openapi(settle, async (c) => {
    const body = c.req.valid('json');
    const view = await settleAttendance(ctxOf(c), c.req.valid('param').id, {
      outcome: body.outcome,
      checkIn: instantOrNull(body.checkIn) ?? null,
      checkOut: instantOrNull(body.checkOut) ?? null,
      note: body.note,
    });
    return c.json(presentAttendance(view), 200);
  })
  .openapi(open, async (c) => {
    const ctx = ctxOf(c);
    const q = c.req.valid('query');
    const zone = ctx.config.zone;
    const page = await listOpenSessions(ctx, {
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.state ? { state: q.state } : {}),
      ...(q.from ? { from: boundToMs(q.from, zone) } : {}),
      ...(q.to ? { to: boundToMs(q.to, zone) } : {}),
    });
    const items = page.items.map((r) => ({
      appointmentId: r.appointmentId,
      serviceId: r.serviceId,
      mediatorId: r.mediatorId,
      start: formatInstant(r.start),
      end: formatInstant(r.end),
      state: r.state,
      sheets: r.sheets,
    }));
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  })
  .openapi(createBudgetRoute, async (c) => {
    const ctx = ctxOf(c);
    const body = c.req.valid('json');
    const budget = await createBudget(ctx, c.req.valid('param').id, {
      from: boundToMs(body.from, ctx.config.zone),
      to: boundToMs(body.to, ctx.config.zone),
      minutes: body.minutes,
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
    return c.json(presentBudget(budget), 201);
  })
  .openapi(listBudgetsRoute, async (c) => {
    const budgets = await listBudgets(ctxOf(c), c.req.valid('param').id);
    return c.json({ items: budgets.map(presentBudget), nextCursor: null }, 200);
  });
