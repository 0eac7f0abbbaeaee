import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header.js';
import { downstreamResponseHeaders, type ResponseHeaders } from './hop-by-hop.js';

/**
 * Where a proxied response goes: the caller's HTTP response, structurally (Node's ServerResponse
 * fits), so this module needs no HTTP server types.
 */
export interface ResponseSink {
  readonly headersSent: boolean;
  writeHead(status: number, headers: ResponseHeaders): unknown;
  write(chunk: Buffer): boolean;
  end(): unknown;
  destroy(err?: Error): unknown;
  once(event: 'drain', listener: () => void): unknown;
}

/** Told when the caller goes away (an EventEmitter emitting `abort`), so the upstream exchange stops at once. */
export interface CallerSignal {
  readonly aborted: boolean;
  once(event: 'abort', listener: () => void): unknown;
}

/** The 401 of an exchange that asked to keep it: nothing reached the caller (yet). */
export const UNAUTHORIZED_KEPT = -401;

/** A kept 401, when asked for: its headers and (up to HELD_MAX_BYTES of) its body. */
export interface Held401 {
  headers?: ResponseHeaders;
  chunks: Buffer[];
  bytes: number;
}

/** A kept 401 body beyond this is cut (error bodies are small; this bounds memory, not correctness). */
const HELD_MAX_BYTES = 64 * 1024;

/** Writes a kept 401 to the caller, its Content-Length matching what was kept. */
export function sendHeld401(sink: ResponseSink, held: Held401): void {
  const body = Buffer.concat(held.chunks);
  sink.writeHead(401, { ...held.headers, 'content-length': String(body.length) });
  sink.write(body);
  sink.end();
}

/**
 * One upstream exchange written straight into the caller's response through undici's dispatch
 * API: no intermediate body stream and no promise per chunk (the request() API's Readable body and
 * its piping were the costliest part of the proxy's hot path after the socket writes). Resolves
 * with the status once the head is written (the body keeps streaming, with backpressure), or with
 * UNAUTHORIZED_KEPT after reading a 401 to its end when `keep401`; rejects if the exchange fails
 * before a response starts, so the caller can still answer with its own error.
 */
export function relayExchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  sink: ResponseSink,
  signal: CallerSignal,
  opts: { keep401: boolean; secrets: readonly string[]; held?: Held401 },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const relay = new Relay(sink, signal, opts, resolve, reject);
    signal.once('abort', () => relay.controller?.abort(new Error('the caller closed the connection')));
    dispatcher.dispatch(options, relay);
  });
}

/** The dispatch handler of one exchange: a class, so a call allocates one object rather than a closure per callback. */
class Relay implements Dispatcher.DispatchHandler {
  controller: Dispatcher.DispatchController | undefined;
  private started = false;
  private keeping = false;

  constructor(
    private readonly sink: ResponseSink,
    private readonly signal: CallerSignal,
    private readonly opts: { keep401: boolean; secrets: readonly string[]; held?: Held401 },
    private readonly resolve: (status: number) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  onRequestStart(c: Dispatcher.DispatchController): void {
    this.controller = c;
    if (this.signal.aborted) c.abort(new Error('the caller closed the connection'));
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    this.started = true;
    if (status === 401 && this.opts.keep401) {
      this.keeping = true;
      if (this.opts.held) this.opts.held.headers = downstreamResponseHeaders(headers, this.opts.secrets);
      return;
    }
    this.sink.writeHead(status, downstreamResponseHeaders(headers, this.opts.secrets));
    this.resolve(status);
  }

  onResponseData(c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.keeping) {
      const held = this.opts.held;
      if (held && held.bytes + chunk.length <= HELD_MAX_BYTES) {
        held.chunks.push(chunk);
        held.bytes += chunk.length;
      }
      return;
    }
    if (this.sink.write(chunk)) return;
    c.pause();
    this.sink.once('drain', () => c.resume());
  }

  onResponseEnd(): void {
    if (this.keeping) this.resolve(UNAUTHORIZED_KEPT);
    else this.sink.end();
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    // Mid-body: the caller sees the connection drop (the status line is already out).
    if (this.started && !this.keeping) this.sink.destroy(err);
    else this.reject(err);
  }
}
