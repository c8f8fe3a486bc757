import { createRepositories, type Repositories } from '../db/repositories/index.js';
import type { NodeDatabase } from '../db/sqlite-node.js';
import { type App, createApp } from '../src/app.js';
import { fixedClock } from '../src/clock.js';
import { type Ctx, type Deps, silentLogger } from '../src/deps.js';
import { defaultAppConfig } from '../src/config.js';
import { randomIds } from '../src/ids.js';
import type { ServiceSeed } from './generate.js';
import { NOW, ZONE } from './scenario.js';

/** The app wired like src/node.ts, but on a fixed clock and a silent logger. */
export interface BenchApp {
  deps: Deps;
  repos: Repositories;
  app: App;
  /** The operation context createApp builds for an authenticated desk of `service`. */
  deskCtx(service: ServiceSeed): Ctx;
}

export function benchApp(db: NodeDatabase): BenchApp {
  const clock = fixedClock(NOW);
  const deps: Deps = {
    db,
    clock,
    ids: randomIds(clock),
    logger: silentLogger,
    config: defaultAppConfig({ publicUrl: 'http://127.0.0.1', zone: ZONE }),
  };
  const repos = createRepositories(db);
  return {
    deps,
    repos,
    app: createApp(deps, repos),
    deskCtx: (service) => ({ ...deps, repos, actor: { userId: service.deskUserId, role: 'desk', serviceId: service.id, mediatorId: null } }),
  };
}
