import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundFetch, type OutboundFetcher } from '../../src/modules/egress/outbound-fetch.js';
import { AllowList, DestinationRefusedError, refusalIn } from '../../src/modules/egress/ssrf-guard.js';
import { makeTestCert, type TestCert } from '../fakes/tls-cert.js';
import { captureLogger, rejectionOf } from '../helpers/test-utils.js';

describe('outbound fetch (OAuth token, refresh, userinfo): the SSRF guard per environment allow-list', () => {
  let cert: TestCert;
  let server: https.Server;
  let port: number;
  const hits: string[] = [];
  const logs: string[] = [];
  let outbound: OutboundFetcher;

  beforeAll(async () => {
    cert = makeTestCert();
    server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
      hits.push(req.url!);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
    outbound = createOutboundFetch({ upstreamCaFile: cert.certFile, log: captureLogger(logs) });
  });
  afterAll(async () => {
    await outbound?.close();
    server?.closeAllConnections();
    await new Promise<void>((r) => server?.close(() => r()));
  });

  it('reaches a loopback server the allow-list names (by address), trusting UPSTREAM_CA_FILE', async () => {
    const res = await outbound.forAllowList(new AllowList(['127.0.0.1']))(`https://127.0.0.1:${port}/token`, { method: 'POST', body: 'x=1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(hits).toEqual(['/token']);
    // Equal lists share one fetch (and its pool).
    expect(outbound.forAllowList(new AllowList(['127.0.0.1']))).toBe(outbound.forAllowList(new AllowList(['127.0.0.1'])));
  });

  it('without the extra CA, the guarded connection does not trust the self-signed upstream', async () => {
    const bare = createOutboundFetch();
    try {
      const err = await rejectionOf(bare.forAllowList(new AllowList(['127.0.0.1']))(`https://127.0.0.1:${port}/ca`));
      expect(refusalIn(err)).toBeUndefined();
      expect(String((err as { cause?: { code?: string } }).cause?.code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    } finally {
      await bare.close();
    }
  });

  const refused: Array<[string, string, string]> = [
    ['https://127.0.0.1:PORT/token', '127.0.0.1', 'a loopback address'],
    ['https://127.1:PORT/token?code=secret-code', '127.0.0.1', 'a loopback address'],
    ['https://2130706433:PORT/token', '127.0.0.1', 'a loopback address'],
    ['https://169.254.169.254/latest/meta-data/iam', '169.254.169.254', 'the cloud metadata address'],
    ['https://10.0.0.5/token', '10.0.0.5', 'a private-network address'],
    ['https://[::ffff:127.0.0.1]:PORT/token', '::ffff:7f00:1', 'a loopback address (IPv4-mapped 127.0.0.1)'],
  ];
  for (const [template, address, kind] of refused) {
    it(`refuses ${template.replace(':PORT', '')} without an allow-list: ${kind}, before any byte is sent`, async () => {
      const url = template.replace('PORT', String(port));
      const before = hits.length;
      const err = await rejectionOf(outbound.forAllowList(AllowList.EMPTY)(url));
      const refusal = refusalIn(err);
      expect(refusal).toBeInstanceOf(DestinationRefusedError);
      expect(refusal).toMatchObject({ address, kind, destination: address });
      expect(hits.length).toBe(before);
    });
  }

  it('refuses a name resolving to loopback, naming the name and the address', async () => {
    const err = await rejectionOf(outbound.forAllowList(new AllowList(['10.0.0.5']))(`https://localhost:${port}/token`));
    const refusal = refusalIn(err)!;
    expect(refusal.host).toBe('localhost');
    expect(refusal.destination).toMatch(/^(127\.0\.0\.1|::1) \(resolved from 'localhost'\)$/);
    expect(refusal.kind).toBe('a loopback address');
  });

  it('logs each refusal at warn with the origin only (no path, no query)', () => {
    const lines = logs.map((l) => JSON.parse(l) as { level: number; msg: string; origin?: string; address?: string });
    const refusals = lines.filter((l) => l.msg === 'outbound request refused: destination is not public');
    expect(refusals.length).toBeGreaterThanOrEqual(refused.length + 1);
    expect(refusals.every((l) => l.level === 40)).toBe(true);
    expect(refusals).toContainEqual(expect.objectContaining({ origin: 'https://169.254.169.254', address: '169.254.169.254' }));
    expect(logs.some((l) => l.includes('secret-code') || l.includes('/token') || l.includes('meta-data'))).toBe(false);
  });
});
