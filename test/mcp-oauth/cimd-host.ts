import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { sharedTestCert } from '../fakes/tls-cert.js';

/** An MCP client's home on loopback HTTPS, serving its client ID metadata document (the URL is the client_id). */
export interface CimdHost {
  clientId: string;
  /** Requests for the document, to see the authorization server fetched (and cached) it. */
  fetches: number;
  close(): Promise<void>;
}

export async function startCimdHost(document: (clientId: string) => Record<string, unknown>): Promise<CimdHost> {
  const cert = sharedTestCert();
  const host: CimdHost = { clientId: '', fetches: 0, close: async () => undefined };
  const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    if (req.url !== '/oauth/client.json') return void res.writeHead(404).end();
    host.fetches++;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' }).end(JSON.stringify(document(host.clientId)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  host.clientId = `https://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/client.json`;
  host.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return host;
}
