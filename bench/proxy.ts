/**
 * Tool Proxy benchmark: in one run, the same small JSON GET against
 *   direct   — the local upstream itself,
 *   bare     — a bare undici pass-through proxy (node:http + undici Agent, hop-by-hop filtering,
 *              one injected header, streamed body): the floor any proxy pays. It receives the
 *              very request Latchkey does (caller token, connection_name, identifier) and drops
 *              those headers as Latchkey does, so both parse and send the same bytes,
 *   latchkey — Latchkey's `/proxy` (JWT check, account lookup, credential injection, SSRF-guarded
 *              dispatcher, audit, metrics), on SQLite, LOG_LEVEL=info (BENCH_LOG_LEVEL to change).
 * Each server runs in its own process; the load comes from `wrk` (installed with apt-get when missing
 * and running as root), not from Node, so the generator is not what saturates the 2 cores. Prints
 * req/s, p50 and p99 at concurrency 16, 50 and 1, and the ratios. Targets: latchkey ≥ 95 % of bare's
 * throughput and p99 ≤ 1.5× bare's at 16 and 50.
 *
 *   npm run bench:proxy                                   # defaults
 *   BENCH_ROUNDS=10 BENCH_SLICE_SECONDS=2 BENCH_CONCURRENCY=32,64 BENCH_WRK_THREADS=2 npm run bench:proxy
 *   BENCH_TARGETS=bare,latchkey BENCH_PROFILE_DIR=/tmp/prof npm run bench:proxy   # CPU profiles of both proxies
 *   BENCH_BASELINE_TREE=/tmp/base npm run bench:proxy    # adds `baseline`: the Latchkey of another checkout (A/B of a change)
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { announce, cpuMs, roleOf, startRole } from './processes.js';
import { ensureWrk, summariseWrk, wrk, type LoadSummary, type WrkRun } from './wrk.js';

const ROLE = roleOf();
/** wrk takes whole seconds. */
const SLICE = Math.max(1, Math.round(Number(process.env.BENCH_SLICE_SECONDS ?? 2)));
/** Loaded concurrencies (wrk connections), then 1 for the added latency of a lone caller. */
const CONCURRENCIES = [...(process.env.BENCH_CONCURRENCY ?? '16,50').split(',').map(Number), 1];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PATH = '/v1/items?limit=10&cursor=abc';
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate', 'host']);
/** Request headers neither proxy forwards: hop-by-hop ones, the caller's token and the routing headers. */
const NOT_FORWARDED = new Set([...HOP, 'authorization', 'connection_name', 'identifier']);

async function upstreamRole(): Promise<void> {
  const body = JSON.stringify({ object: 'list', data: Array.from({ length: 3 }, (_, i) => ({ id: `item_${i}`, name: `Item ${i}`, price: 100 * i })) });
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => announce({ port: (server.address() as net.AddressInfo).port }));
}

async function bareRole(upstreamPort: number): Promise<void> {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
  const origin = `http://127.0.0.1:${upstreamPort}`;
  const server = http.createServer(async (req, res) => {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !NOT_FORWARDED.has(k)) headers[k] = v;
    headers.authorization = 'Bearer static-upstream-token';
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    try {
      const up = await agent.request({ origin, path: `/base${req.url}`, method: req.method as 'GET', headers, body: hasBody ? req : undefined });
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
      res.writeHead(up.statusCode, out);
      up.body.once('error', () => res.destroy());
      up.body.pipe(res);
    } catch {
      res.writeHead(502).end();
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => announce({ port: (server.address() as net.AddressInfo).port }));
}

async function latchkeyRole(upstreamPort: number): Promise<void> {
  const { createCustomProvider } = await import('../src/modules/providers/custom/custom-providers.js');
  const { createConnection } = await import('../src/modules/connections/connections.js');
  const { sealAccountCredentials } = await import('../src/modules/accounts/account-credentials.js');
  const { newId } = await import('../src/storage/ids.js');
  const { startBenchServer } = await import('./bench-server.js');

  const bench = await startBenchServer();
  const { server, envId } = bench;
  const db = server.core.storage.db;
  await createCustomProvider(db, envId, {
    key: 'bench_api',
    display_name: 'Bench API',
    auth_patterns: [{ type: 'BEARER', display_name: 'Token', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] }],
    // Plain http to an allow-listed loopback host, as the bare proxy speaks it (https would mean TLS).
    proxy_url: `http://127.0.0.1:${upstreamPort}/base`,
    proxy_enabled: true,
  });
  const conn = await createConnection(db, server.core.vault, envId, { providerKey: 'bench_api', connectionName: 'bench' });
  const id = newId('ca');
  const now = new Date().toISOString();
  await db
    .insertInto('connected_accounts')
    .values({
      id, environment_id: envId, connection_id: conn.id, identifier: 'user_123', organization_id: null, user_id: null, status: 'ACTIVE', auth_type: 'BEARER',
      credentials_ciphertext: sealAccountCredentials(server.core.vault, envId, id, { kind: 'static', fields: { token: 'static-upstream-token' } }),
      credentials_version: 1, token_expires_at: null, scopes: '[]', account_fields: '{}', api_config: '{}', authorized_user_id: null, authorized_user_email: null,
      last_used_at: null, created_at: now, updated_at: now,
    })
    .execute();
  announce({ port: server.port, token: await bench.token() });
  bench.stopOnSigterm();
}

// ---------------------------------------------------------------------------------------------
// The load generator: wrk (bench/wrk.ts), a separate C process, so Node's own cost stays out of it.

interface Target {
  name: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  /** The process whose CPU time per request is reported (the proxy; the upstream for `direct`). */
  pid: number;
}

interface Slice extends WrkRun {
  cpuMs: number;
}

interface Result extends LoadSummary {
  /** CPU time (user + system) the target's process spent per request, in µs. */
  cpuPerReq: number;
}

const startChild = (role: string, extra: string[] = [], script = import.meta.url) =>
  startRole(script, role, extra, (role === 'latchkey' || role === 'bare') && process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []);

/** wrk keeps `concurrency` keep-alive connections busy for `seconds`; the target's CPU is read around it. */
async function load(bin: string, target: Target, concurrency: number, seconds: number): Promise<Slice> {
  const cpu0 = cpuMs(target.pid);
  const run = await wrk(bin, { url: `http://127.0.0.1:${target.port}${target.path}`, headers: target.headers, connections: concurrency, seconds });
  return { ...run, cpuMs: cpuMs(target.pid) - cpu0 };
}

/** One request, so a misconfigured target fails loudly with its status before any load. */
async function check(target: Target): Promise<void> {
  const res = await request(`http://127.0.0.1:${target.port}${target.path}`, { headers: target.headers });
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${target.name} answered ${res.statusCode}: ${body.slice(0, 300)}`);
}

function summarise(slices: Slice[]): Result {
  const s = summariseWrk(slices);
  const cpu = slices.reduce((a, x) => a + x.cpuMs, 0);
  return { ...s, cpuPerReq: (cpu * 1000) / s.requests };
}

const fmt = (n: number, d = 2) => n.toFixed(d).padStart(9);

async function bench(): Promise<void> {
  const bin = ensureWrk();
  const children: ChildProcess[] = [];
  try {
    const upstream = await startChild('upstream');
    children.push(upstream.child);
    const upstreamPort = Number(upstream.info.port);
    const bare = await startChild('bare', [String(upstreamPort)]);
    children.push(bare.child);
    const lk = await startChild('latchkey', [String(upstreamPort)]);
    children.push(lk.child);
    // Another checkout's Latchkey (its own bench script, so its own sources), for an A/B in one run.
    const baselineTree = process.env.BENCH_BASELINE_TREE;
    const base = baselineTree ? await startChild('latchkey', [String(upstreamPort)], pathToFileURL(path.resolve(baselineTree, 'bench/proxy.ts')).href) : undefined;
    if (base) children.push(base.child);

    // What the SDK's actions.request() sends; the bare proxy gets the same headers (see the top).
    const callerHeaders = { authorization: `Bearer ${String(lk.info.token)}`, connection_name: 'bench', identifier: 'user_123' };
    const targets: Target[] = [
      { name: 'direct', port: upstreamPort, path: `/base${PATH}`, headers: { authorization: 'Bearer static-upstream-token' }, pid: upstream.child.pid! },
      { name: 'bare', port: Number(bare.info.port), path: PATH, headers: callerHeaders, pid: bare.child.pid! },
      { name: 'latchkey', port: Number(lk.info.port), path: `/proxy${PATH}`, headers: callerHeaders, pid: lk.child.pid! },
      ...(base ? [{ name: 'baseline', port: Number(base.info.port), path: `/proxy${PATH}`, headers: { ...callerHeaders, authorization: `Bearer ${String(base.info.token)}` }, pid: base.child.pid! }] : []),
    ];
    const only = process.env.BENCH_TARGETS?.split(',');
    if (only) targets.splice(0, targets.length, ...targets.filter((t) => only.includes(t.name)));
    for (const t of targets) await check(t);

    console.log(
      `Tool Proxy bench — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load from ${bin} (${process.env.BENCH_WRK_THREADS ?? 1} thread); ` +
        `per concurrency, ${ROUNDS} rounds of ${SLICE}s slices alternating between the targets (so drifting machine load hits all alike)`,
    );
    const results = new Map<string, Result>();
    for (const concurrency of CONCURRENCIES) {
      for (const t of targets) await load(bin, t, concurrency, 1); // warm-up
      const slices = new Map<string, Slice[]>(targets.map((t) => [t.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        // Rotate the order each round, so no target always runs right after the same one.
        for (const t of [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)]) {
          const slice = await load(bin, t, concurrency, SLICE);
          if (slice.errors) throw new Error(`${t.name}: ${slice.errors} failed requests`);
          slices.get(t.name)!.push(slice);
        }
      }
      for (const t of targets) results.set(`${t.name}@${concurrency}`, summarise(slices.get(t.name)!));
    }

    console.log('\ntarget     conc     req/s   p50 ms   p99 ms   server CPU µs/req');
    for (const concurrency of CONCURRENCIES) {
      for (const t of targets) {
        const r = results.get(`${t.name}@${concurrency}`)!;
        console.log(`${t.name.padEnd(9)} ${String(concurrency).padStart(5)} ${fmt(r.rps, 0)} ${fmt(r.p50)} ${fmt(r.p99)} ${fmt(r.cpuPerReq, 0)}`);
      }
    }
    const has = (name: string) => targets.some((t) => t.name === name);
    const get = (name: string, c: number) => results.get(`${name}@${c}`)!;
    const ratio = (a: number, b: number) => `${((a / b) * 100).toFixed(1)} %`;
    if (has('bare') && has('latchkey')) {
      console.log('\nratios (targets: latchkey ≥ 95 % of bare\'s req/s and p99 ≤ 1.5× bare\'s, at 16 and 50)');
      for (const c of CONCURRENCIES.filter((x) => x > 1)) {
        const lkr = get('latchkey', c);
        const br = get('bare', c);
        console.log(
          `  @${String(c).padEnd(3)} latchkey / bare req/s ${ratio(lkr.rps, br.rps).padStart(7)}   p99 ${(lkr.p99 / br.p99).toFixed(2)}× bare   ` +
            `added p50 ${(lkr.p50 - br.p50).toFixed(3)} ms   ${has('direct') ? `bare / direct req/s ${ratio(br.rps, get('direct', c).rps)}   ` : ''}` +
            `CPU/req latchkey ${lkr.cpuPerReq.toFixed(0)} µs vs bare ${br.cpuPerReq.toFixed(0)} µs` +
            (has('baseline') ? ` vs baseline ${get('baseline', c).cpuPerReq.toFixed(0)} µs (req/s ${ratio(get('baseline', c).rps, br.rps)} of bare, p99 ${(get('baseline', c).p99 / br.p99).toFixed(2)}×)` : ''),
        );
      }
      if (CONCURRENCIES.includes(1)) console.log(`  @1   latchkey added p50 over bare: ${(get('latchkey', 1).p50 - get('bare', 1).p50).toFixed(3)} ms`);
    }
    console.log(`  machine load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (on ${os.cpus().length} CPUs; other work skews req/s and latency, CPU µs/req less)`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

// Exit cleanly on the parent's SIGTERM (a --cpu-prof profile is only written on a normal exit).
if (ROLE !== 'bench' && ROLE !== 'latchkey') process.on('SIGTERM', () => process.exit(0));
if (ROLE === 'upstream') await upstreamRole();
else if (ROLE === 'bare') await bareRole(Number(process.argv[process.argv.length - 1]));
else if (ROLE === 'latchkey') await latchkeyRole(Number(process.argv[process.argv.length - 1]));
else await bench();
