import { type WebContext, webRouter } from './env.js';
import { hoursPage, profileForm, saveProfile, signOutEverywhere } from './mediator/account.js';
import { attendanceSheet, handBack, handBackForm, signAttendance } from './mediator/attendance.js';
import { mediatorHomePage, rotateCalendar } from './mediator/home.js';
import { answerOffer, offersPage } from './mediator/offers.js';
import { serviceWorker } from './mediator/offline.js';
import { addTimeOffFromForm, availabilityForm, changeAvailability, removeTimeOffFromForm, timeOffForm } from './mediator/schedule.js';
import { mine } from './mediator/shared.js';

/** The mediator's home: "Oggi e prossimi". */
export function mediatorHome(c: WebContext) {
  return mediatorHomePage(c);
}

/**
 * The mediator's pages, phone first. Mounted before the desk's: where a path is shared
 * (/app/hours, the attendance sheet) a mediator gets these and every other role falls through.
 */
export function mediatorRoutes() {
  const r = webRouter();
  r.get('/app/sw.js', mine(serviceWorker));
  r.post('/app/calendar', mine(rotateCalendar));
  r.get('/app/offers', mine((c) => offersPage(c)));
  r.post('/app/offers/:id/accept', mine((c) => answerOffer(c, 'accept')));
  r.post('/app/offers/:id/decline', mine((c) => answerOffer(c, 'decline')));
  r.get('/app/appointments/:id/attendance', mine(attendanceSheet));
  r.post('/app/appointments/:id/attendance', mine(signAttendance));
  r.get('/app/appointments/:id/hand-back', mine(handBackForm));
  r.post('/app/appointments/:id/hand-back', mine(handBack));
  r.get('/app/availability', mine(availabilityForm));
  r.post('/app/availability', mine(changeAvailability));
  r.get('/app/time-off', mine(timeOffForm));
  r.post('/app/time-off', mine(addTimeOffFromForm));
  r.post('/app/time-off/:id/remove', mine(removeTimeOffFromForm));
  r.get('/app/hours', mine(hoursPage));
  r.get('/app/profile', mine(profileForm));
  r.post('/app/profile', mine(saveProfile));
  r.post('/app/profile/sign-out-everywhere', mine(signOutEverywhere));
  return r;
}
