import { forbidden } from './coordinator/common-pages.js';
import { importRoutes } from './coordinator/imports.js';
import { dashboardCsv, dashboardPage } from './coordinator/dashboard.js';
import { disputeRoutes } from './coordinator/disputes.js';
import { mediatorRoutes } from './coordinator/mediators.js';
import { recordRoutes } from './coordinator/records.js';
import { serviceRoutes } from './coordinator/services.js';
import { supplyRoutes } from './coordinator/supply.js';
import { toCoverRoutes } from './coordinator/to-cover.js';
import { userRoutes } from './coordinator/users.js';
import { webhookRoutes } from './coordinator/webhooks.js';
import { type WebContext, webRouter } from './env.js';

/** The addresses only a coordinator may open (the operations behind them check the role again). */
const COORDINATOR_PATHS = ['/app/dashboard.csv', '/app/to-cover', '/app/disputes', '/app/mediators', '/app/services', '/app/users', '/app/timesheets', '/app/outbox', '/app/supply', '/app/imports', '/app/webhooks'];

const isCoordinatorPath = (path: string) => COORDINATOR_PATHS.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}.`));

/** The coordinator's home: the coverage dashboard. */
export function coordinatorHome(c: WebContext) {
  return dashboardPage(c);
}

/** The coordinator's pages: to cover, disputes, administration, supply vs demand. */
export function coordinatorRoutes() {
  const r = webRouter();
  // Other roles get the forbidden page before anything is read or written.
  r.use('/app/*', async (c, next) => {
    if (isCoordinatorPath(c.req.path) && c.get('actor')?.role !== 'coordinator') return forbidden(c);
    await next();
  });
  r.get('/app/dashboard.csv', (c) => dashboardCsv(c));
  r.route('/', toCoverRoutes());
  r.route('/', disputeRoutes());
  r.route('/', mediatorRoutes());
  r.route('/', serviceRoutes());
  r.route('/', userRoutes());
  r.route('/', recordRoutes());
  r.route('/', webhookRoutes());
  r.route('/', supplyRoutes());
  r.route('/', importRoutes());
  return r;
}
