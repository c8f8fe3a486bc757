import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/** What `npm start` runs after `npm install` (the compiled server), serving the web pages with their assets. */
describe('the built server (npm start)', () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-built-'));
    server = await startServerProcess({ DATA_DIR: dir, OUTBOX_POLL_MS: '600000' }, { built: true });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links the fingerprinted assets it serves, compressed and cached for a year', async () => {
    const html = await (await fetch(`${server.url}/app/login`)).text();
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[0-9a-f]{12}\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets).toHaveLength(4);
    for (const asset of assets) {
      const res = await fetch(`${server.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    const page = await fetch(`${server.url}/app/login`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
  });
});
