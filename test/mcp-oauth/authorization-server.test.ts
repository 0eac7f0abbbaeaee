import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { DIALECTS } from '../helpers/test-server.js';
import { startMcpEnv, type McpEnv } from '../mcp/mcp-env.js';
import { allowHosts } from '../helpers/agent-auth-env.js';
import { startCimdHost } from './cimd-host.js';
import { ExpiredEntriesSweep } from '../../src/modules/mcp-oauth/provider/expired-entries-sweep.js';

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/**
 * Latchkey's authorization server for MCP clients without a browser: its metadata at every URL the
 * MCP spec has clients try, dynamic registration and its checks, and authorization requests it
 * refuses before any sign-in (no PKCE, plain PKCE, an unregistered redirect_uri, a foreign resource).
 */
for (const dialect of DIALECTS) {
  describe(`MCP OAuth: authorization server metadata and request checks (${dialect.name})`, () => {
    let m: McpEnv;
    let base: string;
    let issuer: string;
    let resource: string;
    const redirectUri = 'http://127.0.0.1:9/callback';
    let clientId: string;

    beforeAll(async () => {
      m = await startMcpEnv(dialect.databaseUrl);
      await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} });
      base = m.env.server.url;
      issuer = `${base}/mcp/oauth`;
      resource = `${base}/mcp/v3/connections/gmail`;
      const reg = await fetch(`${issuer}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'raw client', redirect_uris: [redirectUri], application_type: 'native', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] }),
      });
      expect(reg.status).toBe(201);
      clientId = (await reg.json()).client_id;
    }, 120_000);
    afterAll(async () => m?.close());

    const authorize = (params: Record<string, string>) => fetch(`${issuer}/auth?${new URLSearchParams(params)}`, { redirect: 'manual' });

    it('the 401 points at protected-resource metadata naming this issuer; RFC 8414 and both OIDC discovery URLs serve its metadata', async () => {
      const challenge = await fetch(resource, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(challenge.status).toBe(401);
      const pointer = /resource_metadata="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1];
      const prm = await (await fetch(pointer!)).json();
      expect(prm).toMatchObject({ resource, authorization_servers: [issuer] });

      const urls = [`${base}/.well-known/oauth-authorization-server/mcp/oauth`, `${base}/.well-known/openid-configuration/mcp/oauth`, `${issuer}/.well-known/openid-configuration`];
      const docs = await Promise.all(urls.map(async (u) => {
        const res = await fetch(u);
        expect(res.status, u).toBe(200);
        return res.json();
      }));
      expect(docs[1]).toEqual(docs[0]);
      expect(docs[2]).toEqual(docs[0]);
      expect(docs[0]).toMatchObject({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        registration_endpoint: `${issuer}/reg`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        client_id_metadata_document_supported: true,
      });
      expect(docs[0].grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
      expect(docs[0].token_endpoint_auth_methods_supported).toContain('none');
      // The root well-known path is app sign-in's (issue 15): another issuer, not the MCP one.
      expect(((await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as { issuer: string }).issuer).toBe(base);
    });

    it('registration checks the metadata: a bad redirect_uri is refused, naming the field', async () => {
      const bad = await fetch(`${issuer}/reg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['not a url'] }) });
      expect(bad.status).toBe(400);
      const body = await bad.json();
      expect(body.error).toBe('invalid_redirect_uri');
      expect(body.error_description).toMatch(/redirect_uris/);
      const implicit = await fetch(`${issuer}/reg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [redirectUri], response_types: ['token'], grant_types: ['implicit'], application_type: 'native' }) });
      expect(implicit.status).toBe(400);
    });

    it('an authorization request with an unregistered redirect_uri gets an error page, never a redirect (no open redirect)', async () => {
      const { challenge } = pkce();
      const res = await authorize({ client_id: clientId, response_type: 'code', redirect_uri: 'https://evil.example/cb', code_challenge: challenge, code_challenge_method: 'S256', resource, state: 's1' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const page = await res.text();
      expect(page).toContain('redirect_uri');
      expect(page).not.toContain('<script');
      // Same for a redirect_uri that only shares a prefix with the registered one (exact match).
      const prefix = await authorize({ client_id: clientId, response_type: 'code', redirect_uri: `${redirectUri}/more`, code_challenge: challenge, code_challenge_method: 'S256', resource });
      expect(prefix.status).toBe(400);
      expect(prefix.headers.get('location')).toBeNull();
    });

    it('PKCE is required, S256 only; a resource other than one of our MCP endpoints is refused (invalid_target)', async () => {
      const expectRedirectError = async (res: Response, error: string, description?: RegExp) => {
        expect(res.status).toBe(303);
        const to = new URL(res.headers.get('location')!);
        expect(to.origin + to.pathname).toBe(redirectUri);
        expect(to.searchParams.get('error')).toBe(error);
        expect(to.searchParams.get('iss')).toBe(issuer);
        expect(to.searchParams.get('state')).toBe('s2');
        if (description) expect(to.searchParams.get('error_description')).toMatch(description);
      };
      const { verifier, challenge } = pkce();
      const common = { client_id: clientId, response_type: 'code', redirect_uri: redirectUri, state: 's2' };
      await expectRedirectError(await authorize({ ...common, resource }), 'invalid_request', /PKCE/);
      await expectRedirectError(await authorize({ ...common, resource, code_challenge: verifier, code_challenge_method: 'plain' }), 'invalid_request', /code_challenge_method/);
      await expectRedirectError(await authorize({ ...common, code_challenge: challenge, code_challenge_method: 'S256', resource: 'https://elsewhere.example/mcp' }), 'invalid_target', /MCP endpoint URL/);
      await expectRedirectError(await authorize({ ...common, code_challenge: challenge, code_challenge_method: 'S256', resource: `${base}/mcp/v3/connections/not-served` }), 'invalid_target', /not served/);
      // A valid request goes to the sign-in page of this server.
      const ok = await authorize({ ...common, code_challenge: challenge, code_challenge_method: 'S256', resource });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toMatch(new RegExp(`^${base}/connect/mcp-oauth/interaction/[A-Za-z0-9_-]+$`));
    });

    it('the sign-in page refuses a browser without the interaction cookie, and a POST without the CSRF token', async () => {
      const { challenge } = pkce();
      const ok = await authorize({ client_id: clientId, response_type: 'code', redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256', resource });
      const page = ok.headers.get('location')!;
      const cookies = ok.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      // Another browser (no cookie): the URL alone is worth nothing.
      const stranger = await fetch(page);
      expect(stranger.status).toBe(410);
      expect(await stranger.text()).toContain('only in the browser that opened them');
      // With the cookie but no CSRF token: refused before anything is decided.
      const forged = await fetch(page, { method: 'POST', headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=allow&identifier=user_123', redirect: 'manual' });
      expect(forged.status).toBe(403);
      expect(forged.headers.get('location')).toBeNull();
    });

    it('the hourly sweep deletes expired entries, and keeps live ones', async () => {
      const db = m.env.db;
      const at = (ms: number) => new Date(Date.now() + ms).toISOString();
      const entry = (id: string, expires_at: string) => ({ model: 'AccessToken', id_hash: id, payload: '{}', grant_id: null, uid: null, expires_at, consumed_at: null });
      await db.insertInto('mcp_oauth_entries').values([entry('sweep-old', at(-60_000)), entry('sweep-live', at(3 * 3_600_000))]).execute();
      const sweep = new ExpiredEntriesSweep(db);
      expect(sweep.maybeRun()).toBeUndefined(); // not due yet: nothing deleted
      expect((await db.selectFrom('mcp_oauth_entries').select('id_hash').where('id_hash', '=', 'sweep-old').execute()).length).toBe(1);
      await sweep.maybeRun(Date.now() + 2 * 3_600_000);
      const left = await db.selectFrom('mcp_oauth_entries').select('id_hash').where('id_hash', 'in', ['sweep-old', 'sweep-live']).execute();
      expect(left.map((r) => r.id_hash)).toEqual(['sweep-live']);
    });

    it('a client ID metadata document is checked (its client_id must be its URL) and fetched only where the environment may reach', async () => {
      const { challenge } = pkce();
      const request = (clientId: string) => authorize({ client_id: clientId, response_type: 'code', redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256', resource });
      const doc = (id: string) => ({ client_id: id, client_name: 'doc', redirect_uris: [redirectUri], application_type: 'native', token_endpoint_auth_method: 'none' });
      const liar = await startCimdHost(() => doc('https://someone-else.example/client.json'));
      const honest = await startCimdHost((id) => doc(id));
      try {
        const lie = await request(liar.clientId);
        expect(lie.status).toBe(400);
        expect(lie.headers.get('location')).toBeNull();
        expect(await lie.text()).toMatch(/client_id metadata document/);
        // The environment no longer lets Latchkey reach loopback: the guard refuses the fetch.
        await allowHosts(m.env.db, m.env.envId, []);
        const refused = await request(honest.clientId);
        expect(refused.status).toBe(400);
        expect(honest.fetches).toBe(0);
        await allowHosts(m.env.db, m.env.envId, ['127.0.0.1']);
        const ok = await request(honest.clientId);
        expect(ok.status).toBe(303);
        expect(honest.fetches).toBe(1);
      } finally {
        await allowHosts(m.env.db, m.env.envId, ['127.0.0.1']);
        await liar.close();
        await honest.close();
      }
    });
  });
}
