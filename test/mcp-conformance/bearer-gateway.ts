import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback hop in front of Latchkey that adds `Authorization: Bearer <token>` (the token for the
 * request's path, when there is one) to requests that carry none, the way an agent's gateway
 * holding its MCP tokens would. The conformance CLI's
 * `server` command takes only `--url` (no header option in 0.1.16), so this is how its client
 * authenticates. Everything else (method, path, Host, Origin, body) passes through unchanged and
 * responses stream back as they come (SSE included).
 */
export interface BearerGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startBearerGateway(target: string, tokenFor: (path: string) => string | undefined, port = 0): Promise<BearerGateway> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers };
    const token = tokenFor((req.url ?? '/').split('?')[0]);
    if (token) headers.authorization ??= `Bearer ${token}`;
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
