import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/deps.js';
import { DATABASE_FILE, type RunningServer, startNode } from '../../src/node.js';
import { COORDINATOR_TOKEN, makeFactories, readResponse, requestInit } from '../support/factories.js';

/** Other local users read nothing: the data folder is the owner's only, and so is every file in it. */
let root: string;
let running: RunningServer | undefined;
let previousUmask: number;
const lines: string[] = [];
const logger: Logger = { info: (m) => lines.push(m), error: (m) => lines.push(m) };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mb-modes-'));
  previousUmask = process.umask(0o022); // the usual default, which made them 0644/0755
  lines.length = 0;
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  process.umask(previousUmask);
  rmSync(root, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

async function start(env: Record<string, string> = {}) {
  running = await startNode({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: join(root, 'data'), OUTBOX_POLL_MS: '100', BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR_TOKEN, ...env }, logger);
  const url = running.url;
  const call = async (method: string, path: string, o = {}) => readResponse(await fetch(url + path, requestInit(method, o)));
  return { call, ...makeFactories(call) };
}

describe('under umask 022', () => {
  it('creates the data folder 0700 and the database, its WAL and SHM and the .eml spool 0600', async () => {
    const { make } = await start();
    const desk = await make.desk();
    await make.mediator();
    await make.appointment(desk.token, { start: '2099-03-23T10:00:00+01:00' });
    const data = join(root, 'data');
    const spool = join(data, 'mail');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !(readdirSync(data).includes('mail') && readdirSync(spool).some((f) => f.endsWith('.eml')))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(mode(data)).toBe(0o700);
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) expect([f, mode(join(data, f))]).toEqual([f, 0o600]);
    expect(mode(spool)).toBe(0o700);
    const emls = readdirSync(spool).filter((f) => f.endsWith('.eml'));
    expect(emls.length).toBeGreaterThan(0);
    for (const f of emls) expect([f, mode(join(spool, f))]).toEqual([f, 0o600]);
  });
});

describe('LINK_SECRET', () => {
  it('unset in production: the start warns that links are signed with a secret kept in the database', async () => {
    await start({ NODE_ENV: 'production' });
    expect(lines.some((l) => l.includes('LINK_SECRET is not set'))).toBe(true);
  });

  it('set in production, or unset in development: no warning', async () => {
    await start({ NODE_ENV: 'production', LINK_SECRET: 'x'.repeat(40) });
    await running?.close();
    running = undefined;
    await start();
    expect(lines.some((l) => l.includes('LINK_SECRET'))).toBe(false);
  });
});
