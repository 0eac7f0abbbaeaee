import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider } from '../helpers/agent-auth-fixtures.js';
import { eventually, secret } from '../helpers/test-utils.js';
import { proxy } from '../proxy/fixtures.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"/y;

function parseValue(v: string): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw new Error(`not a sample value: ${v}`);
  return Number(v);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    LABEL.lastIndex = at;
    const m = LABEL.exec(text);
    if (!m) throw new Error(`bad label set in: ${line}`);
    if (m[1] in labels) throw new Error(`label ${m[1]} twice in: ${line}`);
    labels[m[1]] = m[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    at = LABEL.lastIndex;
    if (at < text.length) {
      if (text[at] !== ',') throw new Error(`bad label separator in: ${line}`);
      at++;
    }
  }
  return labels;
}

/** The family a sample belongs to: histogram series carry a suffix on the family's name. */
function familyOf(name: string, types: Map<string, string>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && (types.get(base) === 'histogram' || (suffix !== '_bucket' && types.get(base) === 'summary'))) return base;
  }
  return name;
}

/**
 * Parses the Prometheus text format (0.0.4) strictly: HELP/TYPE before a family's samples, one TYPE
 * per family, a family's samples together, valid names, label sets and values, no duplicate series.
 */
function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const done = new Set<string>();
  const seriesSeen = new Set<string>();
  let current: string | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // a plain comment
      const [, kind, name, rest] = m;
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name: ${line}`);
      if (name !== current) {
        if (current) done.add(current);
        if (done.has(name)) throw new Error(`family ${name} appears twice`);
        current = name;
      }
      if (kind === 'TYPE') {
        if (types.has(name)) throw new Error(`TYPE twice for ${name}`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad TYPE: ${line}`);
        if (samples.some((s) => familyOf(s.name, types) === name)) throw new Error(`TYPE after samples of ${name}`);
        types.set(name, rest);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = m[2] === undefined ? {} : parseLabels(m[2], line);
    const sample = { name: m[1], labels, value: parseValue(m[3]) };
    const family = familyOf(sample.name, types);
    if (family !== current) throw new Error(`sample of ${family} outside its family block: ${line}`);
    const key = `${sample.name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seriesSeen.has(key)) throw new Error(`duplicate series: ${line}`);
    seriesSeen.add(key);
    samples.push(sample);
  }
  return { types, samples };
}

const withoutLe = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).filter(([k]) => k !== 'le').sort());

/** Every histogram's buckets: ascending `le`, cumulative counts, closed by +Inf equal to _count, with a _sum. */
function checkHistograms(exp: Exposition): number {
  let checked = 0;
  for (const [family, type] of exp.types) {
    if (type !== 'histogram') continue;
    const groups = new Map<string, Sample[]>();
    for (const s of exp.samples.filter((x) => x.name === `${family}_bucket`)) {
      if (s.labels.le === undefined) throw new Error(`${family}_bucket without le`);
      const k = withoutLe(s.labels);
      groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    for (const [k, buckets] of groups) {
      const les = buckets.map((b) => parseValue(b.labels.le));
      for (let i = 1; i < buckets.length; i++) {
        expect(les[i], `${family} ${k}: le ascending`).toBeGreaterThan(les[i - 1]);
        expect(buckets[i].value, `${family} ${k}: cumulative`).toBeGreaterThanOrEqual(buckets[i - 1].value);
      }
      expect(buckets[buckets.length - 1].labels.le, `${family} ${k}: last bucket`).toBe('+Inf');
      const count = exp.samples.filter((s) => s.name === `${family}_count` && withoutLe(s.labels) === k);
      const sum = exp.samples.filter((s) => s.name === `${family}_sum` && withoutLe(s.labels) === k);
      expect(count, `${family} ${k}: one _count`).toHaveLength(1);
      expect(sum, `${family} ${k}: one _sum`).toHaveLength(1);
      expect(buckets[buckets.length - 1].value, `${family} ${k}: +Inf = _count`).toBe(count[0].value);
      checked++;
    }
  }
  return checked;
}

const find = (exp: Exposition, name: string, labels: Record<string, string>) =>
  exp.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe('request metrics: latchkey_requests_total and latchkey_request_duration_seconds', () => {
  let env: AgentAuthEnv;
  let up: EchoUpstream;

  beforeAll(async () => {
    up = await startEchoUpstream();
    env = await startAgentAuthEnv({ allowHosts: ['127.0.0.1'] });
    await customProvider(env.db, env.envId, 'fake_bearer', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
    await connectionWithAccount(env, {
      providerKey: 'fake_bearer', connectionName: 'metrics-conn', authType: 'BEARER', identifier: 'user_123',
      credentials: { kind: 'static', fields: { domain: up.hostPort, token: secret('bearer') } },
    });
  });

  afterAll(async () => {
    await env?.server.close();
    await up?.close();
  });

  it('counts proxied and API calls per route and status, with valid cumulative histograms', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await proxy(env, { connectionName: 'metrics-conn', identifier: 'user_123', path: `/v1/items/${i}` });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    }
    const refused = await proxy(env, { connectionName: 'no-such-conn', identifier: 'user_123', path: '/v1/items' });
    expect(refused.statusCode).toBe(404);
    await refused.body.dump();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${env.server.url}/api/v1/organizations`, { headers: { authorization: `Bearer ${env.token}` } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }

    // Metrics are recorded when the response closes, which may trail the client's read by a tick.
    const text = await eventually(async () => {
      const t = await (await fetch(`${env.server.url}/metrics`)).text();
      return t.includes('latchkey_requests_total{protocol="http",route="/proxy/*",status="404"} 1') ? t : undefined;
    });
    expect(text).toContain('\nlatchkey_requests_total{protocol="http",route="/proxy/*",status="200"} 3\n');
    expect(text).toContain('\nlatchkey_requests_total{protocol="http",route="/proxy/*",status="404"} 1\n');
    expect(text).toContain('# TYPE latchkey_requests_total counter\n');
    expect(text).toContain('# TYPE latchkey_request_duration_seconds histogram\n');

    const exp = parseExposition(text);
    expect(exp.types.get('latchkey_requests_total')).toBe('counter');
    expect(exp.types.get('latchkey_request_duration_seconds')).toBe('histogram');
    // Ours plus prom-client's default histograms (GC durations, event loop), all well formed.
    expect(checkHistograms(exp)).toBeGreaterThanOrEqual(2);

    // The proxy route's histogram: the fixed buckets in order, cumulative, +Inf and _count = the 4 calls.
    const proxyLabels = { protocol: 'http', route: '/proxy/*' };
    const buckets = find(exp, 'latchkey_request_duration_seconds_bucket', proxyLabels);
    expect(buckets.map((b) => b.labels.le)).toEqual(['0.001', '0.005', '0.01', '0.05', '0.1', '0.5', '1', '5', '+Inf']);
    expect(buckets.every((b) => Object.keys(b.labels).sort().join() === 'le,protocol,route')).toBe(true);
    expect(buckets[buckets.length - 1].value).toBe(4);
    expect(find(exp, 'latchkey_request_duration_seconds_count', proxyLabels).map((s) => s.value)).toEqual([4]);
    const [proxySum] = find(exp, 'latchkey_request_duration_seconds_sum', proxyLabels);
    expect(proxySum.value).toBeGreaterThan(0);
    expect(proxySum.value).toBeLessThan(4 * 5);
    expect(find(exp, 'latchkey_requests_total', proxyLabels).map((s) => [s.labels.status, s.value]).sort()).toEqual([['200', 3], ['404', 1]]);

    // The API calls, under their Fastify route (the REST transcoder's), the token endpoint under its own.
    const apiRoute = '/api/*';
    expect(exp.samples.filter((s) => s.name === 'latchkey_requests_total' && s.labels.route.startsWith('/api')).map((s) => [s.labels, s.value])).toEqual([
      [{ protocol: 'http', route: apiRoute, status: '200' }, 2],
    ]);
    expect(find(exp, 'latchkey_request_duration_seconds_count', { protocol: 'http', route: apiRoute }).map((s) => s.value)).toEqual([2]);
    expect(find(exp, 'latchkey_request_duration_seconds_bucket', { protocol: 'http', route: apiRoute, le: '+Inf' }).map((s) => s.value)).toEqual([2]);
    expect(find(exp, 'latchkey_requests_total', { protocol: 'http', route: '/oauth/token', status: '200' }).map((s) => s.value)).toEqual([1]);

    // Counters only grow: three more proxied calls show on the next scrape.
    for (let i = 0; i < 3; i++) await (await proxy(env, { connectionName: 'metrics-conn', identifier: 'user_123', path: '/v1/more' })).body.dump();
    const after = await eventually(async () => {
      const t = await (await fetch(`${env.server.url}/metrics`)).text();
      return t.includes('latchkey_requests_total{protocol="http",route="/proxy/*",status="200"} 6\n') ? t : undefined;
    });
    const exp2 = parseExposition(after);
    checkHistograms(exp2);
    expect(find(exp2, 'latchkey_request_duration_seconds_count', proxyLabels).map((s) => s.value)).toEqual([7]);
  });
});
