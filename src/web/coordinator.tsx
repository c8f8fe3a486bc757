import { agendaPage } from './desk.js';
import { type WebContext, webRouter } from './env.js';

/** The coordinator's home (the dashboard); until it exists, the agenda of every service. */
export function coordinatorHome(c: WebContext) {
  return agendaPage(c);
}

/** The coordinator's pages (to cover, disputes, administration, supply vs demand). */
export function coordinatorRoutes() {
  return webRouter();
}
