import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { fixedClock } from '../../src/clock.js';
import { silentLogger } from '../../src/deps.js';
import { type RunningServer, startNode } from '../../src/node.js';
// @ts-expect-error: a plain ES module script without types (it is run by `npm run build` too).
import { buildAssets } from '../../scripts/build-assets.mjs';
import { COORDINATOR_TOKEN, type Json, makeFactories, readResponse, requestInit } from './factories.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

/** A free loopback port, so PUBLIC_URL (the links in e-mails) can name the port before the server starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The real Node server (SQLite file, SMTP to a test sink on 127.0.0.1, the built web assets) with a
 * clock the test moves, and factories that call its JSON API as the bootstrap coordinator.
 */
export async function startWebServer(now: string) {
  buildAssets();
  const dir = mkdtempSync(join(tmpdir(), 'mb-web-'));
  const sink: SmtpSink = await startSmtpSink();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clock = fixedClock(now);
  const server: RunningServer = await startNode(
    { DATA_DIR: dir, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR_TOKEN, SMTP_URL: sink.url, OUTBOX_POLL_MS: '100' },
    silentLogger,
    { clock },
  );
  const call = async (method: string, path: string, o = {}) => readResponse(await fetch(`${url}${path}`, requestInit(method, o)));
  const { make, expectStatus } = makeFactories(call);
  return {
    url,
    clock,
    sink,
    call,
    make,
    expectStatus,
    async close() {
      await server.close();
      await sink.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type WebServer = Awaited<ReturnType<typeof startWebServer>>;

/** Signs in from the e-mail link caught by the SMTP sink, as a person would: type the address, open the mail's link, press the button. */
export async function signInByEmail(page: Page, server: WebServer, email: string): Promise<void> {
  const before = server.sink.received.length;
  await page.goto(`${server.url}/app`);
  await page.getByLabel(/Indirizzo e-mail|E-mail address/).fill(email);
  await page.getByRole('button', { name: /Inviami il link|Send me the link/ }).click();
  await page.getByRole('heading', { level: 1, name: /Controlli la posta|Check your e-mail/ }).waitFor();
  // Other mail (offers, invites) may reach the same person meanwhile: wait for the one with the link.
  const linkIn = (text: string | undefined) => /https?:\/\/\S+\/app\/login\/[A-Za-z0-9_-]+/.exec(text ?? '')?.[0];
  let link: string | undefined;
  for (let n = before + 1; !link; n++) {
    const mails = await server.sink.waitFor(n);
    link = mails
      .slice(before)
      .filter((m) => m.envelopeTo.includes(email))
      .map((m) => linkIn(m.parsed.text))
      .find(Boolean);
  }
  await page.goto(link);
  await page.getByRole('button', { name: /^(Accedi|Sign in)$/ }).click();
  await page.waitForURL(`${server.url}/app`);
}

/** axe-core with the WCAG 2.1 AA tags UI.md names; answers the violations (ids and where). */
export async function accessibilityViolations(page: Page): Promise<Json[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** Whether the page scrolls sideways at its current width (WCAG 1.4.10 reflow). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
