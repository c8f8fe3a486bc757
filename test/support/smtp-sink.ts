import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  envelopeTo: string[];
}

/**
 * A real SMTP server on 127.0.0.1 (ephemeral port) that keeps what it receives. It can be stopped
 * and started again on the same port, to play an outage.
 */
export async function startSmtpSink(port = 0) {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      const s = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', async () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            received.push({ raw, parsed: await simpleParser(raw), envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          });
        },
      });
      s.on('error', reject);
      s.listen(p, '127.0.0.1', () => {
        server = s;
        resolve((s.server.address() as AddressInfo).port);
      });
    });
  let boundPort = await listen(port);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const s = server;
      server = null;
      s.close(() => resolve());
    });
  return {
    received,
    get port() {
      return boundPort;
    },
    get url() {
      return `smtp://127.0.0.1:${boundPort}`;
    },
    stop,
    async start() {
      boundPort = await listen(boundPort);
    },
    /** Waits until at least `n` messages arrived (or throws after `ms`). */
    async waitFor(n: number, ms = 10_000): Promise<ReceivedMail[]> {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return received;
    },
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
