import type { ExclusionRow } from '../../db/repositories/exclusions.js';
import type { Ctx } from '../deps.js';
import { type Released, changeMediator } from './release.js';
import { InvalidError, NotFoundError } from '../domain/errors.js';
import { assertServiceVisible, requireRole } from './access.js';
import { afterId, type Page, type PageInput } from './pagination.js';

export type { ExclusionRow } from '../../db/repositories/exclusions.js';

/** A mediator kept away from a service, or from one case of it (beneficiaryRef). */
export interface ExclusionInput {
  mediatorId: string;
  beneficiaryRef?: string;
  reason: string;
}

export interface ExclusionListQuery extends PageInput {
  mediatorId?: string;
}

/** The service's desk or a coordinator, on a service that exists (anyone else: 404). */
async function assertExclusionsAccess(ctx: Ctx, serviceId: string): Promise<void> {
  requireRole(ctx.actor, 'desk', 'coordinator');
  assertServiceVisible(ctx.actor, serviceId);
  if (!(await ctx.repos.services.get(serviceId))) throw new NotFoundError('service', serviceId);
}

/** A service's exclusions by id. */
export async function listExclusions(ctx: Ctx, serviceId: string, query: ExclusionListQuery): Promise<Page<ExclusionRow>> {
  await assertExclusionsAccess(ctx, serviceId);
  return ctx.repos.exclusions.list({ serviceId, limit: query.limit, afterId: afterId(query.cursor), ...(query.mediatorId ? { mediatorId: query.mediatorId } : {}) });
}

/**
 * Excludes a mediator from the service (or one case); the caller is recorded as its author. The
 * mediator's future bookings the exclusion covers are released in the same batch and matched again.
 */
export async function createExclusion(ctx: Ctx, serviceId: string, input: ExclusionInput): Promise<{ exclusion: ExclusionRow; released: Released[] }> {
  await assertExclusionsAccess(ctx, serviceId);
  if (!(await ctx.repos.mediators.get(input.mediatorId))) throw new InvalidError('mediatorId', `No mediator with id ${input.mediatorId}.`);
  const row: ExclusionRow = {
    id: ctx.ids.next('exc'),
    serviceId,
    mediatorId: input.mediatorId,
    beneficiaryRef: input.beneficiaryRef ?? null,
    reason: input.reason,
    createdBy: ctx.actor.userId,
    createdAt: ctx.clock.now(),
  };
  const change = { kind: 'exclusion', serviceId, beneficiaryRef: row.beneficiaryRef } as const;
  const released = await changeMediator(ctx, input.mediatorId, change, [ctx.repos.exclusions.createStatement(row)]);
  return { exclusion: row, released };
}

/** Lifts an exclusion of this service. */
export async function removeExclusion(ctx: Ctx, serviceId: string, exclusionId: string): Promise<void> {
  await assertExclusionsAccess(ctx, serviceId);
  if ((await ctx.repos.exclusions.delete(exclusionId, serviceId)) === 0) throw new NotFoundError('exclusion', exclusionId);
}
