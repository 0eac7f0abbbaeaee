/**
 * Tool Proxy benchmark: in one run, the same small JSON GET against
 *   direct   — the local upstream itself,
 *   bare     — a bare undici pass-through proxy (node:http + undici Agent, hop-by-hop filtering,
 *              one injected header, streamed body): the floor any proxy pays. It receives the
 *              very request Latchkey does (caller token, connection_name, identifier) and drops
 *              those headers as Latchkey does, so both parse and send the same bytes,
 *   latchkey — Latchkey's `/proxy` (JWT check, account lookup, credential injection, SSRF-guarded
 *              dispatcher, audit, metrics), on SQLite, LOG_LEVEL=info (BENCH_LOG_LEVEL to change).
 * Each server runs in its own process; this process generates the load. Prints req/s, p50 and p99
 * at two concurrencies and the ratios. Targets: latchkey ≥ 85 % of bare's throughput, ≤ 1 ms added p50.
 *
 *   npm run bench:proxy                                   # defaults
 *   BENCH_ROUNDS=10 BENCH_SLICE_SECONDS=2 BENCH_CONCURRENCY=32 npm run bench:proxy
 *   BENCH_TARGETS=bare,latchkey BENCH_PROFILE_DIR=/tmp/prof npm run bench:proxy   # CPU profiles of both proxies
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, Pool } from 'undici';

const ROLE = process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'bench';
const SLICE = Number(process.env.BENCH_SLICE_SECONDS ?? 1.5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PATH = '/v1/items?limit=10&cursor=abc';
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate', 'host']);
/** Request headers neither proxy forwards: hop-by-hop ones, the caller's token and the routing headers. */
const NOT_FORWARDED = new Set([...HOP, 'authorization', 'connection_name', 'identifier']);

/** Tells the parent where this child listens (and anything else it needs), as one JSON line. */
const announce = (info: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(info)}\n`);

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
  const { loadConfig } = await import('../src/config/load-config.js');
  const { createLogger } = await import('../src/logging/logger.js');
  const { startServer } = await import('../src/app.js');
  const { findEnvironmentByName } = await import('../src/modules/environments/environments.js');
  const { updateEnvironmentSettings } = await import('../src/modules/environments/environment-settings.js');
  const { createApiClient } = await import('../src/modules/clients/api-clients.js');
  const { createCustomProvider } = await import('../src/modules/providers/custom/custom-providers.js');
  const { createConnection } = await import('../src/modules/connections/connections.js');
  const { sealAccountCredentials } = await import('../src/modules/accounts/account-credentials.js');
  const { newId } = await import('../src/storage/ids.js');
  const { pino } = await import('pino');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-'));
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' });
  // Logged as in production (one JSON line per request), into /dev/null so the terminal stays readable.
  const server = await startServer(config, createLogger(process.env.BENCH_LOG_LEVEL ?? 'info', pino.destination({ dest: '/dev/null', sync: true })));
  const db = server.core.storage.db;
  const envId = (await findEnvironmentByName(db, 'development')).id;
  await updateEnvironmentSettings(db, envId, { proxy_allowed_hosts: ['127.0.0.1'] });
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
  const client = await createApiClient(db, envId);
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
  });
  const { access_token } = (await res.json()) as { access_token: string };
  announce({ port: server.port, token: access_token });
  const stop = async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

// ---------------------------------------------------------------------------------------------
// The load generator.

interface Target {
  name: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  /** The process whose CPU time per request is reported (the proxy; the upstream for `direct`). */
  pid: number;
}

interface Slice {
  latencies: number[];
  seconds: number;
  cpuMs: number;
  errors: number;
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time (user + system) the target's process spent per request, in µs. */
  cpuPerReq: number;
}

/** utime + stime of a process in ms (Linux /proc, clock ticks of 10 ms); NaN elsewhere. */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function startChild(role: string, extra: string[] = []): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const profile = (role === 'latchkey' || role === 'bare') && process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...process.execArgv, ...profile, fileURLToPath(import.meta.url), `--role=${role}`, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ child, info: JSON.parse(buf.slice(0, nl)) as Record<string, unknown> });
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Keeps `concurrency` requests in flight for `seconds` through one keep-alive pool; latencies in ms. */
async function load(target: Target, concurrency: number, seconds: number): Promise<Slice> {
  const pool = new Pool(`http://127.0.0.1:${target.port}`, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ path: target.path, method: 'GET', headers: target.headers });
        await res.body.dump();
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  const cpu0 = cpuMs(target.pid);
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuMs(target.pid) - cpu0;
  await pool.close();
  return { latencies, seconds: elapsed, cpuMs: cpu, errors };
}

function summarise(slices: Slice[]): Result {
  const latencies = Float64Array.from(slices.flatMap((s) => s.latencies)).sort();
  const seconds = slices.reduce((a, s) => a + s.seconds, 0);
  const cpu = slices.reduce((a, s) => a + s.cpuMs, 0);
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuPerReq: (cpu * 1000) / latencies.length };
}

const fmt = (n: number, d = 2) => n.toFixed(d).padStart(9);

async function bench(): Promise<void> {
  const children: ChildProcess[] = [];
  try {
    const upstream = await startChild('upstream');
    children.push(upstream.child);
    const upstreamPort = Number(upstream.info.port);
    const bare = await startChild('bare', [String(upstreamPort)]);
    children.push(bare.child);
    const lk = await startChild('latchkey', [String(upstreamPort)]);
    children.push(lk.child);

    // What the SDK's actions.request() sends; the bare proxy gets the same headers (see the top).
    const callerHeaders = { authorization: `Bearer ${String(lk.info.token)}`, connection_name: 'bench', identifier: 'user_123' };
    const targets: Target[] = [
      { name: 'direct', port: upstreamPort, path: `/base${PATH}`, headers: { authorization: 'Bearer static-upstream-token' }, pid: upstream.child.pid! },
      { name: 'bare', port: Number(bare.info.port), path: PATH, headers: callerHeaders, pid: bare.child.pid! },
      { name: 'latchkey', port: Number(lk.info.port), path: `/proxy${PATH}`, headers: callerHeaders, pid: lk.child.pid! },
    ];
    const only = process.env.BENCH_TARGETS?.split(',');
    if (only) targets.splice(0, targets.length, ...targets.filter((t) => only.includes(t.name)));
    for (const t of targets) {
      const check = await load(t, 1, 0.3);
      if (check.errors) throw new Error(`${t.name} answered errors during the check`);
    }

    console.log(
      `Tool Proxy bench — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); ` +
        `per concurrency, ${ROUNDS} rounds of ${SLICE}s slices alternating between the targets (so drifting machine load hits all alike)`,
    );
    const results = new Map<string, Result>();
    for (const concurrency of [CONCURRENCY, 1]) {
      for (const t of targets) await load(t, concurrency, 1); // warm-up
      const slices = new Map<string, Slice[]>(targets.map((t) => [t.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of targets) {
          const slice = await load(t, concurrency, SLICE);
          if (slice.errors) throw new Error(`${t.name}: ${slice.errors} failed requests`);
          slices.get(t.name)!.push(slice);
        }
      }
      for (const t of targets) results.set(`${t.name}@${concurrency}`, summarise(slices.get(t.name)!));
    }

    console.log('\ntarget     conc     req/s   p50 ms   p99 ms   server CPU µs/req');
    for (const concurrency of [CONCURRENCY, 1]) {
      for (const t of targets) {
        const r = results.get(`${t.name}@${concurrency}`)!;
        console.log(`${t.name.padEnd(9)} ${String(concurrency).padStart(5)} ${fmt(r.rps, 0)} ${fmt(r.p50)} ${fmt(r.p99)} ${fmt(r.cpuPerReq, 0)}`);
      }
    }
    if (targets.length < 3) return;
    const get = (name: string, c: number) => results.get(`${name}@${c}`)!;
    const ratio = (a: number, b: number) => `${((a / b) * 100).toFixed(1)} %`;
    console.log('\nratios');
    console.log(`  latchkey / bare throughput @${CONCURRENCY}: ${ratio(get('latchkey', CONCURRENCY).rps, get('bare', CONCURRENCY).rps)} (target ≥ 85 %)`);
    console.log(`  bare / direct throughput @${CONCURRENCY}:   ${ratio(get('bare', CONCURRENCY).rps, get('direct', CONCURRENCY).rps)}`);
    console.log(`  latchkey added p50 over bare @1:  ${(get('latchkey', 1).p50 - get('bare', 1).p50).toFixed(3)} ms (target ≤ 1 ms)`);
    console.log(`  latchkey added p50 over bare @${CONCURRENCY}: ${(get('latchkey', CONCURRENCY).p50 - get('bare', CONCURRENCY).p50).toFixed(3)} ms`);
    console.log(`  proxy CPU per request @${CONCURRENCY}: latchkey ${get('latchkey', CONCURRENCY).cpuPerReq.toFixed(0)} µs vs bare ${get('bare', CONCURRENCY).cpuPerReq.toFixed(0)} µs (${ratio(get('bare', CONCURRENCY).cpuPerReq, get('latchkey', CONCURRENCY).cpuPerReq)} as efficient)`);
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
