import { dereference } from '@apidevtools/json-schema-ref-parser';
import YAML from 'yaml';
import { startEchoUpstream, type EchoUpstream, type RecordedRequest } from './echo-upstream.js';

/** One request as the fake saw it, matched to the document's operation, its JSON body parsed. */
export interface OpenApiCall {
  operationId: string | undefined;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: RecordedRequest['headers'];
  body: unknown;
}

export interface OpenApiFake {
  /** `http://127.0.0.1:<port>`: the API's base URL. */
  url: string;
  upstream: EchoUpstream;
  calls: OpenApiCall[];
  last(): OpenApiCall;
  /** Answers an operation with this status and JSON instead of its documented example. */
  answer(operationId: string, status: number, body: unknown): void;
  close(): Promise<void>;
}

interface Route { method: string; pattern: RegExp; operationId?: string; status: number; example: unknown }

/** The 2xx status of an operation and the example its document gives for it (GitHub documents one per operation). */
function documentedAnswer(op: Record<string, any>): { status: number; example: unknown } {
  for (const [code, res] of Object.entries<any>(op.responses ?? {})) {
    if (!/^2\d\d$/.test(code)) continue;
    const media = Object.entries<any>(res?.content ?? {}).find(([t]) => t.includes('json'))?.[1];
    let example = media?.example ?? (Object.values<any>(media?.examples ?? {})[0]?.value);
    // GitHub's `value: {$ref: '#/components/examples/issue'}` resolves to the Example object itself.
    if (example && typeof example === 'object' && !Array.isArray(example) && 'value' in example && Object.keys(example).every((k) => ['value', 'summary', 'description'].includes(k))) example = example.value;
    return { status: Number(code), example };
  }
  return { status: 200, example: undefined };
}

const queryOf = (q: URLSearchParams) => {
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(q.keys())) out[k] = q.getAll(k).length > 1 ? q.getAll(k) : q.get(k)!;
  return out;
};

/**
 * A loopback API that speaks an OpenAPI document: each request is matched to the operation whose
 * method and path template fit, recorded, and answered with the document's own example response
 * (real API shapes), or with what the test set for that operation. Unmatched requests get 404.
 * `basePath` is the servers' path the API sits under (`/v3` for the Petstore).
 */
export async function startOpenApiFake(documentText: string, opts: { basePath?: string } = {}): Promise<OpenApiFake> {
  const doc: any = await dereference(documentText.trimStart().startsWith('{') ? JSON.parse(documentText) : YAML.parse(documentText), { resolve: { external: false } });
  const routes: Route[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (!item[method]) continue;
      const pattern = new RegExp(`^${(opts.basePath ?? '').replace(/[.*+?^$()|[\]\\]/g, '\\$&')}${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      routes.push({ method: method.toUpperCase(), pattern, operationId: item[method].operationId, ...documentedAnswer(item[method]) });
    }
  }
  const overrides = new Map<string, { status: number; body: unknown }>();
  const calls: OpenApiCall[] = [];
  const upstream = await startEchoUpstream({ plainHttp: true });
  upstream.respond((r, res) => {
    const route = routes.find((x) => x.method === r.method && x.pattern.test(r.path));
    const text = r.body.toString('utf8');
    calls.push({ operationId: route?.operationId, method: r.method, path: r.path, query: queryOf(r.query), headers: r.headers, body: text ? JSON.parse(text) : undefined });
    const answer = route ? (overrides.get(route.operationId ?? '') ?? { status: route.status, body: route.example }) : { status: 404, body: { message: 'Not Found' } };
    if (answer.body === undefined) {
      res.writeHead(answer.status === 200 ? 204 : answer.status);
      return void res.end();
    }
    const payload = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  });
  return {
    url: upstream.url,
    upstream,
    calls,
    last() {
      const c = calls[calls.length - 1];
      if (!c) throw new Error('the OpenAPI fake received no request');
      return c;
    },
    answer(operationId, status, body) {
      overrides.set(operationId, { status, body });
    },
    close: () => upstream.close(),
  };
}
