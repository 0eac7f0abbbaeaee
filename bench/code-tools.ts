/**
 * Code tools benchmark: what a code tool costs through ExecuteTool over gRPC, against the built-in
 * tool it wraps. One Latchkey process (SQLite) with a `github` connection aimed at a loopback
 * GitHub fake (its own process), three tools measured with h2load at concurrency 1:
 *   builtin — `github_get_repository` alone,
 *   trivial — a code tool `async (p) => ({ n: p.n + 1 })` (no upstream: the whole ExecuteTool
 *             path — auth, registry, sandbox, record — for a tool that does nothing),
 *   wrap    — a code tool making one `context.tools.execute` of github_get_repository,
 * each on two Latchkeys in the same rounds: the real one, and one with the sandbox's pool of
 * prepared VMs turned off (every VM made on the request path), so the pool's gain is read in one run;
 * then cold: in fresh Latchkey processes, the first execution of a just-registered code tool vs
 * the next ones (sequential calls from one connect-node client).
 * Target: warm overhead (wrap − builtin) ≤ 2 ms p50.
 *
 *   npx tsx bench/code-tools.ts
 *   BENCH_ROUNDS=5 BENCH_SLICE_SECONDS=3 BENCH_COLD_SAMPLES=5 npx tsx bench/code-tools.ts
 *   BENCH_COLD_SAMPLES=0 BENCH_PROFILE_DIR=/tmp/prof npx tsx bench/code-tools.ts   # CPU profile of the measured Latchkey
 *
 * `codeToolsBench()` is the section `npm run bench:tools` runs (bench/tools.ts).
 */
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, toBinary } from '@bufbuild/protobuf';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { request } from 'undici';
import { ExecuteToolRequestSchema, ToolService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { announce, cpuMs, roleOf, startRole } from './processes.js';
import { REPO, githubFakeRole, startGithubBench } from './github-fixture.js';
import { ensureH2load, grpcFrame, h2load } from './h2load.js';
import { summariseWrk, type LoadSummary, type WrkRun } from './wrk.js';
import { median } from './median.js';

const SELF = fileURLToPath(import.meta.url);
const USER = 'user_123';
const EXECUTE_PATH = '/scalekit.v1.tools.ToolService/ExecuteTool';
const TARGET_OVERHEAD_MS = 2;

/** The measured tools: name → [tool name, params]. */
const TOOLS = {
  builtin: ['github_get_repository', { repo: REPO }],
  trivial: ['bench_trivial', { n: 1 }],
  wrap: ['bench_wrap_repository', { repo: REPO }],
} as const;

const CODE_TOOLS = [
  { name: 'bench_trivial', description: 'Adds one.', provider: 'custom', input_schema: { type: 'object', properties: { n: { type: 'number' } } }, implementation: 'async (p) => ({ n: p.n + 1 })' },
  {
    name: 'bench_wrap_repository',
    description: 'Reads a repository through the built-in tool.',
    provider: 'custom',
    input_schema: { type: 'object', properties: { repo: { type: 'string' } }, required: ['repo'] },
    implementation: "async (p, context) => context.tools.execute({ tool: 'github_get_repository', parameters: { repo: p.repo } })",
  },
];

// ---------------------------------------------------------------------------------------------
// The servers (child processes of this script).

/**
 * Latchkey with a `github` connection (proxy_url → the fake) and user_123's ACTIVE account;
 * `nopool`: without the sandbox's pool of prepared VMs (each made on the request path), the A side
 * of the in-run comparison.
 */
async function latchkeyRole(upstreamPort: number, variant: string | undefined): Promise<void> {
  if (variant === 'nopool') (await import('../src/modules/tools/sandbox/vm-pool.js')).setVmPoolSize(0);
  const { bench, server } = await startGithubBench(upstreamPort, USER);
  announce({ port: server.port, token: await bench.token() });
  bench.stopOnSigterm();
}

// ---------------------------------------------------------------------------------------------
// The load.

type Warm = Record<keyof typeof TOOLS, LoadSummary & { cpuPerReq: number }>;

export interface CodeToolsBenchResult {
  warm: Warm;
  /** wrap − builtin, p50 at concurrency 1. */
  overheadMs: number;
  /** The same three tools on a second Latchkey without the VM pool, in the same rounds. */
  noPool: { warm: Warm; overheadMs: number };
  /** First execution of a just-registered code tool, the median of the next five, and of five built-in calls after them (sequential calls). */
  cold: { firstMs: number; nextMs: number; builtinMs: number };
}

type Started = { child: ChildProcess; info: Record<string, unknown> };


async function registerCodeTools(url: string, token: string): Promise<void> {
  for (const tool of CODE_TOOLS) {
    const res = await request(`${url}/v1/connect/tools/custom`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(tool) });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`registering ${tool.name} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  }
}

const clientOf = (url: string, token: string) =>
  createClient(ToolService, createGrpcTransport({ baseUrl: url, interceptors: [(next) => (req) => (req.header.set('authorization', `Bearer ${token}`), next(req))] }));

/** Runs the section and prints it; `opts` default to BENCH_ROUNDS, BENCH_SLICE_SECONDS and BENCH_COLD_SAMPLES. */
export async function codeToolsBench(opts: { rounds?: number; sliceSeconds?: number; coldSamples?: number } = {}): Promise<CodeToolsBenchResult> {
  const rounds = opts.rounds ?? Number(process.env.BENCH_ROUNDS ?? 3);
  const slice = Math.max(1, Math.round(opts.sliceSeconds ?? Number(process.env.BENCH_SLICE_SECONDS ?? 2)));
  const coldSamples = opts.coldSamples ?? Number(process.env.BENCH_COLD_SAMPLES ?? 3);
  const h2Bin = ensureH2load();
  const children: ChildProcess[] = [];
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const start = async (role: string, extra: string[] = [], nodeFlags: string[] = []): Promise<Started> => {
    const c = await startRole(import.meta.url, role, extra, nodeFlags);
    children.push(c.child);
    return c;
  };
  try {
    const upstream = await start('ct-upstream');
    const upPort = Number(upstream.info.port);
    const upstreamCount = async () => Number(await (await request(`http://127.0.0.1:${upPort}/__count`)).body.text());

    // Cold: each sample a fresh process; the built-in runs first so the gRPC session and the
    // ExecuteTool path are warm, then the just-registered code tool's first run and the next five.
    const firsts: number[] = [];
    const nexts: number[] = [];
    const builtinSeq: number[] = [];
    for (let i = 0; i < coldSamples; i++) {
      const lk = await start('ct-latchkey', [String(upPort)]);
      const url = `http://127.0.0.1:${Number(lk.info.port)}`;
      const token = String(lk.info.token);
      const client = clientOf(url, token);
      await client.executeTool({ toolName: TOOLS.builtin[0], identifier: USER, params: TOOLS.builtin[1] });
      await registerCodeTools(url, token);
      const times: number[] = [];
      for (let k = 0; k < 6; k++) {
        const t = performance.now();
        const out = await client.executeTool({ toolName: TOOLS.trivial[0], identifier: USER, params: TOOLS.trivial[1] });
        times.push(performance.now() - t);
        if (out.data?.n !== 2) throw new Error(`bench_trivial answered ${JSON.stringify(out.data)}`);
      }
      firsts.push(times[0]);
      nexts.push(median(times.slice(1)));
      const builtinTimes: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t = performance.now();
        await client.executeTool({ toolName: TOOLS.builtin[0], identifier: USER, params: TOOLS.builtin[1] });
        builtinTimes.push(performance.now() - t);
      }
      builtinSeq.push(median(builtinTimes));
      lk.child.kill('SIGTERM');
    }

    // Warm: two Latchkeys, the measured one and one without the VM pool, loaded in turn in the same rounds.
    const servers = { pool: await start('ct-latchkey', [String(upPort)], profile), nopool: await start('ct-latchkey', [String(upPort), 'nopool']) };
    const sides = Object.keys(servers) as Array<keyof typeof servers>;
    const access = Object.fromEntries(sides.map((side) => [side, { url: `http://127.0.0.1:${Number(servers[side].info.port)}`, token: String(servers[side].info.token) }])) as Record<keyof typeof servers, { url: string; token: string }>;
    for (const side of sides) {
      const { url, token } = access[side];
      await registerCodeTools(url, token);
      const client = clientOf(url, token);
      // One real call each (grpc-status included: h2load cannot read it), so a broken setup fails loudly.
      for (const [toolName, params] of Object.values(TOOLS)) {
        const out = await client.executeTool({ toolName, identifier: USER, params });
        if (out.data?.full_name !== REPO && out.data?.n !== 2) throw new Error(`${toolName} answered ${JSON.stringify(out.data)}`);
      }
    }

    const bodies = Object.fromEntries(Object.entries(TOOLS).map(([k, [toolName, params]]) => [k, grpcFrame(toBinary(ExecuteToolRequestSchema, create(ExecuteToolRequestSchema, { toolName, identifier: USER, params })))]));
    const names = Object.keys(TOOLS) as Array<keyof typeof TOOLS>;
    type Slice = WrkRun & { cpuMs: number };
    const load = async (side: keyof typeof servers, name: keyof typeof TOOLS, seconds: number): Promise<Slice> => {
      const { url, token } = access[side];
      const pid = servers[side].child.pid!;
      const cpu0 = cpuMs(pid);
      const served0 = await upstreamCount();
      const run = await h2load(h2Bin, { url: `${url}${EXECUTE_PATH}`, headers: { authorization: `Bearer ${token}`, 'grpc-timeout': '60S' }, body: bodies[name], streams: 1, seconds });
      const cpu = cpuMs(pid) - cpu0;
      // Requests still in flight when h2load stops reach the fake too, hence "at least".
      if (name !== 'trivial' && (await upstreamCount()) - served0 < run.requests) throw new Error(`${side} ${name}: fewer upstream calls than answered requests (some calls failed)`);
      if (run.errors) throw new Error(`${side} ${name}: ${run.errors} failed requests`);
      return { ...run, cpuMs: cpu };
    };
    const pairs = sides.flatMap((side) => names.map((name) => [side, name] as const));
    for (const [side, n] of pairs) await load(side, n, 1); // warm-up
    const slices = new Map(pairs.map(([side, n]) => [`${side}/${n}`, [] as Slice[]]));
    for (let round = 0; round < rounds; round++) {
      const r = round % pairs.length;
      for (const [side, n] of [...pairs.slice(r), ...pairs.slice(0, r)]) slices.get(`${side}/${n}`)!.push(await load(side, n, slice));
    }
    // The records say whether any call failed (the trivial tool reaches no fake to count); they are
    // written in batches. The call in flight when h2load stops a slice is cancelled: at most one a slice.
    await new Promise((r) => setTimeout(r, 1500));
    for (const side of sides) {
      const { url, token } = access[side];
      const errors = await request(`${url}/api/v1/agent-auth/tool-executions?outcome=error&page_size=100`, { headers: { authorization: `Bearer ${token}` } });
      const failed = ((await errors.body.json()) as { executions?: Array<{ error_code: string }> }).executions ?? [];
      const cancelled = failed.filter((e) => e.error_code === 'DEADLINE_EXCEEDED' || e.error_code === 'CODE_TOOL_CANCELLED');
      if (cancelled.length < failed.length || cancelled.length > 2 * names.length * (rounds + 1)) throw new Error(`${side}: executions failed under load: ${JSON.stringify(failed.slice(0, 5))}`);
    }

    const warmOf = (side: keyof typeof servers): Warm => Object.fromEntries(names.map((n) => {
      const s = slices.get(`${side}/${n}`)!;
      const sum = summariseWrk(s);
      return [n, { ...sum, cpuPerReq: (s.reduce((a, x) => a + x.cpuMs, 0) * 1000) / sum.requests }];
    })) as Warm;
    const warm = warmOf('pool');
    const off = warmOf('nopool');
    const result: CodeToolsBenchResult = {
      warm,
      overheadMs: warm.wrap.p50 - warm.builtin.p50,
      noPool: { warm: off, overheadMs: off.wrap.p50 - off.builtin.p50 },
      cold: { firstMs: median(firsts) ?? NaN, nextMs: median(nexts) ?? NaN, builtinMs: median(builtinSeq) ?? NaN },
    };

    const fmt = (n: number, d = 2) => n.toFixed(d).padStart(9);
    console.log(`\nCode tools — ExecuteTool over gRPC (h2load, concurrency 1, ${rounds} rounds of ${slice}s slices rotating over the tools and both servers)`);
    console.log('tool             req/s   p50 ms   p99 ms   server CPU µs/req');
    for (const [label, w] of [['', warm], [' no pool', off]] as const) {
      for (const n of names) console.log(`${(n + label).padEnd(12)} ${fmt(w[n].rps, 0)} ${fmt(w[n].p50)} ${fmt(w[n].p99)} ${fmt(w[n].cpuPerReq, 0)}`);
    }
    console.log(`  trivial code tool, whole ExecuteTool (auth, registry, sandbox, record):  p50 ${warm.trivial.p50.toFixed(3)} ms (without the VM pool ${off.trivial.p50.toFixed(3)} ms)`);
    console.log(`  code tool + one context.tools.execute vs the built-in alone (wrap − builtin): ${result.overheadMs.toFixed(3)} ms p50 (target ≤ ${TARGET_OVERHEAD_MS} ms) ${result.overheadMs <= TARGET_OVERHEAD_MS ? 'ok' : 'MISSED'}; without the VM pool ${result.noPool.overheadMs.toFixed(3)} ms`);
    console.log(`  cold (median of ${coldSamples} fresh processes): first execution of a just-registered code tool ${result.cold.firstMs.toFixed(2)} ms, the 2nd–6th ${result.cold.nextMs.toFixed(2)} ms (still warming up); the built-in then ${result.cold.builtinMs.toFixed(2)} ms (sequential connect-node calls)`);
    console.log(`  machine load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} CPUs (other work inflates these latencies)`);
    return result;
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

// Only when this file is the script run (a role child or `npx tsx bench/code-tools.ts`), not when imported.
if (path.resolve(process.argv[1] ?? '') === SELF) {
  const role = roleOf();
  const arg = process.argv[process.argv.indexOf(`--role=${role}`) + 1];
  if (role === 'ct-upstream') {
    process.on('SIGTERM', () => process.exit(0));
    githubFakeRole();
  } else if (role === 'ct-latchkey') {
    await latchkeyRole(Number(arg), process.argv[process.argv.indexOf(`--role=${role}`) + 2]);
  } else {
    await codeToolsBench();
  }
}
