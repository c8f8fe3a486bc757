import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../emails/types.js';
import type { CalendarPart, OutgoingMail } from '../../src/mail/message.js';
import { composeMail } from '../../src/mail/render.js';
import { smtpTransport } from '../../src/mail/smtp.js';
import { spoolTransport } from '../../src/mail/spool.js';

const vcalendar = (method: CalendarPart['method']): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//mediator-booking//test//IT',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    'UID:ap_1@mediator-booking.test',
    'SEQUENCE:0',
    'DTSTAMP:20260301T090000Z',
    'DTSTART:20260323T090000Z',
    'DTEND:20260323T100000Z',
    'SUMMARY:Mediazione – arabo (marocchino)',
    'ORGANIZER:mailto:noreply@mediator-booking.test',
    'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:mediatore@example.it',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const message: EmailMessage = {
  kind: 'appointment',
  event: 'booked',
  audience: 'mediator',
  recipientName: 'Youssef Benali',
  serviceName: 'ASL TO4 – Consultorio',
  serviceAddress: 'Via Roma 1, Ivrea',
  deskEmail: 'consultorio@asl.example.it',
  deskPhone: null,
  language: 'ar-MA',
  modality: 'in_person',
  start: '2026-03-23T10:00:00+01:00',
  end: '2026-03-23T11:00:00+01:00',
  location: null,
  videoUrl: null,
  dialIn: null,
  beneficiaryRef: 'C-2026-0042',
  notes: null,
  mediatorName: 'Youssef Benali',
  mediatorPhone: null,
  appointmentUrl: null,
  cancelReason: null,
};

const mail = (id: string, method: CalendarPart['method'] = 'REQUEST'): OutgoingMail =>
  composeMail({
    messageId: `<${id}@mediator-booking.test>`,
    from: 'Mediazione Piemonte <noreply@mediator-booking.test>',
    to: ['mediatore@example.it'],
    cc: ['coordinamento@example.it'],
    replyTo: 'consultorio@asl.example.it',
    locale: 'it',
    message,
    calendar: { method, filename: 'invito.ics', content: vcalendar(method) },
    headers: { 'X-Mediator-Booking-Event': 'booked' },
  });

/** Checks the parts both transports must produce: headers, text, HTML, calendar alternative and .ics attachment. */
async function expectFullMessage(raw: Buffer, sent: OutgoingMail): Promise<ParsedMail> {
  const source = raw.toString('utf8');
  const method = sent.calendar?.method ?? 'REQUEST';
  expect(source).toMatch(new RegExp(`^Message-ID: ${sent.messageId}\\r$`, 'm'));
  expect(source).toMatch(new RegExp(`^Content-Type: text/calendar; charset=utf-8; method=${method}\\r$`, 'm'));
  expect(source).toMatch(/^Content-Type: multipart\/alternative;/m);
  expect(source).toMatch(/^Content-Disposition: attachment; filename=invito\.ics\r$/m);
  expect(source).toMatch(/^X-Mediator-Booking-Event: booked\r$/m);

  const parsed = await simpleParser(raw);
  expect(parsed.messageId).toBe(sent.messageId);
  expect(parsed.subject).toBe(sent.subject);
  expect(parsed.subject).toMatch(/^Appuntamento confermato: arabo \(marocchino\)/);
  expect(parsed.from?.value).toEqual([{ address: 'noreply@mediator-booking.test', name: 'Mediazione Piemonte' }]);
  const addresses = (field: ParsedMail['to']) => [field ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
  expect(addresses(parsed.to)).toEqual(['mediatore@example.it']);
  expect(addresses(parsed.cc)).toEqual(['coordinamento@example.it']);
  expect(parsed.replyTo?.value[0]?.address).toBe('consultorio@asl.example.it');
  expect(parsed.text?.trim()).toBe(sent.text.trim());
  expect(parsed.html).toContain('Appuntamento confermato');
  expect(parsed.html).toContain('lunedì 23 marzo 2026, 10:00–11:00');

  const ics = parsed.attachments.filter((a) => a.filename === 'invito.ics');
  expect(ics).toHaveLength(1);
  expect(ics[0]?.contentType).toBe('application/ics');
  expect(ics[0]?.content.toString('utf8')).toBe(sent.calendar?.content);
  // mailparser surfaces the text/calendar alternative as an attachment of its own.
  const alternative = parsed.attachments.find((a) => a.contentType === 'text/calendar');
  expect(alternative?.content.toString('utf8')).toBe(sent.calendar?.content);
  return parsed;
}

describe('smtpTransport against a real SMTP server', () => {
  let server: SMTPServer;
  let port: number;
  const received: { raw: Buffer; from: string | undefined; rcpt: string[] }[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom;
          received.push({ raw: Buffer.concat(chunks), from: from ? from.address : undefined, rcpt: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers text, HTML, the text/calendar alternative and the .ics attachment', async () => {
    const transport = smtpTransport({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 2_000 });
    const sent = mail('smtp-1');
    try {
      await transport.send(sent);
    } finally {
      await transport.close?.();
    }
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.from).toBe('noreply@mediator-booking.test');
    expect(delivery?.rcpt).toEqual(['mediatore@example.it', 'coordinamento@example.it']);
    await expectFullMessage(delivery!.raw, sent);
  });

  it('pools connections only when the URL asks, and close() ends the pool', async () => {
    const transport = smtpTransport({ url: `smtp://127.0.0.1:${port}?pool=true`, timeoutMs: 2_000 });
    const before = received.length;
    await Promise.all([transport.send(mail('pool-1')), transport.send(mail('pool-2'))]);
    await transport.close?.();
    expect(received.length - before).toBe(2);
  });

  it('carries METHOD:CANCEL as method=CANCEL', async () => {
    const transport = smtpTransport({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 2_000 });
    const sent = mail('smtp-2', 'CANCEL');
    await transport.send(sent);
    await transport.close?.();
    await expectFullMessage(received.at(-1)!.raw, sent);
  });
});

describe('smtpTransport failures reject, so the dispatcher retries', () => {
  it('rejects when the server is stopped', async () => {
    const stopped = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false });
    await new Promise<void>((resolve) => stopped.listen(0, '127.0.0.1', resolve));
    const port = (stopped.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => stopped.close(() => resolve()));

    const transport = smtpTransport({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 1_000 });
    const started = Date.now();
    await expect(transport.send(mail('down'))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
    await transport.close?.();
  });

  describe('a server that accepts the connection but never greets', () => {
    let silent: Server;
    let port: number;
    const sockets = new Set<Socket>();
    beforeEach(async () => {
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      port = (silent.address() as AddressInfo).port;
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('rejects after the greeting timeout', async () => {
      const transport = smtpTransport({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 300 });
      const started = Date.now();
      await expect(transport.send(mail('silent'))).rejects.toThrow(/greeting|timeout/i);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2_000);
      await transport.close?.();
    });
  });
});

describe('spoolTransport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'mb-spool-')), 'outbox');
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('writes one complete .eml per message, with the same parts as SMTP, and no temp files', async () => {
    let now = Date.parse('2026-03-01T09:00:00.000Z');
    const transport = spoolTransport(dir, { now: () => now++ });
    const first = mail('spool-1');
    const second = mail('spool-2', 'CANCEL');
    await transport.send(first);
    await transport.send(second);

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['20260301T090000000Z-spool-1@mediator-booking.test.eml', '20260301T090000001Z-spool-2@mediator-booking.test.eml']);
    const raw1 = await readFile(join(dir, files[0]!));
    expect(raw1.includes('\r\n')).toBe(true);
    await expectFullMessage(raw1, first);
    await expectFullMessage(await readFile(join(dir, files[1]!)), second);
  });

  it('makes hostile Message-IDs safe as file names', async () => {
    const transport = spoolTransport(dir, { now: () => Date.parse('2026-03-01T09:00:00.000Z') });
    await transport.send({ ...mail('x'), messageId: '<../../etc/passwd@evil>' });
    const files = await readdir(dir);
    expect(files).toEqual(['20260301T090000000Z-etc_passwd@evil.eml']);
  });
});
