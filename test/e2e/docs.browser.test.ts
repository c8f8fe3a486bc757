import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/deps.js';
import { type RunningServer, startNode } from '../../src/node.js';
import { launchBrowser } from '../support/browser.js';

/** The API reference page, opened and clicked in real headless Chromium against a real server. */
describe('the /docs page', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-docs-'));
    server = await startNode({ DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', OUTBOX_POLL_MS: '600000' }, silentLogger);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every operation of /openapi.json and shows an example body when one is opened', async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(spec.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(operations).toBeGreaterThan(40);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('details.op');
    expect(await page.locator('details.op').count()).toBe(operations);

    const booking = page.locator('details[data-op="POST /v1/appointments"]');
    await booking.locator('summary').click();
    const example = await booking.locator('pre').first().textContent();
    const body = JSON.parse(example ?? '{}') as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['language', 'start', 'durationMinutes', 'sector', 'assignment']));
    expect(await booking.locator('li', { hasText: 'idempotency-key' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
