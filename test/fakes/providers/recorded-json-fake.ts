import type http from 'node:http';
import type { RecordedRequest } from '../echo-upstream.js';

/** The request plumbing the Notion and Linear fakes share on top of the echo upstream. */

/** One request as the fake received it, with its JSON body parsed, for exact assertions. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** Builds the request record from what the echo upstream captured and the parsed body. */
export function receivedFrom(rec: RecordedRequest, body: unknown): ReceivedRequest {
  return { method: rec.method, path: rec.path, query: Object.fromEntries(rec.query), headers: rec.headers, body };
}

/** Answers JSON the way both APIs spell it. */
export function sendJson(res: http.ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(payload));
}

/** The last request received, failing loudly when there was none (a test that expected a call). */
export function lastReceived<T>(received: T[], provider: string): T {
  const r = received[received.length - 1];
  if (!r) throw new Error(`the ${provider} fake received no request`);
  return r;
}
