import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/deps.js';
import { startNode } from '../../src/node.js';
import { failureLimiter } from '../../src/rate-limiter.js';
import { fixedClock } from '../../src/clock.js';
import { type Harness, makeHarness } from '../support/harness.js';

/** Guessing tokens and links is slowed down: past a few failures, 429 with Retry-After. */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness({ config: { guessing: { failures: 3, windowMs: 60_000 } } });
});
afterEach(() => h.close());

const from = (client: string, token?: string) => ({
  token: token ?? null,
  headers: { 'cf-connecting-ip': client },
});

async function expectTooMany(res: { status: number; headers: Headers; body: Record<string, unknown> }) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.body.code).toBe('too_many_requests');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('wrong bearer tokens', () => {
  it('from one client: after the limit even a right token waits (429, Retry-After) until the window ends', async () => {
    const desk = await h.make.desk();
    for (let i = 0; i < 3; i++) expect((await h.call('GET', '/v1/me', from('10.0.0.1', `wrong-token-${i}-xxxxxxxx`))).status).toBe(401);
    await expectTooMany(await h.call('GET', '/v1/me', from('10.0.0.1', desk.token)));
    // Another client is not held up.
    expect((await h.call('GET', '/v1/me', from('10.0.0.2', desk.token))).status).toBe(200);
    h.clock.advance(60_000);
    expect((await h.call('GET', '/v1/me', from('10.0.0.1', desk.token))).status).toBe(200);
  });

  it('sharing a prefix, from many clients: the prefix is limited', async () => {
    for (let i = 0; i < 3; i++) expect((await h.call('GET', '/v1/me', from(`10.0.1.${i}`, `samepref-guess-${i}-xxxx`))).status).toBe(401);
    await expectTooMany(await h.call('GET', '/v1/me', from('10.0.1.99', 'samepref-guess-99-xxxx')));
  });

  it('missing tokens are not counted as guesses', async () => {
    for (let i = 0; i < 5; i++) expect((await h.call('GET', '/v1/me', from('10.0.2.1'))).status).toBe(401);
  });
});

describe('wrong feed tokens', () => {
  it('are limited per client', async () => {
    const desk = await h.make.desk();
    const path = `/v1/calendars/services/${desk.service.id}.ics`;
    for (let i = 0; i < 3; i++) {
      expect((await h.app.request(`${path}?token=guessguessguess${i}`, { headers: { 'cf-connecting-ip': '10.0.3.1' } })).status).toBe(404);
    }
    const res = await h.app.request(`${path}?token=guessguessguess9`, { headers: { 'cf-connecting-ip': '10.0.3.2' } });
    // Another client, the same feed: its owner id is the prefix being guessed at.
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});

describe('forged offer links', () => {
  it('are limited per client', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await h.app.request(`/offers/off_${i}/accept?token=forged${i}`, { headers: { 'cf-connecting-ip': '10.0.4.1' } });
      expect([403, 404, 410]).toContain(res.status);
    }
    const res = await h.app.request('/offers/off_x/accept?token=forged', { method: 'POST', headers: { 'cf-connecting-ip': '10.0.4.1' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('the limiter', () => {
  it('keeps a bounded number of keys', () => {
    const clock = fixedClock('2026-03-20T08:00:00Z');
    const limiter = failureLimiter({ limit: 1, windowMs: 60_000, clock, maxKeys: 10 });
    for (let i = 0; i < 100; i++) limiter.fail(`k${i}`);
    expect(limiter.retryAfter('k99')).toBe(60);
    expect(limiter.retryAfter('k0')).toBe(0); // dropped to make room
  });
});

describe('a request body that trickles in (Node)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is cut after REQUEST_TIMEOUT_MS with 408', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-slow-'));
    const running = await startNode({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '1000' }, silentLogger);
    try {
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(running.port, '127.0.0.1', () => {
          socket.write('POST /v1/services HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
        });
        const drip = setInterval(() => socket.write(' '), 200);
        let got = '';
        socket.on('data', (d) => {
          got += d.toString();
        });
        socket.on('close', () => {
          clearInterval(drip);
          resolve(got);
        });
        socket.on('error', () => undefined);
        setTimeout(() => socket.destroy(), 8_000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await running.close();
    }
  });
});
