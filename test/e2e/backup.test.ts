import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/deps.js';
import { DATABASE_FILE, type RunningServer, startNode } from '../../src/node.js';

const TOKEN = 'backup-coordinator-token-0001';
const ROOT = new URL('../../', import.meta.url).pathname;

/** `npm run backup`'s script, as its own process: the copy really runs beside the server's writes. */
function runBackup(dataDir: string, destination: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', destination], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/**
 * Backups: an online copy taken under a booking load, restored into a new folder, serves every
 * booking acknowledged before the backup began (and nothing half-written).
 */
describe('npm run backup, then restore', () => {
  const root = mkdtempSync(join(tmpdir(), 'mb-backup-'));
  const servers: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close().catch(() => undefined)));
    rmSync(root, { recursive: true, force: true });
  });

  const start = async (dataDir: string) => {
    const s = await startNode({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, BOOTSTRAP_COORDINATOR_TOKEN: TOKEN, OUTBOX_POLL_MS: '200' }, silentLogger);
    servers.push(s);
    return s;
  };
  const call = async (base: string, method: string, path: string, body?: unknown, token = TOKEN) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('copies a running database consistently; the restored service has every acknowledged booking', async () => {
    const live = join(root, 'live');
    const server = await start(live);
    const service = await call(server.url, 'POST', '/v1/services', { name: 'ASL TO', kind: 'health', area: 'TO', address: 'Via Po 1', contactEmail: 'asl@example.it' });
    const desk = (await call(server.url, 'POST', '/v1/users', { role: 'desk', name: 'Desk', serviceId: service.body.id })).body.token as string;
    for (let i = 0; i < 6; i++) {
      const m = await call(server.url, 'POST', '/v1/mediators', { name: `M${i}`, email: `m${i}@example.it`, languages: [{ code: 'ar', level: 'native' }], areas: ['TO'], modalities: ['in_person'], sectors: ['health'], maxWeeklyMinutes: 6000 });
      await call(server.url, 'PUT', `/v1/mediators/${m.body.id}/availability`, { rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })) });
    }

    // The load: four desks' worth of requests, one after another each, on distinct hours of 2030.
    const acked: { id: string; status: string; mediatorId: string | null; at: number }[] = [];
    let next = 0;
    let stop = false;
    const day0 = Date.parse('2030-03-04T08:00:00Z'); // a Monday, 09:00 in Rome
    const worker = async () => {
      while (!stop) {
        const n = next++;
        const weekday = Math.floor(n / 8) % 5;
        const week = Math.floor(n / 40);
        const start = new Date(day0 + (week * 7 + weekday) * 86_400_000 + (n % 8) * 3_600_000).toISOString();
        const r = await call(server.url, 'POST', '/v1/appointments', { language: 'ar', start, durationMinutes: 60, sector: 'health', beneficiaryRef: `CASE-${n}` }, desk);
        if (r.status === 201) acked.push({ id: r.body.id, status: r.body.status, mediatorId: r.body.mediatorId, at: Date.now() });
      }
    };
    const load = Array.from({ length: 4 }, worker);
    while (acked.length < 40) await new Promise((r) => setTimeout(r, 20));

    const before = acked.length;
    const backupStarted = Date.now();
    const destination = join(root, 'backups', 'copy.sqlite');
    const backup = await runBackup(live, destination);
    const duringBackup = acked.filter((a) => a.at >= backupStarted).length;
    stop = true;
    await Promise.all(load);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/backup written: .*copy\.sqlite/);
    expect(statSync(destination).mode & 0o777).toBe(0o600);
    expect(duringBackup).toBeGreaterThan(0); // the server kept booking while the copy was taken
    await servers.pop()?.close();

    // Restore: the copy becomes the database file of a new data folder.
    const restored = join(root, 'restored');
    mkdirSync(restored, { mode: 0o700 });
    copyFileSync(destination, join(restored, DATABASE_FILE));
    const again = await start(restored);
    const acknowledgedFirst = acked.filter((a) => a.at < backupStarted);
    expect(acknowledgedFirst.length).toBe(before);
    for (const a of acknowledgedFirst) {
      const r = await call(again.url, 'GET', `/v1/appointments/${a.id}`);
      expect(r.status, a.id).toBe(200);
      expect(r.body).toMatchObject({ status: a.status, mediatorId: a.mediatorId });
    }
    // Nothing half-written: every booked appointment in the copy has its invites in the outbox.
    const copy = new BetterSqlite3(destination, { readonly: true });
    const booked = (copy.prepare("SELECT COUNT(*) AS n FROM appointments WHERE status = 'booked'").get() as { n: number }).n;
    const uninvited = copy.prepare("SELECT id FROM appointments a WHERE status = 'booked' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.appointment_id = a.id)").all();
    copy.close();
    expect(uninvited).toEqual([]);
    console.log(
      `backup under load: ${acked.length} bookings acknowledged in all, ${before} before the backup began (all restored), ${duringBackup} while it ran; ${booked} booked in the copy; ${backup.output.trim()}`,
    );
  }, 60_000);
});
