/**
 * Tools benchmark (`npm run bench:tools`): in one run, the built-in `github_get_repository` tool's
 * upstream call (GET /repos/{owner}/{repo}) against a loopback GitHub fake, measured as
 *   direct   — the fake itself (wrk),
 *   proxy    — Latchkey's `/proxy` on a `github` connection whose proxy_url override aims at the fake (wrk),
 *   execute  — Latchkey's ExecuteTool over gRPC, same connection and account (h2load),
 *   pass     — Latchkey's gRPC stack (listener, rpc-node-handler, grpc-unary) with an ExecuteTool that
 *              runs the same tool logic over undici with a fixed token, no auth, lookup, validation or
 *              record (h2load): the floor a gRPC tool call pays, with the same generator as `execute`,
 *   noop     — the same stack answering a constant (h2load): what our gRPC path costs by itself,
 *   h2raw    — bare node:http2 answering a constant frame (h2load): Node's and the generator's ceiling
 *              (the connect-node noop used before cost ~5× our stack per call: it was no ceiling),
 * then ListScopedTools (h2load, concurrency 1) on a database seeded with 200 connections and 10k
 * accounts. Every server runs in its own process; the load comes from wrk and h2load (C), not Node.
 * Generator settings (the same shape as the official SDK's client): h2load opens ONE h2c session
 * with `concurrency` streams in flight (-c 1 -m N, windows at h2load's 2^30-1 so the client never
 * stalls the server's answers); wrk opens `concurrency` HTTP/1.1 connections. The server keeps
 * Node's HTTP/2 settings (no stream limit; request bodies here are far below its 64 KiB window).
 * Targets: execute ≤ 1 ms added p50 over proxy at concurrency 1, ≥ 80 % of proxy's req/s at 16;
 * ListScopedTools p50 ≤ 5 ms.
 *
 *   npm run bench:tools
 *   BENCH_ROUNDS=5 BENCH_SLICE_SECONDS=2 BENCH_CONCURRENCY=16 npm run bench:tools
 *   BENCH_TARGETS=proxy,execute BENCH_SKIP_SCOPED=1 BENCH_PROFILE_DIR=/tmp/prof npm run bench:tools   # CPU profile of Latchkey
 */
import type { ChildProcess } from 'node:child_process';
import http2 from 'node:http2';
import type net from 'node:net';
import os from 'node:os';
import { create, toBinary, type JsonObject } from '@bufbuild/protobuf';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { request } from 'undici';
import { ExecuteToolRequestSchema, ListScopedToolsRequestSchema, ToolService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { announce, cpuMs, roleOf, startRole } from './processes.js';
import { REPO, githubFakeRole, startGithubBench } from './github-fixture.js';
import { ensureWrk, summariseWrk, wrk, type LoadSummary, type WrkRun } from './wrk.js';
import { ensureH2load, grpcFrame, h2load } from './h2load.js';

const ROLE = roleOf();
const SLICE = Math.max(1, Math.round(Number(process.env.BENCH_SLICE_SECONDS ?? 2)));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const LOADED = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CONNECTIONS = 200;
const ACCOUNTS = 10_000;
/** Each seeded identifier has ACCOUNTS / IDENTIFIERS accounts, on as many consecutive connections. */
const IDENTIFIERS = 2_500;
const SCOPED_IDENTIFIER = 'member_42';
const GITHUB_HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
const EXECUTE_PATH = '/scalekit.v1.tools.ToolService/ExecuteTool';

// ---------------------------------------------------------------------------------------------
// The servers.

/**
 * Latchkey with the bench's `github` connection (proxy_url → the fake) and user_123's account, plus
 * the ListScopedTools data set: 200 connections over the catalog's providers, 10k accounts (one in
 * ten EXPIRED), written straight into the database before any load.
 */
async function latchkeyRole(upstreamPort: number): Promise<void> {
  const { BUILTIN_TOOLS } = await import('../src/modules/tools/catalog/index.js');
  type AccountRow = import('../src/storage/schema.js').ConnectedAccountRow;
  const seedStarted = performance.now();
  const { bench, server, envId, db, vault, accountRow: account, createConnection } = await startGithubBench(upstreamPort);

  const providers = [...new Set(BUILTIN_TOOLS.map((t) => t.definition.provider))];
  const connectionIds: string[] = [];
  const connectionNames: string[] = [];
  for (let i = 0; connectionIds.length < CONNECTIONS - 1 && i < CONNECTIONS * 4; i++) {
    const providerKey = providers[i % providers.length];
    try {
      const c = await createConnection(db, vault, envId, { providerKey, connectionName: `${providerKey.replace(/_/g, '-')}-${i}` });
      connectionIds.push(c.id);
      connectionNames.push(c.connectionName);
    } catch {
      // A provider whose connection needs more than a key and a name is left out; the others fill the 200.
    }
  }
  const rows: AccountRow[] = [];
  const perIdentifier = ACCOUNTS / IDENTIFIERS;
  for (let i = 0; i < ACCOUNTS; i++) rows.push(account(connectionIds[i % connectionIds.length], `member_${Math.floor(i / perIdentifier)}`, i % 10 === 9 ? 'EXPIRED' : 'ACTIVE'));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('connected_accounts').values(rows.slice(i, i + 500)).execute();
  const counts = await db.selectFrom('connected_accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const conns = await db.selectFrom('connections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

  announce({
    port: server.port, token: await bench.token(), connections: Number(conns.n),
    // The first connection of the scoped identifier's accounts, for the filtered ListScopedTools.
    scopedConnection: connectionNames[(Number(SCOPED_IDENTIFIER.split('_')[1]) * perIdentifier) % connectionNames.length], accounts: Number(counts.n), providers: providers.length,
    seedSeconds: (performance.now() - seedStarted) / 1000,
  });
  bench.stopOnSigterm();
}

/**
 * The gRPC floors, each its own process on h2c: `h2raw` is bare node:http2 answering a constant
 * frame (what Node's HTTP/2 itself costs); `noop` and `pass` are Latchkey's own gRPC stack (the
 * listener, rpc-node-handler.ts, grpc-unary.ts) with an ExecuteTool that answers a constant, or runs
 * the same tool on undici against the fake with a fixed token: no auth, lookup, validation or record.
 */
async function grpcFloorRole(mode: string, upstreamPort: number): Promise<void> {
  const constant = { full_name: REPO, html_url: `https://github.com/${REPO}`, default_branch: 'main' };
  if (mode === 'h2raw') {
    const { toBinary: encode, create: make } = await import('@bufbuild/protobuf');
    const { ExecuteToolResponseSchema } = await import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js');
    const frame = grpcFrame(encode(ExecuteToolResponseSchema, make(ExecuteToolResponseSchema, { data: constant, executionId: 'exe_bench' })));
    const server = http2.createServer();
    server.on('connection', (socket: net.Socket) => socket.setNoDelay(true));
    server.on('stream', (stream) => {
      stream.resume();
      stream.once('end', () => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc+proto' }, { waitForTrailers: true });
        stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(frame);
      });
    });
    server.listen(0, '127.0.0.1', () => announce({ port: (server.address() as net.AddressInfo).port }));
    return;
  }
  const { getRepository } = await import('../src/modules/tools/catalog/github/get-repository.js');
  const { runToolSpec } = await import('../src/modules/tools/execute/run-tool-spec.js');
  const { rpcNodeHandler } = await import('../src/transport/rpc/rpc-node-handler.js');
  const { listen } = await import('../src/server/listener.js');
  const { createLogger } = await import('../src/logging/logger.js');
  const origin = `http://127.0.0.1:${upstreamPort}`;
  const ctx = {
    async request(req: { method: string; path: string; headers?: Record<string, string> }) {
      const res = await request(`${origin}/api/v3${req.path}`, { method: req.method as 'GET', headers: { authorization: 'Bearer gho_bench', ...req.headers } });
      const body = await res.body.json();
      return { status: res.statusCode, headers: {}, body };
    },
  };
  const executeTool = async (req: unknown) => {
    const data = mode === 'noop' ? constant : ((await runToolSpec(getRepository, (req as { params?: JsonObject }).params, ctx)) as JsonObject);
    return { data, executionId: 'exe_bench' };
  };
  const routes = Object.assign((router: import('@connectrpc/connect').ConnectRouter) => void router.service(ToolService, { executeTool }), { unary: () => executeTool });
  const handler = rpcNodeHandler({ routes, fallback: (_req, res) => void res.writeHead(404).end(), log: createLogger('silent') });
  const listener = await listen(handler, { host: '127.0.0.1', port: 0, requestTimeoutMs: 30_000 });
  announce({ port: listener.port });
}

// ---------------------------------------------------------------------------------------------
// The load.

interface Target {
  name: string;
  kind: 'http' | 'grpc';
  url: string;
  headers: Record<string, string>;
  /** gRPC only: the encoded request. */
  body?: Buffer;
  /** The process whose CPU per request is reported. */
  pid: number;
  /** Each request must reach the fake once (checked from its count: h2load cannot read grpc-status). */
  reachesUpstream: boolean;
}

interface Slice extends WrkRun {
  cpuMs: number;
}

async function bench(): Promise<void> {
  const wrkBin = ensureWrk();
  const h2Bin = ensureH2load();
  const children: ChildProcess[] = [];
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const start = async (role: string, extra: string[] = []) => {
    const c = await startRole(import.meta.url, role, extra, role === 'latchkey' ? profile : []);
    children.push(c.child);
    return c;
  };
  try {
    const upstream = await start('upstream');
    const upPort = Number(upstream.info.port);
    const lk = await start('latchkey', [String(upPort)]);
    const noop = await start('grpc-floor', ['noop', String(upPort)]);
    const pass = await start('grpc-floor', ['pass', String(upPort)]);
    const h2raw = await start('grpc-floor', ['h2raw', String(upPort)]);
    const token = String(lk.info.token);
    const lkUrl = `http://127.0.0.1:${Number(lk.info.port)}`;
    const upstreamCount = async () => Number(await (await request(`http://127.0.0.1:${upPort}/__count`)).body.text());

    const executeBody = grpcFrame(toBinary(ExecuteToolRequestSchema, create(ExecuteToolRequestSchema, { toolName: 'github_get_repository', identifier: 'user_123', params: { repo: REPO } })));
    const grpcHeaders = { authorization: `Bearer ${token}`, 'grpc-timeout': '60S' };
    const only = process.env.BENCH_TARGETS?.split(',').map((x) => x.trim());
    const allTargets: Target[] = [
      { name: 'direct', kind: 'http', url: `http://127.0.0.1:${upPort}/api/v3/repos/${REPO}`, headers: { authorization: 'Bearer gho_bench', ...GITHUB_HEADERS }, pid: upstream.child.pid!, reachesUpstream: true },
      { name: 'proxy', kind: 'http', url: `${lkUrl}/proxy/repos/${REPO}`, headers: { authorization: `Bearer ${token}`, connection_name: 'github', identifier: 'user_123', ...GITHUB_HEADERS }, pid: lk.child.pid!, reachesUpstream: true },
      { name: 'execute', kind: 'grpc', url: `${lkUrl}${EXECUTE_PATH}`, headers: grpcHeaders, body: executeBody, pid: lk.child.pid!, reachesUpstream: true },
      { name: 'pass', kind: 'grpc', url: `http://127.0.0.1:${Number(pass.info.port)}${EXECUTE_PATH}`, headers: grpcHeaders, body: executeBody, pid: pass.child.pid!, reachesUpstream: true },
      { name: 'noop', kind: 'grpc', url: `http://127.0.0.1:${Number(noop.info.port)}${EXECUTE_PATH}`, headers: grpcHeaders, body: executeBody, pid: noop.child.pid!, reachesUpstream: false },
      { name: 'h2raw', kind: 'grpc', url: `http://127.0.0.1:${Number(h2raw.info.port)}${EXECUTE_PATH}`, headers: grpcHeaders, body: executeBody, pid: h2raw.child.pid!, reachesUpstream: false },
    ];
    const targets = allTargets.filter((t) => !only || only.includes(t.name));

    // One real call each (grpc-status included), so a broken setup fails loudly before any load.
    for (const t of targets.filter((x) => x.kind === 'http')) {
      const res = await request(t.url, { headers: t.headers });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${t.name} answered ${res.statusCode}: ${text.slice(0, 300)}`);
    }
    const clientOf = (baseUrl: string) => createClient(ToolService, createGrpcTransport({ baseUrl, interceptors: [(next) => (req) => (req.header.set('authorization', `Bearer ${token}`), next(req))] }));
    for (const t of targets.filter((x) => x.kind === 'grpc')) {
      const out = await clientOf(new URL(t.url).origin).executeTool({ toolName: 'github_get_repository', identifier: 'user_123', params: { repo: REPO } });
      if (out.data?.full_name !== REPO) throw new Error(`${t.name} answered ${JSON.stringify(out.data)}`);
    }
    const scoped = await clientOf(lkUrl).listScopedTools({ identifier: SCOPED_IDENTIFIER });
    const oneConnection = String(lk.info.scopedConnection);
    const scopedFiltered = await clientOf(lkUrl).listScopedTools({ identifier: SCOPED_IDENTIFIER, filter: { connectionNames: [oneConnection] } });

    const load = async (t: Target, concurrency: number, seconds: number): Promise<Slice> => {
      const cpu0 = cpuMs(t.pid);
      const served0 = t.reachesUpstream ? await upstreamCount() : 0;
      const run = t.kind === 'http'
        ? await wrk(wrkBin, { url: t.url, headers: t.headers, connections: concurrency, seconds })
        : await h2load(h2Bin, { url: t.url, headers: t.headers, body: t.body!, streams: concurrency, seconds });
      const cpu = cpuMs(t.pid) - cpu0;
      // Requests still in flight when the generator stops reach the fake too, hence "at least".
      if (t.reachesUpstream && (await upstreamCount()) - served0 < run.requests) throw new Error(`${t.name}: fewer upstream calls than answered requests (some calls failed)`);
      if (run.errors) throw new Error(`${t.name}: ${run.errors} failed requests`);
      return { ...run, cpuMs: cpu };
    };

    console.log(
      `Tools bench — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); HTTP load from ${wrkBin}, gRPC load from ${h2Bin} ` +
        `(1 thread each, one h2 session); per concurrency ${ROUNDS} rounds of ${SLICE}s slices rotating over the targets`,
    );
    console.log(`seeded ${Number(lk.info.connections)} connections (${Number(lk.info.providers)} providers) and ${Number(lk.info.accounts)} accounts in ${Number(lk.info.seedSeconds).toFixed(1)} s`);
    const results = new Map<string, LoadSummary & { cpuPerReq: number }>();
    const concurrencies = [1, LOADED];
    for (const concurrency of concurrencies) {
      for (const t of targets) await load(t, concurrency, 1); // warm-up
      const slices = new Map<string, Slice[]>(targets.map((t) => [t.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        const r = round % targets.length;
        for (const t of [...targets.slice(r), ...targets.slice(0, r)]) slices.get(t.name)!.push(await load(t, concurrency, SLICE));
      }
      for (const t of targets) {
        const s = slices.get(t.name)!;
        const sum = summariseWrk(s);
        results.set(`${t.name}@${concurrency}`, { ...sum, cpuPerReq: (s.reduce((a, x) => a + x.cpuMs, 0) * 1000) / sum.requests });
      }
    }

    // ListScopedTools as an agent calls it before each model turn: one caller, the same identifier.
    const scopedRuns: Array<[string, Buffer, number]> = process.env.BENCH_SKIP_SCOPED ? [] : [
      [`all of ${SCOPED_IDENTIFIER}'s tools`, grpcFrame(toBinary(ListScopedToolsRequestSchema, create(ListScopedToolsRequestSchema, { identifier: SCOPED_IDENTIFIER }))), scoped.tools.length],
      [`filtered to one connection`, grpcFrame(toBinary(ListScopedToolsRequestSchema, create(ListScopedToolsRequestSchema, { identifier: SCOPED_IDENTIFIER, filter: { connectionNames: [oneConnection] } }))), scopedFiltered.tools.length],
    ];
    const scopedResults: Array<[string, number, LoadSummary]> = [];
    for (const [label, body, items] of scopedRuns) {
      const t: Target = { name: 'scoped', kind: 'grpc', url: `${lkUrl}/scalekit.v1.tools.ToolService/ListScopedTools`, headers: grpcHeaders, body, pid: lk.child.pid!, reachesUpstream: false };
      await load(t, 1, 1);
      const runs: Slice[] = [];
      for (let round = 0; round < ROUNDS; round++) runs.push(await load(t, 1, SLICE));
      scopedResults.push([label, items, summariseWrk(runs)]);
    }

    const fmt = (n: number, d = 2) => n.toFixed(d).padStart(9);
    console.log('\ntarget     conc     req/s   p50 ms   p99 ms   server CPU µs/req');
    for (const c of concurrencies) {
      for (const t of targets) {
        const r = results.get(`${t.name}@${c}`)!;
        console.log(`${t.name.padEnd(9)} ${String(c).padStart(5)} ${fmt(r.rps, 0)} ${fmt(r.p50)} ${fmt(r.p99)} ${fmt(r.cpuPerReq, 0)}`);
      }
    }
    const get = (name: string, c: number) => results.get(`${name}@${c}`);
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)} %`;
    /** A ratio line, printed only when its targets ran (BENCH_TARGETS). */
    const ratio = (names: string[], line: (r: (name: string, c: number) => LoadSummary & { cpuPerReq: number }) => string) => {
      if (names.every((n) => targets.some((t) => t.name === n))) console.log(line((n, c) => get(n, c)!));
    };
    console.log('\nratios');
    ratio(['execute', 'proxy'], (r) => `  execute added p50 over proxy @1:      ${(r('execute', 1).p50 - r('proxy', 1).p50).toFixed(3)} ms (target ≤ 1 ms)`);
    ratio(['execute', 'proxy'], (r) => `  execute / proxy req/s @${LOADED}:          ${pct(r('execute', LOADED).rps, r('proxy', LOADED).rps)} (target ≥ 80 %)`);
    ratio(['execute', 'pass'], (r) => `  execute / pass req/s @${LOADED} (same generator): ${pct(r('execute', LOADED).rps, r('pass', LOADED).rps)}; added p50 @1 ${(r('execute', 1).p50 - r('pass', 1).p50).toFixed(3)} ms`);
    ratio(['execute', 'proxy'], (r) => `  Latchkey CPU per request @${LOADED}: execute ${r('execute', LOADED).cpuPerReq.toFixed(0)} µs vs proxy ${r('proxy', LOADED).cpuPerReq.toFixed(0)} µs`);
    ratio(['noop', 'h2raw'], (r) => `  gRPC ceilings @${LOADED}: bare node:http2 ${r('h2raw', LOADED).rps.toFixed(0)} req/s (${r('h2raw', LOADED).cpuPerReq.toFixed(0)} µs/req), Latchkey's gRPC stack answering a constant ${r('noop', LOADED).rps.toFixed(0)} req/s (${r('noop', LOADED).cpuPerReq.toFixed(0)} µs/req)`);
    console.log(`\nListScopedTools, concurrency 1, ${CONNECTIONS} connections / ${ACCOUNTS} accounts (target p50 ≤ 5 ms)`);
    for (const [label, items, r] of scopedResults) console.log(`  ${label.padEnd(34)} ${String(items).padStart(4)} tools   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   ${r.rps.toFixed(0)} req/s`);
    console.log(`  machine load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (on ${os.cpus().length} CPUs; other work skews req/s and latency, CPU µs/req less)`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

if (ROLE !== 'bench' && ROLE !== 'latchkey') process.on('SIGTERM', () => process.exit(0));
const arg = (i: number) => process.argv[process.argv.indexOf(`--role=${ROLE}`) + 1 + i];
if (ROLE === 'upstream') githubFakeRole();
else if (ROLE === 'latchkey') await latchkeyRole(Number(arg(0)));
else if (ROLE === 'grpc-floor') await grpcFloorRole(arg(0), Number(arg(1)));
else {
  await bench();
  // Issue 12's section: a code tool's sandbox overhead, warm and cold (bench/code-tools.ts, also runnable alone).
  if (!process.env.BENCH_SKIP_CODE_TOOLS) {
    console.log('\ncode tools (bench/code-tools.ts)');
    await (await import('./code-tools.js')).codeToolsBench();
  }
}
