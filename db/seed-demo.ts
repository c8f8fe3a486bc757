/**
 * Loads a realistic demo network (Piedmont services, ~80 mediators, availability, time off,
 * exclusions, users and a few appointments) into the SQLite file the server uses — through the
 * public API, in-process, so every record is validated like a real request.
 *
 *   npm run seed:demo               # refuses if the database already has services
 *   npm run seed:demo -- --force    # seeds again anyway (adds a second copy of the network)
 *
 * Reads the same environment as the server (DATA_DIR, PUBLIC_URL, PORT, BOOTSTRAP_COORDINATOR_TOKEN…).
 */
import { pathToFileURL } from 'node:url';
import type { z } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import { bootstrapCoordinator } from '../src/bootstrap.js';
import { fixedClock } from '../src/clock.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { openNodeRuntime } from '../src/node.js';
import { consoleLogger, type Logger } from '../src/deps.js';
import type { AppointmentCreate } from '../src/http/schemas/appointments.js';
import type { ExclusionCreate, MediatorCreate, ServiceCreate, TimeOffCreate, UserCreate } from '../src/http/schemas/roster.js';
import { sha256Hex } from '../src/ids.js';
import { newToken } from '../src/operations/users.js';
import {
  AVAILABILITY_PATTERNS,
  DEMO_APPOINTMENTS,
  DEMO_EXCLUSIONS,
  DEMO_MEDIATOR_USERS,
  DEMO_MEDIATORS,
  DEMO_SERVICES,
  DEMO_TIME_OFF,
  DEMO_ZONE,
  type DemoDay,
  type DemoMediator,
  GUIDE_DESKS,
  GUIDE_MEDIATOR,
} from './demo-data.js';

export interface SeedDemoOptions {
  /** Environment to read like the server does (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Overrides DATA_DIR from the environment. */
  dataDir?: string;
  /** Seed even if the database already has services. */
  force?: boolean;
  /** Pins the clock (ISO instant); default: FIXED_CLOCK from the environment, else the real time. Dates are relative to it. */
  now?: string;
}

export interface SeedDemoResult {
  databaseFile: string;
  publicUrl: string;
  /** Monday 00:00 (Europe/Rome) of "week 1", the week after the seed ran: demo dates count from it. */
  week1: string;
  coordinator: { userId: string; token: string; viaBootstrap: boolean };
  desks: Array<{ serviceKey: string; serviceId: string; serviceName: string; area: string; token: string }>;
  mediatorUsers: Array<{ mediatorKey: string; mediatorId: string; name: string; token: string }>;
  appointments: Array<{ key: string; id: string; serviceName: string; language: string; start: string; status: string; expected: string; mediator: string | null }>;
  counts: {
    services: number;
    areas: number;
    mediators: number;
    languages: number;
    users: number;
    timeOff: number;
    exclusions: number;
    appointments: Record<string, number>;
  };
  /** Appointments whose outcome differed from the demo data's expectation (should be empty). */
  surprises: string[];
}

/** The database already holds services: seeding again would duplicate the network. */
export class AlreadySeededError extends Error {
  constructor(readonly databaseFile: string) {
    super(
      `The database ${databaseFile} already has services: the demo data looks loaded already. ` +
        'Run with --force to add another copy anyway, or point DATA_DIR at an empty directory.',
    );
  }
}

/** A call to the API that did not answer as expected (a validation error, or a bug). */
export class SeedApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
    readonly requestBody: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${body}\nrequest body: ${JSON.stringify(requestBody)}`);
  }
}

type Json = Record<string, any>;

// Request bodies are typed with the API's own input schemas, so data errors show up at compile time too.
type ServiceBody = z.input<typeof ServiceCreate>;
type MediatorBody = z.input<typeof MediatorCreate>;
type UserBody = z.input<typeof UserCreate>;
type TimeOffBody = z.input<typeof TimeOffCreate>;
type ExclusionBody = z.input<typeof ExclusionCreate>;
type AppointmentBody = z.input<typeof AppointmentCreate>;

/** "Aïcha Traoré" → "aicha.traore" */
function emailLocalPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
}

/** A fictitious Italian mobile number, stable per mediator. */
function phoneFor(index: number): string {
  return `+39 333 000 ${String(1000 + index).padStart(4, '0')}`;
}

/** Loads the demo network; see the file header. Closes the database before returning. */
export async function seedDemo(options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const config = parseConfig(options.env ?? process.env);
  const logger: Logger = { info: () => {}, error: consoleLogger.error };
  // Like the server at start-up (bootstrap coordinator included), so an env bootstrap token keeps working after seeding.
  const { db, databaseFile, deps, repos, app } = await openNodeRuntime(config, {
    logger,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.now ? { clock: fixedClock(options.now) } : {}),
  });
  try {
    const { clock, ids } = deps;

    if (!options.force && (await repos.services.list({ limit: 1 })).items.length > 0) {
      throw new AlreadySeededError(databaseFile);
    }


    const coordinatorToken = newToken();
    const viaBootstrap = await bootstrapCoordinator(repos, clock, ids, coordinatorToken);
    let coordinatorId: string;
    if (viaBootstrap) {
      const user = await repos.users.byTokenHash(await sha256Hex(coordinatorToken));
      if (!user) throw new Error('bootstrap coordinator not found after creation');
      coordinatorId = user.id;
    } else {
      coordinatorId = ids.next('usr');
      await repos.users.create({
        id: coordinatorId,
        role: 'coordinator',
        name: 'Coordinamento regionale (demo)',
        email: 'coordinamento@mediazione-piemonte.example.it',
        serviceId: null,
        mediatorId: null,
        tokenHash: await sha256Hex(coordinatorToken),
        createdAt: clock.now(),
        revokedAt: null,
      });
    }


    async function call(method: string, path: string, token: string, body: unknown, expected: number): Promise<Json> {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      const init: RequestInit = { method, headers };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const res = await app.request(path, init);
      const text = await res.text();
      if (res.status !== expected) throw new SeedApiError(method, path, res.status, text, body);
      return text ? (JSON.parse(text) as Json) : {};
    }
    const asCoordinator = (method: string, path: string, body: unknown, expected: number) => call(method, path, coordinatorToken, body, expected);

    // Dates: week 1 starts on the Monday after "now" (Europe/Rome), so every appointment is in the future.
    const week1 = DateTime.fromMillis(clock.now(), { zone: DEMO_ZONE }).startOf('week').plus({ weeks: 1 });
    const at = (day: DemoDay, time = '00:00'): DateTime => {
      const [hour = 0, minute = 0] = time.split(':').map(Number);
      return week1.plus({ weeks: day.week - 1, days: day.weekday - 1 }).set({ hour, minute, second: 0, millisecond: 0 });
    };
    const iso = (dt: DateTime): string => dt.toISO({ suppressMilliseconds: true }) as string;

    // --- services and their desks
    const services = new Map<string, { id: string; name: string; area: string; token: string }>();
    for (const s of DEMO_SERVICES) {
      const body: ServiceBody = { name: s.name, kind: s.kind, area: s.area, address: s.address, contactEmail: s.contactEmail, ...(s.phone ? { phone: s.phone } : {}) };
      const created = await asCoordinator('POST', '/v1/services', body, 201);
      const userBody: UserBody = { role: 'desk', name: `Sportello – ${s.name}`.slice(0, 200), email: s.contactEmail, serviceId: created.id };
      const desk = await asCoordinator('POST', '/v1/users', userBody, 201);
      services.set(s.key, { id: created.id, name: s.name, area: s.area, token: desk.token });
    }
    const serviceOf = (key: string) => {
      const s = services.get(key);
      if (!s) throw new Error(`demo data: unknown service key ${key}`);
      return s;
    };

    // --- mediators and their weekly availability
    const mediators = new Map<string, { id: string; data: DemoMediator }>();
    const emails = new Set<string>();
    for (const [index, md] of DEMO_MEDIATORS.entries()) {
      let email = `${emailLocalPart(md.name)}@${md.domain}`;
      if (emails.has(email)) email = `${emailLocalPart(md.name)}${index}@${md.domain}`;
      emails.add(email);
      const body: MediatorBody = {
        name: md.name,
        email,
        phone: phoneFor(index),
        gender: md.gender,
        homeArea: md.areas[0],
        languages: md.languages,
        areas: md.areas,
        modalities: md.modalities,
        sectors: md.sectors,
        maxWeeklyMinutes: md.maxWeeklyMinutes,
        locale: md.locale,
      };
      const created = await asCoordinator('POST', '/v1/mediators', body, 201);
      await asCoordinator('PUT', `/v1/mediators/${created.id}/availability`, { rules: AVAILABILITY_PATTERNS[md.pattern] }, 200);
      mediators.set(md.key, { id: created.id, data: md });
    }
    const mediatorOf = (key: string) => {
      const found = mediators.get(key);
      if (!found) throw new Error(`demo data: unknown mediator key ${key}`);
      return found;
    };

    // --- time off
    for (const t of DEMO_TIME_OFF) {
      const start = at(t.from, t.from.time ?? '00:00');
      const end = t.to.time ? at(t.to, t.to.time) : at(t.to).plus({ days: 1 });
      const body: TimeOffBody = { start: iso(start), end: iso(end), reason: t.reason };
      await asCoordinator('POST', `/v1/mediators/${mediatorOf(t.mediator).id}/time-off`, body, 201);
    }

    // --- exclusions (recorded by each service's own desk)
    for (const e of DEMO_EXCLUSIONS) {
      const service = serviceOf(e.service);
      const body: ExclusionBody = { mediatorId: mediatorOf(e.mediator).id, reason: e.reason, ...(e.beneficiaryRef ? { beneficiaryRef: e.beneficiaryRef } : {}) };
      await call('POST', `/v1/services/${service.id}/exclusions`, service.token, body, 201);
    }

    // --- mediator logins
    const mediatorUsers: SeedDemoResult['mediatorUsers'] = [];
    for (const key of DEMO_MEDIATOR_USERS) {
      const { id, data } = mediatorOf(key);
      const body: UserBody = { role: 'mediator', name: data.name, mediatorId: id };
      const user = await asCoordinator('POST', '/v1/users', body, 201);
      mediatorUsers.push({ mediatorKey: key, mediatorId: id, name: data.name, token: user.token });
    }

    // --- appointments, requested by the desks
    const appointments: SeedDemoResult['appointments'] = [];
    const surprises: string[] = [];
    for (const a of DEMO_APPOINTMENTS) {
      const service = serviceOf(a.service);
      const body: AppointmentBody = {
        language: a.language,
        start: iso(at(a.day, a.time)),
        durationMinutes: a.durationMinutes,
        sector: a.sector,
        assignment: a.assignment,
        ...(a.modality ? { modality: a.modality } : {}),
        ...(a.area ? { area: a.area } : {}),
        ...(a.genderPreference ? { genderPreference: a.genderPreference } : {}),
        ...(a.gender ? { gender: a.gender } : {}),
        ...(a.beneficiaryRef ? { beneficiaryRef: a.beneficiaryRef } : {}),
        ...(a.location ? { location: a.location } : {}),
        ...(a.notes ? { notes: a.notes } : {}),
        ...(a.urgency ? { urgency: a.urgency } : {}),
        ...(a.minLevel ? { minLevel: a.minLevel } : {}),
      };
      let created = await call('POST', '/v1/appointments', service.token, body, 201);
      if (a.pick && created.status === 'open') {
        created = await call('POST', `/v1/appointments/${created.id}/assign`, service.token, { mediatorId: mediatorOf(a.pick).id }, 200);
      }
      if (created.status !== a.expect) {
        const why = created.unfilledReason ? ` (${created.unfilledReason.detail})` : '';
        surprises.push(`${a.key}: expected ${a.expect}, got ${created.status}${why}`);
      }
      appointments.push({
        key: a.key,
        id: created.id,
        serviceName: service.name,
        language: created.language,
        start: created.start,
        status: created.status,
        expected: a.expect,
        mediator: created.mediator?.name ?? null,
      });
    }

    const byStatus: Record<string, number> = {};
    for (const a of appointments) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    const languages = new Set(DEMO_MEDIATORS.flatMap((md) => md.languages.map((l) => l.code)));

    return {
      databaseFile,
      publicUrl: config.PUBLIC_URL,
      week1: iso(week1),
      coordinator: { userId: coordinatorId, token: coordinatorToken, viaBootstrap },
      desks: [...services.entries()].map(([serviceKey, s]) => ({ serviceKey, serviceId: s.id, serviceName: s.name, area: s.area, token: s.token })),
      mediatorUsers,
      appointments,
      counts: {
        services: services.size,
        areas: new Set(DEMO_SERVICES.map((s) => s.area)).size,
        mediators: mediators.size,
        languages: languages.size,
        users: services.size + mediatorUsers.length + 1,
        timeOff: DEMO_TIME_OFF.length,
        exclusions: DEMO_EXCLUSIONS.length,
        appointments: byStatus,
      },
      surprises,
    };
  } finally {
    db.close();
  }
}

/** The short guide printed at the end: tokens and ready-to-run curl examples. */
export function formatGuide(r: SeedDemoResult): string {
  const url = r.publicUrl.replace(/\/+$/, '');
  const desk = (key: string) => r.desks.find((d) => d.serviceKey === key);
  const [bookingDesk, manualDesk, gapDesk] = GUIDE_DESKS.map(desk);
  const mediator = r.mediatorUsers.find((u) => u.mediatorKey === GUIDE_MEDIATOR) ?? r.mediatorUsers[0];
  const open = r.appointments.find((a) => a.status === 'open' && manualDesk && a.serviceName === manualDesk.serviceName) ?? r.appointments.find((a) => a.status === 'open');
  const openDesk = open ? r.desks.find((d) => d.serviceName === open.serviceName) : undefined;
  // Wednesday 11:00 of week 2: a time several Moroccan-Arabic mediators in Torino are free.
  const requestStart = DateTime.fromISO(r.week1, { zone: DEMO_ZONE }).plus({ weeks: 1, days: 2 }).set({ hour: 11, minute: 0 });
  const requestBody = JSON.stringify({
    language: 'ar-MA',
    start: requestStart.toISO({ suppressMilliseconds: true }),
    durationMinutes: 60,
    sector: 'health',
    beneficiaryRef: 'TO-CF-2026-0200',
  });
  const c = r.counts;
  const statuses = Object.entries(c.appointments)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');

  const lines = [
    '',
    `Demo network loaded into ${r.databaseFile}`,
    `  ${c.services} services in ${c.areas} provinces, ${c.mediators} mediators speaking ${c.languages} languages,`,
    `  ${c.users} users, ${c.timeOff} time-off periods, ${c.exclusions} exclusions, ${r.appointments.length} appointments (${statuses}).`,
    ...(r.surprises.length > 0 ? ['', 'Note: some appointments did not end as the demo data expects:', ...r.surprises.map((s) => `  - ${s}`)] : []),
    '',
    'Tokens (shown only now; only their hashes are stored):',
    `  coordinator                              ${r.coordinator.token}`,
    ...[bookingDesk, manualDesk, gapDesk].filter((d) => d !== undefined).map((d) => `  desk: ${d.serviceName}\n                                           ${d.token}`),
    ...(mediator ? [`  mediator: ${mediator.name}${' '.repeat(Math.max(1, 31 - mediator.name.length))}${mediator.token}`] : []),
    '',
    `Start the server (npm run dev, or npm start) with the same DATA_DIR.`,
    '',
    'In the browser:',
    `  ${url}/app/login/token      as the coordinator: paste the coordinator token above`,
    ...(bookingDesk
      ? [
          `  ${url}/app/login            as a desk: type ${DEMO_SERVICES.find((s) => s.key === bookingDesk.serviceKey)?.contactEmail ?? 'its contact e-mail'};`,
          '                                the sign-in link arrives by e-mail (without SMTP_URL: the newest .eml file under DATA_DIR/mail)',
        ]
      : []),
    '',
    'Or with curl:',
    '',
    `  export URL=${url}`,
    `  export COORD=${r.coordinator.token}`,
    ...(bookingDesk ? [`  export DESK=${bookingDesk.token}`] : []),
    ...(openDesk ? [`  export DESK2=${openDesk.token}`] : []),
    ...(mediator ? [`  export MEDIATOR=${mediator.token}`] : []),
    '',
    ...(open && openDesk
      ? [
          `  # 1. Who could take the open request "${open.language}" at ${open.serviceName} (ranked, with reasons)`,
          `  curl -s -H "Authorization: Bearer $DESK2" "$URL/v1/appointments/${open.id}/candidates?explain=true"`,
          '',
        ]
      : []),
    ...(bookingDesk
      ? [
          `  # 2. Request a mediator (auto-assignment) as ${bookingDesk.serviceName}`,
          `  curl -s -X POST -H "Authorization: Bearer $DESK" -H "Content-Type: application/json" \\`,
          `    -H "Idempotency-Key: demo-$(date +%s)" -d '${requestBody}' "$URL/v1/appointments"`,
          '',
        ]
      : []),
    `  # 3. Requests nobody could take (coverage gaps), with the reason and the fallback ladder`,
    `  curl -s -H "Authorization: Bearer $COORD" "$URL/v1/appointments?status=unfilled"`,
    '',
    ...(mediator
      ? [`  # 4. ${mediator.name}'s own schedule`, `  curl -s -H "Authorization: Bearer $MEDIATOR" "$URL/v1/appointments"`, '']
      : []),
    `  API docs: ${url}/docs`,
    '',
  ];
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--force');
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}\nUsage: npm run seed:demo [-- --force]`);
    return 2;
  }
  try {
    const result = await seedDemo({ force: argv.includes('--force') });
    console.log(formatGuide(result));
    return 0;
  } catch (error) {
    if (error instanceof AlreadySeededError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof SeedApiError) {
      console.error(`Seeding stopped: the API refused a demo record.\n${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
