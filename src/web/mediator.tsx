import { agendaPage } from './desk.js';
import { type WebContext, webRouter } from './env.js';

/** The mediator's home ("Oggi e prossimi"); until its own page exists, the agenda of their appointments. */
export function mediatorHome(c: WebContext) {
  return agendaPage(c);
}

/** The mediator's pages (offers, attendance, availability, time off, hours, profile). */
export function mediatorRoutes() {
  return webRouter();
}
