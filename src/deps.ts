import type { Database } from '../db/database.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Clock } from './clock.js';
import type { MatchOptions } from './domain/matching.js';
import type { Role } from './domain/vocabulary.js';
import type { IdGenerator } from './ids.js';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Settings the app itself needs (the entry parses them from its environment). */
export interface AppConfig {
  publicUrl: string;
  /** Request bodies above this are refused with 413. */
  bodyLimitBytes: number;
  /** The zone weekly availability is expressed in. */
  zone: string;
  matching: MatchOptions;
}

/** Everything the app is built from; each entry point (Node, Workers, tests) wires its own. */
export interface Deps {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  config: AppConfig;
  logger: Logger;
}

/** Who is calling, resolved from the bearer token. */
export interface Actor {
  userId: string;
  role: Role;
  serviceId: string | null;
  mediatorId: string | null;
}

/** What domain operations receive: the dependencies, the repositories and the caller. */
export interface Ctx extends Deps {
  repos: Repositories;
  actor: Actor;
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

export const consoleLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};
