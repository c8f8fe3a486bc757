/**
 * A child process of the bench: a real SMTP server (smtp-server, as test/support/smtp-sink.ts) on
 * 127.0.0.1 that accepts every message and only counts it, so the dispatcher under test does not
 * share its event loop with the receiving side. No reverse DNS lookup of the client (offline).
 * IPC: sends { type: 'ready', port }; answers { type: 'count' } with the counters; { type: 'stop' } closes and exits.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkCounters {
  messages: number;
  bytes: number;
  connections: number;
}

export type SinkMessage = { type: 'ready'; port: number } | { type: 'count'; counters: SinkCounters };

const counters: SinkCounters = { messages: 0, bytes: 0, connections: 0 };

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  onConnect(_session, callback) {
    counters.connections++;
    callback();
  },
  onData(stream, _session, callback) {
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      counters.messages++;
      counters.bytes += bytes;
      callback();
    });
  },
});

server.on('error', (error) => {
  console.error('smtp sink:', error);
  process.exit(1);
});

server.listen(0, '127.0.0.1', () => {
  const port = (server.server.address() as AddressInfo).port;
  process.send?.({ type: 'ready', port } satisfies SinkMessage);
});

process.on('message', (m: { type?: string }) => {
  if (m?.type === 'count') process.send?.({ type: 'count', counters: { ...counters } } satisfies SinkMessage);
  if (m?.type === 'stop') {
    const timer = setTimeout(() => process.exit(0), 2_000);
    server.close(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  }
});
process.on('disconnect', () => process.exit(0));
