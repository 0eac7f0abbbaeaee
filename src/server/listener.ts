import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { DomainError } from '../modules/errors/domain-error.js';
import { toHttpError } from '../transport/errors/to-http-error.js';

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/**
 * Answers 408 and closes the connection if a request's body has not fully arrived within `ms`
 * (slow-body clients holding connections); requests without a body need no timer.
 */
function bodyDeadline(req: http.IncomingMessage, res: http.ServerResponse, ms: number): void {
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined && req.httpVersionMajor === 1) return;
  const timer = setTimeout(() => {
    if (req.complete) return;
    const timedOut = new DomainError('deadline_exceeded', `the request body did not arrive within ${ms} ms (REQUEST_TIMEOUT_MS)`, { reason: 'REQUEST_BODY_TIMEOUT' });
    const body = JSON.stringify(toHttpError(timedOut, () => '').body);
    const h2 = req.httpVersionMajor === 2;
    if (!res.headersSent) res.writeHead(408, { 'content-type': 'application/json', ...(h2 ? {} : { connection: 'close' }) }).end(body);
    // HTTP/2: only this stream goes; HTTP/1.1: the connection, once the answer is written.
    if (h2) (req as unknown as { stream?: http2.ServerHttp2Stream }).stream?.close(http2.constants.NGHTTP2_CANCEL);
    else req.socket.destroySoon();
  }, ms);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  res.once('close', () => clearTimeout(timer));
}

export interface Listener {
  readonly port: number;
  /** Stops accepting; resolves once in-flight requests finish or `graceMs` passes. */
  close(graceMs: number): Promise<void>;
  inFlight(): number;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** Longest time a client may take to send a whole request (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** Requests exempt from requestTimeoutMs (Tool Proxy uploads, bounded by their own idle timeout). */
  untimed?: (req: http.IncomingMessage) => boolean;
  tlsCertFile?: string;
  tlsKeyFile?: string;
}

/** One port: HTTP/1.1 and h2c (prior knowledge) in cleartext, or TLS with ALPN h2 + http/1.1. */
export async function listen(handler: http.RequestListener, opts: ListenOptions): Promise<Listener> {
  let inFlight = 0;
  let closing = false;
  const tracked: http.RequestListener = (req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
    if (closing) res.setHeader('connection', 'close');
    if (!opts.untimed?.(req)) bodyDeadline(req, res, opts.requestTimeoutMs);
    handler(req, res);
  };
  // Node's own requestTimeout would also cut long Tool Proxy uploads; bodyDeadline applies it per request instead.
  const h1 = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 }, tracked);
  const h2Sessions = new Set<http2.Http2Session>();
  const trackSessions = (s: http2.Http2Server | http2.Http2SecureServer) =>
    s.on('session', (session) => {
      h2Sessions.add(session);
      session.on('close', () => h2Sessions.delete(session));
    });

  let outer: net.Server;
  if (opts.tlsCertFile && opts.tlsKeyFile) {
    const secure = http2.createSecureServer(
      { cert: fs.readFileSync(opts.tlsCertFile), key: fs.readFileSync(opts.tlsKeyFile), allowHTTP1: true, noDelay: true },
      tracked as never,
    );
    trackSessions(secure);
    outer = secure;
  } else {
    const h2 = http2.createServer({}, tracked as never);
    trackSessions(h2);
    // noDelay: http2 does not switch Nagle off on sockets handed to it, so a reply's second write waited
    // ~40 ms for the client's delayed ACK on every gRPC call (h1's server switches it off itself).
    outer = net.createServer({ noDelay: true }, (socket) => {
      socket.on('error', () => socket.destroy());
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const n = Math.min(head.length, H2_PREFACE.length);
        const isH2 = head.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
        if (isH2 && head.length < H2_PREFACE.length) return; // need more bytes to decide
        socket.off('data', onData);
        socket.pause();
        socket.unshift(head);
        // The http2 session reads the socket's native handle, and first takes what is buffered on the
        // paused socket (the sniffed bytes): no JS stream in between (the replaying Duplex used
        // before cost a write call per HTTP/2 frame). It must stay paused, or flowing mode would drop them.
        if (isH2) h2.emit('connection', socket);
        else {
          h1.emit('connection', socket);
          socket.resume();
        }
      };
      socket.on('data', onData);
    });
  }
  await new Promise<void>((resolve, reject) => {
    outer.once('error', reject);
    outer.listen(opts.port, opts.host, () => resolve());
  });
  const port = (outer.address() as net.AddressInfo).port;

  return {
    port,
    inFlight: () => inFlight,
    async close(graceMs) {
      closing = true;
      outer.close();
      h1.closeIdleConnections();
      for (const s of h2Sessions) s.close(); // GOAWAY: in-flight streams finish, no new ones
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      h1.closeAllConnections();
      for (const s of h2Sessions) s.destroy();
    },
  };
}
