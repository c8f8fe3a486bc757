import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/deps.js';
import type { MailTransport } from '../../src/mail/message.js';
import { withoutAddresses } from '../../src/redact.js';
import { type Harness, makeHarness } from '../support/harness.js';

/** A failed send is logged and stored by its outcome, never by whom it was for. */
let h: Harness;
const lines: string[] = [];
const logger: Logger = {
  info: (message, fields) => lines.push(JSON.stringify({ message, ...fields })),
  error: (message, fields) => lines.push(JSON.stringify({ message, ...fields })),
};
beforeEach(async () => {
  lines.length = 0;
  h = await makeHarness({ deps: { logger } });
});
afterEach(() => h.close());

// What nodemailer says when a server refuses a recipient.
const refusing: MailTransport = {
  name: 'smtp',
  async send(mail) {
    throw new Error(`Can't send mail - all recipients were rejected: 550 5.1.1 <${mail.to[0]}>: Recipient address rejected (${mail.to.join(', ')})`);
  },
};

describe('a refused recipient', () => {
  it('leaves no address in the log or in the outbox last_error', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    const run = await h.runJobs(refusing);
    expect(run.mail?.retrying).toBeGreaterThan(0);

    const outbox = (await h.call('GET', '/v1/outbox?limit=200')).body.items as { lastError: string | null }[];
    const errors = outbox.map((m) => m.lastError ?? '');
    expect(errors.some((e) => e.includes('550 5.1.1'))).toBe(true);
    expect(errors.join('\n')).not.toContain('@');
    const logged = lines.filter((l) => l.includes('mail not delivered'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain('@');
  });
});

describe('withoutAddresses', () => {
  it('replaces bare and bracketed addresses, and keeps the rest', () => {
    expect(withoutAddresses('550 <anna.rossi+x@asl.to.it>: no; cc b@c.it')).toBe('550 <<address>>: no; cc <address>');
  });
});
