import { webRouter } from './env.js';
import { appointmentRoutes } from './desk/appointment.js';
import { pastRoutes } from './desk/past.js';
import { recordsRoutes } from './desk/records.js';
import { requestRoutes } from './desk/request.js';

export { agendaPage } from './desk/agenda.js';

/** The desk's pages (a coordinator may use them too): agenda, new request, an appointment and its actions, close-out, exclusions, hours. */
export function deskRoutes() {
  return webRouter().route('/', requestRoutes()).route('/', pastRoutes()).route('/', appointmentRoutes()).route('/', recordsRoutes());
}
