import http from 'node:http';
import { listenLoopback, parseQuery, readRequest } from './loopback-http.js';

/**
 * The plumbing shared by the loopback fakes of Microsoft Graph (Outlook, Teams): route by method
 * and path under /v1.0, record every request exactly, require a bearer token, and answer errors
 * in Graph's envelope `{"error": {code, message, innerError: {date, request-id, client-request-id}}}`.
 */
export interface RecordedGraphRequest {
  method: string;
  path: string;
  /** Decoded names and values (`$top`, not `%24top`); repeated parameters become arrays. */
  query: Record<string, string | string[]>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface Reply { status: number; body?: unknown; headers?: Record<string, string> }
export type Route = [method: string, pattern: RegExp, handle: (req: RecordedGraphRequest, params: string[]) => Reply];

export interface GraphFakeServer {
  /** `http://127.0.0.1:<port>`, like the catalog's proxy_url `https://graph.microsoft.com`. */
  url: string;
  requests: RecordedGraphRequest[];
  last(): RecordedGraphRequest;
  close(): Promise<void>;
}

/** Graph writes next links on its public host whatever host was called. */
export const GRAPH_ORIGIN = 'https://graph.microsoft.com';

export function graphError(status: number, code: string, message: string): Reply {
  return {
    status,
    body: { error: { code, message, innerError: { date: '2024-05-01T12:00:00', 'request-id': 'b1f1a2c3-0000-4000-8000-000000000001', 'client-request-id': 'b1f1a2c3-0000-4000-8000-000000000001' } } },
  };
}

/** `$top` the way Graph reads it: a positive integer within the API's maximum, else a 400. */
export function topOf(req: RecordedGraphRequest, fallback: number, max: number): number | Reply {
  const raw = req.query.$top;
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) return graphError(400, 'BadRequest', `Invalid page size requested. Page size has to be between 1 and ${max}.`);
  return n;
}

export async function startGraphFake(routes: Route[]): Promise<GraphFakeServer> {
  const requests: RecordedGraphRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const { url, text } = await readRequest(req);
    let body: unknown;
    if (text) {
      try { body = JSON.parse(text); } catch { body = text; }
    }
    const recorded: RecordedGraphRequest = { method: req.method ?? 'GET', path: url.pathname, query: parseQuery(url.searchParams), headers: req.headers, body };
    requests.push(recorded);
    let reply: Reply;
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
      reply = graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    } else if (typeof body === 'string') {
      reply = graphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    } else {
      const route = routes.find(([m, p]) => m === recorded.method && p.test(recorded.path));
      const params = route ? (recorded.path.match(route[1]) ?? []).slice(1).map(decodeURIComponent) : [];
      reply = route ? route[2](recorded, params) : graphError(400, 'BadRequest', `Resource not found for the segment '${recorded.path.split('/').at(-1)}'.`);
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status, reply.headers).end();
      return;
    }
    const payload = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8', ...reply.headers }).end(payload);
  });
  const origin = await listenLoopback(server);
  return {
    url: origin,
    requests,
    last: () => requests[requests.length - 1],
    close: () => new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    }),
  };
}
