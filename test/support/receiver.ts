import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a receiving system got it. */
export interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Receiver {
  /** Where to send: http://127.0.0.1:<ephemeral port><path>. */
  url: string;
  /** Every request received, in order. */
  received: Received[];
  /** The statuses to answer next, in order; then the receiver's usual status (204 unless given). */
  answers: number[];
  close(): Promise<void>;
}

/** An HTTP receiver on 127.0.0.1 that records what it is sent (webhook targets, in tests). */
export async function startReceiver(path = '/hook', status = 204): Promise<Receiver> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
