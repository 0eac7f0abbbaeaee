import dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { nonPublicKind, parseIPv6 } from '../../src/modules/egress/ip-ranges.js';
import { AllowList, DestinationRefusedError, checkDestination } from '../../src/modules/egress/ssrf-guard.js';
import { isPlainHttpHost } from '../../src/modules/egress/plain-http-rule.js';
import { pinnedLookup } from '../../src/modules/egress/pinned-dispatcher.js';
import { auditPath, checkCallerTarget, resolveUpstreamBase, upstreamPath } from '../../src/modules/proxy/build-upstream-url.js';
import { accountValues, buildCredential } from '../../src/modules/proxy/inject-credentials.js';
import { downstreamResponseHeaders, upstreamRequestHeaders } from '../../src/modules/proxy/hop-by-hop.js';
import type { AccountCredentials, ConnectedAccount } from '../../src/modules/accounts/account.js';
import type { AuthPattern } from '../../src/modules/providers/definition/provider-definition.js';
import { loadBuiltinCatalog } from '../../src/modules/providers/catalog/load-catalog.js';
import { DomainError } from '../../src/modules/errors/domain-error.js';

describe('ip-ranges: what counts as non-public', () => {
  const refused: Array<[string, string]> = [
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['10.1.2.3', 'a private-network address'],
    ['172.31.255.255', 'a private-network address'],
    ['192.168.0.1', 'a private-network address'],
    ['100.64.0.1', 'a shared (carrier-grade NAT) address'],
    ['100.127.255.255', 'a shared (carrier-grade NAT) address'],
    ['169.254.169.254', 'the cloud metadata address'],
    ['169.254.1.1', 'a link-local address'],
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a reserved or broadcast address'],
    ['::', 'an unspecified address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address (IPv4-mapped 127.0.0.1)'],
    ['::ffff:7f00:1', 'a loopback address (IPv4-mapped 127.0.0.1)'],
    ['::ffff:a9fe:a9fe', 'the cloud metadata address (IPv4-mapped 169.254.169.254)'],
    ['::127.0.0.1', 'a loopback address (IPv4-compatible 127.0.0.1)'],
    ['64:ff9b::a00:1', 'a private-network address (NAT64 10.0.0.1)'],
    ['2002:c0a8:101::1', 'a private-network address (6to4 192.168.1.1)'],
    ['fd00:ec2::254', 'a unique-local (private) address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['ff02::1', 'a multicast address'],
  ];
  for (const [ip, kind] of refused) it(`${ip} is ${kind}`, () => expect(nonPublicKind(ip)).toBe(kind));

  for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
    it(`${ip} is public`, () => expect(nonPublicKind(ip)).toBeUndefined());
  }

  it('expands IPv6 forms', () => {
    expect(parseIPv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6('[2001:db8::ff00:42:8329]')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIPv6('1.2.3.4')).toBeUndefined();
  });
});

describe('ssrf-guard', () => {
  it('allows public addresses, refuses the rest unless the allow-list names the host or the address', () => {
    expect(checkDestination('api.example.com', '93.184.216.34', AllowList.EMPTY)).toBeUndefined();
    const refused = checkDestination('internal.corp', '10.0.0.5', AllowList.EMPTY);
    expect(refused).toBeInstanceOf(DestinationRefusedError);
    expect(refused?.message).toBe("the proxy does not connect to 10.0.0.5 (resolved from 'internal.corp'): it is a private-network address");
    expect(checkDestination('internal.corp', '10.0.0.5', new AllowList(['INTERNAL.corp.']))).toBeUndefined();
    expect(checkDestination('internal.corp', '10.0.0.5', new AllowList(['10.0.0.5']))).toBeUndefined();
    expect(checkDestination('other.corp', '10.0.0.6', new AllowList(['10.0.0.5', 'internal.corp']))).toBeInstanceOf(DestinationRefusedError);
    expect(checkDestination('::1', '::1', new AllowList(['[::1]']))).toBeUndefined();
    expect(checkDestination('::1', '0:0:0:0:0:0:0:1', new AllowList(['::1']))).toBeUndefined();
  });

  it('knows the hosts an http URL may name: localhost and loopback literals', () => {
    for (const h of ['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost', 'LOCALHOST.', '::ffff:127.0.0.1']) expect(isPlainHttpHost(h)).toBe(true);
    // *.localhost may resolve anywhere through a system resolver; only the bare name is trusted.
    for (const h of ['10.0.0.1', 'example.com', 'localhost.example.com', 'api.localhost', '0.0.0.0']) expect(isPlainHttpHost(h)).toBe(false);
  });

  it('over plain http, refuses every address that is not loopback, allow-listed or public', () => {
    const allow = new AllowList(['10.0.0.5', '127.0.0.1']);
    expect(checkDestination('127.0.0.1', '127.0.0.1', allow, true)).toBeUndefined();
    for (const [host, address] of [['example.com', '93.184.216.34'], ['10.0.0.5', '10.0.0.5'], ['localhost', '10.0.0.5']]) {
      const refused = checkDestination(host, address, allow, true);
      expect(refused).toMatchObject({ plainHttp: true, kind: 'not a loopback address, and plain http is spoken only to loopback addresses (use https)' });
    }
    // Loopback over http still needs the allow-list, like any non-public address.
    expect(checkDestination('127.0.0.2', '127.0.0.2', allow, true)).toMatchObject({ plainHttp: false, kind: 'a loopback address' });
  });

  it('the pinned lookup refuses a name resolving to loopback and hands the checked addresses to the socket', async () => {
    const lookup = pinnedLookup(AllowList.EMPTY);
    const err = await new Promise<unknown>((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
    expect(err).toBeInstanceOf(DestinationRefusedError);
    expect((err as Error).message).toBe("the proxy does not connect to 127.0.0.1 (resolved from 'localhost'): it is a loopback address");

    const allowed = pinnedLookup(new AllowList(['localhost']));
    const got = await new Promise<{ err: unknown; addresses: unknown }>((resolve) => allowed('localhost', { all: true }, (e, addresses) => resolve({ err: e, addresses })));
    expect(got.err).toBeNull();
    const expected = await dns.promises.lookup('localhost', { all: true });
    expect(got.addresses).toEqual(expected);
    const single = await new Promise<unknown[]>((resolve) => allowed('localhost', {}, (...args) => resolve(args)));
    expect(single).toEqual([null, expected[0].address, expected[0].family]);
  });
});

describe('build-upstream-url', () => {
  it('fills proxy_url templates and keeps https for real hosts', () => {
    expect(resolveUpstreamBase('https://{{domain}}/api', { domain: 'acme.freshdesk.com' })).toEqual({
      origin: 'https://acme.freshdesk.com', basePath: '/api', baseQuery: '', host: 'acme.freshdesk.com',
    });
    expect(resolveUpstreamBase('https://{{shop}}.myshopify.com/admin/api/', { shop: 'acme' }).basePath).toBe('/admin/api');
    expect(resolveUpstreamBase('https://api.example.com', {})).toMatchObject({ origin: 'https://api.example.com', basePath: '' });
  });

  it('keeps the scheme as written: https stays https (TLS) on loopback too; http only for a loopback host', () => {
    expect(resolveUpstreamBase('https://{{domain}}/api', { domain: '127.0.0.1:8443' }).origin).toBe('https://127.0.0.1:8443');
    expect(resolveUpstreamBase('https://{{domain}}/api', { domain: '10.0.0.1' }).origin).toBe('https://10.0.0.1');
    expect(resolveUpstreamBase('http://127.0.0.1:8080/api', {}).origin).toBe('http://127.0.0.1:8080');
    expect(resolveUpstreamBase('http://localhost:8080', {}).origin).toBe('http://localhost:8080');
    expect(resolveUpstreamBase('http://[::1]:8080', {}).origin).toBe('http://[::1]:8080');
    for (const url of ['http://api.example.com', 'http://10.0.0.1', 'ftp://127.0.0.1']) {
      expect(() => resolveUpstreamBase(url, {})).toThrow(/must be an https URL \(http is accepted only for a loopback host/);
    }
    // A templated host filled with a public name cannot turn an http URL into cleartext to the internet.
    expect(() => resolveUpstreamBase('http://{{domain}}/api', { domain: 'evil.example' })).toThrow(/must be an https URL/);
  });

  it('a host:port template value fits only a template forming the whole authority', () => {
    expect(() => resolveUpstreamBase('https://{{shop}}.myshopify.com', { shop: 'acme:443' })).toThrow(DomainError);
    expect(() => resolveUpstreamBase('https://{{domain}}/api', { domain: 'user@evil.com' })).toThrow(/not allowed here/);
  });

  it('keeps the caller path and query raw, joined to the base', () => {
    const base = resolveUpstreamBase('https://api.example.com/v2', {});
    expect(upstreamPath(base, checkCallerTarget('/items/a%2Fb?x=1&x=2&y=%20'))).toBe('/v2/items/a%2Fb?x=1&x=2&y=%20');
    expect(upstreamPath(base, checkCallerTarget(''))).toBe('/v2');
    expect(upstreamPath(base, checkCallerTarget('/'))).toBe('/v2/');
    const root = resolveUpstreamBase('https://api.example.com', {});
    expect(upstreamPath(root, checkCallerTarget(''))).toBe('/');
    const withQuery = resolveUpstreamBase('https://api.example.com/x?api-version=2', {});
    expect(upstreamPath(withQuery, checkCallerTarget('/y?z=1'))).toBe('/x/y?api-version=2&z=1');
  });

  it('lets through paths that only look odd', () => {
    for (const p of ['/v1/spreadsheets/abc:batchUpdate', '/files/my%20file.txt', '/a..b/c', '/.well-known/x', '/projects/group%2Fproject', '/v1/x;y']) {
      expect(checkCallerTarget(p).path).toBe(p);
    }
  });

  it('audits the path with parameter names only', () => {
    expect(auditPath('/v1/customers?email=a%40b.c&limit=3&flag')).toBe('/v1/customers?email&limit&flag');
    expect(auditPath('')).toBe('/');
    expect(auditPath('/x')).toBe('/x');
  });
});

describe('inject-credentials: exactly as provider-definition.ts documents', () => {
  const account = { identifier: 'u', accountFields: {} } as unknown as ConnectedAccount;
  const pattern = (p: Partial<AuthPattern>): AuthPattern => ({ type: 'BEARER', display_name: 'x', fields: [], account_fields: [], ...p });
  const inject = (p: AuthPattern, creds: AccountCredentials) => buildCredential(p, account, creds, accountValues(p, account, creds));
  const builtin = (key: string, type: string) => loadBuiltinCatalog().get(key)!.auth_patterns.find((p) => p.type === type)!;

  it('OAUTH / BEARER → Authorization: Bearer …; a header override gets the value verbatim', () => {
    expect(inject(pattern({ type: 'OAUTH' }), { kind: 'oauth', access_token: 'at-123456' })).toMatchObject({ name: 'Authorization', value: 'Bearer at-123456' });
    expect(inject(pattern({ type: 'BEARER' }), { kind: 'static', fields: { token: 'tk-123456' } })).toMatchObject({ name: 'Authorization', value: 'Bearer tk-123456' });
    expect(inject(builtin('shopify', 'OAUTH'), { kind: 'oauth', access_token: 'shpat_123456' })).toMatchObject({ name: 'X-Shopify-Access-Token', lowerName: 'x-shopify-access-token', value: 'shpat_123456' });
  });

  it('API_KEY → the key as-is in the override header (Figma)', () => {
    expect(inject(builtin('figma', 'API_KEY'), { kind: 'static', fields: { api_key: 'figd_123456' } })).toMatchObject({ name: 'X-Figma-Token', value: 'figd_123456' });
    expect(inject(pattern({ type: 'API_KEY' }), { kind: 'static', fields: { api_key: 'k-123456' } })).toMatchObject({ name: 'Authorization', value: 'k-123456' });
  });

  it('BASIC → Basic base64(username:password), with mutations (Freshdesk default X, Zendesk suffix /token)', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect(inject(builtin('freshdesk', 'BASIC'), { kind: 'static', fields: { domain: 'acme.freshdesk.com', username: 'fdkey123' } }).value).toBe(`Basic ${b64('fdkey123:X')}`);
    expect(inject(builtin('zendesk', 'BASIC'), { kind: 'static', fields: { subdomain: 'acme', username: 'me@acme.io', password: 'zd-token-1' } }).value).toBe(
      `Basic ${b64('me@acme.io/token:zd-token-1')}`,
    );
  });

  it('prefix mutations replace Bearer and fill {{field}} templates (Discord, Trello)', () => {
    expect(inject(builtin('discord', 'BEARER'), { kind: 'static', fields: { token: 'bot-123456' } }).value).toBe('Bot bot-123456');
    expect(inject(builtin('trello', 'API_KEY'), { kind: 'static', fields: { app_key: 'appkey1', api_key: 'usertoken1' } }).value).toBe(
      'OAuth oauth_consumer_key="appkey1", oauth_token="usertoken1"',
    );
  });

  it('lists the secrets to strip from responses, skipping trivially short ones', () => {
    const c = inject(builtin('freshdesk', 'BASIC'), { kind: 'static', fields: { domain: 'd', username: 'fdkey123' } });
    expect(c.secrets).toContain('fdkey123');
    expect(c.secrets).not.toContain('X');
  });

  it('refuses credentials of the wrong kind or with line breaks', () => {
    expect(() => inject(pattern({ type: 'BEARER' }), { kind: 'oauth', access_token: 'x' })).toThrow(/no token for its BEARER connection/);
    expect(() => inject(pattern({ type: 'BEARER' }), { kind: 'static', fields: { token: 'a\r\nX-Evil: 1' } })).toThrow(/line break/);
  });
});

describe('hop-by-hop', () => {
  const cred = { name: 'X-API-Key', lowerName: 'x-api-key', value: 'injected', secrets: ['injected-secret'] };

  it('drops hop-by-hop, Connection-listed, routing and credential headers; the injected one goes last', () => {
    const out = upstreamRequestHeaders(
      [
        'Host', 'latchkey', 'Authorization', 'Bearer env', 'connection_name', 'c', 'identifier', 'i', 'Connection', 'keep-alive, X-Trace',
        'X-Trace', 't', 'Keep-Alive', '5', 'TE', 'trailers', 'Transfer-Encoding', 'chunked', 'Upgrade', 'h2c', 'Expect', '100-continue',
        'x-api-key', 'attacker', 'X-API-KEY', 'attacker2', ':path', '/x', 'Accept', 'a', 'Accept', 'b', 'Content-Length', '3',
      ],
      cred,
    );
    expect(out).toEqual(['Accept', 'a', 'Accept', 'b', 'Content-Length', '3', 'X-API-Key', 'injected']);
  });

  it('refuses CR, LF and NUL in values and non-token names', () => {
    expect(() => upstreamRequestHeaders(['X-A', 'a\r\nB: c'], cred)).toThrow(/contains CR, LF or NUL/);
    expect(() => upstreamRequestHeaders(['X-A', 'a\nb'], cred)).toThrow(DomainError);
    expect(() => upstreamRequestHeaders(['X-A', 'a\0b'], cred)).toThrow(DomainError);
    expect(() => upstreamRequestHeaders(['X A', 'v'], cred)).toThrow(/not a valid HTTP token/);
  });

  it('filters response headers', () => {
    expect(
      downstreamResponseHeaders(
        { 'content-type': 'a/b', connection: 'close, x-internal', 'x-internal': '1', 'transfer-encoding': 'chunked', 'x-echo': 'Bearer injected-secret', 'set-cookie': ['a=1', 'b=injected-secret'], 'retry-after': '5' },
        cred.secrets,
      ),
    ).toEqual({ 'content-type': 'a/b', 'retry-after': '5' });
  });
});
