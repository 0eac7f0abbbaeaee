/**
 * HTTP load from Debian's `wrk` (C, epoll): a generator far cheaper per request than the servers
 * it measures, so on a small machine the load is not the bottleneck. Each run prints its whole
 * latency histogram (µs → count) from a Lua `done` hook, so slices merge into exact percentiles.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WrkRun {
  requests: number;
  seconds: number;
  /** Socket errors and timeouts plus non-2xx/3xx answers. */
  errors: number;
  /** Latency in µs → how many requests took it. */
  histogram: Map<number, number>;
}

export interface LoadSummary {
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  requests: number;
}

/** The wrk binary: installed with apt-get when missing and running as root; otherwise exit 2 saying how. */
export function ensureWrk(): string {
  const found = spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.error('wrk not found: installing it (apt-get install -y wrk)…');
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: ['ignore', 'ignore', 'inherit'] });
    return ensureWrk();
  }
  console.error('This bench drives its load with wrk, which is not installed. Install it and run again:\n  sudo apt-get install -y wrk   # Debian/Ubuntu\n  brew install wrk              # macOS');
  process.exit(2);
}

const luaString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Sets the headers and, when done, prints one `WRK_JSON {…}` line with the counts and the histogram. */
function luaScript(headers: Record<string, string>): string {
  return [
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`),
    'done = function(summary, latency, requests)',
    '  local parts = {}',
    '  for i = 1, #latency do',
    '    local v, c = latency(i)',
    '    parts[#parts + 1] = string.format("%d:%d", v, c)',
    '  end',
    '  local e = summary.errors',
    '  io.write(string.format(\'WRK_JSON {"requests":%d,"duration_us":%d,"errors":%d,"hist":"%s"}\\n\',',
    '    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status, table.concat(parts, ",")))',
    'end',
    '',
  ].join('\n');
}

const scriptDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-wrk-'));
process.once('exit', () => fs.rmSync(scriptDir, { recursive: true, force: true }));

/** `connections` keep-alive connections (one wrk thread unless BENCH_WRK_THREADS) for `seconds` (whole: wrk's unit). */
export async function wrk(bin: string, opts: { url: string; headers: Record<string, string>; connections: number; seconds: number }): Promise<WrkRun> {
  const script = path.join(scriptDir, `s${Math.random().toString(36).slice(2)}.lua`);
  fs.writeFileSync(script, luaScript(opts.headers));
  const threads = Math.min(opts.connections, Number(process.env.BENCH_WRK_THREADS ?? 1));
  const args = ['-t', String(threads), '-c', String(opts.connections), '-d', `${Math.max(1, Math.round(opts.seconds))}s`, '--timeout', '10s', '-s', script, opts.url];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`wrk exited with ${code}: ${stderr.trim()}`))));
  });
  fs.rmSync(script, { force: true });
  const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const parsed = JSON.parse(line.slice('WRK_JSON '.length)) as { requests: number; duration_us: number; errors: number; hist: string };
  const histogram = new Map<number, number>();
  for (const pair of parsed.hist ? parsed.hist.split(',') : []) {
    const [v, c] = pair.split(':').map(Number);
    histogram.set(v, (histogram.get(v) ?? 0) + c);
  }
  return { requests: parsed.requests, seconds: parsed.duration_us / 1e6, errors: parsed.errors, histogram };
}

/** Exact percentile of merged µs histograms, in ms. */
export function histogramPercentile(histogram: Map<number, number>, p: number): number {
  const entries = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((a, [, c]) => a + c, 0);
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const [v, c] of entries) {
    seen += c;
    if (seen >= rank) return v / 1000;
  }
  return NaN;
}

/** Throughput over the slices' summed duration; percentiles over all their requests. */
export function summariseWrk(runs: WrkRun[]): LoadSummary {
  const merged = new Map<number, number>();
  for (const r of runs) for (const [v, c] of r.histogram) merged.set(v, (merged.get(v) ?? 0) + c);
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  return { rps: requests / seconds, p50: histogramPercentile(merged, 50), p99: histogramPercentile(merged, 99), requests };
}
