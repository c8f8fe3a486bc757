import type { BudgetRow } from '../../db/repositories/budgets.js';
import type { Ctx } from '../deps.js';
import { InvalidError, NotFoundError } from '../domain/errors.js';
import { assertServiceVisible, requireRole } from './access.js';

export type { BudgetRow } from '../../db/repositories/budgets.js';

/** A service's hours budget for the period [from, to) (epoch ms), in minutes. */
export interface BudgetInput {
  from: number;
  to: number;
  minutes: number;
  note?: string;
}

/** Sets an hours budget for a service (coordinator). */
export async function createBudget(ctx: Ctx, serviceId: string, input: BudgetInput): Promise<BudgetRow> {
  requireRole(ctx.actor, 'coordinator');
  if (!(await ctx.repos.services.get(serviceId))) throw new NotFoundError('service', serviceId);
  if (input.to <= input.from) throw new InvalidError('to', 'to must be after from.');
  const row: BudgetRow = {
    id: ctx.ids.next('bdg'),
    serviceId,
    periodStart: input.from,
    periodEnd: input.to,
    minutes: input.minutes,
    note: input.note ?? null,
    createdAt: ctx.clock.now(),
  };
  await ctx.repos.budgets.create(row);
  return row;
}

/** A service's budgets by period start (its desk, coordinator). */
export async function listBudgets(ctx: Ctx, serviceId: string): Promise<BudgetRow[]> {
  requireRole(ctx.actor, 'coordinator', 'desk');
  assertServiceVisible(ctx.actor, serviceId);
  if (!(await ctx.repos.services.get(serviceId))) throw new NotFoundError('service', serviceId);
  return ctx.repos.budgets.forService(serviceId);
}
