import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider } from '../helpers/agent-auth-fixtures.js';
import { proxy } from './fixtures.js';

const MiB = 1024 * 1024;
const SIZE = 200 * MiB;
/**
 * RSS may grow this much while 200 MiB crosses the proxy in this one process (client, proxy and
 * upstream all run here): buffers in flight plus garbage V8 has not collected yet, which on a
 * CPU-starved machine (CI running other suites) can pass 64 MiB. Buffering the body anywhere would
 * add at least its 200 MiB.
 */
const MAX_RSS_GROWTH = 96 * MiB;

/** 200 MiB of deterministic bytes in 256 KiB chunks (each one different), hashed as they are produced. */
function generated(size: number) {
  const hash = createHash('sha256');
  const block = randomBytes(256 * 1024);
  async function* chunks() {
    for (let sent = 0, i = 0; sent < size; i++) {
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, size - sent)));
      chunk.writeUInt32BE(i, 0);
      hash.update(chunk);
      sent += chunk.length;
      yield chunk;
    }
  }
  return { chunks, digest: () => hash.digest('hex') };
}

v8.setFlagsFromString('--expose-gc');
/** A full collection before measuring, so garbage from earlier tests does not count (or hide growth). */
const gc = vm.runInNewContext('gc') as () => void;

/** Samples RSS while `work` runs; returns the largest growth over the starting value. */
async function rssGrowthDuring<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  gc();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - start };
  } finally {
    clearInterval(timer);
  }
}

// One dialect: streaming never touches the database beyond the (cached) account lookup.
describe('tool proxy: 200 MiB bodies stream both ways with bounded memory', () => {
  let env: AgentAuthEnv;
  let up: EchoUpstream;

  beforeAll(async () => {
    up = await startEchoUpstream({ keepBodyUpTo: 0 });
    env = await startAgentAuthEnv({ allowHosts: ['127.0.0.1'], env: { PROXY_MAX_BODY_BYTES: String(256 * MiB) } });
    await customProvider(env.db, env.envId, 'fake_files', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
    await connectionWithAccount(env, {
      providerKey: 'fake_files', connectionName: 'files', authType: 'BEARER', identifier: 'user_123',
      credentials: { kind: 'static', fields: { domain: up.hostPort, token: `tok-${randomBytes(8).toString('hex')}` } },
    });
    // Warm up pools, caches and JIT so the samples measure the transfer.
    const warm = await proxy(env, { connectionName: 'files', identifier: 'user_123', path: '/warm', method: 'POST', body: randomBytes(4 * MiB) });
    await warm.body.dump();
  }, 60_000);

  afterAll(async () => {
    await env?.server.close();
    await up?.close();
  });

  it('uploads 200 MiB with a Content-Length', async () => {
    const gen = generated(SIZE);
    const { result, growth } = await rssGrowthDuring(async () => {
      const res = await proxy(env, {
        connectionName: 'files', identifier: 'user_123', path: '/upload', method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(SIZE) },
        body: Readable.from(gen.chunks()),
      });
      return { status: res.statusCode, json: (await res.body.json()) as { bodyBytes: number; bodySha256: string } };
    });
    expect(result.status).toBe(200);
    expect(result.json.bodyBytes).toBe(SIZE);
    expect(result.json.bodySha256).toBe(gen.digest());
    expect(up.last().headers['content-length']).toBe(String(SIZE));
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
  }, 120_000);

  it('uploads 200 MiB chunked (no Content-Length)', async () => {
    const gen = generated(SIZE);
    const { result, growth } = await rssGrowthDuring(async () => {
      const res = await proxy(env, { connectionName: 'files', identifier: 'user_123', path: '/upload-chunked', method: 'POST', body: Readable.from(gen.chunks()) });
      return { status: res.statusCode, json: (await res.body.json()) as { bodyBytes: number; bodySha256: string } };
    });
    expect(result.status).toBe(200);
    expect(result.json.bodyBytes).toBe(SIZE);
    expect(result.json.bodySha256).toBe(gen.digest());
    expect(up.last().headers['transfer-encoding']).toBe('chunked');
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
  }, 120_000);

  it('downloads 200 MiB as the upstream streams it', async () => {
    const gen = generated(SIZE);
    up.respond(async (_r, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(SIZE) });
      for await (const chunk of gen.chunks()) {
        if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
      }
      res.end();
    });
    try {
      const { result, growth } = await rssGrowthDuring(async () => {
        const res = await proxy(env, { connectionName: 'files', identifier: 'user_123', path: '/download' });
        const hash = createHash('sha256');
        let bytes = 0;
        for await (const chunk of res.body) {
          hash.update(chunk as Buffer);
          bytes += (chunk as Buffer).length;
        }
        return { status: res.statusCode, length: res.headers['content-length'], bytes, sha: hash.digest('hex') };
      });
      expect(result.status).toBe(200);
      expect(result.length).toBe(String(SIZE));
      expect(result.bytes).toBe(SIZE);
      expect(result.sha).toBe(gen.digest());
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
    } finally {
      up.respond(undefined);
    }
  }, 120_000);
});
