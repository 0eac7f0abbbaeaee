import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { authPatternPayloadTexts, managingProvidersCurls } from '../fixtures/docs/published-docs.js';

const run = promisify(execFile);

/** The four JSON payloads of the "Auth patterns" doc, exactly as written there. */
const seedPayloads = (): Array<Record<string, any>> => authPatternPayloadTexts().map((t) => JSON.parse(t));

/** The curl commands of the "Managing providers" doc. */
const seedCurls = managingProvidersCurls;

for (const dialect of DIALECTS) {
  describe(`custom providers API (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;
    let prodToken: string;
    const api = (path: string, init: RequestInit = {}, t = token) =>
      fetch(server.url + path, { ...init, headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

    /** Runs a seed curl verbatim in bash, with the seed's variables set and `{...}` replaced by a payload. */
    async function curl(command: string, vars: Record<string, string>, body?: unknown) {
      const cmd = body === undefined ? command : command.replace("'{...}'", `'${JSON.stringify(body).replace(/'/g, "'\\''")}'`);
      const { stdout } = await run('bash', ['-c', `${cmd} --silent --write-out '\\n%{http_code}'`], { env: { PATH: process.env.PATH, SCALEKIT_ENVIRONMENT_URL: server.url, env_access_token: token, ...vars } });
      const lines = stdout.trimEnd().split('\n');
      const status = Number(lines.pop());
      return { status, json: JSON.parse(lines.join('\n') || '{}') };
    }

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      token = await envAccessToken(server.url, await server.newClient('development'));
      prodToken = await envAccessToken(server.url, await server.newClient('production'));
    });
    afterAll(async () => server?.close());

    it('runs every curl of the managing-providers doc verbatim with the seed payloads', async () => {
      const curls = seedCurls();
      expect(curls).toHaveLength(4);
      const [create, list, update, del] = curls;
      expect(create).toContain('/api/v1/custom-providers');
      expect(list).toContain('filter.provider_type=CUSTOM&page_size=1000');

      const created = [];
      for (const payload of seedPayloads()) {
        const res = await curl(create, {}, payload);
        expect(res.status).toBe(201);
        expect(res.json.provider).toMatchObject({ provider_type: 'CUSTOM', display_name: payload.display_name, proxy_url: payload.proxy_url, proxy_enabled: true });
        created.push(res.json.provider.identifier);
      }
      expect(created).toEqual(['my_asana', 'my_bearer_token_provider', 'my_freshdesk', 'my_attention']);

      const listed = await curl(list, {});
      expect(listed.status).toBe(200);
      expect(listed.json.providers.map((p: any) => p.identifier).sort()).toEqual([...created].sort());
      expect(listed.json.total_size).toBe(4);

      const freshdesk = seedPayloads()[2];
      const changed = { ...freshdesk, description: 'Helpdesk (updated)' };
      const upd = await curl(update, { PROVIDER_IDENTIFIER: 'my_freshdesk' }, changed);
      expect(upd.status).toBe(200);
      expect(upd.json.provider.description).toBe('Helpdesk (updated)');
      expect(upd.json.provider.auth_patterns[0].fields.map((f: any) => f.field_name)).toEqual(['domain', 'username']);

      const gone = await curl(del, { PROVIDER_IDENTIFIER: 'my_attention' });
      expect(gone.status).toBe(200);
      const after = await curl(list, {});
      expect(after.json.providers.map((p: any) => p.identifier)).not.toContain('my_attention');
    });

    it('lists built-ins with the BUILTIN filter and pages with tokens', async () => {
      const builtins = (await (await api('/api/v1/providers?filter.provider_type=BUILTIN&page_size=1000')).json()) as any;
      expect(builtins.total_size).toBeGreaterThanOrEqual(32);
      expect(builtins.providers.every((p: any) => p.provider_type === 'BUILTIN')).toBe(true);
      expect(builtins.providers.map((p: any) => p.identifier)).toContain('gmail');
      const seen: string[] = [];
      let pageToken = '';
      do {
        const page = (await (await api(`/api/v1/providers?page_size=10${pageToken ? `&page_token=${pageToken}` : ''}`)).json()) as any;
        seen.push(...page.providers.map((p: any) => p.identifier));
        pageToken = page.next_page_token;
      } while (pageToken);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(((await (await api('/api/v1/providers?page_size=1000')).json()) as any).total_size);
      const gmail = (await (await api('/api/v1/providers/gmail')).json()) as any;
      expect(gmail.provider.auth_patterns[0].oauth_config.authorize_uri).toBe('https://accounts.google.com/o/oauth2/v2/auth');
      const bad = await api('/api/v1/providers?filter.provider_type=OTHER');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).message).toBe('filter.provider_type must be CUSTOM or BUILTIN');
    });

    it('refuses invalid definitions naming the path, duplicates, and changes to built-ins', async () => {
      const bad = await api('/api/v1/custom-providers', {
        method: 'POST',
        body: JSON.stringify({ display_name: 'Bad', auth_patterns: [{ type: 'OAUTH', display_name: 'x', oauth_config: { authorize_uri: 'https://a.test/auth', token_uri: 'http://a.test/token', available_scopes: [] } }], proxy_url: 'https://{{domain}}/api', proxy_enabled: true }),
      });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as any;
      const fields = body.details[0].validation_error_info.field_violations.map((v: any) => v.field);
      expect(fields).toContain('auth_patterns[0].oauth_config.token_uri');
      expect(body.message).toContain('auth_patterns[0].oauth_config.token_uri must be an https URL');
      expect(body.message).toMatch(/proxy_url .*\{\{domain\}\}/);

      const payload = seedPayloads()[1];
      expect((await api('/api/v1/custom-providers', { method: 'POST', body: JSON.stringify({ ...payload, display_name: 'Dup Check' }) })).status).toBe(201);
      const dup = await api('/api/v1/custom-providers', { method: 'POST', body: JSON.stringify({ ...payload, display_name: 'Dup Check' }) });
      expect(dup.status).toBe(409);
      expect(((await dup.json()) as any).message).toContain('PUT /api/v1/custom-providers/dup_check');

      const builtin = await api('/api/v1/custom-providers/gmail', { method: 'DELETE' });
      expect(builtin.status).toBe(400);
      expect(((await builtin.json()) as any).message).toContain("'gmail' is a built-in provider");
      const missing = await api('/api/v1/custom-providers/nope', { method: 'PUT', body: JSON.stringify(payload) });
      expect(missing.status).toBe(404);
      const noAuth = await fetch(server.url + '/api/v1/custom-providers', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(noAuth.status).toBe(401);
    });

    it('refuses to delete a provider while a connection uses it', async () => {
      const payload = { ...seedPayloads()[3], display_name: 'In Use Attention' };
      expect((await api('/api/v1/custom-providers', { method: 'POST', body: JSON.stringify(payload) })).status).toBe(201);
      const conn = await api('/api/v1/connections', { method: 'POST', body: JSON.stringify({ provider_key: 'in_use_attention', type: 'API_KEY', key_id: 'attention-conn' }) });
      expect(conn.status).toBe(200);
      const refused = await api('/api/v1/custom-providers/in_use_attention', { method: 'DELETE' });
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as any;
      expect(body.details[0].error_code).toBe('PROVIDER_IN_USE');
      expect(body.message).toContain("'attention-conn'");
      const connId = ((await conn.json()) as any).connection.id;
      expect((await api(`/api/v1/connections/${connId}`, { method: 'DELETE' })).status).toBe(200);
      expect((await api('/api/v1/custom-providers/in_use_attention', { method: 'DELETE' })).status).toBe(200);
    });

    it('keeps environments apart; production pulls from development idempotently with a diff', async () => {
      const asana = { ...seedPayloads()[0], display_name: 'Promo Asana' };
      expect((await api('/api/v1/custom-providers', { method: 'POST', body: JSON.stringify(asana) })).status).toBe(201);
      expect((await api('/api/v1/providers/promo_asana', {}, prodToken)).status).toBe(404);

      const pull = (body: unknown) => api('/api/v1/custom-providers/promo_asana/promotion', { method: 'POST', body: JSON.stringify(body) }, prodToken);
      const diff1 = (await (await api('/api/v1/custom-providers/promo_asana/promotion?from=development', {}, prodToken)).json()) as any;
      expect(diff1).toMatchObject({ action: 'create', from: 'development', to: 'production', applied: false, confirmation_required: true });
      expect(diff1.changes.map((c: any) => c.path)).toContain('proxy_url');
      expect((await api('/api/v1/providers/promo_asana', {}, prodToken)).status).toBe(404);

      const apply1 = (await (await pull({ from: 'development', confirm_destination_change: true })).json()) as any;
      expect(apply1).toMatchObject({ action: 'create', applied: true });
      const apply2 = (await (await pull({ from: 'development' })).json()) as any;
      expect(apply2).toMatchObject({ action: 'none', applied: false, changes: [] });

      const changed = { ...asana, proxy_url: 'https://app.asana.com/api/1.0' };
      await api('/api/v1/custom-providers/promo_asana', { method: 'PUT', body: JSON.stringify(changed) });
      const diff2 = (await (await api('/api/v1/custom-providers/promo_asana/promotion?from=development', {}, prodToken)).json()) as any;
      expect(diff2.action).toBe('update');
      expect(diff2.changes).toEqual([{ path: 'proxy_url', from: 'https://app.asana.com/api', to: 'https://app.asana.com/api/1.0' }]);
      expect((await pull({ from: 'development' })).status).toBe(200);
      const inProd = (await (await api('/api/v1/providers/promo_asana', {}, prodToken)).json()) as any;
      expect(inProd.provider.proxy_url).toBe('https://app.asana.com/api/1.0');

      const fromNowhere = await pull({ from: 'staging' });
      expect(fromNowhere.status).toBe(404);
      expect(((await fromNowhere.json()) as any).message).toContain("environment 'staging' does not exist");
    });
  });
}
