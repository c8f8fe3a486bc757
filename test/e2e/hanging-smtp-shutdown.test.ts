import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../db/sqlite-node.js';
import { DATABASE_FILE } from '../../src/node.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const TOKEN = 'hang-coordinator-token-0001';

/**
 * The real process, a mail server that accepts and never greets, and SIGTERM while a send hangs on
 * it: the process exits by SHUTDOWN_TIMEOUT_MS, and the unsent invites are pending for the next start.
 */
describe('SIGTERM while the mail server hangs', () => {
  let dir: string;
  let silent: Server;
  const sockets = new Set<Socket>();
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-hang-e2e-'));
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await server?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const res = await fetch(`${server?.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await res.json()) as Record<string, any>;
  };

  it('exits within the deadline, and nothing unsent is lost', async () => {
    server = await startServerProcess({
      DATA_DIR: dir,
      BOOTSTRAP_COORDINATOR_TOKEN: TOKEN,
      SMTP_URL: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      MAIL_TIMEOUT_MS: '120000',
      SHUTDOWN_TIMEOUT_MS: '2000',
      OUTBOX_POLL_MS: '100',
      FIXED_CLOCK: '2026-03-20T08:00:00Z',
    });
    const service = await call('POST', '/v1/services', { name: 'ASL', kind: 'health', area: 'TO', address: 'Via Po 1', contactEmail: 'desk@example.it' });
    const desk = await call('POST', '/v1/users', { role: 'desk', name: 'Desk', serviceId: service.id });
    const m = await call('POST', '/v1/mediators', { name: 'Amina', email: 'amina@example.it', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'], modalities: ['in_person'], sectors: [] });
    await call('PUT', `/v1/mediators/${m.id}/availability`, { rules: [{ weekday: 1, start: '08:00', end: '18:00' }] });
    const a = await call('POST', '/v1/appointments', { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health' }, desk.token);
    expect(a.status).toBe('booked');
    const deadline = Date.now() + 5_000;
    while (sockets.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sockets.size).toBeGreaterThan(0); // a send is hanging on the silent server

    const s = server;
    server = undefined;
    const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
    const started = Date.now();
    s.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(4_000);

    const db = openNodeDatabase(join(dir, DATABASE_FILE));
    const rows = await db.all<{ status: string; attempts: number }>(sql`SELECT status, attempts FROM outbox`);
    db.close();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
  }, 60_000);
});
