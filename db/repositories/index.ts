import type { Database } from '../database.js';
import { appointmentsRepository } from './appointments.js';
import { areasRepository } from './areas.js';
import { attendanceRepository } from './attendance.js';
import { auditRepository } from './audit.js';
import { budgetsRepository } from './budgets.js';
import { calendarFeedsRepository } from './calendar-feeds.js';
import { caseDataRepository } from './case-data.js';
import { exclusionsRepository } from './exclusions.js';
import { idempotencyRepository } from './idempotency.js';
import { importsRepository } from './imports.js';
import { maintenanceRepository } from './maintenance.js';
import { matchingInputRepository } from './matching-input.js';
import { mediatorRecordsRepository } from './mediator-records.js';
import { mediatorsRepository } from './mediators.js';
import { offersRepository } from './offers.js';
import { outboxRepository } from './outbox.js';
import { reportsRepository } from './reports.js';
import { settingsRepository } from './settings.js';
import { seriesRepository } from './series.js';
import { servicesRepository } from './services.js';
import { timeOffRepository } from './time-off.js';
import { usersRepository } from './users.js';
import { webSessionsRepository } from './web-sessions.js';
import { webhooksRepository } from './webhooks.js';

/**
/** Every repository over one database. */
export function createRepositories(db: Database) {
  const areas = areasRepository(db);
  return {
    areas,
    matchingInput: matchingInputRepository(db, areas),
    services: servicesRepository(db),
    users: usersRepository(db),
    webSessions: webSessionsRepository(db),
    mediators: mediatorsRepository(db),
    timeOff: timeOffRepository(db),
    mediatorRecords: mediatorRecordsRepository(db),
    exclusions: exclusionsRepository(db),
    appointments: appointmentsRepository(db),
    series: seriesRepository(db),
    idempotency: idempotencyRepository(db),
    outbox: outboxRepository(db),
    offers: offersRepository(db),
    settings: settingsRepository(db),
    maintenance: maintenanceRepository(db),
    calendarFeeds: calendarFeedsRepository(db),
    attendance: attendanceRepository(db),
    audit: auditRepository(db),
    caseData: caseDataRepository(db),
    budgets: budgetsRepository(db),
    reports: reportsRepository(db),
    webhooks: webhooksRepository(db),
    imports: importsRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
