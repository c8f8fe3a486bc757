import type { ServiceRow } from '../../db/repositories/services.js';
import type { Ctx } from '../deps.js';
import { InvalidError, NotFoundError } from '../domain/errors.js';
import type { ServiceKind } from '../domain/vocabulary.js';
import { assertServiceVisible, requireRole } from './access.js';
import { afterId, type Page, type PageInput } from './pagination.js';

export type { ServiceRow } from '../../db/repositories/services.js';

/** A new booking desk. */
export interface ServiceInput {
  name: string;
  kind: ServiceKind;
  area: string;
  address: string;
  contactEmail: string;
  phone?: string;
}

/** The fields of a service a coordinator may change; absent ones stay. */
export interface ServiceChanges {
  name?: string;
  kind?: ServiceKind;
  area?: string;
  address?: string;
  contactEmail?: string;
  phone?: string | null;
  active?: boolean;
}

export interface ServiceListQuery extends PageInput {
  area?: string;
}

/** Services by id: all for a coordinator, its own for a desk. */
export async function listServices(ctx: Ctx, query: ServiceListQuery): Promise<Page<ServiceRow>> {
  requireRole(ctx.actor, 'coordinator', 'desk');
  return ctx.repos.services.list({
    limit: query.limit,
    afterId: afterId(query.cursor),
    ...(query.area ? { area: query.area } : {}),
    ...(ctx.actor.role === 'desk' ? { onlyId: ctx.actor.serviceId ?? '' } : {}),
  });
}

/** A service its desk or a coordinator may see (anyone else: 404). */
export async function getService(ctx: Ctx, id: string): Promise<ServiceRow> {
  requireRole(ctx.actor, 'coordinator', 'desk');
  assertServiceVisible(ctx.actor, id);
  const service = await ctx.repos.services.get(id);
  if (!service) throw new NotFoundError('service', id);
  return service;
}

/** Creates a booking desk in a known area (coordinator). */
export async function createService(ctx: Ctx, input: ServiceInput): Promise<ServiceRow> {
  requireRole(ctx.actor, 'coordinator');
  if (!(await ctx.repos.areas.exists(input.area))) throw new InvalidError('area', `Unknown area ${input.area}.`);
  const id = ctx.ids.next('svc');
  await ctx.repos.services.create(
    { id, name: input.name, kind: input.kind, areaCode: input.area, address: input.address, contactEmail: input.contactEmail, phone: input.phone ?? null },
    ctx.clock.now(),
  );
  return (await ctx.repos.services.get(id)) as ServiceRow;
}

/** Changes a service (coordinator); a new area must exist. */
export async function updateService(ctx: Ctx, id: string, changes: ServiceChanges): Promise<ServiceRow> {
  requireRole(ctx.actor, 'coordinator');
  if (changes.area && !(await ctx.repos.areas.exists(changes.area))) throw new InvalidError('area', `Unknown area ${changes.area}.`);
  const { area, ...rest } = changes;
  const changed = await ctx.repos.services.update(id, { ...rest, ...(area ? { areaCode: area } : {}) }, ctx.clock.now());
  if (changed === 0) throw new NotFoundError('service', id);
  return (await ctx.repos.services.get(id)) as ServiceRow;
}
