import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { type App, type AppOptions, createApp } from './app.js';
import { bootstrapCoordinator } from './bootstrap.js';
import type { Deps } from './deps.js';

/** What every entry (Node, Workers, tests, tools) runs: the dependencies, the repositories and the app. */
export interface Runtime {
  deps: Deps;
  repos: Repositories;
  app: App;
}

/**
 * Builds the runtime the same way for every entry: the repositories, the bootstrap coordinator when
 * `bootstrapToken` is set and none exists yet (`coordinatorCreated` says whether this call made it),
 * and the app over them.
 */
export async function buildRuntime(
  deps: Deps,
  options: { bootstrapToken?: string | undefined } & AppOptions = {},
): Promise<Runtime & { coordinatorCreated: boolean }> {
  const repos = createRepositories(deps.db);
  const coordinatorCreated = await bootstrapCoordinator(repos, deps.clock, deps.ids, options.bootstrapToken);
  return { deps, repos, app: createApp(deps, repos, { compressPages: options.compressPages ?? false }), coordinatorCreated };
}
