import type { Database } from '../database.js';
import { appointmentsRepository } from './appointments.js';
import { areasRepository } from './areas.js';
import { attendanceRepository } from './attendance.js';
import { budgetsRepository } from './budgets.js';
import { calendarFeedsRepository } from './calendar-feeds.js';
import { exclusionsRepository } from './exclusions.js';
import { idempotencyRepository } from './idempotency.js';
import { mediatorsRepository } from './mediators.js';
import { offersRepository } from './offers.js';
import { outboxRepository } from './outbox.js';
import { reportsRepository } from './reports.js';
import { schedulesRepository } from './schedules.js';
import { settingsRepository } from './settings.js';
import { servicesRepository } from './services.js';
import { timeOffRepository } from './time-off.js';
import { usersRepository } from './users.js';

/**
 * Every repository over one database, with its prepared statements built once. `scheduleCacheLimit`:
 * bookings matching's schedule cache may hold (schedules.ts).
 */
export function createRepositories(db: Database, options: { scheduleCacheLimit?: number } = {}) {
  return {
    areas: areasRepository(db),
    services: servicesRepository(db),
    users: usersRepository(db),
    mediators: mediatorsRepository(db),
    schedules: schedulesRepository(db, { limit: options.scheduleCacheLimit }),
    timeOff: timeOffRepository(db),
    exclusions: exclusionsRepository(db),
    appointments: appointmentsRepository(db),
    idempotency: idempotencyRepository(db),
    outbox: outboxRepository(db),
    offers: offersRepository(db),
    settings: settingsRepository(db),
    calendarFeeds: calendarFeedsRepository(db),
    attendance: attendanceRepository(db),
    budgets: budgetsRepository(db),
    reports: reportsRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
