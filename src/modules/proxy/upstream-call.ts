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

/** One exchange through `dispatcher`, its answer read whole up to `maxBytes`. */
export async function bufferedExchange(
  dispatcher: Dispatcher,
  options: Dispatcher.RequestOptions,
  secrets: readonly string[],
  maxBytes = MAX_BUFFERED_RESPONSE_BYTES,
): Promise<BufferedAnswer> {
  const res = await dispatcher.request(options);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of res.body) {
    bytes += (chunk as Buffer).length;
    if (bytes > maxBytes) {
      res.body.destroy();
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(downstreamResponseHeaders(res.headers, secrets))) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: res.statusCode, headers, body: Buffer.concat(chunks) };
}
