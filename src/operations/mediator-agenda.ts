import type { AppointmentRow, AppointmentWithMediator } from '../../db/repositories/appointments.js';
import type { OfferRow } from '../../db/repositories/offers.js';
import type { SettlementRow } from '../../db/repositories/attendance.js';
import type { Ctx } from '../deps.js';
import { requireRole } from './access.js';
import { listAppointments } from './appointments/list.js';
import { attendanceView, type AttendanceState } from './attendance.js';
import { openOffer } from './offers.js';

/** What a mediator needs to know of the desk that booked them: where, and whom to call. */
export interface DeskFacts {
  name: string;
  address: string;
  phone: string | null;
}

async function desksOf(ctx: Ctx, serviceIds: string[]): Promise<Map<string, DeskFacts>> {
  const unique = [...new Set(serviceIds)];
  const rows = await Promise.all(unique.map((id) => ctx.repos.services.get(id)));
  const out = new Map<string, DeskFacts>();
  for (const s of rows) if (s) out.set(s.id, { name: s.name, address: s.address, phone: s.phone });
  return out;
}

/** The calling mediator's appointments starting in [from, to), each with its desk (name, address, phone). */
export async function mediatorAgenda(ctx: Ctx, from: number, to: number): Promise<Array<AppointmentWithMediator & { desk: DeskFacts | null }>> {
  requireRole(ctx.actor, 'mediator');
  const page = await listAppointments(ctx, { limit: 200, from, to });
  const desks = await desksOf(ctx, page.items.map((a) => a.serviceId));
  return page.items.map((a) => ({ ...a, desk: desks.get(a.serviceId) ?? null }));
}

/** The calling mediator's offers that can still be answered, soonest expiry first, each with its request and desk. */
export async function mediatorOffers(ctx: Ctx): Promise<Array<{ offer: OfferRow; appointment: AppointmentRow; desk: DeskFacts | null }>> {
  requireRole(ctx.actor, 'mediator');
  const now = ctx.clock.now();
  const pending = await ctx.repos.offers.list({ limit: 100, mediatorId: ctx.actor.mediatorId ?? '', status: 'pending' });
  const open = (await Promise.all(pending.items.filter((o) => o.expiresAt > now).map((o) => openOffer(ctx, o.id)))).filter((x) => x !== undefined);
  const desks = await desksOf(ctx, open.map((o) => o.appointment.serviceId));
  return open
    .map((o) => ({ ...o, desk: desks.get(o.appointment.serviceId) ?? null }))
    .sort((a, b) => a.offer.expiresAt - b.offer.expiresAt || a.appointment.startsAt - b.appointment.startsAt);
}

/** One session of a mediator's month: the booking, where, and how its sheets stand (settled: the billable minutes). */
export interface MediatorSession {
  appointment: AppointmentWithMediator;
  desk: DeskFacts | null;
  state: AttendanceState;
  settlement: SettlementRow | null;
}

/** The calling mediator's booked sessions that started in [from, to) before now, one per line, with their attendance state. */
export async function mediatorSessions(ctx: Ctx, from: number, to: number): Promise<MediatorSession[]> {
  const now = ctx.clock.now();
  const booked = (await mediatorAgenda(ctx, from, Math.min(to, now))).filter((a) => a.status === 'booked');
  const views = await Promise.all(booked.map((a) => attendanceView(ctx, a.id)));
  return booked.map((a, i) => ({ appointment: a, desk: a.desk, state: views[i]?.state ?? 'awaiting', settlement: views[i]?.settlement ?? null }));
}
