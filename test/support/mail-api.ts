import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for an HTTP mail API on 127.0.0.1 that records every send request. */
export async function mailApi() {
  const requests: Array<{ auth: string | undefined; body: Record<string, any> }> = [];
  let failing = false;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    if (failing) {
      res.writeHead(503).end('down');
      return;
    }
    requests.push({ auth: req.headers.authorization, body: JSON.parse(text) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/emails`,
    requests,
    fail: (v: boolean) => {
      failing = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
