import type { Dispatcher } from 'undici';
import { ProxyError } from './proxy-errors.js';
import { downstreamResponseHeaders } from './hop-by-hop.js';

/** One in-process upstream call (ExecuteTool): everything buffered, nothing streamed. */
export interface BufferedCall {
  envId: string;
  connectionName: string;
  identifier: string;
  method: string;
  /** Path and query relative to the provider's base, each part already encoded: `/v1/items?limit=3`. */
  target: string;
  /** Request headers; the injected credential replaces any `authorization` given here. */
  headers: Record<string, string>;
  body?: Buffer;
  /** Stops the exchange (the caller's deadline); its reason is what the call rejects with. */
  signal?: AbortSignal;
  /** Bounds the wait for headers and between body chunks, below the connection's own timeout_ms. */
  timeoutMs?: number;
}

export interface BufferedAnswer {
  status: number;
  /** Lower-case names; repeated headers joined with `, `; headers carrying the credential dropped. */
  headers: Record<string, string>;
  body: Buffer;
}

/** A provider answer larger than this is refused rather than held in memory. */
export const MAX_BUFFERED_RESPONSE_BYTES = 5 * 1024 * 1024;

export class ResponseTooLargeError extends ProxyError {
  constructor(limit: number) {
    super('internal', `the provider's answer exceeds ${limit / (1024 * 1024)} MiB, more than a tool call may return; ask for fewer or smaller items`, 'UPSTREAM_RESPONSE_TOO_LARGE');
  }
}

/**
 * One exchange through `dispatcher`, its answer read whole up to `maxBytes`. Through undici's
 * dispatch API, like the proxy's relay (response-relay.ts): no body stream, no promise per chunk.
 */
export function bufferedExchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions & { signal?: AbortSignal },
  secrets: readonly string[],
  maxBytes = MAX_BUFFERED_RESPONSE_BYTES,
): Promise<BufferedAnswer> {
  const { signal, ...dispatchOptions } = options;
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let bytes = 0;
    let controller: Dispatcher.DispatchController | undefined;
    const onAbort = () => controller?.abort(signal!.reason);
    const settle = () => signal?.removeEventListener('abort', onAbort);
    dispatcher.dispatch(dispatchOptions, {
      onRequestStart(c) {
        controller = c;
        if (signal?.aborted) c.abort(signal.reason);
      },
      onResponseStart(_c, statusCode, raw) {
        status = statusCode;
        headers = {};
        for (const [name, value] of Object.entries(downstreamResponseHeaders(raw as Record<string, string | string[] | undefined>, secrets))) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
      },
      onResponseData(c, chunk) {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          c.abort(new ResponseTooLargeError(maxBytes));
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        settle();
        resolve({ status, headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
      },
      onResponseError(_c, err) {
        settle();
        reject(err);
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
