/**
 * gRPC load from nghttp2's `h2load` (C): unary gRPC is a POST of one length-prefixed protobuf
 * frame, so a pre-encoded body replays the same call over one h2 session with N concurrent
 * streams, as one SDK client would. h2load cannot read trailers (grpc-status): callers check one
 * call with a real client first and count what reached the upstream.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WrkRun } from './wrk.js';

/** The h2load binary: installed with apt-get (nghttp2-client) when missing and running as root; otherwise exit 2. */
export function ensureH2load(): string {
  const found = spawnSync('sh', ['-c', 'command -v h2load'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.error('h2load not found: installing it (apt-get install -y nghttp2-client)…');
    execFileSync('apt-get', ['install', '-y', 'nghttp2-client'], { stdio: ['ignore', 'ignore', 'inherit'] });
    return ensureH2load();
  }
  console.error('This bench drives its gRPC load with h2load, which is not installed. Install it and run again:\n  sudo apt-get install -y nghttp2-client   # Debian/Ubuntu\n  brew install nghttp2                     # macOS');
  process.exit(2);
}

/** A unary gRPC request body: uncompressed flag, big-endian length, the message. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-h2load-'));
process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

/** One h2c session (prior knowledge), `streams` calls in flight, for `seconds`; latencies from its per-request log. */
export async function h2load(bin: string, opts: { url: string; headers: Record<string, string>; body: Buffer; streams: number; seconds: number }): Promise<WrkRun> {
  const tag = Math.random().toString(36).slice(2);
  const bodyFile = path.join(dir, `${tag}.bin`);
  const logFile = path.join(dir, `${tag}.log`);
  fs.writeFileSync(bodyFile, opts.body);
  const headers = { 'content-type': 'application/grpc', te: 'trailers', ...opts.headers };
  const seconds = Math.max(1, Math.round(opts.seconds));
  const args = ['-c', '1', '-t', '1', '-m', String(opts.streams), '-D', String(seconds), '-d', bodyFile, `--log-file=${logFile}`,
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), opts.url];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`h2load exited with ${code}: ${out.trim()}`))));
  });
  const histogram = new Map<number, number>();
  let requests = 0;
  let errors = 0;
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    const [, status, us] = line.split('\t');
    if (us === undefined) continue;
    requests++;
    if (status !== '200') errors++;
    const v = Math.round(Number(us));
    histogram.set(v, (histogram.get(v) ?? 0) + 1);
  }
  fs.rmSync(bodyFile, { force: true });
  fs.rmSync(logFile, { force: true });
  return { requests, seconds, errors, histogram };
}
