import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

/**
 * The body limit over a real socket (app.request sends no Content-Length): a declared length and a
 * chunked body alike. The limit is the default BODY_LIMIT_BYTES, 64 KiB.
 */
let h: Harness;
let server: ServerType;
let port: number;
let desk: { token: string };
beforeAll(async () => {
  h = await makeHarness();
  desk = await h.make.desk();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  h.close();
});

/** POSTs `chunks` as one body: with Content-Length when `declared`, else chunked (one write per chunk). */
function post(chunks: string[], declared: boolean): Promise<{ status: number; body: { code?: string; errors?: Array<{ path: string }> } }> {
  const body = chunks.join('');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/appointments',
        headers: {
          authorization: `Bearer ${desk.token}`,
          'content-type': 'application/json',
          ...(declared ? { 'content-length': Buffer.byteLength(body) } : { 'transfer-encoding': 'chunked' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const oversized = () => ['{"language":"ar","padding":"', 'x'.repeat(40_000), 'x'.repeat(40_000), '"}'];

describe('the body limit on a real server', () => {
  it('refuses a declared body over the limit with 413 body_too_large, declared by its Content-Length', async () => {
    const r = await post(oversized(), true);
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('body_too_large');
  });

  it('refuses a chunked body over the limit with 413 body_too_large, counting what arrives', async () => {
    const r = await post(oversized(), false);
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('body_too_large');
  });

  it('passes a body within the limit to the route, declared or chunked: its validation answers', async () => {
    for (const declared of [true, false]) {
      const r = await post(['{"language":', '42}'], declared);
      expect(r.status, declared ? 'declared' : 'chunked').toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors?.map((e) => e.path)).toContain('language');
    }
  });
});
