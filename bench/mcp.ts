/**
 * MCP benchmark (`npm run bench:mcp`): the built-in `github_get_repository` tool against a loopback
 * GitHub fake, called in one run as
 *   execute — ExecuteTool over gRPC (the SDK's path), and
 *   mcp     — `tools/call` over MCP (Streamable HTTP, the stateless 2026-07-28 revision, one JSON
 *             answer per POST) on the connection's MCP endpoint with a user's MCP token,
 * on the same Latchkey process, connection and account, both driven by h2load over one h2c session
 * (the same generator, so the difference is Latchkey's). Targets: mcp ≤ 2 ms added p50 over execute
 * at concurrency 1, ≥ 70 % of execute's req/s at 16.
 *
 *   npm run bench:mcp
 *   BENCH_ROUNDS=5 BENCH_SLICE_SECONDS=2 BENCH_CONCURRENCY=16 npm run bench:mcp
 *   BENCH_TARGETS=mcp BENCH_PROFILE_DIR=/tmp/prof npm run bench:mcp   # CPU profile of Latchkey
 */
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { create, toBinary } from '@bufbuild/protobuf';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { request } from 'undici';
import { ExecuteToolRequestSchema, ToolService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { announce, cpuMs, roleOf, startRole } from './processes.js';
import { REPO, githubFakeRole, startGithubBench } from './github-fixture.js';
import { summariseWrk, type LoadSummary, type WrkRun } from './wrk.js';
import { ensureH2load, grpcFrame, h2load } from './h2load.js';

const ROLE = roleOf();
const SLICE = Math.max(1, Math.round(Number(process.env.BENCH_SLICE_SECONDS ?? 2)));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const LOADED = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TOOL = 'github_get_repository';

/** Latchkey with a `github` connection aimed at the fake, user_123's account, the connection served over MCP and user_123's MCP token. */
async function latchkeyRole(upstreamPort: number): Promise<void> {
  const { enableConnectionEndpoint } = await import('../src/modules/mcp/endpoints/connection-endpoints.js');
  const { issueMcpToken } = await import('../src/modules/mcp/tokens/mcp-tokens.js');
  const { bench, server, envId, db } = await startGithubBench(upstreamPort, 'user_123');
  const endpoint = await enableConnectionEndpoint(db, envId, server.core.config.publicUrl, 'github');
  const mcp = await issueMcpToken(db, envId, server.core.config.publicUrl, { identifier: 'user_123', connection_name: 'github' });
  announce({ port: server.port, token: await bench.token(), mcpToken: mcp.token, mcpUrl: endpoint.mcp_server_url });
  bench.stopOnSigterm();
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

interface Slice extends WrkRun {
  cpuMs: number;
}

/** The tools/call POST a 2026-07-28 client sends: per-request envelope in _meta, the Mcp-Method / Mcp-Name headers. */
function mcpCall(url: string, token: string): Target {
  const body = {
    jsonrpc: '2.0', id: 1, method: 'tools/call',
    params: {
      name: TOOL, arguments: { repo: REPO },
      _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} },
    },
  };
  return {
    name: 'mcp', url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': TOOL },
    body: Buffer.from(JSON.stringify(body)),
  };
}

async function bench(): Promise<void> {
  const h2Bin = ensureH2load();
  const children: ChildProcess[] = [];
  try {
    const upstream = await startRole(import.meta.url, 'upstream');
    children.push(upstream.child);
    const upPort = Number(upstream.info.port);
    const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    const lk = await startRole(import.meta.url, 'latchkey', [String(upPort)], profile);
    children.push(lk.child);
    const lkUrl = `http://127.0.0.1:${Number(lk.info.port)}`;
    const token = String(lk.info.token);
    const mcpToken = String(lk.info.mcpToken);
    const mcpUrl = String(lk.info.mcpUrl);
    const upstreamCount = async () => Number(await (await request(`http://127.0.0.1:${upPort}/__count`)).body.text());

    // One real call each through the official clients, so a broken setup fails loudly before any load.
    const grpc = createClient(ToolService, createGrpcTransport({ baseUrl: lkUrl, interceptors: [(next) => (req) => (req.header.set('authorization', `Bearer ${token}`), next(req))] }));
    const out = await grpc.executeTool({ toolName: TOOL, identifier: 'user_123', params: { repo: REPO } });
    if (out.data?.full_name !== REPO) throw new Error(`ExecuteTool answered ${JSON.stringify(out.data)}`);
    const client = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: { token: async () => mcpToken } }));
    const called = await client.callTool({ name: TOOL, arguments: { repo: REPO } });
    if ((called.structuredContent as { full_name?: string } | undefined)?.full_name !== REPO) throw new Error(`tools/call answered ${JSON.stringify(called)}`);
    await client.close();

    const targets: Target[] = [
      {
        name: 'execute', url: `${lkUrl}/scalekit.v1.tools.ToolService/ExecuteTool`, headers: { authorization: `Bearer ${token}`, 'grpc-timeout': '60S' },
        body: grpcFrame(toBinary(ExecuteToolRequestSchema, create(ExecuteToolRequestSchema, { toolName: TOOL, identifier: 'user_123', params: { repo: REPO } }))),
      },
      mcpCall(mcpUrl, mcpToken),
    ].filter((t) => !process.env.BENCH_TARGETS || process.env.BENCH_TARGETS.split(',').includes(t.name));
    const load = async (t: Target, concurrency: number, seconds: number): Promise<Slice> => {
      const cpu0 = cpuMs(lk.child.pid!);
      const served0 = await upstreamCount();
      const run = await h2load(h2Bin, { url: t.url, headers: t.headers, body: t.body, streams: concurrency, seconds });
      const cpu = cpuMs(lk.child.pid!) - cpu0;
      // h2load reads neither grpc-status nor JSON-RPC errors: every answered call must have reached the fake.
      if ((await upstreamCount()) - served0 < run.requests) throw new Error(`${t.name}: fewer upstream calls than answered requests (some calls failed)`);
      if (run.errors) throw new Error(`${t.name}: ${run.errors} failed requests`);
      return { ...run, cpuMs: cpu };
    };

    console.log(`MCP bench — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); load from ${h2Bin} (1 thread, one h2c session); per concurrency ${ROUNDS} rounds of ${SLICE}s slices alternating the targets`);
    const results = new Map<string, LoadSummary & { cpuPerReq: number }>();
    const concurrencies = [1, LOADED];
    for (const concurrency of concurrencies) {
      for (const t of targets) await load(t, concurrency, 1); // warm-up
      const slices = new Map<string, Slice[]>(targets.map((t) => [t.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 ? [...targets].reverse() : targets;
        for (const t of order) slices.get(t.name)!.push(await load(t, concurrency, SLICE));
      }
      for (const t of targets) {
        const s = slices.get(t.name)!;
        const sum = summariseWrk(s);
        results.set(`${t.name}@${concurrency}`, { ...sum, cpuPerReq: (s.reduce((a, x) => a + x.cpuMs, 0) * 1000) / sum.requests });
      }
    }
    const fmt = (n: number, d = 2) => n.toFixed(d).padStart(9);
    console.log('\ntarget     conc     req/s   p50 ms   p99 ms   server CPU µs/req');
    for (const c of concurrencies) {
      for (const t of targets) {
        const r = results.get(`${t.name}@${c}`)!;
        console.log(`${t.name.padEnd(9)} ${String(c).padStart(5)} ${fmt(r.rps, 0)} ${fmt(r.p50)} ${fmt(r.p99)} ${fmt(r.cpuPerReq, 0)}`);
      }
    }
    const r = (name: string, c: number) => results.get(`${name}@${c}`)!;
    if (targets.length < 2) return;
    console.log('\nratios');
    console.log(`  mcp added p50 over execute @1:     ${(r('mcp', 1).p50 - r('execute', 1).p50).toFixed(3)} ms (target ≤ 2 ms)`);
    console.log(`  mcp / execute req/s @${LOADED}:         ${((r('mcp', LOADED).rps / r('execute', LOADED).rps) * 100).toFixed(1)} % (target ≥ 70 %)`);
    console.log(`  Latchkey CPU per request @${LOADED}: mcp ${r('mcp', LOADED).cpuPerReq.toFixed(0)} µs vs execute ${r('execute', LOADED).cpuPerReq.toFixed(0)} µs`);
    console.log(`  machine load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (on ${os.cpus().length} CPUs; other work skews req/s and latency, CPU µs/req less)`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

if (ROLE !== 'bench' && ROLE !== 'latchkey') process.on('SIGTERM', () => process.exit(0));
const arg = (i: number) => process.argv[process.argv.indexOf(`--role=${ROLE}`) + 1 + i];
if (ROLE === 'upstream') githubFakeRole();
else if (ROLE === 'latchkey') await latchkeyRole(Number(arg(0)));
else await bench();
