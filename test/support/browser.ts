import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags that keep a test browser off the network: no updates, sync, metrics or first-run pages. */
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * A headless Chromium for tests: Debian's when installed, otherwise the one shipped inside the npm
 * package @sparticuz/chromium, so the browser tests run after `npm install` alone.
 * @example const browser = await launchBrowser(); const page = await browser.newPage();
 */
export async function launchBrowser(): Promise<Browser> {
  if (existsSync(SYSTEM_CHROMIUM)) {
    return chromium.launch({ executablePath: SYSTEM_CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', ...QUIET] });
  }
  return chromium.launch({ executablePath: await packagedChromium(), headless: true, args: [...sparticuz.args, ...QUIET] });
}

/**
 * One page in a fresh browser, as an office worker in Piedmont sees it: 1366×768, Italian, Rome time
 * (`options` adds to or changes that); `close` ends the context and the browser.
 */
export async function openDesktopPage(options: BrowserContextOptions = {}): Promise<{ page: Page; close(): Promise<void> }> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'it-IT', timezoneId: 'Europe/Rome', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return {
    page,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

/**
 * Unpacks the packaged Chromium once per version into its own temp folder and returns its path.
 * The package unpacks into os.tmpdir() and trusts any file already there, so it unpacks into a private
 * folder that is renamed into place: parallel test files never run a half-written binary.
 */
async function packagedChromium(): Promise<string> {
  const dir = join(tmpdir(), `mediator-booking-chromium-${packageVersion()}`);
  if (!existsSync(dir)) {
    const staging = mkdtempSync(`${dir}-unpacking-`);
    await unpackInto(staging);
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another test file got there first
    }
  }
  return join(dir, 'chromium');
}

// executablePath() reads os.tmpdir() only before its first await: TMPDIR can be restored at once.
function unpackInto(folder: string): Promise<string> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  try {
    return sparticuz.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

function packageVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium'); // <package>/build/index.js
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}
