import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The HTTP plumbing the hand-written provider fakes share: read a request whole, answer JSON, listen on loopback. */

/** Query parameters as a server sees them: repeated ones become arrays. */
export function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** The request's URL (against a dummy origin) and its body as UTF-8 text, read to the end. */
export async function readRequest(req: http.IncomingMessage): Promise<{ url: URL; text: string }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return { url: new URL(req.url ?? '/', 'http://fake'), text: Buffer.concat(chunks).toString('utf8') };
}

/** A JSON answer with a content length; the content type is the provider's own spelling. */
export function sendJson(res: http.ServerResponse, status: number, payload: unknown, contentType: string): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts the server on a free loopback port and returns its origin, `http://127.0.0.1:<port>`. */
export async function listenLoopback(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
