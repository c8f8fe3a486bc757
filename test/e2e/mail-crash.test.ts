import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const TOKEN = 'crash-coordinator-token-0001';

/**
 * The process dies (SIGKILL) after the booking is committed and before its e-mails are sent.
 * The messages were written in the booking's own batch, so the next process delivers them.
 */
describe('a crash between the booking and the sending', () => {
  let dir: string;
  let sink: SmtpSink;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-crash-'));
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await server?.stop();
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (pollMs: string) => ({
    DATA_DIR: dir,
    BOOTSTRAP_COORDINATOR_TOKEN: TOKEN,
    SMTP_URL: sink.url,
    OUTBOX_POLL_MS: pollMs,
    FIXED_CLOCK: '2026-03-20T08:00:00Z',
  });

  const call = async (base: string, method: string, path: string, body?: unknown, token = TOKEN) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await res.json()) as Record<string, any>;
  };

  it('delivers the invite after a restart, exactly once', async () => {
    server = await startServerProcess(env('600000'));
    const base = server.url;
    const service = await call(base, 'POST', '/v1/services', { name: 'ASL', kind: 'health', area: 'TO', address: 'Via Po 1', contactEmail: 'desk@example.it' });
    const desk = await call(base, 'POST', '/v1/users', { role: 'desk', name: 'Desk', serviceId: service.id });
    const m = await call(base, 'POST', '/v1/mediators', { name: 'Amina', email: 'amina@example.it', languages: [{ code: 'ar', level: 'native' }], areas: ['TO'], modalities: ['in_person'], sectors: [] });
    await call(base, 'PUT', `/v1/mediators/${m.id}/availability`, { rules: [{ weekday: 1, start: '08:00', end: '18:00' }] });
    const a = await call(base, 'POST', '/v1/appointments', { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health' }, desk.token);
    expect(a.status).toBe('booked');
    const pending = await call(base, 'GET', '/v1/outbox?status=pending');
    expect(pending.items).toHaveLength(2);

    server.child.kill('SIGKILL');
    await new Promise((resolve) => server?.child.once('exit', resolve));
    expect(sink.received).toHaveLength(0);

    server = await startServerProcess(env('200'));
    const received = await sink.waitFor(2);
    expect(received.map((r) => r.envelopeTo[0]).sort()).toEqual(['amina@example.it', 'desk@example.it']);
    const sent = await call(server.url, 'GET', '/v1/outbox?status=sent');
    expect(sent.items.map((i: { messageId: string }) => i.messageId).sort()).toEqual(received.map((r) => r.parsed.messageId).sort());
    await new Promise((r) => setTimeout(r, 600));
    expect(sink.received).toHaveLength(2);
  }, 60_000);

  it('stops cleanly on SIGTERM', async () => {
    const s = server as ServerProcess;
    server = undefined;
    const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
    s.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
