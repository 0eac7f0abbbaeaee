import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { SDK_SERVICES } from '../../src/transport/rpc/sdk-services.js';
import { restRoutes } from '../../src/transport/rest/rest-transcoder.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { eventually } from '../helpers/test-utils.js';
import { openFdsExceptDatabase } from '../helpers/open-fds.js';
import { envelope, rawHttp, type RawResponse } from '../helpers/raw-wire.js';
import { Rng, encodeAny, everyStringJson, fuzzMessageJson, longStringsJson, junkJson, junkPathParam, junkProtobuf, junkString, NUL_PARAM, NUL_STRING } from '../helpers/fuzz-inputs.js';

/** Replay a run with FUZZ_SEED=<seed>; the default is fixed so the suite is repeatable. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x1a7c4e;
/** Per dialect; both runs together stay well under a minute on a shared 2-core machine. */
const CASES = 2500;
const CONCURRENCY = 6;
const DEADLINE_MS = 15_000;

/** The plain (non-transcoded) routes, as `METHOD path` with `:param` placeholders. */
const PLAIN_ROUTES = [
  'GET /api/v1/providers', 'GET /api/v1/providers/:identifier', 'POST /api/v1/custom-providers', 'PUT /api/v1/custom-providers/:identifier',
  'DELETE /api/v1/custom-providers/:identifier', 'GET /api/v1/custom-providers/:identifier/promotion', 'POST /api/v1/custom-providers/:identifier/promotion',
  'GET /api/v1/agent-auth/proxy-allowed-hosts', 'PUT /api/v1/agent-auth/proxy-allowed-hosts', 'GET /api/v1/agent-auth/user-verification',
  'PUT /api/v1/agent-auth/user-verification', 'GET /api/v1/agent-auth/proxy-audit', 'GET /api/v1/agent-auth/tool-modifiers',
  'GET /api/v1/agent-auth/tool-modifiers/:tool', 'PUT /api/v1/agent-auth/tool-modifiers/:tool', 'DELETE /api/v1/agent-auth/tool-modifiers/:tool', 'POST /oauth/token', 'GET /keys', 'GET /healthz', 'GET /readyz',
  'GET /metrics', 'GET /connect/l/:token', 'POST /connect/l/:token', 'GET /connect/oauth/callback', 'GET /connect/result/:id',
  'GET /connect/admin/login/:token', 'POST /connect/admin/login/:token', 'GET /connect/admin/session', 'GET /connect/assets/latchkey.css',
  // Custom tools, MCP administration, passwordless settings, invitations (added with issues 12–15).
  'POST /v1/connect/tools/custom', 'GET /v1/connect/tools/custom', 'GET /v1/connect/tools/custom/:name', 'PUT /v1/connect/tools/custom/:name/versions/:version',
  'POST /v1/connect/tools/custom/:name/versions/:version/default', 'POST /v1/connect/tools/custom/:name/versions/:version/deprecate',
  'DELETE /v1/connect/tools/custom/:name/versions/:version', 'DELETE /v1/connect/tools/custom/:name', 'POST /api/v1/agent-auth/tools/import-openapi',
  'GET /api/v1/agent-auth/code-tool-limits', 'PUT /api/v1/agent-auth/code-tool-limits', 'GET /api/v1/agent-auth/passwordless', 'PUT /api/v1/agent-auth/passwordless',
  'POST /api/v1/agent-auth/mcp-servers', 'GET /api/v1/agent-auth/mcp-servers', 'GET /api/v1/agent-auth/mcp-servers/:id', 'DELETE /api/v1/agent-auth/mcp-servers/:id',
  'PUT /api/v1/agent-auth/mcp-connections/:name', 'DELETE /api/v1/agent-auth/mcp-connections/:name', 'GET /api/v1/agent-auth/mcp-connections',
  'POST /api/v1/agent-auth/mcp-tokens', 'GET /api/v1/agent-auth/mcp-tokens', 'DELETE /api/v1/agent-auth/mcp-tokens/:id', 'POST /api/v1/agent-auth/mcp-connectors/discover',
  'GET /invites/accept', 'POST /invites/accept', 'POST /mcp/v3/connections/:name', 'GET /mcp/v3/connections/:name', 'DELETE /mcp/v3/servers/:id',
  'GET /.well-known/oauth-protected-resource/mcp/v3/connections/:name', 'GET /.well-known/oauth-authorization-server/mcp/oauth', 'POST /mcp/oauth/reg',
  'GET /connect/mcp-oauth/interaction/:uid', 'POST /connect/mcp-oauth/interaction/:uid',
  // App sign-in: authorization server, hosted login, social login, redirect URIs, sessions' pages (issue 15).
  'GET /oauth/authorize', 'POST /oauth/authorize', 'GET /oidc/logout', 'POST /oidc/logout', 'GET /oidc/logout/auto-submit.js', 'GET /oauth/userinfo',
  'GET /.well-known/openid-configuration', 'GET /ui/login', 'GET /ui/login/link', 'POST /ui/login/email', 'POST /ui/login/code', 'POST /ui/login/link',
  'POST /ui/login/resend', 'POST /ui/login/restart', 'POST /ui/login/organization', 'POST /ui/login/cancel', 'GET /ui/login/social/:key/start',
  'GET /ui/login/social/callback', 'GET /api/v1/agent-auth/social-providers', 'POST /api/v1/agent-auth/social-providers',
  'GET /api/v1/agent-auth/social-providers/:key', 'PATCH /api/v1/agent-auth/social-providers/:key', 'DELETE /api/v1/agent-auth/social-providers/:key',
  'GET /api/v1/clients/:client_id/redirect-uris', 'POST /api/v1/clients/:client_id/redirect-uris', 'DELETE /api/v1/clients/:client_id/redirect-uris',
];
const ODD_METHODS = ['OPTIONS', 'HEAD', 'PATCH', 'PUT', 'DELETE', 'GET', 'POST', 'PROPFIND', 'TRACE'];
const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/proto', 'application/grpc', 'application/grpc-web-text', 'application/connect+json', '*/*', 'application/json;;;', '',
];

interface Case {
  describe: string;
  kind: 'http' | 'grpc';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

const RPC_METHODS = SDK_SERVICES.flatMap((s) => s.methods);
const REST_ROUTES = restRoutes();

function fillTemplate(r: Rng, path: string, param = () => junkPathParam(r)): string {
  return path.replace(/\{[^}]+\}|:[a-zA-Z]+/g, param).replace(/\*\*?/g, param);
}

function junkQuery(r: Rng, fields: string[]): string {
  if (!r.chance(0.5)) return '';
  const pairs = Array.from({ length: 1 + r.int(4) }, () => [r.chance(0.7) && fields.length ? r.pick(fields) : junkString(r).slice(0, 30), junkString(r).slice(0, r.chance(0.9) ? 300 : 12_000)]);
  return '?' + pairs.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&');
}

function jsonBody(r: Rng, value: () => unknown): string {
  if (r.chance(0.15)) return r.pick(['{', '{"a":', '[1,2', 'nul', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}']);
  return JSON.stringify(value());
}

/** One generated bad request; generation order depends only on the seed. */
function makeCase(r: Rng, token: string): Case {
  const auth: Record<string, string> = r.chance(0.5)
    ? { authorization: `Bearer ${token}` }
    : r.chance(0.3)
      ? { authorization: r.pick(['Bearer', 'Bearer x.y.z', `Bearer ${token.slice(0, -2)}xx`, 'Basic Zm9vOmJhcg==', 'Bearer ' + 'a'.repeat(8000), junkString(r).replace(/[^\x20-\x7e]/g, '') || 'x']) }
      : {};
  const kind = r.int(100);
  if (kind < 30) {
    const route = r.pick(REST_ROUTES);
    const method = r.chance(0.85) ? route.binding.method : r.pick(ODD_METHODS);
    const fields = route.method.input.fields.map((f) => f.name);
    const body = method === 'GET' || method === 'HEAD' || r.chance(0.1) ? undefined : jsonBody(r, () => (r.chance(0.8) ? fuzzMessageJson(r, route.method.input, 'proto') : junkJson(r)));
    const contentType = r.chance(0.85) ? 'application/json' : r.pick(CONTENT_TYPES);
    return { describe: `REST ${route.method.parent.name}.${route.method.name}`, kind: 'http', method, path: fillTemplate(r, route.binding.path) + junkQuery(r, fields), headers: { ...auth, ...(body !== undefined && contentType ? { 'content-type': contentType } : {}) }, body };
  }
  const rpc = r.pick(RPC_METHODS);
  const rpcPath = `/${rpc.parent.typeName}/${rpc.name}`;
  const rpcName = `${rpc.parent.name}.${rpc.name}`;
  if (kind < 45) {
    const body = jsonBody(r, () => (r.chance(0.85) ? fuzzMessageJson(r, rpc.input, 'json') : junkJson(r)));
    return { describe: `Connect JSON ${rpcName}`, kind: 'http', method: r.chance(0.9) ? 'POST' : r.pick(ODD_METHODS), path: rpcPath, headers: { ...auth, 'content-type': r.chance(0.9) ? 'application/json' : r.pick(CONTENT_TYPES), ...(r.chance(0.2) ? { 'connect-protocol-version': r.pick(['1', '2', 'x']) } : {}) }, body };
  }
  if (kind < 55) {
    const headers: Record<string, string> = { ...auth, 'content-type': 'application/proto' };
    if (r.chance(0.1)) headers['content-encoding'] = r.pick(['gzip', 'br', 'zstd', 'junk']);
    if (r.chance(0.1)) headers['connect-timeout-ms'] = r.pick(['-1', 'abc', '99999999999999', '0']);
    return { describe: `Connect binary ${rpcName}`, kind: 'http', method: 'POST', path: rpcPath, headers, body: junkProtobuf(r, rpc.input) };
  }
  if (kind < 63) {
    const payload = junkProtobuf(r, rpc.input);
    const body = r.chance(0.8) ? envelope(payload, r.chance(0.1) ? 1 : 0) : r.bytes(r.int(12));
    const headers: Record<string, string> = { ...auth, 'content-type': r.pick(['application/grpc-web+proto', 'application/grpc-web', 'application/grpc-web+json', 'application/grpc-web-text']), 'x-grpc-web': '1' };
    if (r.chance(0.1)) headers['grpc-timeout'] = r.pick(['abc', '999999999H', '1n', '']);
    return { describe: `gRPC-Web ${rpcName}`, kind: 'http', method: 'POST', path: rpcPath, headers, body };
  }
  if (kind < 71) {
    const payload = junkProtobuf(r, rpc.input);
    const body = r.chance(0.8) ? envelope(payload, r.chance(0.1) ? 1 : 0) : Buffer.concat([envelope(payload), r.chance(0.5) ? envelope(payload) : Buffer.from(r.bytes(3))]);
    const headers: Record<string, string> = { ...auth, 'content-type': r.pick(['application/grpc', 'application/grpc+proto', 'application/grpc+json']) };
    if (r.chance(0.1)) headers['grpc-encoding'] = r.pick(['gzip', 'snappy', 'identity']);
    if (r.chance(0.1)) headers['grpc-timeout'] = r.pick(['abc', '999999999H', '1n']);
    return { describe: `gRPC ${rpcName}`, kind: 'grpc', method: 'POST', path: rpcPath, headers, body };
  }
  if (kind < 85) {
    const [routeMethod, routePath] = r.pick(PLAIN_ROUTES).split(' ');
    const method = r.chance(0.85) ? routeMethod : r.pick(ODD_METHODS);
    const form = routePath === '/oauth/token' || routePath.startsWith('/connect/') || routePath.startsWith('/ui/');
    const contentType = r.chance(0.8) ? (form ? 'application/x-www-form-urlencoded' : 'application/json') : r.pick(CONTENT_TYPES);
    const body = method === 'GET' || method === 'HEAD' ? undefined : form && r.chance(0.8)
      ? new URLSearchParams(Array.from({ length: r.int(6) }, () => [r.pick(['grant_type', 'client_id', 'client_secret', 'csrf', 'scope', 'field', 'email', 'code', 'link_token', 'refresh_token', 'redirect_uri', 'code_verifier', junkString(r).slice(0, 20)]), junkString(r)])).toString()
      : jsonBody(r, () => junkJson(r));
    const query = routePath === '/connect/oauth/callback' ? `?${new URLSearchParams({ state: junkString(r), code: junkString(r), ...(r.chance(0.3) ? { error: junkString(r) } : {}) })}` : junkQuery(r, ['page_size', 'page_token', 'status', 'host', 'connected_account_id', 'interaction', 'client_id', 'redirect_uri', 'response_type', 'state', 'code', 'id_token_hint']);
    return { describe: `${routeMethod} ${routePath}`, kind: 'http', method, path: fillTemplate(r, routePath) + query, headers: { ...auth, ...(body !== undefined && contentType ? { 'content-type': contentType } : {}), ...(r.chance(0.2) ? { cookie: `latchkey_admin_session=${junkString(r).replace(/[^\x21-\x7e]/g, '')}` } : {}) }, body };
  }
  if (kind < 93) {
    const method = r.pick(ODD_METHODS);
    const headers: Record<string, string> = { ...auth, ...(r.chance(0.5) ? { 'x-connected-account-id': junkString(r).replace(/[^\x21-\x7e]/g, '') || 'ca_1' } : {}) };
    const body = method === 'GET' || method === 'HEAD' ? undefined : junkString(r);
    return { describe: `${method} /proxy`, kind: 'http', method, path: '/proxy/' + fillTemplate(r, ':p/:q') + junkQuery(r, ['connected_account_id', 'identifier', 'connection_name']), headers, body };
  }
  // Anything else: paths and methods that match nothing, or match a prefix only.
  const path = r.pick(['/', '/api', '/api/v1', '/scalekit.v1.organizations.OrganizationService', '/scalekit.v1.Nope/Nope', '/connect', '/oauth', '/%ff', '//', '/api/v1/organizations/' + junkPathParam(r) + '/../../x']);
  return { describe: `stray ${path.slice(0, 60)}`, kind: 'http', method: r.pick(ODD_METHODS), path, headers: { ...auth, 'content-type': r.pick(CONTENT_TYPES) || 'text/plain' }, body: r.chance(0.5) ? junkString(r) : undefined };
}

/** Flattens a message's JSON into `a.b=value` query parameters (scalars only), for GET bindings. */
function toQuery(json: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(json).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? toQuery(v as Record<string, unknown>, `${prefix}${k}.`) : [`${encodeAny(prefix + k)}=${encodeAny(String(v))}`],
  );
}

/** A REST call of `route` with `json` as its body, or as its query for bindings without a `*` body. */
function restCase(route: (typeof REST_ROUTES)[number], path: string, json: Record<string, unknown>, auth: Record<string, string>, what: string): Case {
  const describe = `REST ${route.method.name} (${what})`;
  if (route.binding.body !== '*') {
    const query = toQuery(json).join('&').slice(0, 12_000);
    return { describe, kind: 'http', method: route.binding.method, path: query ? `${path}?${query}` : path, headers: auth };
  }
  return { describe, kind: 'http', method: route.binding.method, path, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(json) };
}

/**
 * Authenticated cases per route before the random ones, so every REST binding, every RPC and
 * every plain route is exercised whatever the seed: long strings in every string field, then NUL
 * (which PostgreSQL refuses in text) in every path parameter, query value and string field.
 */
function sweepCases(r: Rng, token: string): Case[] {
  const auth = { authorization: `Bearer ${token}` };
  const nulParam = () => NUL_PARAM;
  const rest = REST_ROUTES.flatMap((route): Case[] => [
    restCase(route, fillTemplate(r, route.binding.path), longStringsJson(r, route.method.input, 'proto'), auth, 'long strings'),
    restCase(route, fillTemplate(r, route.binding.path, nulParam), everyStringJson(route.method.input, 'proto', NUL_STRING), auth, 'NUL'),
  ]);
  const connectJson = (m: (typeof RPC_METHODS)[number], json: unknown, what: string): Case => ({
    describe: `Connect JSON ${m.parent.name}.${m.name} (${what})`, kind: 'http', method: 'POST', path: `/${m.parent.typeName}/${m.name}`,
    headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(json),
  });
  const rpc = RPC_METHODS.flatMap((m) => [connectJson(m, longStringsJson(r, m.input, 'json'), 'long strings'), connectJson(m, everyStringJson(m.input, 'json', NUL_STRING), 'NUL')]);
  const nulJson = { identifier: NUL_STRING, display_name: NUL_STRING, hosts: [NUL_STRING], mode: NUL_STRING, from: NUL_STRING, [NUL_STRING]: 1 };
  const plain = PLAIN_ROUTES.flatMap((route): Case[] => {
    const [method, path] = route.split(' ');
    const form = path === '/oauth/token' || path.startsWith('/connect/') || path.startsWith('/ui/');
    const nulQuery = `?${['page_size', 'page_token', 'status', 'connection_name', 'identifier', 'from', 'state', 'code', 'error'].map((k) => `${k}=${NUL_PARAM}`).join('&')}`;
    const nulBody = form ? `grant_type=client_credentials&client_id=${NUL_PARAM}&client_secret=${NUL_PARAM}&csrf_token=${NUL_PARAM}&field=${NUL_PARAM}` : JSON.stringify(nulJson);
    return [
      { describe: route, kind: 'http', method, path: fillTemplate(r, path), headers: { ...auth, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : jsonBody(r, () => junkJson(r)) },
      { describe: `${route} (NUL)`, kind: 'http', method, path: fillTemplate(r, path, nulParam) + nulQuery, headers: { ...auth, 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }, body: method === 'GET' ? undefined : nulBody },
    ];
  });
  // Client authentication twice (HTTP Basic and form), or Basic that does not decode.
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const token_ = (authorization: string, body: string): Case => ({ describe: 'POST /oauth/token (client auth)', kind: 'http', method: 'POST', path: '/oauth/token', headers: { ...form, authorization }, body });
  const basic = (v: string) => 'Basic ' + Buffer.from(v).toString('base64');
  const oauth = [
    token_(basic('skc_a:b'), 'grant_type=client_credentials&client_id=skc_c&client_secret=d'),
    token_(basic('nocolon'), 'grant_type=client_credentials'),
    token_('Basic !!!', 'grant_type=client_credentials'),
    token_(basic('%ff:%zz'), 'grant_type=client_credentials'),
    token_(basic(':'), 'grant_type=client_credentials&client_id=&client_secret='),
  ];
  return [...rest, ...rpc, ...plain, ...oauth];
}

/** A gRPC answer over one shared h2c session: the grpc-status it ended with. */
function sendGrpc(session: http2.ClientHttp2Session, c: Case): Promise<{ grpcStatus: string; httpStatus: number }> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':method': 'POST', ':path': c.path, te: 'trailers', ...c.headers });
    const timer = setTimeout(() => {
      req.close(http2.constants.NGHTTP2_CANCEL);
      reject(new Error(`no answer within ${DEADLINE_MS} ms`));
    }, DEADLINE_MS);
    let head: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    req.on('response', (h) => (head = h));
    req.on('trailers', (t) => (trailers = t));
    req.on('end', () => {
      clearTimeout(timer);
      resolve({ grpcStatus: String(trailers['grpc-status'] ?? head['grpc-status'] ?? ''), httpStatus: Number(head[':status']) });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.resume();
    req.end(c.body);
  });
}

/** gRPC's server-fault codes: Unknown, Internal, Unavailable, DataLoss. */
const GRPC_FAULTS = new Set(['2', '13', '14', '15']);

function grpcWebTrailerStatus(res: RawResponse): string | undefined {
  return /grpc-status:\s*(\d+)/i.exec(res.body.toString('latin1'))?.[1] ?? (res.headers['grpc-status'] as string | undefined);
}

/** Why an answer is a server fault (5xx other than Unimplemented's 501, or a gRPC fault code), if it is. */
function faultOf(c: Case, res: RawResponse): string | undefined {
  if (res.status >= 500 && res.status !== 501) return `HTTP ${res.status} ${res.body.toString('utf8').slice(0, 200)}`;
  if (c.headers['content-type']?.startsWith('application/grpc-web')) {
    const status = grpcWebTrailerStatus(res);
    if (status && GRPC_FAULTS.has(status)) return `grpc-status ${status} ${res.body.toString('utf8').slice(5, 200)}`;
  }
  return undefined;
}

for (const dialect of DIALECTS) describe(`fuzz: thousands of generated bad requests over every route and wire (${dialect.name})`, () => {
  let server: TestServer;
  let token: string;
  let consoleError: MockInstance<typeof console.error>;

  beforeAll(async () => {
    consoleError = vi.spyOn(console, 'error');
    server = await startTestServer({ databaseUrl: dialect.databaseUrl });
    token = await envAccessToken(server.url, await server.newClient());
    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  });
  afterAll(async () => {
    consoleError?.mockRestore();
    await server?.close();
  });

  it(`answers every route once and ${CASES} random bad requests without a 5xx or a hang, and keeps serving`, async () => {
    const r = new Rng(SEED);
    const cases = [...sweepCases(r, token), ...Array.from({ length: CASES }, () => makeCase(r, token))];
    const fdsBefore = openFdsExceptDatabase(dialect.databaseUrl);
    const session = http2.connect(server.url);
    session.on('error', () => undefined);
    const faults: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const i = next++;
        const c = cases[i];
        const label = `#${i} ${c.describe}: ${c.method} ${c.path.slice(0, 100)}`;
        try {
          if (c.kind === 'grpc') {
            const { grpcStatus, httpStatus } = await sendGrpc(session, c);
            if (httpStatus >= 500 || GRPC_FAULTS.has(grpcStatus)) faults.push(`${label} → HTTP ${httpStatus} grpc-status ${grpcStatus}`);
          } else {
            const res = await rawHttp(server.url, { method: c.method, path: c.path, headers: c.headers, body: c.body, deadlineMs: DEADLINE_MS });
            const fault = faultOf(c, res);
            if (fault) faults.push(`${label} → ${fault}`);
          }
        } catch (err) {
          // A deadline passed, or the server hung up without an answer.
          faults.push(`${label} → ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    session.close();

    expect(faults.slice(0, 30), `seed ${SEED}: ${faults.length} faults`).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Every connection the fuzz opened is gone again: no response was left open.
    await eventually(async () => (openFdsExceptDatabase(dialect.databaseUrl) <= fdsBefore + 4 ? true : undefined));
    expect(consoleError).not.toHaveBeenCalled();
    const bad = server.logs.filter((l) => !l.startsWith('{') || /ERR_HTTP_HEADERS_SENT|"stack"|\n\s+at /.test(l));
    expect(bad.slice(0, 5)).toEqual([]);
  }, 120_000);
});
