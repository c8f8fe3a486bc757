import type { Repositories } from '../db/repositories/index.js';
import type { Clock } from './clock.js';
import { type IdGenerator, sha256Hex } from './ids.js';

/** With BOOTSTRAP_COORDINATOR_TOKEN set and no coordinator yet, creates one holding that token. */
export async function bootstrapCoordinator(repos: Repositories, clock: Clock, ids: IdGenerator, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  return repos.users.createFirstCoordinator({
    id: ids.next('usr'),
    role: 'coordinator',
    name: 'Bootstrap coordinator',
    tokenHash: await sha256Hex(token),
    createdAt: clock.now(),
  });
}
