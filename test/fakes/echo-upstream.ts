import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { createHash } from 'node:crypto';
import { sharedTestCert } from './tls-cert.js';

/** One request exactly as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Raw request target: path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Names and values as sent, duplicates kept. */
  rawHeaders: string[];
  /** The body (kept up to `keepBodyUpTo` bytes; beyond, only size and hash). */
  body: Buffer;
  bodyBytes: number;
  bodySha256: string;
}

export type UpstreamHandler = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

export interface EchoUpstream {
  /** `https://127.0.0.1:<port>` (`http://` with `plainHttp`) */
  url: string;
  port: number;
  /** `127.0.0.1:<port>`: what a `{{domain}}` template needs. */
  hostPort: string;
  requests: RecordedRequest[];
  last(): RecordedRequest;
  /** Answers the next requests with `handler` (default: 200 and a JSON echo of what arrived). */
  respond(handler: UpstreamHandler | undefined): void;
  close(): Promise<void>;
}

/** Answers 200 with JSON describing the request (headers, path, query, body size/hash). */
export const echoJson: UpstreamHandler = (r, res) => {
  const payload = JSON.stringify({ method: r.method, url: r.url, headers: r.headers, bodyBytes: r.bodyBytes, bodySha256: r.bodySha256 });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
};

/**
 * A loopback HTTP/1.1 upstream that records every request before answering it. The body is
 * consumed as it streams (hashed, counted, kept up to a limit), so large uploads stay cheap.
 * It speaks TLS with sharedTestCert (an `https://` proxy_url is always TLS), or cleartext with
 * `plainHttp` (for `http://` proxy_urls, allowed on loopback).
 */
export async function startEchoUpstream(opts: { keepBodyUpTo?: number; plainHttp?: boolean } = {}): Promise<EchoUpstream> {
  const keep = opts.keepBodyUpTo ?? 1024 * 1024;
  const requests: RecordedRequest[] = [];
  let handler: UpstreamHandler = echoJson;
  const sockets = new Set<net.Socket>();
  const cert = sharedTestCert();
  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const hash = createHash('sha256');
    const kept: Buffer[] = [];
    let bytes = 0;
    try {
      for await (const chunk of req) {
        const c = chunk as Buffer;
        hash.update(c);
        if (bytes < keep) kept.push(c.subarray(0, keep - bytes));
        bytes += c.length;
      }
    } catch {
      // The proxy aborted the upload (a limit, a caller gone): nothing complete arrived, nothing is recorded.
      res.destroy();
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rec: RecordedRequest = {
      method: req.method ?? '',
      url,
      path: q < 0 ? url : url.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(kept),
      bodyBytes: bytes,
      bodySha256: hash.digest('hex'),
    };
    requests.push(rec);
    try {
      await handler(rec, res);
    } catch {
      res.destroy();
    }
  };
  const server = opts.plainHttp ? http.createServer(onRequest) : https.createServer({ cert: cert.cert, key: cert.key }, onRequest);
  // Plain TCP sockets in both cases ('secureConnection' would miss handshakes still under way).
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `${opts.plainHttp ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    hostPort: `127.0.0.1:${port}`,
    requests,
    last() {
      const r = requests[requests.length - 1];
      if (!r) throw new Error('the upstream received no request');
      return r;
    },
    respond(h) {
      handler = h ?? echoJson;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
